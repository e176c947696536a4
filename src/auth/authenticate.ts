import type { EntityManager } from '@mikro-orm/core';
import { apiKeyIdentity, isIdentityActive } from './credentials';
import type { Identity } from './identity';
import { TokenVerifier } from './tokens';

/** API keys start with this, so they are told apart from JWTs without a lookup. */
export const API_KEY_PREFIX = 'dpk_';

/** Outcome of reading credentials: none given, valid, or given but invalid (→ 401 / close 4401). */
export type Authentication = { status: 'anonymous' } | { status: 'ok'; identity: Identity } | { status: 'invalid' };

/**
 * The credentials a graphql-ws client sends in `connectionParams`: `Authorization` (any case) or a
 * bare `token`. The gateway forwards the same value to the subgraphs.
 */
export function authorizationFromConnectionParams(params: Record<string, unknown> | undefined | null): unknown {
  if (!params) return undefined;
  return params.Authorization ?? params.authorization ?? (params.token ? `Bearer ${String(params.token)}` : undefined);
}

/** Turns `Authorization: Bearer <JWT or API key>` into an identity. */
export class Authenticator {
  private readonly tokens: TokenVerifier;

  constructor(
    secret: Uint8Array,
    private readonly em: EntityManager,
  ) {
    this.tokens = new TokenVerifier(secret);
  }

  async authenticate(authorization: unknown): Promise<Authentication> {
    if (authorization === undefined || authorization === null || authorization === '') return { status: 'anonymous' };
    if (typeof authorization !== 'string') return { status: 'invalid' };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) return { status: 'invalid' };
    const credential = match[1];
    // An API key's lookup checks its user and tenant in the same statement.
    if (credential.startsWith(API_KEY_PREFIX)) {
      const identity = await apiKeyIdentity(this.em, credential);
      return identity ? { status: 'ok', identity } : { status: 'invalid' };
    }
    const identity = await this.tokens.verify(credential);
    if (!identity) return { status: 'invalid' };
    // A valid signature is not enough: a deleted user's or archived tenant's token stops working.
    return (await this.isActive(identity)) ? { status: 'ok', identity } : { status: 'invalid' };
  }

  /** Whether the identity's user and tenant are still active (asked again during long subscriptions). */
  isActive(identity: Identity): Promise<boolean> {
    return isIdentityActive(this.em, identity);
  }
}
