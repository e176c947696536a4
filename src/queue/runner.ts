import { randomUUID } from 'node:crypto';
import { LockMode, type EntityManager, type MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Identity } from '../auth/identity';
import type { Context } from '../context';
import { AppError } from '../errors';
import { Task, type TaskStatus } from './task';

/** How a task ended when it did not succeed. */
export interface TaskOutcome {
  status: Exclude<TaskStatus, 'queued' | 'running' | 'succeeded'>;
  message: string;
}

/** The work of one kind of task. */
export interface TaskHandler {
  /** Does the work as the task's actor and returns its result (kept on the task); throw to fail. `signal` aborts on cancel or timeout (its reason says which). */
  run(ctx: Context, task: Task, signal: AbortSignal): Promise<unknown>;
  /** Called once when the task ends without success, to settle the domain record it works on. */
  settle?(ctx: Context, task: Task, outcome: TaskOutcome): Promise<void>;
}

/** Work a runner does on a timer (e.g. creating scheduled job runs), across tenants. */
export interface PeriodicTask {
  name: string;
  /** How often it runs, in ms. */
  everyMs: number;
  /** `em` reads every tenant's rows only where the task turns filters off; `contextFor` acts as someone of one tenant. */
  run(em: EntityManager, contextFor: (identity: Identity) => Context): Promise<void>;
}

export interface TaskRunnerOptions {
  /** Tasks run at once by this process. @default 4 */
  concurrency: number;
  /** How often the queue is polled when idle, in ms. @default 200 */
  pollMs: number;
  /** A claim lasts this long and is renewed while the task runs; a task whose lease ran out is recovered. @default 15000 */
  leaseMs: number;
  /** First retry delay; doubles with each attempt. @default 1000 */
  backoffMs: number;
  /**
   * Claim and recover only tasks of these kinds (a subgraph process runs its own domain's work).
   * @default every kind
   */
  kinds?: string[];
  /** Called when a task run ends here: `succeeded`, `failed`, `timeout`, `cancelled` or `retried` (failed, queued again), and its run time. */
  onEnded?: (kind: string, status: TaskStatus | 'retried', seconds: number) => void;
}

export const DEFAULT_RUNNER_OPTIONS: TaskRunnerOptions = { concurrency: 4, pollMs: 200, leaseMs: 15_000, backoffMs: 1000 };

/** Why a task's signal aborted. */
export const ABORT_CANCELLED = 'cancelled';
export const ABORT_TIMEOUT = 'timeout';

/**
 * Claims tasks from the durable queue and runs them: a concurrency limit, a lease renewed while
 * a task runs (so a crashed process's tasks are found and requeued), per-task timeouts,
 * cancellation that reaches whichever process holds the task, and retries with backoff for
 * unexpected failures (a handler's AppError is the user's fault and is not retried).
 */
export class TaskRunner {
  readonly id = `runner-${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<string, AbortController>();
  private timer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private readonly periodicTimers: NodeJS.Timeout[] = [];
  private ticking?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly orm: MikroORM,
    private readonly handlers: Record<string, TaskHandler>,
    private readonly contextFor: (identity: Identity) => Context,
    private readonly logger: Logger,
    private readonly options: TaskRunnerOptions = DEFAULT_RUNNER_OPTIONS,
    private readonly skipLocked = false,
    private readonly periodic: PeriodicTask[] = [],
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.options.leaseMs / 3)));
    for (const task of this.periodic) {
      let running = false;
      this.periodicTimers.push(
        setInterval(() => {
          if (running || this.stopped) return;
          running = true;
          task
            .run(this.orm.em.fork(), this.contextFor)
            .catch((error: unknown) => this.logger.error({ err: error, periodic: task.name }, 'periodic task failed'))
            .finally(() => (running = false));
        }, task.everyMs),
      );
    }
  }

  /** Stops claiming and waits up to `graceMs` for running tasks; the rest release their lease and are recovered by the next runner. */
  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    for (const timer of this.periodicTimers.splice(0)) clearInterval(timer);
    await this.ticking;
    const deadline = Date.now() + graceMs;
    while (this.active.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // Tasks still running give up their lease now, so another instance recovers them at once
    // rather than after the lease would have run out.
    if (this.active.size) {
      await this.orm.em.fork().nativeUpdate(Task, { id: { $in: [...this.active.keys()] }, lockedBy: this.id }, { lockedUntil: new Date(0) })
        .catch((error: unknown) => this.logger.error({ err: error }, 'releasing task leases failed'));
    }
  }

  /** Looks for work now (after an enqueue committed), instead of at the next poll. */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Asks for a task to stop; the process holding it aborts it within a heartbeat. Returns whether it was still open. */
  async cancel(taskId: string): Promise<boolean> {
    const em = this.orm.em.fork();
    const changed = await em.nativeUpdate(Task, { id: taskId, status: { $in: ['queued', 'running'] } }, { cancelRequested: true });
    this.active.get(taskId)?.abort(ABORT_CANCELLED);
    if (changed) await this.settleCancelledQueued(taskId);
    return changed > 0;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        if (!this.stopped) this.schedule(this.options.pollMs);
      });
    }, delay);
  }

  private async tick(): Promise<void> {
    try {
      await this.recoverExpired();
      const free = this.options.concurrency - this.active.size;
      if (free <= 0 || this.stopped) return;
      for (const task of await this.claim(free)) void this.execute(task);
    } catch (error) {
      this.logger.error({ err: error }, 'task runner tick failed');
    }
  }

  /**
   * Claims up to `limit` due tasks. Each claim is a conditional update (`status = 'queued'`), so two
   * runners never both take a task, on any database; on PostgreSQL `SKIP LOCKED` also keeps them
   * from even trying the same rows.
   */
  private async claim(limit: number): Promise<Task[]> {
    const em = this.orm.em.fork();
    return em.transactional(async (tem) => {
      const candidates = await tem.find(
        Task,
        { status: 'queued', runAt: { $lte: new Date() }, ...this.kindFilter() },
        { orderBy: { runAt: 'asc', id: 'asc' }, limit, ...(this.skipLocked ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE } : {}) },
      );
      const lockedUntil = new Date(Date.now() + this.options.leaseMs);
      const claimed: Task[] = [];
      for (const task of candidates) {
        const changes = { status: 'running' as const, lockedBy: this.id, lockedUntil, attempts: task.attempts + 1 };
        if (await tem.nativeUpdate(Task, { id: task.id, status: 'queued' }, changes)) claimed.push(Object.assign(task, changes));
      }
      return claimed;
    });
  }

  private kindFilter(): { kind?: { $in: string[] } } {
    return this.options.kinds ? { kind: { $in: this.options.kinds } } : {};
  }

  private async execute(task: Task): Promise<void> {
    const handler = this.handlers[task.kind];
    const controller = new AbortController();
    this.active.set(task.id, controller);
    const timeout = setTimeout(() => controller.abort(ABORT_TIMEOUT), task.timeoutMs);
    const ctx = this.contextFor({ tenantId: task.tenantId, userId: task.actor.userId, roles: task.actor.roles } as Identity);
    const started = performance.now();
    const ended = (status: TaskStatus | 'retried') => this.options.onEnded?.(task.kind, status, (performance.now() - started) / 1000);
    try {
      if (!handler) throw new Error(`No handler for task kind "${task.kind}"`);
      if (task.cancelRequested) controller.abort(ABORT_CANCELLED);
      controller.signal.throwIfAborted();
      const result = await handler.run(ctx, task, controller.signal);
      await this.finish(task, { status: 'succeeded', result: result ?? null, finishedAt: new Date(), lockedBy: null, lockedUntil: null });
      ended('succeeded');
    } catch (error) {
      const reason = controller.signal.aborted ? String(controller.signal.reason) : undefined;
      const message = reason === ABORT_TIMEOUT ? `Stopped after ${task.timeoutMs} ms (timeout)` : reason === ABORT_CANCELLED ? 'Cancelled' : errorMessage(error);
      const retry = !reason && !(error instanceof AppError) && task.attempts < task.maxAttempts;
      if (retry) {
        const delay = this.options.backoffMs * 2 ** (task.attempts - 1);
        this.logger.warn({ task: task.id, kind: task.kind, attempt: task.attempts, delay, err: error }, 'task failed; retrying');
        await this.finish(task, { status: 'queued', runAt: new Date(Date.now() + delay), lastError: message, lockedBy: null, lockedUntil: null });
        ended('retried');
      } else {
        const status = reason === ABORT_TIMEOUT ? 'timeout' : reason === ABORT_CANCELLED ? 'cancelled' : 'failed';
        if (status === 'failed' && !(error instanceof AppError)) this.logger.error({ task: task.id, kind: task.kind, err: error }, 'task failed');
        await this.finish(task, { status, lastError: message, finishedAt: new Date(), lockedBy: null, lockedUntil: null });
        ended(status);
        await handler?.settle?.(ctx, task, { status, message }).catch((err: unknown) => this.logger.error({ task: task.id, err }, 'task settle failed'));
      }
    } finally {
      clearTimeout(timeout);
      this.active.delete(task.id);
      if (!this.stopped) this.schedule(0);
    }
  }

  /** Writes the task's end, only while this runner still holds it (a recovered task belongs to another). */
  private async finish(task: Task, changes: Partial<Task>): Promise<void> {
    try {
      await this.orm.em.fork().nativeUpdate(Task, { id: task.id, lockedBy: this.id }, changes);
    } catch (error) {
      // A task that outlived stop() had its lease released, and the database may be closed by now:
      // whoever recovers the task runs it again.
      if (!this.stopped) throw error;
      this.logger.warn({ task: task.id, kind: task.kind, err: error }, 'task ended after the runner stopped; left to recovery');
    }
  }

  /** Extends the leases of running tasks and aborts those whose cancellation was asked elsewhere. */
  private async renewLeases(): Promise<void> {
    if (!this.active.size) return;
    try {
      const em = this.orm.em.fork();
      const ids = [...this.active.keys()];
      await em.nativeUpdate(Task, { id: { $in: ids }, lockedBy: this.id }, { lockedUntil: new Date(Date.now() + this.options.leaseMs) });
      const cancelled = await em.find(Task, { id: { $in: ids }, cancelRequested: true }, { fields: ['id'] });
      for (const { id } of cancelled) this.active.get(id)?.abort(ABORT_CANCELLED);
    } catch (error) {
      this.logger.error({ err: error }, 'task lease renewal failed');
    }
  }

  /** Tasks whose runner stopped (lease ran out): requeued while attempts remain, else failed and settled. */
  private async recoverExpired(): Promise<void> {
    const em = this.orm.em.fork();
    const expired = await em.find(Task, { status: 'running', lockedUntil: { $lt: new Date() }, ...this.kindFilter() }, { limit: 100 });
    for (const task of expired) {
      const exhausted = task.attempts >= task.maxAttempts || task.cancelRequested;
      const changes: Partial<Task> = exhausted
        ? { status: task.cancelRequested ? 'cancelled' : 'failed', lastError: 'Its runner stopped while it ran', finishedAt: new Date(), lockedBy: null, lockedUntil: null }
        : { status: 'queued', runAt: new Date(), lockedBy: null, lockedUntil: null };
      const changed = await em.nativeUpdate(Task, { id: task.id, status: 'running', lockedBy: task.lockedBy ?? null }, changes);
      if (!changed) continue;
      this.logger.warn({ task: task.id, kind: task.kind, requeued: !exhausted }, 'recovered a task whose runner stopped');
      if (exhausted) {
        const ctx = this.contextFor({ tenantId: task.tenantId, userId: task.actor.userId, roles: task.actor.roles } as Identity);
        await this.handlers[task.kind]?.settle?.(ctx, task, { status: changes.status as TaskOutcome['status'], message: changes.lastError as string });
      }
    }
  }

  /** A queued task that was cancelled never runs: it ends here. */
  private async settleCancelledQueued(taskId: string): Promise<void> {
    const em = this.orm.em.fork();
    const changed = await em.nativeUpdate(Task, { id: taskId, status: 'queued' }, { status: 'cancelled', lastError: 'Cancelled', finishedAt: new Date() });
    if (!changed) return;
    const task = await em.findOneOrFail(Task, { id: taskId });
    const ctx = this.contextFor({ tenantId: task.tenantId, userId: task.actor.userId, roles: task.actor.roles } as Identity);
    await this.handlers[task.kind]?.settle?.(ctx, task, { status: 'cancelled', message: 'Cancelled' });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof AppError ? error.message : 'Internal error';
}
