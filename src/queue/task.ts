import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, type EntityManager, type Opt } from '@mikro-orm/core';

/** Task statuses: waiting (possibly until `runAt`), being worked on, and the three ends. */
export const TASK_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timeout'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * One unit of background work in the durable queue: written in the transaction of the change
 * that asks for it, claimed by a runner (SKIP LOCKED on PostgreSQL), retried with backoff, and
 * recovered when the runner that held it stops. Not exposed by the API; domains expose their
 * own records (query runs, job runs, deliveries) and keep them in step through their handlers.
 */
@Entity({ tableName: 'tasks' })
@Index({ properties: ['status', 'runAt'] })
// `operations`: a tenant's tasks, newest first.
@Index({ properties: ['tenantId', 'createdAt', 'id'] })
export class Task {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Property({ type: 'string', length: 36 })
  tenantId!: string;

  /** Which handler runs it, e.g. `query_run`. */
  @Property({ type: 'string', length: 64 })
  kind!: string;

  /** The id of the domain record it works on (a query run, a job run, a delivery). */
  @Index()
  @Property({ type: 'string', length: 36 })
  subjectId!: string;

  @Property({ type: 'json' })
  payload: Opt<Record<string, unknown>> = {};

  /** Who asked for it: handlers act as this user, with these roles. */
  @Property({ type: 'json' })
  actor!: { userId: string; roles: string[] };

  @Property({ type: 'string', length: 16 })
  status: Opt<TaskStatus> = 'queued';

  @Property({ type: 'integer' })
  attempts: Opt<number> = 0;

  @Property({ type: 'integer' })
  maxAttempts: Opt<number> = 3;

  /** Not before this time (backoff and scheduled work). */
  @Property({ type: 'datetime' })
  runAt: Opt<Date> = new Date();

  /** An attempt running longer is stopped and the task ends `timeout`. */
  @Property({ type: 'integer' })
  timeoutMs!: number;

  /** The runner holding it, and until when its lease lasts (renewed while it works). */
  @Property({ type: 'string', length: 64, nullable: true })
  lockedBy?: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date | null = null;

  /** Set by `cancel`; whichever runner holds the task stops it. */
  @Property({ type: 'boolean' })
  cancelRequested: Opt<boolean> = false;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null = null;

  /** What the handler returned on success (shown by operation status APIs). */
  @Property({ type: 'json', nullable: true })
  result?: unknown = null;

  @Property({ type: 'datetime' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null = null;
}

export interface EnqueueOptions {
  tenantId: string;
  kind: string;
  subjectId: string;
  actor: { userId: string; roles: string[] };
  payload?: Record<string, unknown>;
  /** @default 3 */
  maxAttempts?: number;
  /** @default now */
  runAt?: Date;
  timeoutMs: number;
}

/** Adds a task in the caller's transaction, so the work exists exactly when the change does. */
export function enqueueTask(em: EntityManager, options: EnqueueOptions): Task {
  return em.create(Task, { ...options, payload: options.payload ?? {}, runAt: options.runAt ?? new Date() });
}
