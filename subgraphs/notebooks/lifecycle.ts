import type { EntityManager } from '@mikro-orm/core';
import { ORG_ADMIN } from '../../src/auth/roles';
import type { Identity } from '../../src/auth/identity';
import type { Context } from '../../src/context';
import { TENANT_FILTER } from '../../src/db/orm';
import { ConflictError } from '../../src/errors';
import type { PeriodicTask, TaskHandler } from '../../src/queue/runner';
import { Notebook } from './entities';
import { transactNotebooks } from './events';
import { LIVE_NOTEBOOK_STATUSES } from './notebook.machine';
import { applyTransition, beginStop, startBlocker } from './notebooks';

/** The actor of the idle-timeout monitor's transitions. */
export const IDLE_MONITOR_USER_ID = 'idle-monitor';

/** A transition another actor beat us to is not an error for background work: it simply did not happen. */
async function unlessMovedMeanwhile(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}


/**
 * The end of the start phase (the task is due when the phase's duration has passed, so a restart
 * mid-phase only delays it): starting → running, or → stopped with the reason when it cannot come up.
 */
export const notebookStartTask: TaskHandler = {
  async run(ctx, task) {
    const notebook = await ctx.em.findOne(Notebook, { id: task.subjectId });
    if (!notebook || notebook.status !== 'starting') return; // stopped or deleted meanwhile
    const blocker = await startBlocker(ctx, notebook.tenantId, notebook.workloadConfigId);
    await unlessMovedMeanwhile(() =>
      transactNotebooks(ctx, (em, emit) =>
        blocker
          ? applyTransition(em, emit, notebook, 'stopped', { changes: { stoppedAt: new Date(), statusReason: `Start failed: ${blocker}` }, message: `Start failed: ${blocker}` })
          : applyTransition(em, emit, notebook, 'ready', { changes: { startedAt: new Date(), lastActivityAt: new Date() } }),
      ),
    );
  },
  async settle(ctx, task, outcome) {
    const notebook = await ctx.em.findOne(Notebook, { id: task.subjectId });
    if (!notebook || notebook.status !== 'starting') return;
    const reason = `Start failed: ${outcome.message}`;
    await unlessMovedMeanwhile(() => transactNotebooks(ctx, (em, emit) => applyTransition(em, emit, notebook, 'stopped', { changes: { stoppedAt: new Date(), statusReason: reason }, message: reason })));
  },
};

/** The end of the stop phase: stopping → stopped (also when the task gives up: the pods are gone either way). */
async function finishStop(ctx: Context, notebookId: string): Promise<void> {
  const notebook = await ctx.em.findOne(Notebook, { id: notebookId });
  if (!notebook || notebook.status !== 'stopping') return;
  await unlessMovedMeanwhile(() => transactNotebooks(ctx, (em, emit) => applyTransition(em, emit, notebook, 'stopped', { changes: { stoppedAt: new Date() }, message: notebook.statusReason })));
}

export const notebookStopTask: TaskHandler = {
  run: (ctx, task) => finishStop(ctx, task.subjectId),
  settle: (ctx, task) => finishStop(ctx, task.subjectId),
};

/** Per server (keyed by its context factory): when the monitor next reads the database. */
const nextChecks = new WeakMap<object, number>();
const monitorIdentity = (tenantId: string): Identity => ({ tenantId, userId: IDLE_MONITOR_USER_ID, roles: [ORG_ADMIN], via: 'jwt' });

/**
 * The idle-timeout monitor, on every process that runs tasks: a running notebook without activity
 * for its idle timeout goes idle; one idle for as long again starts stopping (reason "idle timeout").
 * It ticks often but reads the database only every NOTEBOOK_IDLE_CHECK_MS. Each move is conditional
 * on the status and activity time it judged, so a heartbeat that lands meanwhile wins.
 */
export const notebookIdleMonitor: PeriodicTask = {
  name: 'notebook-idle-monitor',
  everyMs: 200,
  async run(em: EntityManager, contextFor: (identity: Identity) => Context) {
    const now = Date.now();
    if (now < (nextChecks.get(contextFor) ?? 0)) return;
    nextChecks.set(contextFor, now + contextFor(monitorIdentity('')).config.notebookIdleCheckMs);
    const live = await em.find(Notebook, { status: { $in: [...LIVE_NOTEBOOK_STATUSES] } }, { filters: { [TENANT_FILTER]: false }, limit: 1000, orderBy: { lastActivityAt: 'asc' } });
    for (const seen of live) {
      const quietMs = now - (seen.lastActivityAt ?? seen.updatedAt).getTime();
      const timeoutMs = seen.idleTimeoutSeconds * 1000;
      const action = seen.status === 'running' && quietMs >= timeoutMs ? 'go_idle' : seen.status === 'idle' && quietMs >= 2 * timeoutMs ? 'stop' : null;
      if (!action) continue;
      const ctx = contextFor(monitorIdentity(seen.tenantId));
      const notebook = await ctx.em.findOne(Notebook, { id: seen.id });
      if (!notebook) continue;
      const expect = { lastActivityAt: seen.lastActivityAt ?? null };
      await unlessMovedMeanwhile(() =>
        action === 'go_idle'
          ? transactNotebooks(ctx, (tem, emit) => applyTransition(tem, emit, notebook, 'go_idle', { expect, message: `No activity for ${seen.idleTimeoutSeconds} s` }))
          : beginStop(ctx, notebook, 'idle timeout', expect),
      );
    }
  },
};
