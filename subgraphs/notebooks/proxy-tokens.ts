import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Config } from '../../src/config';
import { resolveSecretsKey } from '../../src/crypto';

/** Who a proxy token is for: the notebook UI proxy (iframe URLs) or the session proxy (gRPC and HTTP). */
export type ProxyAudience = 'notebook-proxy' | 'session-proxy';

// Derived from the secrets key, not the bearer-token secret: a proxy token must never work as an API token.
const proxyKey = (config: Config) => createHmac('sha256', resolveSecretsKey(config)).update('session-proxy-jwt').digest();

/** A short-lived HS256 JWT for the proxy: `sub` the user, `tid` the tenant, plus what it grants access to. */
export async function signProxyToken(
  config: Config,
  audience: ProxyAudience,
  claims: { userId: string; tenantId: string; resource: Record<string, string> },
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(Date.now() / 1000);
  const expires = issuedAt + ttlSeconds;
  const token = await new SignJWT({ tid: claims.tenantId, ...claims.resource })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setAudience(audience)
    .setIssuer('dataplane')
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(expires)
    .sign(proxyKey(config));
  return { token, expiresAt: new Date(expires * 1000) };
}
