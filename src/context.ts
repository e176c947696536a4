import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Identity } from './auth/identity';
import type { TokenClaims } from './auth/tokens';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { hasRole } from './auth/roles';
import type { EventBus } from './events/bus';
import { TENANT_FILTER } from './db/orm';
import type { SqlEngine } from './engine/engine';
import type { EventObserver } from './events/outbox';
import type { IdempotentRequest } from './idempotency/store';

/** The durable task queue, as request code uses it (tasks themselves are enqueued with `enqueueTask` in a transaction). */
export interface TaskControl {
  /** Look for queued work now (call after the transaction that enqueued it committed). */
  wake(): void;
  /** Stop the open task working on `subjectId` (queued: never runs; running: aborted). Whether one was open. */
  cancel(subjectId: string): Promise<boolean>;
}

/** A request body the REST layer already streamed to disk (raw-byte routes such as `POST /v1/files`). */
export interface StagedBody {
  file: string;
  sizeBytes: number;
  contentType?: string;
}

/** Everything a resolver may use for one request (or one WebSocket operation). */
export interface Context {
  config: Config;
  /** Undefined for anonymous callers; resolvers that need it call `requireIdentity`. */
  identity?: Identity;
  /** This request's unit of work, scoped to the caller's tenant by the tenant filter. */
  em: EntityManager;
  bus: EventBus;
  logger: Logger;
  /** Per-request memo of DataLoaders, keyed by name; see `loader()`. */
  loaders: Map<string, unknown>;
  /** Signs a bearer token (for flows that sign someone in, like accepting an invitation). */
  mintToken: (claims: TokenClaims) => Promise<string>;
  /** Re-checks that the caller is still active; streams ask it again while they run. */
  stillActive: () => Promise<boolean>;
  /** The SQL engine (DuckDB over the tenant's dataset files). */
  engine: SqlEngine;
  tasks: TaskControl;
  /** Every module's observers of recorded events (see `transact`). */
  observers: EventObserver[];
  /** Raw bytes of this REST request, when its route takes a raw body. */
  stagedBody?: StagedBody;
  /** WebSocket operations: drops the connection of a subscriber too far behind (see `eventStream`). */
  slowConsumer?: () => void;
  /** WebSocket subscriptions: writes a pre-serialised `next` payload to this operation's socket (see `sharedSubscriptions`). */
  writeFrame?: (payloadJson: string) => boolean;
  /** Benchmarks only: every `loader()` call gets a fresh DataLoader, so nothing is batched or cached. */
  unbatched?: boolean;
  /** The REST request's `Idempotency-Key`, with its fingerprint (see src/idempotency). */
  idempotency?: IdempotentRequest;
}

export interface ContextDeps {
  config: Config;
  em: EntityManager;
  bus: EventBus;
  logger: Logger;
  mintToken: (claims: TokenClaims) => Promise<string>;
  isActive: (identity: Identity) => Promise<boolean>;
  engine: SqlEngine;
  tasks: TaskControl;
  observers: EventObserver[];
}

export function createContext(deps: ContextDeps, identity: Identity | undefined, stagedBody?: StagedBody, slowConsumer?: () => void): Context {
  const em = deps.em.fork({ clear: true, useContext: false });
  // No tenant, no rows: an anonymous request matches nothing in tenant-scoped tables.
  em.setFilterParams(TENANT_FILTER, { tenantId: identity?.tenantId ?? '00000000-0000-0000-0000-000000000000' });
  const stillActive = async () => (identity ? deps.isActive(identity) : false);
  return { config: deps.config, identity, em, bus: deps.bus, logger: deps.logger, loaders: new Map(), mintToken: deps.mintToken, stillActive, engine: deps.engine, tasks: deps.tasks, observers: deps.observers, stagedBody, slowConsumer };
}

export function requireIdentity(ctx: Context): Identity {
  if (!ctx.identity) throw new UnauthenticatedError();
  return ctx.identity;
}

/** The caller, who must hold `role` (or one implying it); `action` names what was refused. */
export function requireRole(ctx: Context, role: string, action: string): Identity {
  const identity = requireIdentity(ctx);
  if (!hasRole(identity.roles, role)) throw new ForbiddenError(`${action} requires the role '${role}'`);
  return identity;
}

/** Returns this request's instance of a loader, creating it on first use. */
export function loader<T>(ctx: Context, name: string, create: () => T): T {
  if (ctx.unbatched) return create();
  let existing = ctx.loaders.get(name) as T | undefined;
  if (!existing) {
    existing = create();
    ctx.loaders.set(name, existing);
  }
  return existing;
}

/** Rows in the order of the ids a DataLoader asked for, null where none was found. */
export function alignById<T extends { id: string }>(rows: T[], ids: readonly string[]): (T | null)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Counts per key in the order a DataLoader asked for (0 where none). */
export function countByKey<T>(rows: T[], keyOf: (row: T) => string, keys: readonly string[]): number[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(keyOf(row), (counts.get(keyOf(row)) ?? 0) + 1);
  return keys.map((key) => counts.get(key) ?? 0);
}
