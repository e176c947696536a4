import DataLoader from 'dataloader';
import type { Context } from '../../src/context';
import { loader, requireIdentity } from '../../src/context';
import { resourcesOfCaller } from '../../src/access/team-grants';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { jobRunSnapshot, jobSnapshots } from '../../src/db/directory';
import { ConflictError, NotFoundError } from '../../src/errors';
import { getVisibleWorkspace, getWritableWorkspace } from './access';
import { WorkspaceTaskBinding, type TaskLifecycle, type Workspace } from './entities';
import { transactWorkspaces } from './events';
import type { AttachTaskInput, UpdateTaskBindingInput } from './inputs';
import { emitWorkspace } from './workspaces';

/** A job bound to a workspace, as the workspace shows it. */
export interface BoundTask {
  bindingId: string;
  taskId: string;
  name: string;
  displayName: string;
  description: string | null;
  lifecycle: TaskLifecycle;
  mutatesWorkspace: boolean;
}

/** Bound tasks of each workspace (bindings whose job was deleted are left out), batched per request. */
export function boundTasksLoader(ctx: Context): DataLoader<string, BoundTask[]> {
  return loader(ctx, 'workspaces.boundTasksByWorkspace', () =>
    new DataLoader<string, BoundTask[]>(async (ids) => {
      const bindings = await ctx.em.find(WorkspaceTaskBinding, { workspaceId: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      const jobs = await jobSnapshots(ctx.em, requireIdentity(ctx).tenantId, bindings.map((b) => b.jobId));
      return ids.map((id) =>
        bindings.filter((b) => b.workspaceId === id).flatMap((b) => {
          const job = jobs.find((j) => j.id === b.jobId);
          return job ? [{ bindingId: b.id, taskId: b.jobId, name: job.jobKey, displayName: job.name, description: job.description, lifecycle: b.lifecycle, mutatesWorkspace: b.mutatesWorkspace }] : [];
        }),
      );
    }),
  );
}

/** A job the caller may see (Org admins: every job; others: their teams' jobs), else NOT_FOUND. */
async function visibleJob(ctx: Context, jobId: string) {
  const identity = requireIdentity(ctx);
  const [job] = await jobSnapshots(ctx.em, identity.tenantId, [jobId]);
  const visible = job && (hasRole(identity.roles, ORG_ADMIN) || (await resourcesOfCaller(ctx, 'job')).includes(jobId));
  if (!visible) throw new NotFoundError('Task', jobId);
  return job;
}

/** A binding of the workspace, named by its own id or by its task (job) id. */
async function findBinding(ctx: Context, workspaceId: string, id: string): Promise<WorkspaceTaskBinding> {
  const binding = await ctx.em.findOne(WorkspaceTaskBinding, { workspaceId, $or: [{ id }, { jobId: id }] });
  if (!binding) throw new NotFoundError('Task binding', id);
  return binding;
}

export async function attachTask(ctx: Context, workspaceId: string, input: AttachTaskInput): Promise<Workspace> {
  const identity = requireIdentity(ctx);
  const { workspace } = await getWritableWorkspace(ctx, workspaceId);
  const job = await visibleJob(ctx, input.taskId);
  if (await ctx.em.count(WorkspaceTaskBinding, { workspaceId, jobId: job.id })) throw new ConflictError(`Task ${job.id} is already attached to this workspace`);
  return transactWorkspaces(ctx, async (em, emit) => {
    const binding = em.create(WorkspaceTaskBinding, {
      tenantId: identity.tenantId, workspaceId, jobId: job.id, mutatesWorkspace: input.mutatesWorkspace ?? false, createdById: identity.userId,
    });
    await emitWorkspace(em, emit, ctx, 'task_attached', workspace, { bindingId: binding.id, taskId: job.id });
    return workspace;
  });
}

export async function updateTaskBinding(ctx: Context, workspaceId: string, id: string, input: UpdateTaskBindingInput): Promise<Workspace> {
  const { workspace } = await getWritableWorkspace(ctx, workspaceId);
  const binding = await findBinding(ctx, workspaceId, id);
  return transactWorkspaces(ctx, async (em, emit) => {
    if (input.mutatesWorkspace != null) binding.mutatesWorkspace = input.mutatesWorkspace;
    if (input.lifecycle != null) binding.lifecycle = input.lifecycle;
    await emitWorkspace(em, emit, ctx, 'task_updated', workspace, { bindingId: binding.id, taskId: binding.jobId, lifecycle: binding.lifecycle, mutatesWorkspace: binding.mutatesWorkspace });
    return workspace;
  });
}

export async function detachTask(ctx: Context, workspaceId: string, id: string): Promise<Workspace> {
  const { workspace } = await getWritableWorkspace(ctx, workspaceId);
  const binding = await findBinding(ctx, workspaceId, id);
  return transactWorkspaces(ctx, async (em, emit) => {
    em.remove(binding);
    await emitWorkspace(em, emit, ctx, 'task_detached', workspace, { bindingId: binding.id, taskId: binding.jobId });
    return workspace;
  });
}

/** A run of one of the workspace's bound tasks (a job run); any other run id is NOT_FOUND. */
export async function workspaceRun(ctx: Context, workspaceId: string, runId: string) {
  const identity = requireIdentity(ctx);
  await getVisibleWorkspace(ctx, workspaceId);
  const tasks = await boundTasksLoader(ctx).load(workspaceId);
  const run = await jobRunSnapshot(ctx.em, identity.tenantId, runId, tasks.map((t) => t.taskId));
  if (!run) throw new NotFoundError('Run', runId);
  const task = tasks.find((t) => t.taskId === run.jobId)!;
  return {
    id: run.id, workspaceId, taskId: run.jobId, taskDisplayName: task.displayName, status: run.status, createdAt: run.createdAt,
    startedAt: run.startedAt, completedAt: run.endedAt, error: run.errorMessage, context: run.parameters, result: { version: run.version, queryRunIds: run.queryRunIds },
    triggeredBy: run.createdBy, triggerRef: run.trigger,
    steps: run.queryRunIds.map((id, i) => ({ id, sequence: i + 1, stepKey: `query-${i + 1}`, sourceType: 'query_run' })),
  };
}
