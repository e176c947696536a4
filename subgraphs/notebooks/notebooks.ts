import type { EntityManager } from '@mikro-orm/core';
import { IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { addGrants, checkTeams, findGrant, grantsOf, removeGrants, resourcesOfCaller, resourcesOfTeams, TeamGrant } from '../../src/access/team-grants';
import { clusterState, CLUSTER_SERVING_STATUSES } from '../../src/db/clusters';
import type { Emit } from '../../src/events/outbox';
import { ConflictError, ForbiddenError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { enqueueTask } from '../../src/queue/task';
import { Notebook, NotebookCell, WorkloadConfig } from './entities';
import { NOTEBOOK_TOPIC, transactNotebooks, type NotebookEventPayload, type NotebookEvents } from './events';
import { notebookTransition, requireLive, type NotebookAction } from './notebook.machine';
import { signProxyToken } from './proxy-tokens';
import { getWorkloadConfig } from './workload-configs';

/** Longest idle timeout a notebook may have: a week. */
export const MAX_IDLE_TIMEOUT_SECONDS = 7 * 24 * 3600;
/** How long an open URL works (lakesail: 5 minutes). */
export const OPEN_URL_TTL_SECONDS = 300;
/** Task kinds of the start and stop phases (timed steps on the durable queue). */
export const NOTEBOOK_START_TASK = 'notebook_start';
export const NOTEBOOK_STOP_TASK = 'notebook_stop';

@InputType({ description: 'A new notebook (it starts stopped).' })
export class CreateNotebookInput {
  @Field(() => String, { description: 'Display name.' })
  @Length(1, 200)
  displayName!: string;
  @Field(() => String, { nullable: true, description: 'What it is for.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => ID, { description: 'The workload config its pods run with.' })
  @MaxLength(36)
  workloadConfigId!: string;
  @Field(() => Int, { nullable: true, description: 'Seconds without activity before it goes idle (default NOTEBOOK_IDLE_TIMEOUT_SECONDS, 1800).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_IDLE_TIMEOUT_SECONDS)
  idleTimeoutSeconds?: number | null;
  @Field(() => [ID], { nullable: true, description: 'Teams to share it with at once.' })
  @IsOptional()
  teamIds?: string[] | null;
}

@InputType({ description: 'Changes to a notebook; the workload config only while it is stopped.' })
export class UpdateNotebookInput {
  @Field(() => String, { nullable: true, description: 'New display name.' })
  @IsOptional()
  @Length(1, 200)
  displayName?: string | null;
  @Field(() => String, { nullable: true, description: 'New description.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => Int, { nullable: true, description: 'New idle timeout in seconds.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_IDLE_TIMEOUT_SECONDS)
  idleTimeoutSeconds?: number | null;
  @Field(() => ID, { nullable: true, description: 'Another workload config (CONFLICT unless the notebook is stopped).' })
  @IsOptional()
  @MaxLength(36)
  workloadConfigId?: string | null;
}

@InputType({ description: 'Which notebooks to list.' })
export class NotebookFilter {
  @Field(() => ID, { nullable: true, description: 'Only notebooks shared with this team.' })
  @IsOptional()
  @MaxLength(36)
  teamId?: string | null;
}

@ObjectType({ description: 'A short-lived URL that opens a notebook in an iframe.' })
export class NotebookOpenUrl {
  @Field(() => String, { description: 'The session proxy URL with a signed JWT: use it once, as the iframe src.' })
  url!: string;
  @Field(() => Date, { description: 'When it stops working (5 minutes after it was issued).' })
  expiresAt!: Date;
}

const isAdmin = (ctx: Context) => hasRole(requireIdentity(ctx).roles, ORG_ADMIN);

/** A notebook the caller may see: an Org admin any; others their own and their teams' (else NOT_FOUND, like another tenant's). */
export async function getVisibleNotebook(ctx: Context, id: string): Promise<Notebook> {
  const identity = requireIdentity(ctx);
  const notebook = await ctx.em.findOne(Notebook, { id });
  if (!notebook) throw new NotFoundError('Notebook', id);
  if (isAdmin(ctx) || notebook.ownerId === identity.userId) return notebook;
  if (!(await resourcesOfCaller(ctx, 'notebook')).includes(id)) throw new NotFoundError('Notebook', id);
  return notebook;
}

/** A notebook the caller may change: its owner or an Org admin; team members only view and open (FORBIDDEN). */
export async function getOwnedNotebook(ctx: Context, id: string): Promise<Notebook> {
  const notebook = await getVisibleNotebook(ctx, id);
  if (notebook.ownerId !== requireIdentity(ctx).userId && !isAdmin(ctx)) throw new ForbiddenError('Only the notebook owner or an Org admin may do this; its teams may view and open it');
  return notebook;
}

export async function listNotebooks(ctx: Context, filter: NotebookFilter | undefined, page: PageArgs): Promise<Page<Notebook>> {
  const identity = requireIdentity(ctx);
  const where: Record<string, unknown>[] = [];
  if (!isAdmin(ctx)) where.push({ $or: [{ ownerId: identity.userId }, { id: { $in: await resourcesOfCaller(ctx, 'notebook') } }] });
  if (filter?.teamId) {
    await checkTeams(ctx, [filter.teamId]);
    where.push({ id: { $in: await resourcesOfTeams(ctx, 'notebook', [filter.teamId]) } });
  }
  return paginate<Notebook>(ctx.em, Notebook, where.length ? { $and: where } : {}, page, { orderBy: { createdAt: 'desc' } });
}

export async function notebookTeamIds(em: EntityManager, notebookId: string): Promise<string[]> {
  return (await em.find(TeamGrant, { resourceType: 'notebook', resourceId: notebookId }, { orderBy: { createdAt: 'asc' } })).map((g) => g.teamId);
}

type NotebookEmit = Emit<NotebookEvents>;

/** Emits a notebook event stamped with its status and who may see it. */
export function emitNotebook(emit: NotebookEmit, notebook: Notebook, teamIds: string[], type: string, extra: Partial<NotebookEventPayload> = {}): void {
  emit(NOTEBOOK_TOPIC, type, notebook.id, { notebookId: notebook.id, status: notebook.status, ownerId: notebook.ownerId, teamIds, ...extra }, notebook.tenantId);
}

/**
 * Applies a transition inside the caller's transaction as a conditional update on the status it
 * was read in (and `expect`, e.g. the activity time the idle monitor judged), so two actors never
 * both move a notebook: the loser gets CONFLICT with the status now. Every transition is an event.
 */
export async function applyTransition(
  em: EntityManager, emit: NotebookEmit, notebook: Notebook, action: NotebookAction,
  options: { changes?: Partial<Notebook>; expect?: Partial<Notebook>; message?: string | null } = {},
): Promise<void> {
  const from = notebook.status;
  const status = notebookTransition(from, action);
  const changes = { ...options.changes, status };
  if (!(await em.nativeUpdate(Notebook, { id: notebook.id, status: from, ...options.expect }, changes))) {
    const now = await em.fork().findOne(Notebook, { id: notebook.id }, { filters: false });
    throw new ConflictError(`The notebook changed meanwhile (it is ${now?.status ?? 'deleted'})`, { status: now?.status ?? null, action });
  }
  Object.assign(notebook, changes);
  emitNotebook(emit, notebook, await notebookTeamIds(em, notebook.id), status, { message: options.message ?? null });
}

/** Queues a timed phase (start or stop): a task due when the phase ends, durable across restarts. */
function enqueuePhase(em: EntityManager, ctx: Context, notebook: Notebook, kind: string, durationMs: number): void {
  const identity = requireIdentity(ctx);
  enqueueTask(em, {
    tenantId: notebook.tenantId, kind, subjectId: notebook.id, actor: { userId: identity.userId, roles: identity.roles },
    runAt: new Date(Date.now() + durationMs), timeoutMs: 60_000, maxAttempts: 3,
  });
}

export async function createNotebook(ctx: Context, input: CreateNotebookInput): Promise<Notebook> {
  const identity = requireIdentity(ctx);
  await getWorkloadConfig(ctx, input.workloadConfigId);
  const teamIds = input.teamIds?.length ? await checkTeams(ctx, input.teamIds) : [];
  return transactNotebooks(ctx, async (em, emit) => {
    const notebook = em.create(Notebook, {
      tenantId: identity.tenantId, displayName: input.displayName, description: input.description ?? null, workloadConfigId: input.workloadConfigId,
      idleTimeoutSeconds: input.idleTimeoutSeconds ?? ctx.config.notebookIdleTimeoutSeconds, ownerId: identity.userId, status: 'stopped',
    });
    await addGrants(em, identity.tenantId, 'notebook', notebook.id, teamIds);
    emitNotebook(emit, notebook, teamIds, 'created');
    return notebook;
  });
}

export async function updateNotebook(ctx: Context, id: string, input: UpdateNotebookInput): Promise<Notebook> {
  const notebook = await getOwnedNotebook(ctx, id);
  if (input.workloadConfigId && input.workloadConfigId !== notebook.workloadConfigId) {
    if (notebook.status !== 'stopped') {
      throw new ConflictError(`The workload config can change only while the notebook is stopped; it is ${notebook.status}`, { status: notebook.status });
    }
    await getWorkloadConfig(ctx, input.workloadConfigId);
  }
  const teamIds = await notebookTeamIds(ctx.em, id);
  return transactNotebooks(ctx, async (_em, emit) => {
    if (input.displayName) notebook.displayName = input.displayName;
    if (input.description !== undefined) notebook.description = input.description;
    if (input.idleTimeoutSeconds) notebook.idleTimeoutSeconds = input.idleTimeoutSeconds;
    if (input.workloadConfigId) notebook.workloadConfigId = input.workloadConfigId;
    emitNotebook(emit, notebook, teamIds, 'updated');
    return notebook;
  });
}

/** Why compute cannot come up on a workload config, or null: the config must exist and its cluster be active (the clusters domain's table). */
export async function startBlocker(ctx: Context, tenantId: string, workloadConfigId: string): Promise<string | null> {
  const config = await ctx.em.findOne(WorkloadConfig, { id: workloadConfigId });
  if (!config) return 'its workload config no longer exists';
  const cluster = await clusterState(ctx.em, tenantId, config.clusterId);
  if (!cluster) return `cluster ${config.clusterId} no longer exists`;
  if (!CLUSTER_SERVING_STATUSES.includes(cluster.status)) return `cluster ${cluster.name} is ${cluster.status}, not active`;
  return null;
}

/** stopped → starting; the start phase's task brings it to running. CONFLICT when its cluster is not active. */
export async function startNotebook(ctx: Context, id: string): Promise<Notebook> {
  const notebook = await getOwnedNotebook(ctx, id);
  notebookTransition(notebook.status, 'start');
  await getWorkloadConfig(ctx, notebook.workloadConfigId);
  const blocker = await startBlocker(ctx, notebook.tenantId, notebook.workloadConfigId);
  if (blocker) throw new ConflictError(`Cannot start the notebook: ${blocker}`, { status: notebook.status });
  await transactNotebooks(ctx, async (em, emit) => {
    await applyTransition(em, emit, notebook, 'start', { changes: { statusReason: null } });
    enqueuePhase(em, ctx, notebook, NOTEBOOK_START_TASK, ctx.config.notebookStartMs);
  });
  ctx.tasks.wake();
  return notebook;
}

/** running, idle (or starting) → stopping; the stop phase's task brings it to stopped. */
export async function stopNotebook(ctx: Context, id: string, reason: string | null = null): Promise<Notebook> {
  const notebook = await getOwnedNotebook(ctx, id);
  await beginStop(ctx, notebook, reason);
  return notebook;
}

/** running, idle or starting → stopping, and the stop phase queued (users' stops, deletes and the idle monitor). */
export async function beginStop(ctx: Context, notebook: Notebook, reason: string | null, expect?: Partial<Notebook>): Promise<void> {
  const wasStarting = notebook.status === 'starting';
  await transactNotebooks(ctx, async (em, emit) => {
    await applyTransition(em, emit, notebook, 'stop', { expect, changes: { statusReason: reason }, message: reason });
    enqueuePhase(em, ctx, notebook, NOTEBOOK_STOP_TASK, ctx.config.notebookStopMs);
  });
  if (wasStarting) await ctx.tasks.cancel(notebook.id).catch(() => false); // the start phase is abandoned
  ctx.tasks.wake();
}

/** Deletes a notebook, its cells and team grants; a notebook that is not stopped goes through stopping → stopped first. */
export async function deleteNotebook(ctx: Context, id: string): Promise<Notebook> {
  const notebook = await getOwnedNotebook(ctx, id);
  const teamIds = await notebookTeamIds(ctx.em, id);
  await transactNotebooks(ctx, async (em, emit) => {
    if (notebook.status !== 'stopped' && notebook.status !== 'stopping') await applyTransition(em, emit, notebook, 'stop', { message: 'deleted' });
    if (notebook.status === 'stopping') await applyTransition(em, emit, notebook, 'stopped', { changes: { stoppedAt: new Date() }, message: 'deleted' });
    await em.nativeDelete(NotebookCell, { notebookId: id });
    await removeGrants(em, 'notebook', id);
    em.remove(notebook);
    emitNotebook(emit, notebook, teamIds, 'deleted');
  });
  await ctx.tasks.cancel(id).catch(() => false);
  return notebook;
}

/**
 * Records activity (a heartbeat, an execution, an open): the idle-timeout monitor counts from it,
 * and an idle notebook is running again. CONFLICT (NOTEBOOK_NOT_RUNNING) unless running or idle.
 */
export async function touchNotebook(ctx: Context, notebook: Notebook, em?: EntityManager, emit?: NotebookEmit): Promise<void> {
  requireLive(notebook.status, 'record activity');
  const apply = async (tem: EntityManager, temit: NotebookEmit) => {
    const changes = { lastActivityAt: new Date() };
    if (notebook.status === 'idle') await applyTransition(tem, temit, notebook, 'resume', { changes });
    else Object.assign(notebook, changes);
  };
  if (em && emit) await apply(em, emit);
  else await transactNotebooks(ctx, apply);
}

export async function recordNotebookActivity(ctx: Context, id: string): Promise<Notebook> {
  const notebook = await getVisibleNotebook(ctx, id);
  await touchNotebook(ctx, notebook);
  return notebook;
}

/** A signed URL (JWT, 5 minutes) for the notebook's iframe; running or idle notebooks only. Opening counts as activity. */
export async function openNotebook(ctx: Context, id: string): Promise<NotebookOpenUrl> {
  const identity = requireIdentity(ctx);
  const notebook = await getVisibleNotebook(ctx, id);
  requireLive(notebook.status, 'open the notebook');
  await touchNotebook(ctx, notebook);
  const { token, expiresAt } = await signProxyToken(ctx.config, 'notebook-proxy', { userId: identity.userId, tenantId: identity.tenantId, resource: { nid: id } }, OPEN_URL_TTL_SECONDS);
  return { url: `${ctx.config.sessionProxyUrl}/notebooks/${id}/auth?token=${token}`, expiresAt };
}

export async function notebookTeams(ctx: Context, id: string): Promise<TeamGrant[]> {
  await getVisibleNotebook(ctx, id);
  return grantsOf(ctx, 'notebook', id);
}

export async function addNotebookTeams(ctx: Context, id: string, teamIds: string[]): Promise<TeamGrant[]> {
  const notebook = await getOwnedNotebook(ctx, id);
  const wanted = await checkTeams(ctx, teamIds);
  await transactNotebooks(ctx, async (em, emit) => {
    await addGrants(em, notebook.tenantId, 'notebook', id, wanted);
    await em.flush();
    emitNotebook(emit, notebook, await notebookTeamIds(em, id), 'teams_added');
  });
  return grantsOf(ctx, 'notebook', id);
}

export async function removeNotebookTeam(ctx: Context, id: string, teamId: string): Promise<TeamGrant> {
  const notebook = await getOwnedNotebook(ctx, id);
  const grant = await findGrant(ctx, 'notebook', id, teamId);
  return transactNotebooks(ctx, async (em, emit) => {
    em.remove(grant);
    await em.flush();
    // The event names the teams left: the removed team's members get nothing more.
    emitNotebook(emit, notebook, await notebookTeamIds(em, id), 'team_removed');
    return grant;
  });
}
