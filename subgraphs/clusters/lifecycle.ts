import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import type { Emit } from '../../src/events/outbox';
import type { TaskHandler } from '../../src/queue/runner';
import { enqueueTask, type Task } from '../../src/queue/task';
import { CLUSTER_TRANSITIONS, transition, type ClusterAction } from './cluster.machine';
import { driverFor } from './drivers';
import type { InfraAction, InfraKind, InfraTarget } from './drivers/driver';
import { CloudNetwork, Cluster, type PhaseProgress } from './entities';
import { CLOUD_TOPIC, CLUSTER_TOPIC, transactClusters, type ClusterEvents } from './events';
import { clusterEvent, clusterTeamIds } from './clusters';

/** A record with a driven lifecycle: a cluster or a network. */
type InfraRecord = Cluster | CloudNetwork;

/** Task kinds of the long actions, as their operations show them (`cluster_provision`, …). */
export const INFRA_TASKS = ['cluster_provision', 'cluster_update', 'cluster_destroy', 'network_provision', 'network_destroy'] as const;

/** An action may take this long in all before its operation ends `timeout` (and the record `failed`). */
const ACTION_TIMEOUT_MS = 6 * 3600 * 1000;

/** The transition that ends an action well. */
const COMPLETES: Record<InfraAction, ClusterAction> = { provision: 'provisioned', update: 'updated', destroy: 'destroyed' };

const kindOfTask = (task: Task) => task.kind.split('_') as [InfraKind, InfraAction];

function targetOf(kind: InfraKind, record: InfraRecord): InfraTarget {
  const cluster = kind === 'cluster' ? (record as Cluster) : undefined;
  return { kind, id: record.id, tenantId: record.tenantId, name: record.name, region: record.region, kubernetesVersion: cluster?.kubernetesVersion, nodeGroups: cluster?.nodeGroups };
}

/** Records an event of the record: a cluster event (with its teams) or a network event. */
async function eventEmitter(ctx: Context, kind: InfraKind, record: InfraRecord) {
  const teamIds = kind === 'cluster' ? await clusterTeamIds(ctx, record.id) : [];
  return (emit: Emit<ClusterEvents>, type: string, extra: { phase?: string | null; stepsDone?: number; steps?: number; message?: string | null } = {}) => {
    if (kind === 'cluster') emit(CLUSTER_TOPIC, type, record.id, clusterEvent(record as Cluster, teamIds, extra));
    else emit(CLOUD_TOPIC, type, record.id, { id: record.id, kind: 'network', status: record.status, message: extra.message ?? record.statusReason ?? null, phase: extra.phase ?? null });
  };
}

/**
 * Starts a long action: the status moves on (CONFLICT when it may not), the driver's phases are
 * laid out as pending progress, and a task that runs them is queued in the same transaction; its
 * id is the action's async operation id.
 */
export async function startAction(ctx: Context, kind: InfraKind, record: InfraRecord, action: InfraAction, changes: Partial<Cluster> = {}): Promise<string> {
  const identity = requireIdentity(ctx);
  const status = transition(record.status, action, kind);
  const plan = driverFor(ctx.config).plan(kind, action);
  const event = await eventEmitter(ctx, kind, record);
  const operationId = await transactClusters(ctx, async (em, emit) => {
    const task = enqueueTask(em, { tenantId: record.tenantId, kind: `${kind}_${action}`, subjectId: record.id, actor: { userId: identity.userId, roles: identity.roles }, timeoutMs: ACTION_TIMEOUT_MS, maxAttempts: 20 });
    Object.assign(record, changes, {
      status, statusReason: null, phase: null, operationId: task.id,
      phases: plan.map((p): PhaseProgress => ({ phase: p.phase, status: 'pending', stepsDone: 0, steps: p.steps, startedAt: null, endedAt: null })),
    });
    event(emit, status);
    return task.id;
  });
  ctx.tasks.wake();
  return operationId;
}

async function findRecord(em: EntityManager, kind: InfraKind, id: string): Promise<InfraRecord | null> {
  return kind === 'cluster' ? em.findOne(Cluster, { id }) : em.findOne(CloudNetwork, { id });
}

/** Saves the phases as a new array (JSON columns are compared by value) and records the event, in one transaction. */
async function step(ctx: Context, record: InfraRecord, phases: PhaseProgress[], event: Awaited<ReturnType<typeof eventEmitter>>, type: string, current: PhaseProgress): Promise<void> {
  await transactClusters(ctx, async (_em, emit) => {
    record.phases = phases.map((p) => ({ ...p }));
    record.phase = current.status === 'running' ? current.phase : record.phase;
    event(emit, type, { phase: current.phase, stepsDone: current.stepsDone, steps: current.steps });
  });
}

/**
 * Runs the phases of a cluster's or network's action on the driver, one step at a time, saving
 * progress and recording an event after each: a process that stops mid-phase leaves its task to
 * be requeued (lease), and the next attempt resumes at the first step not done. A driver failure
 * (or a timeout or cancel) ends the task, and `settle` fails the record with the reason.
 */
export const infraTask: TaskHandler = {
  async run(ctx, task, signal) {
    const [kind, action] = kindOfTask(task);
    const record = await findRecord(ctx.em, kind, task.subjectId);
    if (!record || record.status !== CLUSTER_TRANSITIONS[action].to || record.operationId !== task.id) return { skipped: true };
    const driver = driverFor(ctx.config);
    const event = await eventEmitter(ctx, kind, record);
    const phases = record.phases.map((p) => ({ ...p }));
    for (const phase of phases) {
      if (phase.status === 'done') continue;
      if (phase.status !== 'running') {
        Object.assign(phase, { status: 'running', startedAt: new Date() });
        await step(ctx, record, phases, event, 'phase_started', phase);
      }
      while (phase.stepsDone < phase.steps) {
        signal.throwIfAborted();
        await driver.runStep(targetOf(kind, record), action, phase.phase, phase.stepsDone, signal);
        phase.stepsDone += 1;
        if (phase.stepsDone < phase.steps) await step(ctx, record, phases, event, 'phase_progress', phase);
      }
      Object.assign(phase, { status: 'done', endedAt: new Date() });
      await step(ctx, record, phases, event, 'phase_completed', phase);
    }
    const status = transition(record.status, COMPLETES[action], kind);
    await transactClusters(ctx, async (_em, emit) => {
      Object.assign(record, { status, phase: null, statusReason: null }, completionChanges(ctx, kind, action, record));
      event(emit, status);
    });
    return { [`${kind}Id`]: record.id, status };
  },
  async settle(ctx, task, outcome) {
    const [kind, action] = kindOfTask(task);
    const record = await findRecord(ctx.em, kind, task.subjectId);
    if (!record || record.status !== CLUSTER_TRANSITIONS[action].to || record.operationId !== task.id) return;
    const event = await eventEmitter(ctx, kind, record);
    const reason = outcome.status === 'failed' ? outcome.message : `${action} ${outcome.status}: ${outcome.message}`;
    await transactClusters(ctx, async (_em, emit) => {
      const running = record.phases.find((p) => p.status === 'running');
      record.phases = record.phases.map((p) => (p === running ? { ...p, status: 'failed', endedAt: new Date() } : { ...p }));
      Object.assign(record, { status: transition(record.status, 'fail', kind), statusReason: running ? `${running.phase}: ${reason}` : reason });
      event(emit, 'failed', { phase: running?.phase ?? null, message: record.statusReason });
    });
  },
};

/** What a successful action changes besides the status. */
function completionChanges(ctx: Context, kind: InfraKind, action: InfraAction, record: InfraRecord): Partial<Cluster> {
  if (action === 'destroy') return { destroyedAt: new Date() };
  if (kind !== 'cluster') return {};
  const cluster = record as Cluster;
  if (action === 'provision') return { activeSince: new Date(), endpoint: driverFor(ctx.config).endpointOf(targetOf(kind, record)) };
  const changes = cluster.pendingChanges ?? {};
  return {
    pendingChanges: null, activeSince: new Date(),
    ...(changes.kubernetesVersion ? { kubernetesVersion: changes.kubernetesVersion } : {}),
    ...(changes.nodeGroups ? { nodeGroups: changes.nodeGroups } : {}),
  };
}
