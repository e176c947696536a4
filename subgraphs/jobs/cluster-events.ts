import type { EntityManager } from '@mikro-orm/core';
import { TeamGrant } from '../../src/access/team-grants';
import { DATASET_EDITOR } from '../../src/auth/roles';
import type { Emit, EventObserver } from '../../src/events/outbox';
import { Task, enqueueTask } from '../../src/queue/task';
import { Job, JobRun, JobVersion } from './entities';
import { JOB_RUN_TOPIC, type JobEvents } from './events';
import { transition } from './job-run.machine';
import { clusterDestroyedReason, JOB_RUN_TASK } from './job-runs';

/** The clusters domain's event-log topic (read by name: subgraphs do not import each other). */
const CLUSTER_TOPIC = 'cluster';

/** Open runs of the tenant's jobs whose run version targets `clusterId`, with that version. */
async function runsOnCluster(em: EntityManager, clusterId: string, statuses: string[]): Promise<{ run: JobRun; version: JobVersion }[]> {
  const versions = await em.find(JobVersion, { clusterId });
  if (!versions.length) return [];
  const runs = await em.find(JobRun, { jobId: { $in: [...new Set(versions.map((v) => v.jobId))] }, status: { $in: statuses } });
  return runs.flatMap((run) => {
    const version = versions.find((v) => v.jobId === run.jobId && v.version === run.version);
    return version ? [{ run, version }] : [];
  });
}

const teamIdsOf = async (em: EntityManager, jobId: string) => (await em.find(TeamGrant, { resourceType: 'job', resourceId: jobId })).map((g) => g.teamId);

/**
 * Keeps job runs in step with their clusters, inside the cluster change's own transaction: when a
 * cluster becomes active its waiting ready runs are queued; when it starts destroying its open
 * runs are cancelled with the reason (queued ones at once; running ones are aborted by their
 * runner and settle cancelled with the same reason).
 */
export const followClusters: EventObserver = async (_ctx, em, events, emit) => {
  const jobEmit = emit as Emit<JobEvents>;
  for (const event of events.filter((e) => e.topic === CLUSTER_TOPIC && (e.type === 'active' || e.type === 'destroying'))) {
    const name = String((event.payload as { name?: string }).name ?? event.subjectId);
    if (event.type === 'active') {
      for (const { run, version } of await runsOnCluster(em, event.subjectId, ['ready'])) {
        if (await em.count(Task, { subjectId: run.id, status: { $in: ['queued', 'running'] } })) continue;
        const job = await em.findOne(Job, { id: run.jobId });
        if (!job) continue;
        enqueueTask(em, { tenantId: run.tenantId, kind: JOB_RUN_TASK, subjectId: run.id, actor: { userId: run.createdBy ?? event.tenantId, roles: [DATASET_EDITOR] }, timeoutMs: version.timeoutMs, maxAttempts: 3 });
        jobEmit(JOB_RUN_TOPIC, 'log', run.id, { runId: run.id, jobId: run.jobId, status: run.status, teamIds: await teamIdsOf(em, run.jobId), progress: run.progress, message: `Cluster ${name} is active: dispatched` }, run.tenantId);
      }
      continue;
    }
    const reason = clusterDestroyedReason(name);
    for (const { run } of await runsOnCluster(em, event.subjectId, ['pending', 'ready', 'running'])) {
      await em.nativeUpdate(Task, { subjectId: run.id, status: 'queued' }, { status: 'cancelled', cancelRequested: true, lastError: reason, finishedAt: new Date() });
      await em.nativeUpdate(Task, { subjectId: run.id, status: 'running' }, { cancelRequested: true });
      if (run.status === 'running') continue; // its runner aborts it within a heartbeat
      const status = transition(run.status, 'cancel');
      Object.assign(run, { status, errorMessage: reason, endedAt: new Date() });
      jobEmit(JOB_RUN_TOPIC, status, run.id, { runId: run.id, jobId: run.jobId, status, teamIds: await teamIdsOf(em, run.jobId), progress: run.progress, message: reason }, run.tenantId);
    }
  }
};
