import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { gql, gqlOk, rest, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

const SECRET = new TextEncoder().encode('test-secret-'.padEnd(48, 'x'));
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

function wsCloseCode(server: TestServer, token: string): Promise<number> {
  return new Promise((resolve) => {
    const client = wsClient(server, token, (code) => resolve(code));
    subscribe(client, 'subscription { projectChanged { projectId } }');
  });
}

describe('JWT hardening: algorithm pinned, exp/nbf checked with a small leeway', () => {
  let server: TestServer;
  let claims: { tenant: string; roles: string[]; sub: string };
  const sign = (header: { alg: string }, extra: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
    extra(new SignJWT({ tenant: claims.tenant, roles: claims.roles }).setProtectedHeader(header).setSubject(claims.sub)).sign(SECRET);

  beforeAll(async () => {
    server = await startTestServer();
    claims = { tenant: server.tenantId, roles: ['Org admin'], sub: server.bootstrap!.userId };
  }, 180_000);
  afterAll(() => server?.close());

  it('refuses alg none, other algorithms, expired, not-yet-valid and never-expiring tokens with 401 on HTTP and REST, 4401 on WebSocket', async () => {
    const refused: Record<string, string> = {
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: now() + 3600 })}.`,
      'alg none, signature kept': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: now() + 3600 })}.${(await sign({ alg: 'HS256' }, (j) => j.setExpirationTime('1h'))).split('.')[2]}`,
      HS512: await sign({ alg: 'HS512' }, (j) => j.setExpirationTime('1h')),
      expired: await sign({ alg: 'HS256' }, (j) => j.setIssuedAt(now() - 7200).setExpirationTime(now() - 120)),
      'not yet valid': await sign({ alg: 'HS256' }, (j) => j.setNotBefore(now() + 120).setExpirationTime('1h')),
      'no exp': await sign({ alg: 'HS256' }),
    };
    for (const [name, token] of Object.entries(refused)) {
      expect((await gql(server, token, '{ me { id } }')).status, name).toBe(401);
      expect((await rest(server, token, 'GET', '/api/v1/users/me')).status, name).toBe(401);
      expect(await wsCloseCode(server, token), name).toBe(4401);
    }
  });

  it('tolerates a few seconds of clock skew on exp and nbf', async () => {
    const skewed = [
      await sign({ alg: 'HS256' }, (j) => j.setIssuedAt(now() - 3600).setExpirationTime(now() - 10)),
      await sign({ alg: 'HS256' }, (j) => j.setNotBefore(now() + 10).setExpirationTime('1h')),
    ];
    for (const token of skewed) expect((await gql(server, token, '{ me { email } }')).data?.me.email).toBe('admin@localhost');
  });
});

describe('no credential reaches the logs', () => {
  const logFile = join(tmpdir(), `limits-log-${randomUUID()}.log`);
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { LOG_LEVEL: 'debug', LOG_FILE: logFile, RATE_LIMIT: 'on', RATE_LIMIT_PER_IDENTITY: '3', RATE_LIMIT_KEY_PREFIX: `test:${randomUUID()}` } });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    rmSync(logFile, { force: true });
  });

  it('tokens and API keys sent on HTTP, REST and WebSocket, accepted, refused or rate limited, are redacted', async () => {
    const { createApiKey } = await gqlOk(server, server.adminToken, 'mutation { createApiKey(input: { name: "logged?", role: DATASET_USER }) { key } }');
    const apiKey = createApiKey.key as string;
    const badToken = `${server.adminToken.slice(0, -4)}AAAA`;
    for (const token of [apiKey, badToken, apiKey, apiKey, apiKey]) {
      await gql(server, token, '{ me { id } }');
      await rest(server, token, 'GET', '/api/v1/users/me');
    }
    for (const token of [server.adminToken, apiKey, badToken]) {
      const client = wsClient(server, token);
      const sub = subscribe(client, 'subscription { projectChanged { projectId } }');
      await sub.next(1000).catch(() => undefined);
      await client.dispose();
    }
    const log = readFileSync(logFile, 'utf8');
    // The logging happened (connections and refusals are logged with their headers and params)…
    expect(log).toMatch(/websocket connection/);
    expect(log).toMatch(/rate limited/);
    expect(log).toMatch(/\[redacted\]/);
    // …and no credential is in it.
    const leaks = [server.adminToken, apiKey, badToken, apiKey.split('_')[2], server.adminToken.split('.')[2]]
      .filter((secret) => log.includes(secret))
      .map((secret) => log.slice(Math.max(0, log.indexOf(secret) - 300), log.indexOf(secret) + 20));
    expect(leaks).toEqual([]);
  });
});
