import { MAX_PAGE_SIZE } from '../../src/pagination';
import { offsetPage } from '../../src/rest/paging';
import { defineRoute, type JsonSchema, type RestRequest, type RestRoute } from '../../src/rest/route';
import {
  WsActivityDocument, WsArchiveWorkspaceDocument, WsChartDataDocument, WsChartsDocument, WsClearShareDocument, WsCreateChartDocument,
  WsCreateWorkspaceDocument, WsDataDocument, WsDeleteChartDocument, WsDeleteWorkspaceDocument, WsGetChartDocument, WsGetShareDocument,
  WsGetWorkspaceDocument, WsListWorkspacesDocument, WsMoveChartDocument, WsRestoreWorkspaceDocument, WsRevokeShareDocument, WsSetTagsDocument,
  WsTableCandidatesDocument, WsTagsDocument, WsAttachTaskDocument, WsUpdateTaskBindingDocument, WsDetachTaskDocument, WsRunDocument, WsUpdateCellsDocument, WsUpdateChartDocument, WsUpdateWorkspaceDocument, WsUpsertShareDocument,
  type CellEditInput, type TagInput, type WsChartFragment, type WsShareFragment, type WsTagFragment, type WsUserRefFragment, type WsWorkspaceFragment,
} from '../../src/generated/operations';
import { BadInputError } from '../../src/errors';

/** workspaces-api's UserRef. */
const userRef = (u: WsUserRefFragment | null | undefined) =>
  u ? { email: u.email, firstName: u.firstName, id: u.id, lastName: u.lastName, profilePictureUrl: u.profilePictureUrl ?? null } : null;

/** workspaces-api's Workspace: the doc's fields (task-owned backing tables are not modelled: their fields are null), plus `publicId`. */
export function workspaceJson(w: WsWorkspaceFragment) {
  return {
    backingOwnerTaskSlug: null,
    backingRowIdentityColumns: w.rowIdentityColumns,
    backingSourceType: w.backingDatasetId ? 'dataset' : null,
    backingTableName: w.backingTableName ?? null,
    backingTableScope: w.backingTableScope ?? null,
    backingWorkspaceKey: null,
    backingDatasetId: w.backingDatasetId ?? null,
    createdAt: w.createdAt,
    description: w.description ?? null,
    id: w.id,
    isShared: w.isShared,
    mode: w.mode.toLowerCase(),
    ownerUserId: w.ownerId,
    publicId: w.publicId,
    rendererConfig: w.rendererConfig ?? {},
    rowIdColumn: w.rowIdentityColumns[0] ?? null,
    seedArtifactVersionId: null,
    shareRecipients: w.shareRecipients.map((r) => userRef(r.user)).filter(Boolean),
    sharedBy: userRef(w.sharedBy),
    status: w.status.toLowerCase(),
    storageKey: w.publicId,
    title: w.title,
    updatedAt: w.updatedAt,
    viewerAccess: w.viewerAccess,
    canWrite: w.canWrite,
    readOnlyReason: w.readOnlyReason ?? null,
  };
}

/** workspaces-api's BoundTask: a job bound to the workspace. */
const boundTaskJson = (t: WsWorkspaceFragment['boundTasks'][number]) => ({
  bindingId: t.bindingId, description: t.description ?? null, displayName: t.displayName, lifecycle: t.lifecycle.toLowerCase(),
  mutatesWorkspace: t.mutatesWorkspace, name: t.name, taskId: t.taskId,
});

/** WorkspaceDetail. */
const detail = (w: WsWorkspaceFragment) => ({ boundTasks: w.boundTasks.map(boundTaskJson), workspace: workspaceJson(w) });

const chartJson = (c: WsChartFragment) => ({
  artifactId: null, chartSpecVersion: c.chartSpecVersion, collapsed: c.collapsed, createdAt: c.createdAt, createdBy: c.createdById, id: c.id,
  lastEditedBy: c.lastEditedById, position: c.position, rendererConfig: c.rendererConfig ?? {}, spec: c.spec, title: c.title ?? null,
  updatedAt: c.updatedAt, workspaceId: c.workspaceId,
});

const shareJson = (s: WsShareFragment) => ({
  createdAt: s.createdAt ?? null, expiresAt: s.expiresAt ?? null, recipientUserIds: s.recipients.map((r) => r.userId),
  recipients: s.recipients.map((r) => ({ ...userRef(r.user), id: r.userId, access: r.access.toLowerCase() })),
  shareId: s.shareId ?? null, state: s.state, status: s.status ?? null, updatedAt: s.updatedAt ?? null,
});

const tagJson = (t: WsTagFragment) => ({
  attributes: t.attributes, color: t.color ?? null, createdAt: t.createdAt, description: t.description ?? null, id: t.id, name: t.name,
  namespace: t.namespace ?? null, slug: t.slug, updatedAt: t.updatedAt,
});

const UUID = { type: 'string', maxLength: 36 };
const STRINGS: JsonSchema = { anyOf: [{ type: 'string', maxLength: 2000 }, { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 } }] };
const JSON_OBJECT = { type: ['object', 'null'] };
const MODE = { type: 'string', enum: ['snapshot', 'operational'] };

/** `?tag=a&tag=b` or `?tag=a,b` → ['a', 'b']. */
function listParam(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value == null ? [] : [value];
  return values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

const upper = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : undefined);
const ws = (req: RestRequest) => ({ id: req.params.workspaceId });
const wsChart = (req: RestRequest) => ({ workspaceId: req.params.workspaceId, chartId: req.params.chartId });

/** The optional fields of a body, only those present (PATCH leaves the others as they are). */
function present<K extends string>(body: Record<string, unknown>, keys: K[]): Partial<Record<K, any>> {
  return Object.fromEntries(keys.filter((k) => k in body).map((k) => [k, body[k]])) as Partial<Record<K, any>>;
}

/** PATCH /data/cells names its row by `rowKey` ({column: value} of the identity columns), or by `rowId` for one identity column. */
function cellEdits(body: Record<string, unknown>): CellEditInput[] {
  const one = (b: Record<string, any>): CellEditInput => {
    const rowKey = b.rowKey ?? (b.rowId !== undefined ? { [String(b.rowIdColumn ?? 'id')]: b.rowId } : undefined);
    if (!rowKey || typeof rowKey !== 'object') throw new BadInputError('Name the row with rowKey ({column: value}) or rowId');
    return { rowKey, column: String(b.column), newValue: b.newValue ?? null };
  };
  return Array.isArray(body.edits) ? (body.edits as Record<string, unknown>[]).map(one) : [one(body)];
}

const CHART_BODY = {
  type: 'object',
  properties: { spec: { type: 'object' }, title: { type: ['string', 'null'], maxLength: 255 }, position: { type: 'integer', minimum: 0 }, collapsed: { type: 'boolean' }, rendererConfig: JSON_OBJECT },
};

const TAG = {
  anyOf: [
    { type: 'string', minLength: 1, maxLength: 100 },
    { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, color: { type: ['string', 'null'] }, description: { type: ['string', 'null'] }, namespace: { type: ['string', 'null'] }, attributes: JSON_OBJECT } },
  ],
};

const tagInputs = (body: Record<string, unknown>): TagInput[] =>
  [...((body.tags as unknown[] | undefined) ?? []), ...((body.tagNames as string[] | undefined) ?? [])].map((t) => (typeof t === 'string' ? { name: t } : (t as TagInput)));

const base = { profile: 'workspaces', tag: 'workspaces' } as const;

/** workspaces-api: the endpoints under /api/v1/workspaces (sessions and their messages are chat rooms: subgraphs/chat/rest-workspace-sessions.ts). */
export const workspacesRestRoutes: RestRoute[] = [
  defineRoute({
    ...base, method: 'get', path: '/workspaces', summary: 'List Workspaces',
    query: { status: { type: 'string', enum: ['active', 'archived'], default: 'active' }, tag: STRINGS, tags: STRINGS, tagId: STRINGS, tagIds: STRINGS, tagMatch: { type: 'string', enum: ['any', 'all'], default: 'any' } },
    operation: WsListWorkspacesDocument,
    variables: (req) => ({
      first: MAX_PAGE_SIZE,
      filter: {
        status: upper(req.query.status) as 'ACTIVE' | 'ARCHIVED',
        tagNames: [...listParam(req.query.tag), ...listParam(req.query.tags)],
        tagIds: [...listParam(req.query.tagId), ...listParam(req.query.tagIds)],
        tagMatch: upper(req.query.tagMatch) as 'ANY' | 'ALL',
      },
    }),
    response: (data) => ({ items: data.workspaces.nodes.map(workspaceJson) }),
  }),
  defineRoute({
    ...base, method: 'post', path: '/workspaces', summary: 'Create Workspace', status: 201,
    body: {
      type: 'object', required: ['title'],
      properties: {
        title: { type: 'string', minLength: 1, maxLength: 255 }, description: { type: ['string', 'null'] }, mode: MODE,
        backingDatasetId: { type: ['string', 'null'], maxLength: 36 }, rowIdColumn: { type: ['string', 'null'], maxLength: 255 },
        rowIdentityColumns: { type: ['array', 'null'], items: { type: 'string' } }, tags: { type: 'array', items: { type: 'string' } }, rendererConfig: JSON_OBJECT,
      },
    },
    operation: WsCreateWorkspaceDocument,
    variables: (req) => ({
      input: {
        title: String(req.body.title), description: (req.body.description as string | null) ?? null, mode: upper(req.body.mode) as 'SNAPSHOT' | 'OPERATIONAL' | undefined,
        backingDatasetId: (req.body.backingDatasetId as string | null) ?? null, rowIdColumn: (req.body.rowIdColumn as string | null) ?? null,
        rowIdentityColumns: (req.body.rowIdentityColumns as string[] | null) ?? null, tags: (req.body.tags as string[] | undefined) ?? null,
        rendererConfig: (req.body.rendererConfig as Record<string, unknown> | null) ?? null,
      },
    }),
    response: (data) => ({ ...detail(data.createWorkspace.workspace), warnings: data.createWorkspace.warnings }),
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/shared', summary: 'List Shared Workspaces',
    query: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 25 }, offset: { type: 'integer', minimum: 0, default: 0 } },
    operation: WsListWorkspacesDocument,
    variables: (req) => ({ ...offsetPage(Number(req.query.offset ?? 0), Math.min(Number(req.query.limit ?? 25), MAX_PAGE_SIZE)), filter: { sharedWithMe: true } }),
    response: (data, req) => {
      const limit = Number(req.query.limit ?? 25);
      const offset = Number(req.query.offset ?? 0);
      return { hasNext: offset + data.workspaces.nodes.length < data.workspaces.totalCount, items: data.workspaces.nodes.map(workspaceJson), limit, offset, total: data.workspaces.totalCount };
    },
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/table-candidates', summary: 'List Workspace Table Candidates',
    operation: WsTableCandidatesDocument,
    response: (data) => ({
      items: data.workspaceTableCandidates.map((t) => ({
        canOpenWorkspace: t.canOpenWorkspace, canWrite: t.canWrite, datasetId: t.datasetId, lastWriteAt: t.lastWriteAt, logicalTableName: t.logicalTableName,
        ownerTaskSlug: null, ownerWorkspaceKey: null, primaryKeyColumns: t.primaryKeyColumns, readOnlyReason: t.readOnlyReason ?? null,
        rowCount: t.rowCount, scope: t.scope, sourceType: t.sourceType, tableName: t.tableName,
      })),
    }),
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/{workspaceId}', summary: 'Get Workspace',
    operation: WsGetWorkspaceDocument, variables: ws, response: (data) => detail(data.workspace),
  }),
  defineRoute({
    ...base, method: 'patch', path: '/workspaces/{workspaceId}', summary: 'Update Workspace',
    body: { type: 'object', properties: { title: { type: 'string', minLength: 1, maxLength: 255 }, description: { type: ['string', 'null'] }, mode: MODE, rendererConfig: JSON_OBJECT } },
    operation: WsUpdateWorkspaceDocument,
    variables: (req) => ({ id: req.params.workspaceId, input: { ...present(req.body, ['title', 'description', 'rendererConfig']), mode: upper(req.body.mode) as 'SNAPSHOT' | 'OPERATIONAL' | undefined } }),
    response: (data) => detail(data.updateWorkspace),
  }),
  defineRoute({
    ...base, method: 'delete', path: '/workspaces/{workspaceId}', summary: 'Delete Workspace', status: 204,
    operation: WsDeleteWorkspaceDocument, variables: ws, response: () => undefined,
  }),
  defineRoute({
    ...base, method: 'post', path: '/workspaces/{workspaceId}/archive', summary: 'Archive Workspace',
    operation: WsArchiveWorkspaceDocument, variables: ws, response: (data) => detail(data.archiveWorkspace),
  }),
  defineRoute({
    ...base, method: 'post', path: '/workspaces/{workspaceId}/restore', summary: 'Restore Workspace',
    operation: WsRestoreWorkspaceDocument, variables: ws, response: (data) => detail(data.restoreWorkspace),
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/{workspaceId}/activity', summary: 'List Workspace Activity',
    query: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
    operation: WsActivityDocument,
    variables: (req) => ({ id: req.params.workspaceId, limit: Number(req.query.limit ?? 50) }),
    response: (data) => ({ items: data.workspaceActivity }),
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/{workspaceId}/charts', summary: 'List Workspace Charts',
    operation: WsChartsDocument, variables: (req) => ({ workspaceId: req.params.workspaceId }),
    response: (data) => ({ items: data.workspaceCharts.map(chartJson) }),
  }),
  defineRoute({
    ...base, method: 'post', path: '/workspaces/{workspaceId}/charts', summary: 'Create Workspace Chart', status: 201,
    body: { ...CHART_BODY, required: ['spec'] },
    operation: WsCreateChartDocument,
    variables: (req) => ({ workspaceId: req.params.workspaceId, input: { spec: req.body.spec as Record<string, unknown>, ...present(req.body, ['title', 'position', 'collapsed', 'rendererConfig']) } }),
    response: (data) => chartJson(data.createWorkspaceChart),
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/{workspaceId}/charts/{chartId}', summary: 'Get Workspace Chart',
    operation: WsGetChartDocument, variables: wsChart, response: (data) => chartJson(data.workspaceChart),
  }),
  defineRoute({
    ...base, method: 'patch', path: '/workspaces/{workspaceId}/charts/{chartId}', summary: 'Update Workspace Chart',
    body: CHART_BODY,
    operation: WsUpdateChartDocument,
    variables: (req) => ({ ...wsChart(req), input: present(req.body, ['spec', 'title', 'collapsed', 'rendererConfig']) }),
    response: (data) => chartJson(data.updateWorkspaceChart),
  }),
  defineRoute({
    ...base, method: 'delete', path: '/workspaces/{workspaceId}/charts/{chartId}', summary: 'Delete Workspace Chart', status: 204,
    operation: WsDeleteChartDocument, variables: wsChart, response: () => undefined,
  }),
  defineRoute({
    ...base, method: 'post', path: '/workspaces/{workspaceId}/charts/{chartId}/data', summary: 'Query Workspace Chart Data',
    body: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 10000 } } },
    operation: WsChartDataDocument,
    variables: (req) => ({ ...wsChart(req), limit: (req.body.limit as number | undefined) ?? null }),
    response: (data) => ({ ...data.workspaceChartData, groupColumn: data.workspaceChartData.groupColumn ?? null }),
  }),
  defineRoute({
    ...base, method: 'patch', path: '/workspaces/{workspaceId}/charts/{chartId}/position', summary: 'Update Workspace Chart Position',
    body: { type: 'object', required: ['position'], properties: { position: { type: 'integer', minimum: 0, maximum: 100000 } } },
    operation: WsMoveChartDocument,
    variables: (req) => ({ ...wsChart(req), position: Number(req.body.position) }),
    response: (data) => chartJson(data.moveWorkspaceChart),
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/{workspaceId}/data', summary: 'Get Workspace Data',
    query: { limit: { type: 'integer', minimum: 1, maximum: 5000, default: 100 }, offset: { type: 'integer', minimum: 0, default: 0 }, sort: { type: 'string', enum: ['asc', 'desc'], default: 'asc' } },
    operation: WsDataDocument,
    variables: (req) => ({ workspaceId: req.params.workspaceId, limit: Number(req.query.limit ?? 100), offset: Number(req.query.offset ?? 0), sort: upper(req.query.sort) as 'ASC' | 'DESC' }),
    response: (data) => {
      const d = data.workspaceData;
      return {
        backingTableName: d.backingTableName ?? null, backingTableScope: d.backingTableScope ?? null, canEdit: d.canEdit,
        columns: d.columns.map((c) => ({ dataType: c.dataType, displayName: c.name, name: c.name })), hasNext: d.hasNext, isLive: d.isLive,
        items: d.items, limit: d.limit, mode: d.mode.toLowerCase(), offset: d.offset, readOnlyReason: d.readOnlyReason ?? null,
        rowIdentityColumns: d.rowIdentityColumns, total: d.total,
      };
    },
  }),
  defineRoute({
    ...base, method: 'patch', path: '/workspaces/{workspaceId}/data/cells', summary: 'Update Workspace Cell',
    body: {
      type: 'object',
      properties: {
        column: { type: 'string', minLength: 1, maxLength: 255 }, newValue: {}, rowKey: { type: 'object' }, rowId: {}, rowIdColumn: { type: 'string', maxLength: 255 },
        edits: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'object', required: ['column', 'rowKey'], properties: { column: { type: 'string', minLength: 1, maxLength: 255 }, rowKey: { type: 'object' }, newValue: {} } } },
      },
      anyOf: [{ required: ['column'] }, { required: ['edits'] }],
    },
    operation: WsUpdateCellsDocument,
    variables: (req) => ({ workspaceId: req.params.workspaceId, edits: cellEdits(req.body) }),
    response: (data) => ({ mutationId: data.updateWorkspaceCells.mutationId, row: data.updateWorkspaceCells.row ?? null }),
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/{workspaceId}/share', summary: 'Get Workspace Share',
    operation: WsGetShareDocument, variables: (req) => ({ workspaceId: req.params.workspaceId }), response: (data) => shareJson(data.workspaceShare),
  }),
  defineRoute({
    ...base, method: 'put', path: '/workspaces/{workspaceId}/share', summary: 'Upsert Workspace Share',
    body: {
      type: 'object',
      properties: {
        recipientUserIds: { type: 'array', maxItems: 500, items: UUID },
        recipients: { type: 'array', maxItems: 500, items: { type: 'object', required: ['userId'], properties: { userId: UUID, access: { type: 'string', enum: ['read', 'write'] } } } },
        expiresAt: { type: ['string', 'null'], format: 'date-time' },
      },
    },
    operation: WsUpsertShareDocument,
    variables: (req) => ({
      workspaceId: req.params.workspaceId,
      input: {
        recipientUserIds: (req.body.recipientUserIds as string[] | undefined) ?? null,
        recipients: ((req.body.recipients as { userId: string; access?: string }[] | undefined) ?? []).map((r) => ({ userId: r.userId, access: upper(r.access) as 'READ' | 'WRITE' | undefined })),
        ...('expiresAt' in req.body ? { expiresAt: req.body.expiresAt as string | null } : {}),
      },
    }),
    response: (data) => shareJson(data.upsertWorkspaceShare),
  }),
  defineRoute({
    ...base, method: 'delete', path: '/workspaces/{workspaceId}/share', summary: 'Revoke Workspace Share', status: 204,
    operation: WsRevokeShareDocument, variables: (req) => ({ workspaceId: req.params.workspaceId }), response: () => undefined,
  }),
  defineRoute({
    ...base, method: 'delete', path: '/workspaces/{workspaceId}/share/clear', summary: 'Clear Workspace Share', status: 204,
    operation: WsClearShareDocument, variables: (req) => ({ workspaceId: req.params.workspaceId }), response: () => undefined,
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/{workspaceId}/tags', summary: 'List Workspace Tags',
    operation: WsTagsDocument, variables: ws, response: (data) => ({ items: data.workspace.tags.map(tagJson) }),
  }),
  defineRoute({
    ...base, method: 'put', path: '/workspaces/{workspaceId}/tags', summary: 'Set Workspace Tags',
    body: { type: 'object', properties: { tags: { type: 'array', maxItems: 100, items: TAG }, tagNames: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 } } } },
    operation: WsSetTagsDocument,
    variables: (req) => ({ id: req.params.workspaceId, tags: tagInputs(req.body) }),
    response: (data) => ({ items: data.setWorkspaceTags.map(tagJson) }),
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/{workspaceId}/runs/{runId}', summary: 'Get Workspace Run',
    operation: WsRunDocument,
    variables: (req) => ({ workspaceId: req.params.workspaceId, runId: req.params.runId }),
    response: (data) => {
      const r = data.workspaceRun;
      return {
        completedAt: r.completedAt ?? null, context: r.context ?? {}, createdAt: r.createdAt, depth: 0, error: r.error ?? null, id: r.id, observability: null,
        originRoomId: null, originRoomRunId: null, originThreadId: null, outcome: null, parentRunId: null, result: r.result, rootRunId: r.id,
        startedAt: r.startedAt ?? null, status: r.status,
        steps: r.steps.map((s) => ({ completedAt: null, durationMs: null, error: null, id: s.id, input: {}, output: {}, sequence: s.sequence, sourceType: s.sourceType, startedAt: null, status: null, stepKey: s.stepKey, toolCallId: null, toolName: null })),
        taskDisplayName: r.taskDisplayName, taskId: r.taskId, transcriptContent: null, transcriptRawData: null, transcriptUpdatedAt: null,
        triggerRef: r.triggerRef, triggeredBy: r.triggeredBy ?? null, workflowDocumentId: null, workflowDocumentTitle: null, workflowDocumentVersion: null,
        workflowDocumentVersionId: null, workflowDocumentVersionLabel: null, workflowRuntimeSnapshot: null, workspaceId: r.workspaceId,
      };
    },
  }),
  defineRoute({
    ...base, method: 'post', path: '/workspaces/{workspaceId}/tasks', summary: 'Attach Task',
    body: { type: 'object', required: ['taskId'], properties: { taskId: UUID, mutatesWorkspace: { type: 'boolean', default: false } } },
    operation: WsAttachTaskDocument,
    variables: (req) => ({ workspaceId: req.params.workspaceId, input: { taskId: String(req.body.taskId), mutatesWorkspace: Boolean(req.body.mutatesWorkspace) } }),
    response: (data) => detail(data.attachWorkspaceTask),
  }),
  defineRoute({
    ...base, method: 'patch', path: '/workspaces/{workspaceId}/tasks/{id}', summary: 'Update Task Binding',
    body: { type: 'object', properties: { mutatesWorkspace: { type: 'boolean' }, lifecycle: { type: 'string', enum: ['draft', 'active', 'paused'] } } },
    operation: WsUpdateTaskBindingDocument,
    variables: (req) => ({
      workspaceId: req.params.workspaceId, id: req.params.id,
      input: { ...present(req.body, ['mutatesWorkspace']), lifecycle: upper(req.body.lifecycle) as 'DRAFT' | 'ACTIVE' | 'PAUSED' | undefined },
    }),
    response: (data) => detail(data.updateWorkspaceTaskBinding),
  }),
  defineRoute({
    ...base, method: 'delete', path: '/workspaces/{workspaceId}/tasks/{id}', summary: 'Delete Task Binding', status: 204,
    operation: WsDetachTaskDocument, variables: (req) => ({ workspaceId: req.params.workspaceId, id: req.params.id }), response: () => undefined,
  }),
];
