import type { EntityManager } from '@mikro-orm/core';
import { GraphQLJSON } from 'graphql-scalars';
import { IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import type { Emit } from '../../src/events/outbox';
import { ConflictError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import type { TaskHandler } from '../../src/queue/runner';
import { enqueueTask } from '../../src/queue/task';
import { savedQueryStatement } from '../../src/engine/tables';
import { clusterState, CLUSTER_STATUSES_BECOMING_ACTIVE } from '../../src/db/clusters';
import { Job, JobRun, JobVersion, QueryRun } from './entities';
import { JOB_RUN_TOPIC, transactJobs, type JobEvents } from './events';
import { TERMINAL_RUN_STATUSES, transition, type JobRunAction } from './job-run.machine';
import { activeVersionOf, getVisibleJob, jobTeamIds, visibleJobIds } from './jobs';
import { performQueryRun, sqlHash } from './query-runs';

/** Task kind that executes a ready job run. */
export const JOB_RUN_TASK = 'job_run';

@InputType({ description: 'A new run of a job (it runs the active version).' })
export class CreateJobRunInput {
  @Field(() => Boolean, { nullable: true, description: 'Hold it as pending until released (default: ready, dispatched at once).' })
  @IsOptional()
  hold?: boolean | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Parameters, kept with the run.' })
  @IsOptional()
  parameters?: unknown;
}

@InputType({ description: 'Which job runs to list.' })
export class JobRunFilter {
  @Field(() => ID, { nullable: true, description: 'Only runs of this job.' })
  @IsOptional()
  jobId?: string | null;
}

export async function getJobRun(ctx: Context, jobId: string, runId: string): Promise<JobRun> {
  await getVisibleJob(ctx, jobId);
  const run = await ctx.em.findOne(JobRun, { id: runId, jobId });
  if (!run) throw new NotFoundError('Job run', runId);
  return run;
}

/** Runs of one job, or of every job the caller may see, newest first. */
export async function listJobRuns(ctx: Context, filter: JobRunFilter | undefined, page: PageArgs): Promise<Page<JobRun>> {
  if (filter?.jobId) {
    await getVisibleJob(ctx, filter.jobId);
    return paginate(ctx.em, JobRun, { jobId: filter.jobId }, page, { orderBy: { createdAt: 'desc' } });
  }
  const visible = await visibleJobIds(ctx);
  return paginate(ctx.em, JobRun, visible === 'all' ? {} : { jobId: { $in: visible } }, page, { orderBy: { createdAt: 'desc' } });
}

type JobEmit = Emit<JobEvents>;

/** Whether a run may be dispatched now: `wait` while its cluster is on its way to active, `fail` when it never will be. */
export interface ClusterGate {
  wait?: string;
  fail?: string;
}

/**
 * A run is dispatched only while its version's cluster (if any) is active. Pending, provisioning
 * or updating: it waits as `ready` (a cluster event dispatches it once active). Destroying,
 * destroyed, failed or deleted: it fails with the reason.
 */
export async function clusterGate(em: EntityManager, tenantId: string, clusterId: string | null | undefined): Promise<ClusterGate> {
  if (!clusterId) return {};
  const cluster = await clusterState(em, tenantId, clusterId);
  if (!cluster) return { fail: `Cluster ${clusterId} does not exist (any more); runs need an active cluster` };
  if (cluster.status === 'active') return {};
  if (CLUSTER_STATUSES_BECOMING_ACTIVE.includes(cluster.status)) return { wait: `Waiting for cluster ${cluster.name} to be active (it is ${cluster.status})` };
  return { fail: `Cluster ${cluster.name} is ${cluster.status}; runs need an active cluster` };
}

/** Why a run was cancelled when its cluster started destroying. */
export const clusterDestroyedReason = (clusterName: string) => `Cancelled: cluster ${clusterName} is being destroyed`;

/** How a transition is applied: the job's teams (for the event), field changes, and who runs it if it becomes ready. */
interface ApplyOptions {
  teamIds: string[];
  changes?: Partial<JobRun>;
  /** Needed when the run becomes ready: its task runs as this actor, stopped after `timeoutMs`, if its cluster lets it. */
  dispatch?: { actor: { userId: string; roles: string[] }; timeoutMs: number; gate?: ClusterGate };
}

/**
 * Applies a state-machine action to a run inside the caller's transaction, emits the change,
 * and, when the run becomes ready, puts its execution in the queue in the same transaction (or
 * leaves it waiting for its cluster, or fails it when the cluster is gone).
 */
function apply(em: EntityManager, emit: JobEmit, run: JobRun, action: JobRunAction, { teamIds, changes = {}, dispatch }: ApplyOptions): void {
  const status = transition(run.status, action);
  Object.assign(run, changes, { status });
  emit(JOB_RUN_TOPIC, status, run.id, { runId: run.id, jobId: run.jobId, status, teamIds, progress: run.progress, message: run.errorMessage ?? null });
  if (status !== 'ready') return;
  if (!dispatch) throw new Error('a ready run needs an actor and a timeout');
  if (dispatch.gate?.fail) {
    apply(em, emit, run, 'fail', { teamIds, changes: { errorMessage: dispatch.gate.fail, endedAt: new Date() } });
  } else if (dispatch.gate?.wait) {
    emit(JOB_RUN_TOPIC, 'log', run.id, { runId: run.id, jobId: run.jobId, status, teamIds, progress: run.progress, message: dispatch.gate.wait });
  } else {
    enqueueTask(em, { tenantId: run.tenantId, kind: JOB_RUN_TASK, subjectId: run.id, actor: dispatch.actor, timeoutMs: dispatch.timeoutMs, maxAttempts: 3 });
  }
}

const actorOf = (ctx: Context) => {
  const identity = requireIdentity(ctx);
  return { userId: identity.userId, roles: identity.roles };
};

async function versionOf(ctx: Context, run: JobRun): Promise<JobVersion> {
  return ctx.em.findOneOrFail(JobVersion, { jobId: run.jobId, version: run.version });
}

export async function createJobRun(ctx: Context, jobId: string, input: CreateJobRunInput): Promise<JobRun> {
  return startRun(ctx, await getVisibleJob(ctx, jobId), input, 'manual');
}

/** A run the job's schedule creates, for its scheduled time (unique per job and time). */
export async function createScheduledRun(ctx: Context, job: Job, scheduledFor: Date): Promise<JobRun> {
  return startRun(ctx, job, {}, 'schedule', scheduledFor);
}

async function startRun(ctx: Context, job: Job, input: CreateJobRunInput, trigger: 'manual' | 'schedule', scheduledFor: Date | null = null): Promise<JobRun> {
  const identity = requireIdentity(ctx);
  const version = await activeVersionOf(ctx, job);
  const teamIds = await jobTeamIds(ctx, job.id);
  const gate = input.hold ? {} : await clusterGate(ctx.em, identity.tenantId, version.clusterId);
  const run = await transactJobs(ctx, async (em, emit) => {
    const created = em.create(JobRun, {
      tenantId: identity.tenantId, jobId: job.id, version: version.version, status: 'pending', trigger, scheduledFor, parameters: input.parameters ?? null, createdBy: identity.userId,
    });
    // By id: the scheduler's job row belongs to another unit of work.
    await em.nativeUpdate(Job, { id: job.id }, { lastRunAt: new Date() });
    emit(JOB_RUN_TOPIC, 'pending', created.id, { runId: created.id, jobId: job.id, status: 'pending', teamIds, progress: 0 });
    if (!input.hold) apply(em, emit, created, 'release', { teamIds, dispatch: { actor: actorOf(ctx), timeoutMs: version.timeoutMs, gate } });
    return created;
  });
  ctx.tasks.wake();
  return run;
}

export async function releaseJobRun(ctx: Context, jobId: string, runId: string): Promise<JobRun> {
  const run = await getJobRun(ctx, jobId, runId);
  const [version, teamIds] = await Promise.all([versionOf(ctx, run), jobTeamIds(ctx, jobId)]);
  const gate = await clusterGate(ctx.em, run.tenantId, version.clusterId);
  await transactJobs(ctx, async (em, emit) => apply(em, emit, run, 'release', { teamIds, dispatch: { actor: actorOf(ctx), timeoutMs: version.timeoutMs, gate } }));
  ctx.tasks.wake();
  return run;
}

/** Back to ready (or pending with `hold`) from failed, timeout or cancelled: same id, version and parameters. */
export async function retryJobRun(ctx: Context, jobId: string, runId: string, hold: boolean): Promise<JobRun> {
  const run = await getJobRun(ctx, jobId, runId);
  const [version, teamIds] = await Promise.all([versionOf(ctx, run), jobTeamIds(ctx, jobId)]);
  const gate = hold ? {} : await clusterGate(ctx.em, run.tenantId, version.clusterId);
  await transactJobs(ctx, async (em, emit) =>
    apply(em, emit, run, hold ? 'retry_held' : 'retry', {
      teamIds, changes: { errorMessage: null, endedAt: null, progress: 0, queryRunIds: [], trigger: 'retry' }, dispatch: { actor: actorOf(ctx), timeoutMs: version.timeoutMs, gate },
    }),
  );
  ctx.tasks.wake();
  return run;
}

/** Pending or ready: cancelled at once. Running: its task is aborted and the runner settles it cancelled. */
export async function cancelJobRun(ctx: Context, jobId: string, runId: string): Promise<JobRun> {
  const run = await getJobRun(ctx, jobId, runId);
  transition(run.status, 'cancel'); // CONFLICT with the current status when it cannot be cancelled
  if (run.status === 'running') {
    await ctx.tasks.cancel(run.id);
    for (let i = 0; i < 100 && run.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await ctx.em.refresh(run);
    }
    return run;
  }
  const teamIds = await jobTeamIds(ctx, jobId);
  await transactJobs(ctx, async (em, emit) => apply(em, emit, run, 'cancel', { teamIds, changes: { errorMessage: 'Cancelled', endedAt: new Date() } }));
  await ctx.tasks.cancel(run.id);
  return run;
}

/** Cancels every open run of a job (before the job is deleted). */
export async function cancelOpenRuns(ctx: Context, job: Job): Promise<void> {
  const open = await ctx.em.find(JobRun, { jobId: job.id, status: { $in: ['pending', 'ready', 'running'] } });
  for (const run of open) await cancelJobRun(ctx, job.id, run.id).catch((error: unknown) => {
    if (!(error instanceof ConflictError)) throw error; // it ended meanwhile
  });
}

/** Only ended runs can be deleted (lakesail); the record and its events go. */
export async function deleteJobRun(ctx: Context, jobId: string, runId: string): Promise<JobRun> {
  const run = await getJobRun(ctx, jobId, runId);
  if (!(TERMINAL_RUN_STATUSES as readonly string[]).includes(run.status)) {
    throw new ConflictError(`Only ended job runs can be deleted; this one is ${run.status}`, { status: run.status });
  }
  const teamIds = await jobTeamIds(ctx, jobId);
  return transactJobs(ctx, async (em, emit) => {
    em.remove(run);
    emit(JOB_RUN_TOPIC, 'deleted', run.id, { runId: run.id, jobId, status: run.status, teamIds });
    return run;
  });
}

/**
 * Executes a ready run: its version's saved queries in order on the engine, each as a query run
 * with its persisted result, with progress and a log line per query pushed as run events. A
 * query's error fails the run; the runner's abort (cancel, timeout) is settled by `settle`.
 */
export const jobRunTask: TaskHandler = {
  async run(ctx, task, signal) {
    const run = await ctx.em.findOne(JobRun, { id: task.subjectId });
    if (!run || (TERMINAL_RUN_STATUSES as readonly string[]).includes(run.status)) return;
    const version = await versionOf(ctx, run);
    const teamIds = await jobTeamIds(ctx, run.jobId);
    const event = (type: string, extra: Partial<JobEvents[typeof JOB_RUN_TOPIC]> = {}) =>
      transactJobs(ctx, async (_em, emit) => emit(JOB_RUN_TOPIC, type, run.id, { runId: run.id, jobId: run.jobId, status: run.status, teamIds, progress: run.progress, ...extra }));
    // The cluster may have changed since the run was queued: wait again (a cluster event re-dispatches it) or fail.
    const gate = run.status === 'ready' ? await clusterGate(ctx.em, run.tenantId, version.clusterId) : {};
    if (gate.fail) return endRun(ctx, run, 'fail', gate.fail, teamIds);
    if (gate.wait) return event('log', { message: gate.wait });
    await transactJobs(ctx, async (em, emit) => apply(em, emit, run, 'start', { teamIds, changes: { startedAt: new Date(), attempts: run.attempts + 1, progress: 0, queryRunIds: [] } }));
    const total = version.queryIds.length;
    for (const [index, queryId] of version.queryIds.entries()) {
      signal.throwIfAborted();
      const statement = await savedQueryStatement(ctx.em, run.tenantId, queryId);
      if (!statement) {
        await endRun(ctx, run, 'fail', `Saved query ${queryId} no longer exists`, teamIds);
        return;
      }
      await event('log', { message: `query ${index + 1}/${total}: ${queryId} (version ${statement.version}) started` });
      const queryRun = await transactJobs(ctx, async (em) =>
        em.create(QueryRun, {
          tenantId: run.tenantId, sqlText: statement.sql, sqlHash: sqlHash(statement.sql), userId: task.actor.userId, status: 'running',
          savedQueryId: queryId, savedQueryVersion: statement.version,
        }),
      );
      try {
        await performQueryRun(ctx, queryRun, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        await endRun(ctx, run, 'fail', `Query ${index + 1}/${total} failed: ${queryRun.errorMessage ?? 'internal error'}`, teamIds);
        return;
      }
      await transactJobs(ctx, async (_em, emit) => {
        run.queryRunIds = [...run.queryRunIds, queryRun.id];
        run.progress = (index + 1) / total;
        emit(JOB_RUN_TOPIC, 'progress', run.id, {
          runId: run.id, jobId: run.jobId, status: run.status, teamIds, progress: run.progress, queryRunId: queryRun.id, resultId: queryRun.resultId,
          message: `query ${index + 1}/${total}: ${queryRun.rowCount} rows in ${queryRun.executionTimeMs} ms`,
        });
      });
    }
    await endRun(ctx, run, 'succeed', null, teamIds);
  },
  async settle(ctx, task, outcome) {
    const run = await ctx.em.findOne(JobRun, { id: task.subjectId });
    if (!run || (TERMINAL_RUN_STATUSES as readonly string[]).includes(run.status)) return;
    const action: JobRunAction = outcome.status === 'cancelled' ? 'cancel' : outcome.status === 'timeout' ? 'time_out' : 'fail';
    // A run cancelled because its cluster is being destroyed says so.
    const clusterId = action === 'cancel' ? (await versionOf(ctx, run)).clusterId : null;
    const cluster = clusterId ? await clusterState(ctx.em, run.tenantId, clusterId) : undefined;
    const destroyed = cluster && ['destroying', 'destroyed'].includes(cluster.status);
    await endRun(ctx, run, action, destroyed ? clusterDestroyedReason(cluster.name) : outcome.message, await jobTeamIds(ctx, run.jobId));
  },
};

async function endRun(ctx: Context, run: JobRun, action: 'succeed' | 'fail' | 'time_out' | 'cancel', message: string | null, teamIds: string[]): Promise<void> {
  await transactJobs(ctx, async (em, emit) => apply(em, emit, run, action, { teamIds, changes: { errorMessage: message, endedAt: new Date(), ...(action === 'succeed' ? { progress: 1 } : {}) } }));
}
