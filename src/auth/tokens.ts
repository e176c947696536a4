import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Config } from '../config';
import type { Identity } from './identity';

const ALGORITHM = 'HS256';
/** Clock skew tolerated on `exp`/`nbf`. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** The HS256 secret: JWT_SECRET, or one generated once into the data folder for local use. */
export function resolveJwtSecret(config: Config): Uint8Array {
  if (config.jwtSecret) return new TextEncoder().encode(config.jwtSecret);
  const file = join(config.dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export interface TokenClaims {
  sub: string;
  tenant: string;
  roles: string[];
}

export async function signToken(secret: Uint8Array, claims: TokenClaims, ttl: string): Promise<string> {
  return new SignJWT({ tenant: claims.tenant, roles: claims.roles })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(ttl)
    .sign(secret);
}

/** Verifies signature, algorithm and times; returns undefined for any invalid token. */
export async function verifyToken(secret: Uint8Array, token: string): Promise<Identity | undefined> {
  try {
    // Only HS256 (jose refuses `alg: none` and every other algorithm), and a token must expire.
    const { payload } = await jwtVerify(token, secret, { algorithms: [ALGORITHM], clockTolerance: CLOCK_TOLERANCE_SECONDS, requiredClaims: ['exp'] });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    if (typeof payload.sub !== 'string' || typeof payload.tenant !== 'string') return undefined;
    return { userId: payload.sub, tenantId: payload.tenant, roles, via: 'jwt' };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return undefined;
    throw error;
  }
}
