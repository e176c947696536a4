import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import type { Config } from './config';
import { BadInputError } from './errors';

/**
 * The one guard for connections to destinations users supply (webhooks, agent endpoints,
 * PostgreSQL sources): unless `allowPrivateDestinations`, every address the host resolves to must
 * be public unicast, so a tenant cannot make the server reach its own loopback, the cloud metadata
 * service (169.254.169.254) or the private network behind it (SSRF).
 * Checked right before connecting; a DNS answer that changes between this check and the connect
 * (rebinding) is not caught.
 */
export async function assertPublicDestination(config: Pick<Config, 'allowPrivateDestinations'>, url: string | URL): Promise<void> {
  if (config.allowPrivateDestinations) return;
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return; // Unresolvable: the connection itself fails and says so.
    }
  }
  for (const address of addresses) {
    const parsed = ipaddr.process(address); // IPv4-mapped IPv6 counts as the IPv4 address it maps
    const range = parsed.range();
    if (range !== 'unicast') {
      throw new BadInputError(`Destination ${host} is not allowed: it resolves to ${address}, a ${range} address (ALLOW_PRIVATE_DESTINATIONS is off)`, {
        reason: 'DESTINATION_NOT_ALLOWED',
      });
    }
  }
}
