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
  return (await verifyTokenTimes(secret, token))?.identity;
}

interface VerifiedToken {
  identity: Identity;
  /** Epoch ms after which it is no longer accepted (`exp` plus the tolerance), and before which not yet (`nbf` less it). */
  expiresAt: number;
  notBefore: number;
}

async function verifyTokenTimes(secret: Uint8Array, token: string): Promise<VerifiedToken | undefined> {
  try {
    // Only HS256 (jose refuses `alg: none` and every other algorithm), and a token must expire.
    const { payload } = await jwtVerify(token, secret, { algorithms: [ALGORITHM], clockTolerance: CLOCK_TOLERANCE_SECONDS, requiredClaims: ['exp'] });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    if (typeof payload.sub !== 'string' || typeof payload.tenant !== 'string') return undefined;
    return {
      identity: { userId: payload.sub, tenantId: payload.tenant, roles, via: 'jwt' },
      expiresAt: (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000,
      notBefore: payload.nbf === undefined ? 0 : (payload.nbf - CLOCK_TOLERANCE_SECONDS) * 1000,
    };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return undefined;
    throw error;
  }
}

/** Tokens verified at most; past this the memo starts over (a client sends the same token many times). */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * `verifyToken` with a memo of tokens whose signature already checked out: a token's signature and
 * claims never change, so the same string is verified once and only its times are checked again.
 * Revocation is not the token's business: the caller still checks user and tenant on every request.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(private readonly secret: Uint8Array) {}

  async verify(token: string): Promise<Identity | undefined> {
    let known = this.verified.get(token);
    if (!known) {
      known = await verifyTokenTimes(this.secret, token);
      if (!known) return undefined;
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.clear();
      this.verified.set(token, known);
    }
    const now = Date.now();
    if (now > known.expiresAt) {
      this.verified.delete(token);
      return undefined;
    }
    return now < known.notBefore ? undefined : { ...known.identity, roles: [...known.identity.roles] };
  }
}
