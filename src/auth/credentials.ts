import { createHash, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Identity } from './identity';

/**
 * The per-request checks behind a credential, read with plain SQL from the tenants domain's tables
 * (users, tenants, api_keys) as src/db/directory.ts reads other domains' facts: one statement per
 * request, no entity hydration, and no subgraph module needed to authenticate, so every
 * `subgraph NAME` process checks credentials without loading the tenants domain. Nothing is cached:
 * deleting a user, archiving a tenant or revoking a key takes effect on the very next request.
 */

/** `dpk_<keyId>_<secret>`: the public key id and the secret, whose SHA-256 is stored. */
const API_KEY_FORMAT = /^dpk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** `last_used_at` is written at most this often per key (a write on every request would serialise them). */
export const API_KEY_LAST_USED_GRANULARITY_MS = 60_000;

/** Whether the identity's user and tenant both exist and are active: one joined statement. */
export async function isIdentityActive(em: EntityManager, identity: Pick<Identity, 'userId' | 'tenantId'>): Promise<boolean> {
  const rows = (await em.getConnection().execute(
    'select u.id from users u join tenants t on t.id = u.tenant_id where u.id = ? and u.tenant_id = ? and u.archived_at is null and t.archived_at is null',
    [identity.userId, identity.tenantId],
  )) as unknown[];
  return rows.length > 0;
}

interface ApiKeyRow {
  id: string;
  secret_hash: string;
  role: string;
  user_id: string;
  tenant_id: string;
  last_used_at: unknown;
}

/** Epoch ms of a datetime column as the driver returns it (a Date on PostgreSQL, epoch ms on SQLite). */
const epochMs = (value: unknown): number | undefined => (value == null ? undefined : value instanceof Date ? value.getTime() : Number.isFinite(Number(value)) ? Number(value) : Date.parse(String(value)));

/**
 * The identity an unrevoked API key acts as, when its user and tenant are active too (one joined
 * statement), and records when it was used (at most once per {@link API_KEY_LAST_USED_GRANULARITY_MS}).
 */
export async function apiKeyIdentity(em: EntityManager, key: string): Promise<Identity | undefined> {
  const match = API_KEY_FORMAT.exec(key);
  if (!match) return undefined;
  const connection = em.getConnection();
  const [row] = (await connection.execute(
    `select k.id, k.secret_hash, k.role, k.user_id, k.tenant_id, k.last_used_at from api_keys k
       join users u on u.id = k.user_id and u.tenant_id = k.tenant_id join tenants t on t.id = k.tenant_id
      where k.key_id = ? and k.archived_at is null and u.archived_at is null and t.archived_at is null`,
    [match[1]],
  )) as ApiKeyRow[];
  if (!row) return undefined;
  const expected = Buffer.from(row.secret_hash, 'hex');
  const given = createHash('sha256').update(match[2]).digest();
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const now = new Date();
  const lastUsed = epochMs(row.last_used_at);
  if (lastUsed === undefined || now.getTime() - lastUsed >= API_KEY_LAST_USED_GRANULARITY_MS) {
    // The column as MikroORM writes it on this dialect (epoch ms on SQLite, a timestamp on PostgreSQL).
    const value = em.getPlatform().processDateProperty(now);
    await connection.execute('update api_keys set last_used_at = ? where id = ?', [value, row.id]);
  }
  return { userId: row.user_id, tenantId: row.tenant_id, roles: [row.role], via: 'api-key' };
}
