import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { datasetHeads, type DatasetHead } from '../../src/engine/dataset-versions';
import { BadInputError, NotFoundError } from '../../src/errors';
import type { Emit } from '../../src/events/outbox';
import { EventRecord } from '../../src/events/event-record';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { getOwnedWorkspace, getVisibleWorkspace, getWritableWorkspace, sharedWithCaller, viewerIdsOf } from './access';
import { Workspace, WorkspaceChart, WorkspaceShare, WorkspaceShareRecipient, WorkspaceStatus, WorkspaceTag, WorkspaceTagLink, WorkspaceTaskBinding } from './entities';
import { transactWorkspaces, WORKSPACE_TOPIC, type WorkspaceChangeType, type WorkspaceEventPayload, type WorkspaceEvents } from './events';
import { TagMatch, type CreateWorkspaceInput, type TagInput, type UpdateWorkspaceInput, type WorkspaceFilter } from './inputs';

/** What creating a workspace noticed but did not refuse (e.g. a row id column that is not a column). */
export interface CreateWarning {
  code: string;
  message: string;
  requestedRowIdColumn: string | null;
  effectiveRowIdColumn: string | null;
}

/** Records a workspace event with who may see it, in the caller's transaction. */
export async function emitWorkspace(
  em: EntityManager,
  emit: Emit<WorkspaceEvents>,
  ctx: Context,
  type: WorkspaceChangeType,
  workspace: Workspace,
  extra: Partial<WorkspaceEventPayload> = {},
): Promise<void> {
  const viewerIds = extra.viewerIds ?? (await viewerIdsOf(em, workspace));
  emit(WORKSPACE_TOPIC, type, workspace.id, { workspaceId: workspace.id, title: workspace.title, actorId: requireIdentity(ctx).userId, ...extra, viewerIds });
}

function newPublicId(): string {
  return `ws_${randomBytes(8).toString('hex')}`;
}

/** The backing dataset of the tenant at its latest version; NOT_FOUND for any other id. */
export async function backingDataset(ctx: Context, datasetId: string): Promise<DatasetHead> {
  const [head] = await datasetHeads(ctx.em, ctx.config, requireIdentity(ctx).tenantId, datasetId);
  if (!head) throw new NotFoundError('Dataset', datasetId);
  return head;
}

/** The row identity columns a workspace uses, and a warning when the requested one had to be replaced. */
function rowIdentity(head: DatasetHead | undefined, input: CreateWorkspaceInput): { columns: string[]; warnings: CreateWarning[] } {
  const requested = input.rowIdColumn ?? null;
  if (!head) {
    const warnings = requested || input.rowIdentityColumns?.length
      ? [{ code: 'no_backing_table', message: 'The workspace has no backing table, so it has no row identity columns', requestedRowIdColumn: requested, effectiveRowIdColumn: null }]
      : [];
    return { columns: [], warnings };
  }
  const names = head.columns.map((c) => c.name);
  if (input.rowIdentityColumns?.length) {
    const unknown = input.rowIdentityColumns.filter((c) => !names.includes(c));
    if (unknown.length) throw new BadInputError(`rowIdentityColumns: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not columns' : 'is not a column'} of ${head.tableName}`);
    return { columns: [...new Set(input.rowIdentityColumns)], warnings: [] };
  }
  const fallback = names.includes('id') ? 'id' : names[0];
  if (requested && names.includes(requested)) return { columns: [requested], warnings: [] };
  const warnings = requested
    ? [{ code: 'row_id_column_not_found', message: `${requested} is not a column of ${head.tableName}; rows are identified by ${fallback}`, requestedRowIdColumn: requested, effectiveRowIdColumn: fallback ?? null }]
    : [];
  return { columns: fallback ? [fallback] : [], warnings };
}

export async function createWorkspace(ctx: Context, input: CreateWorkspaceInput): Promise<{ workspace: Workspace; warnings: CreateWarning[] }> {
  const identity = requireIdentity(ctx);
  const head = input.backingDatasetId ? await backingDataset(ctx, input.backingDatasetId) : undefined;
  const { columns, warnings } = rowIdentity(head, input);
  return transactWorkspaces(ctx, async (em, emit) => {
    const workspace = em.create(Workspace, {
      tenantId: identity.tenantId, title: input.title, description: input.description ?? null, mode: input.mode ?? undefined,
      publicId: newPublicId(), ownerId: identity.userId, backingDatasetId: head?.id ?? null, backingTableName: head?.tableName ?? null,
      backingTableScope: head?.schemaName ?? null, rowIdentityColumns: columns, rendererConfig: input.rendererConfig ?? null,
    });
    if (input.tags?.length) await replaceTags(em, workspace, input.tags.map((name) => ({ name })));
    await emitWorkspace(em, emit, ctx, 'created', workspace, { viewerIds: [identity.userId] });
    return { workspace, warnings };
  });
}

/** Ids of the workspaces carrying any / all of the tags named (by name or id). */
async function workspacesWithTags(ctx: Context, names: string[], ids: string[], match: TagMatch): Promise<string[]> {
  const tags = await ctx.em.find(WorkspaceTag, { $or: [{ name: { $in: names } }, { id: { $in: ids } }] });
  const missing = names.some((n) => !tags.some((t) => t.name === n)) || ids.some((i) => !tags.some((t) => t.id === i));
  if (match === TagMatch.ALL && missing) return [];
  const links = tags.length ? await ctx.em.find(WorkspaceTagLink, { tagId: { $in: tags.map((t) => t.id) } }) : [];
  const counts = new Map<string, number>();
  for (const link of links) counts.set(link.workspaceId, (counts.get(link.workspaceId) ?? 0) + 1);
  return [...counts.entries()].filter(([, n]) => match === TagMatch.ANY || n === tags.length).map(([id]) => id);
}

/** Workspaces the caller owns or was given, by status (active by default) and tags. */
export async function listWorkspaces(ctx: Context, filter: WorkspaceFilter | undefined, page: PageArgs): Promise<Page<Workspace>> {
  const { userId } = requireIdentity(ctx);
  const shared = await sharedWithCaller(ctx);
  const where: Record<string, unknown>[] = [
    filter?.sharedWithMe ? { id: { $in: shared }, ownerId: { $ne: userId } } : { $or: [{ ownerId: userId }, { id: { $in: shared } }] },
  ];
  where.push({ status: filter?.status ?? WorkspaceStatus.ACTIVE });
  const names = filter?.tagNames ?? [];
  const ids = filter?.tagIds ?? [];
  if (names.length || ids.length) where.push({ id: { $in: await workspacesWithTags(ctx, names, ids, filter?.tagMatch ?? TagMatch.ANY) } });
  return paginate<Workspace>(ctx.em, Workspace, { $and: where } as never, page, { orderBy: { createdAt: 'asc' } });
}

export async function updateWorkspace(ctx: Context, id: string, input: UpdateWorkspaceInput): Promise<Workspace> {
  const { workspace } = await getWritableWorkspace(ctx, id);
  return transactWorkspaces(ctx, async (em, emit) => {
    if (input.title != null) workspace.title = input.title;
    if (input.description !== undefined) workspace.description = input.description;
    if (input.mode != null) workspace.mode = input.mode;
    if (input.rendererConfig !== undefined) workspace.rendererConfig = input.rendererConfig;
    await emitWorkspace(em, emit, ctx, 'updated', workspace);
    return workspace;
  });
}

/** archive: active → archived (read-only, out of the default list); restore: the reverse. Repeating one is a no-op. */
export async function setWorkspaceStatus(ctx: Context, id: string, status: WorkspaceStatus): Promise<Workspace> {
  const workspace = await getOwnedWorkspace(ctx, id, status === WorkspaceStatus.ARCHIVED ? 'archive a workspace' : 'restore a workspace');
  if (workspace.status === status) return workspace;
  return transactWorkspaces(ctx, async (em, emit) => {
    workspace.status = status;
    workspace.archivedAt = status === WorkspaceStatus.ARCHIVED ? new Date() : null;
    await emitWorkspace(em, emit, ctx, status === WorkspaceStatus.ARCHIVED ? 'archived' : 'restored', workspace);
    return workspace;
  });
}

/** Deletes the workspace with its share, tags, charts and task bindings (its backing dataset stays: catalogs owns it). */
export async function deleteWorkspace(ctx: Context, id: string): Promise<Workspace> {
  const workspace = await getOwnedWorkspace(ctx, id, 'delete a workspace');
  return transactWorkspaces(ctx, async (em, emit) => {
    await emitWorkspace(em, emit, ctx, 'deleted', workspace);
    for (const entity of [WorkspaceShareRecipient, WorkspaceShare, WorkspaceTagLink, WorkspaceChart, WorkspaceTaskBinding]) {
      await em.nativeDelete(entity, { workspaceId: id });
    }
    em.remove(workspace);
    return workspace;
  });
}

export function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'tag';
}

/** Replaces the workspace's tags with `inputs` (by name; new names become tags of the tenant). */
async function replaceTags(em: EntityManager, workspace: Workspace, inputs: TagInput[]): Promise<WorkspaceTag[]> {
  const byName = new Map(inputs.map((t) => [t.name.trim(), t]));
  if ([...byName.keys()].some((n) => !n)) throw new BadInputError('A tag name cannot be blank');
  const existing = byName.size ? await em.find(WorkspaceTag, { name: { $in: [...byName.keys()] } }) : [];
  const tags = [...byName.entries()].map(([name, input]) => {
    const tag = existing.find((t) => t.name === name) ?? em.create(WorkspaceTag, { tenantId: workspace.tenantId, name, slug: slugOf(name) });
    if (input.color !== undefined && input.color !== null) tag.color = input.color;
    if (input.description != null) tag.description = input.description;
    if (input.namespace != null) tag.namespace = input.namespace;
    if (input.attributes != null) tag.attributes = input.attributes;
    return tag;
  });
  await em.nativeDelete(WorkspaceTagLink, { workspaceId: workspace.id });
  for (const tag of tags) em.create(WorkspaceTagLink, { tenantId: workspace.tenantId, workspaceId: workspace.id, tagId: tag.id });
  return tags;
}

export async function setWorkspaceTags(ctx: Context, id: string, tags: TagInput[]): Promise<WorkspaceTag[]> {
  const { workspace } = await getWritableWorkspace(ctx, id);
  return transactWorkspaces(ctx, async (em, emit) => {
    const set = await replaceTags(em, workspace, tags);
    await emitWorkspace(em, emit, ctx, 'tags_set', workspace, { tags: set.map((t) => t.name) });
    return set;
  });
}

/** One activity item: an event of the workspace's log. */
export interface ActivityItem {
  id: string;
  kind: string;
  status: string;
  title: string;
  detail: Record<string, unknown>;
  createdAt: Date;
}

const ACTIVITY_TITLES: Record<string, string> = {
  created: 'Workspace created', updated: 'Workspace updated', archived: 'Workspace archived', restored: 'Workspace restored',
  shared: 'Sharing changed', share_revoked: 'Share revoked', share_cleared: 'Share cleared', tags_set: 'Tags changed',
  cells_updated: 'Cells edited', chart_created: 'Chart created', chart_updated: 'Chart updated', chart_deleted: 'Chart deleted',
  task_attached: 'Task attached', task_updated: 'Task binding changed', task_detached: 'Task detached',
};

/** The newest `limit` events of the workspace, newest first. */
export async function workspaceActivity(ctx: Context, id: string, limit: number): Promise<ActivityItem[]> {
  await getVisibleWorkspace(ctx, id);
  const events = await ctx.em.find(
    EventRecord,
    { tenantId: requireIdentity(ctx).tenantId, topic: WORKSPACE_TOPIC, subjectId: id },
    { orderBy: { id: 'desc' }, limit: Math.min(Math.max(limit, 1), 200) },
  );
  return events.map((e) => {
    const { viewerIds: _viewers, ...detail } = e.payload as WorkspaceEventPayload;
    return { id: String(e.id), kind: e.type, status: 'succeeded', title: ACTIVITY_TITLES[e.type] ?? e.type, detail, createdAt: e.createdAt };
  });
}

/** A dataset of the tenant offered as a workspace's backing table. */
export interface TableCandidate {
  datasetId: string;
  tableName: string;
  logicalTableName: string;
  scope: string;
  sourceType: string;
  primaryKeyColumns: string[];
  rowCount: number;
  lastWriteAt: Date;
  canWrite: boolean;
  canOpenWorkspace: boolean;
  readOnlyReason: string | null;
}

/** The tenant's datasets with data, as backing-table candidates. */
export async function tableCandidates(ctx: Context): Promise<TableCandidate[]> {
  const identity = requireIdentity(ctx);
  const heads = await datasetHeads(ctx.em, ctx.config, identity.tenantId);
  return heads.filter((h) => h.table).map((h) => ({
    datasetId: h.id, tableName: h.tableName, logicalTableName: h.label, scope: h.schemaName, sourceType: h.sourceType,
    primaryKeyColumns: h.columns.some((c) => c.name === 'id') ? ['id'] : [], rowCount: h.rowCount, lastWriteAt: h.updatedAt,
    canWrite: true, canOpenWorkspace: true, readOnlyReason: null,
  }));
}
