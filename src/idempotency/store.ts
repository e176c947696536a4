import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Identity } from '../auth/identity';
import { AppError, ConflictError } from '../errors';
import { IdempotencyRecord } from './idempotency-record';

/** How long a key is remembered after its first use. @default 24 h */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A first request still `pending` after this long is taken to have died with its process; a retry may run it again. */
export const IDEMPOTENCY_PENDING_TIMEOUT_MS = 60_000;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** The same key sent with a different request: the retry is not a retry. */
export class IdempotencyKeyReusedError extends AppError {
  constructor(scope: string) {
    super('IDEMPOTENCY_KEY_REUSED', `This idempotency key was already used for a different request (${scope}); use a new key for a new request`);
  }
}

/** One idempotent request: who, which key, where, and what exactly it asks. */
export interface IdempotentRequest {
  key: string;
  scope: string;
  fingerprint: string;
}

export type Claim = { kind: 'first'; recordId: string } | { kind: 'replay'; response: Record<string, unknown> };

/** A stable hash of any JSON value (object keys sorted, so `{a, b}` and `{b, a}` agree). */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function assertIdempotencyKey(key: string): void {
  if (!key.trim() || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new AppError('BAD_USER_INPUT', `An idempotency key is 1–${IDEMPOTENCY_KEY_MAX_LENGTH} characters`);
  }
}

/**
 * Claims `request.key` for this caller: the first request gets to run (and must `complete` or
 * `release`), a retry of a completed one gets its response, a retry while the first still runs is
 * 409, and the key with a different request is 422.
 */
export async function claimIdempotencyKey(em: EntityManager, identity: Identity, request: IdempotentRequest): Promise<Claim> {
  assertIdempotencyKey(request.key);
  const where = { tenantId: identity.tenantId, principal: `user:${identity.userId}`, key: request.key };
  for (let attempt = 0; attempt < 3; attempt++) {
    const fork = em.fork();
    try {
      const now = new Date();
      const record = fork.create(IdempotencyRecord, { ...where, scope: request.scope, fingerprint: request.fingerprint, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) });
      await fork.insert(IdempotencyRecord, record);
      return { kind: 'first', recordId: record.id };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
    const existing = await em.fork().findOne(IdempotencyRecord, where, { filters: false });
    if (!existing) continue; // expired and cleaned up in between: claim again
    const abandoned = existing.status === 'pending' && existing.createdAt.getTime() < Date.now() - IDEMPOTENCY_PENDING_TIMEOUT_MS;
    if (existing.expiresAt.getTime() < Date.now() || abandoned) {
      await em.fork().nativeDelete(IdempotencyRecord, { id: existing.id, status: existing.status });
      continue;
    }
    if (existing.fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError(existing.scope);
    if (existing.status === 'pending') throw new ConflictError('A request with this idempotency key is still being processed; retry shortly', { retryAfter: 1 });
    return { kind: 'replay', response: existing.response ?? {} };
  }
  throw new ConflictError('A request with this idempotency key is still being processed; retry shortly', { retryAfter: 1 });
}

/** Stores the first request's response: every retry from now on gets it. */
export async function completeIdempotencyKey(em: EntityManager, recordId: string, response: Record<string, unknown>): Promise<void> {
  await em.fork().nativeUpdate(IdempotencyRecord, { id: recordId }, { status: 'completed', response });
}

/** The first request failed and changed nothing: forget the key, so a retry runs afresh. */
export async function releaseIdempotencyKey(em: EntityManager, recordId: string): Promise<void> {
  await em.fork().nativeDelete(IdempotencyRecord, { id: recordId, status: 'pending' });
}

/** Deletes expired keys (a periodic platform task). */
export async function deleteExpiredIdempotencyKeys(em: EntityManager): Promise<number> {
  return em.fork().nativeDelete(IdempotencyRecord, { expiresAt: { $lt: new Date() } });
}
