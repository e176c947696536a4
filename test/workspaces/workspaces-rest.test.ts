import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, rest as restCall } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const API = '/api/v1/workspaces';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const WORKSPACE_FIELDS = [
  'backingDatasetId', 'backingOwnerTaskSlug', 'backingRowIdentityColumns', 'backingSourceType', 'backingTableName', 'backingTableScope', 'backingWorkspaceKey',
  'canWrite', 'createdAt', 'description', 'id', 'isShared', 'mode', 'ownerUserId', 'publicId', 'readOnlyReason', 'rendererConfig', 'rowIdColumn',
  'seedArtifactVersionId', 'shareRecipients', 'sharedBy', 'status', 'storageKey', 'title', 'updatedAt', 'viewerAccess',
];
const CHART_FIELDS = ['artifactId', 'chartSpecVersion', 'collapsed', 'createdAt', 'createdBy', 'id', 'lastEditedBy', 'position', 'rendererConfig', 'spec', 'title', 'updatedAt', 'workspaceId'];
const USER_REF_FIELDS = ['email', 'firstName', 'id', 'lastName', 'profilePictureUrl'];
const SESSION_FIELDS = [
  'activeTurnId', 'activeTurnLastEventSeq', 'activeTurnStatus', 'agentSpec', 'agentSpecId', 'createdAt', 'id', 'isShared', 'lastTurnStatus', 'scope',
  'shareRecipients', 'sharedBy', 'title', 'updatedAt', 'viewerAccess', 'workspaceId',
];
const MESSAGE_FIELDS = ['cancelled', 'content', 'createdAt', 'createdBy', 'durationSeconds', 'error', 'format', 'id', 'rawData', 'role', 'threadId', 'turnId', 'updatedAt'];

/** The 32 endpoints of workspaces-api.txt, ids written `{id}`. */
const DOC_ENDPOINTS = [
  'GET ', 'POST ', 'GET /shared', 'GET /table-candidates', 'GET /{id}', 'PATCH /{id}', 'DELETE /{id}', 'POST /{id}/archive', 'POST /{id}/restore',
  'GET /{id}/activity', 'GET /{id}/charts', 'POST /{id}/charts', 'GET /{id}/charts/{id}', 'PATCH /{id}/charts/{id}', 'DELETE /{id}/charts/{id}',
  'POST /{id}/charts/{id}/data', 'PATCH /{id}/charts/{id}/position', 'GET /{id}/data', 'PATCH /{id}/data/cells', 'GET /{id}/runs/{id}',
  'GET /{id}/sessions', 'POST /{id}/sessions', 'GET /{id}/sessions/{id}/messages', 'GET /{id}/share', 'DELETE /{id}/share', 'PUT /{id}/share',
  'DELETE /{id}/share/clear', 'GET /{id}/tags', 'PUT /{id}/tags', 'POST /{id}/tasks', 'PATCH /{id}/tasks/{id}', 'DELETE /{id}/tasks/{id}',
];

/** Every workspaces-api endpoint this file got a 2xx answer from, as `METHOD /path` with ids written `{id}`. */
const answered = new Set<string>();

/** The test client, noting which workspaces-api endpoints answered with success. */
async function rest(server: TestServer, token: string | undefined, method: string, path: string, body?: unknown) {
  const response = await restCall(server, token, method, path, body);
  if (path.startsWith(API) && response.status < 300) {
    answered.add(`${method} ${path.slice(API.length).split('?')[0].replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/g, '/{id}')}`);
  }
  return response;
}

/** The workspaces-api endpoints over REST with the doc's request shapes, response shapes checked field by field. */
describe('workspaces-api REST', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let editor: { id: string; token: string; email: string };
  let outsider: { id: string; token: string };
  let datasetId: string;
  let workspaceId: string;
  let chartId: string;
  let sessionId: string;
  let jobId: string;
  let bindingId: string;
  let runId: string;

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    editor = await createUser(server, tenant);
    outsider = await createUser(server, tenant);
    const dataset = await rest(server, tenant.token, 'POST', '/v1/datasets', {
      label: 'orders',
      source: { inline: 'id,region,amount,note\n1,north,10,a\n2,south,20,b\n3,north,5,c\n4,east,7,d\n' },
    });
    expect(dataset.status).toBe(201);
    datasetId = dataset.body.id;
  });
  afterAll(() => server?.close());

  it('creates a workspace (201) with { boundTasks, warnings, workspace }, warning when the row id column is not a column', async () => {
    const created = await rest(server, tenant.token, 'POST', API, {
      title: 'Order desk', description: 'orders to fix', mode: 'operational', backingDatasetId: datasetId, rowIdColumn: 'order_id', tags: ['finance', 'eu'],
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['boundTasks', 'warnings', 'workspace']);
    expect(created.body.boundTasks).toEqual([]);
    expect(created.body.warnings).toEqual([
      { code: 'row_id_column_not_found', message: expect.any(String), requestedRowIdColumn: 'order_id', effectiveRowIdColumn: 'id' },
    ]);
    const w = created.body.workspace;
    expect(Object.keys(w).sort()).toEqual(WORKSPACE_FIELDS);
    expect(w).toMatchObject({
      title: 'Order desk', description: 'orders to fix', mode: 'operational', status: 'active', ownerUserId: tenant.adminId, isShared: false,
      sharedBy: null, shareRecipients: [], viewerAccess: 'owner', canWrite: true, readOnlyReason: null, backingTableName: 'orders',
      backingTableScope: 'datasets', backingSourceType: 'dataset', backingRowIdentityColumns: ['id'], rowIdColumn: 'id', rendererConfig: {},
    });
    expect(w.id).toMatch(UUID);
    expect(w.publicId).toMatch(/^ws_[0-9a-f]{16}$/);
    expect(w.createdAt).toMatch(ISO);
    workspaceId = w.id;

    const bare = await rest(server, tenant.token, 'POST', API, { title: 'string' });
    expect(bare.status).toBe(201);
    expect(bare.body.workspace).toMatchObject({ title: 'string', mode: 'snapshot', backingTableName: null, rowIdColumn: null });
    expect(bare.body.warnings).toEqual([]);
    const invalid = await rest(server, tenant.token, 'POST', API, { title: '' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.detail[0]).toMatchObject({ loc: ['body', 'title'], msg: expect.any(String), type: expect.any(String) });
  });

  it('gets, updates, lists by status and tags, archives and restores', async () => {
    const got = await rest(server, tenant.token, 'GET', `${API}/${workspaceId}`);
    expect(got.status).toBe(200);
    expect(Object.keys(got.body).sort()).toEqual(['boundTasks', 'workspace']);
    expect(got.body.workspace.id).toBe(workspaceId);

    const patched = await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}`, { title: 'Order desk (EU)' });
    expect(patched.status).toBe(200);
    expect(patched.body.workspace).toMatchObject({ title: 'Order desk (EU)', description: 'orders to fix' });
    expect((await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}`, {})).body.workspace.title).toBe('Order desk (EU)');

    const all = await rest(server, tenant.token, 'GET', API);
    expect(Object.keys(all.body)).toEqual(['items']);
    expect(all.body.items.map((w: any) => w.title).sort()).toEqual(['Order desk (EU)', 'string']);
    expect((await rest(server, tenant.token, 'GET', `${API}?tag=finance`)).body.items.map((w: any) => w.id)).toEqual([workspaceId]);
    expect((await rest(server, tenant.token, 'GET', `${API}?tag=finance&tag=nope&tagMatch=any`)).body.items).toHaveLength(1);
    expect((await rest(server, tenant.token, 'GET', `${API}?tag=finance&tag=nope&tagMatch=all`)).body.items).toHaveLength(0);
    expect((await rest(server, tenant.token, 'GET', `${API}?tag=finance,eu&tagMatch=all`)).body.items).toHaveLength(1);

    const archived = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.workspace).toMatchObject({ status: 'archived', canWrite: false, readOnlyReason: 'archived' });
    expect((await rest(server, tenant.token, 'GET', API)).body.items.map((w: any) => w.id)).not.toContain(workspaceId);
    expect((await rest(server, tenant.token, 'GET', `${API}?status=archived`)).body.items.map((w: any) => w.id)).toEqual([workspaceId]);
    expect((await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}`, { title: 'x' })).status).toBe(409);
    const restored = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/restore`);
    expect(restored.body.workspace).toMatchObject({ status: 'active', canWrite: true });
    expect((await rest(server, tenant.token, 'GET', `${API}?status=bogus`)).status).toBe(422);
  });

  it('lists table candidates', async () => {
    const candidates = await rest(server, tenant.token, 'GET', `${API}/table-candidates`);
    expect(candidates.status).toBe(200);
    expect(candidates.body.items).toEqual([
      {
        canOpenWorkspace: true, canWrite: true, datasetId, lastWriteAt: expect.stringMatching(ISO), logicalTableName: 'orders', ownerTaskSlug: null,
        ownerWorkspaceKey: null, primaryKeyColumns: ['id'], readOnlyReason: null, rowCount: 4, scope: 'datasets', sourceType: 'inline', tableName: 'orders',
      },
    ]);
  });

  it('pages the backing table and writes cell edits through as a new dataset version', async () => {
    const page = await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/data?limit=2&offset=1&sort=desc`);
    expect(page.status).toBe(200);
    expect(Object.keys(page.body).sort()).toEqual([
      'backingTableName', 'backingTableScope', 'canEdit', 'columns', 'hasNext', 'isLive', 'items', 'limit', 'mode', 'offset', 'readOnlyReason', 'rowIdentityColumns', 'total',
    ]);
    expect(page.body).toMatchObject({
      backingTableName: 'orders', backingTableScope: 'datasets', canEdit: true, hasNext: true, isLive: true, limit: 2, mode: 'operational', offset: 1,
      readOnlyReason: null, rowIdentityColumns: ['id'], total: 4,
    });
    expect(page.body.columns[0]).toEqual({ dataType: 'BIGINT', displayName: 'id', name: 'id' });
    expect(page.body.items.map((r: any) => r.id)).toEqual([3, 2]);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/data`)).body.items.map((r: any) => r.id)).toEqual([1, 2, 3, 4]);

    const edit = await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowKey: { id: 2 }, column: 'amount', newValue: 200 });
    expect(edit.status).toBe(200);
    expect(Object.keys(edit.body).sort()).toEqual(['mutationId', 'row']);
    expect(edit.body.mutationId).toMatch(UUID);
    expect(edit.body.row).toEqual({ id: 2, region: 'south', amount: 200, note: 'b' });
    const byRowId = await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowId: 3, column: 'note', newValue: null });
    expect(byRowId.body.row).toMatchObject({ id: 3, note: null });

    const versions = await rest(server, tenant.token, 'GET', `/v1/datasets/${datasetId}`);
    expect(versions.body.latest_version).toBe(3);
    const sql = await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select amount from orders where id = 2' });
    expect(sql.body.rows).toEqual([[200]]);

    expect((await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowKey: { id: 99 }, column: 'amount', newValue: 1 })).status).toBe(404);
    expect((await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowKey: { id: 1 }, column: 'amount', newValue: 'lots' })).status).toBe(400);
    expect((await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowKey: { id: 1 }, column: 'nope', newValue: 1 })).status).toBe(400);
    expect((await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { newValue: 1 })).status).toBe(422);
  });

  it('creates, reads, updates, moves, aggregates and deletes charts', async () => {
    const created = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/charts`, {
      spec: { kind: 'bar', x: { column: 'region' }, y: [{ agg: 'sum', column: 'amount' }] },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(CHART_FIELDS);
    expect(created.body).toMatchObject({
      chartSpecVersion: 1, collapsed: false, createdBy: tenant.adminId, lastEditedBy: tenant.adminId, position: 0, workspaceId,
      spec: { v: 1, kind: 'bar', x: { column: 'region' }, y: [{ agg: 'sum', column: 'amount' }], filters: [], limit: 1000 },
    });
    chartId = created.body.id;
    const second = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/charts`, {
      spec: { kind: 'line', x: { column: 'region' }, y: [{ agg: 'count', column: 'id', label: 'orders' }], sort: { by: 'y', order: 'desc' }, limit: 2 },
      title: 'Orders per region',
    });
    expect(second.body.position).toBe(1);

    const data = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/charts/${chartId}/data`, {});
    expect(data.status).toBe(200);
    expect(data.body).toEqual({
      chartId, xColumn: 'region', yLabel: 'sum(amount)', groupColumn: null, truncated: false,
      rows: [{ x: 'east', y: 7, group: null }, { x: 'north', y: 15, group: null }, { x: 'south', y: 200, group: null }],
    });
    const top = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/charts/${second.body.id}/data`, {});
    expect(top.body).toMatchObject({ yLabel: 'orders', truncated: true, rows: [{ x: 'north', y: 2, group: null }, { x: 'east', y: 1 }] });

    const moved = await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/charts/${chartId}/position`, { position: 1 });
    expect(moved.body.position).toBe(1);
    const list = await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/charts`);
    expect(list.body.items.map((c: any) => [c.id, c.position])).toEqual([[second.body.id, 0], [chartId, 1]]);
    const updated = await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/charts/${chartId}`, {
      title: 'By region', spec: { kind: 'bar', x: { column: 'region' }, y: [{ agg: 'max', column: 'amount' }], filters: [{ column: 'region', op: 'neq', value: 'south' }] },
    });
    expect(updated.body).toMatchObject({ title: 'By region', spec: { y: [{ agg: 'max', column: 'amount' }] } });
    const filtered = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/charts/${chartId}/data`, {});
    expect(filtered.body.rows).toEqual([{ x: 'east', y: 7, group: null }, { x: 'north', y: 10, group: null }]);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/charts/${chartId}`)).body.title).toBe('By region');
    expect((await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/charts`, { spec: { kind: 'bar', x: { column: 'nope' }, y: [{ column: 'amount' }] } })).status).toBe(400);
    expect((await rest(server, tenant.token, 'DELETE', `${API}/${workspaceId}/charts/${second.body.id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/charts/${second.body.id}`)).status).toBe(404);
  });

  it('shares with read and write recipients; viewerAccess, canWrite and readOnlyReason follow the caller', async () => {
    const before = await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/share`);
    expect(before.body).toEqual({ createdAt: null, expiresAt: null, recipientUserIds: [], recipients: [], shareId: null, state: 'not_shared', status: null, updatedAt: null });
    const shared = await rest(server, tenant.token, 'PUT', `${API}/${workspaceId}/share`, { recipients: [{ userId: editor.id, access: 'read' }] });
    expect(shared.status).toBe(200);
    expect(Object.keys(shared.body).sort()).toEqual(['createdAt', 'expiresAt', 'recipientUserIds', 'recipients', 'shareId', 'state', 'status', 'updatedAt']);
    expect(shared.body).toMatchObject({ state: 'shared', status: 'active', recipientUserIds: [editor.id], expiresAt: null });
    expect(Object.keys(shared.body.recipients[0]).sort()).toEqual([...USER_REF_FIELDS, 'access'].sort());
    expect(shared.body.recipients[0]).toMatchObject({ id: editor.id, email: editor.email, access: 'read' });

    const asReader = await rest(server, editor.token, 'GET', `${API}/${workspaceId}`);
    expect(asReader.body.workspace).toMatchObject({ viewerAccess: 'read', canWrite: false, readOnlyReason: 'shared_read_only', isShared: true });
    expect(Object.keys(asReader.body.workspace.sharedBy).sort()).toEqual(USER_REF_FIELDS);
    expect(asReader.body.workspace.sharedBy.id).toBe(tenant.adminId);
    expect((await rest(server, editor.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowKey: { id: 1 }, column: 'amount', newValue: 11 })).status).toBe(403);
    expect((await rest(server, editor.token, 'GET', `${API}/${workspaceId}/data`)).body).toMatchObject({ canEdit: false, readOnlyReason: 'shared_read_only' });
    const mine = await rest(server, editor.token, 'GET', `${API}/shared?limit=10`);
    expect(mine.body).toMatchObject({ hasNext: false, limit: 10, offset: 0, total: 1 });
    expect(mine.body.items[0].id).toBe(workspaceId);

    await rest(server, tenant.token, 'PUT', `${API}/${workspaceId}/share`, { recipients: [{ userId: editor.id, access: 'write' }] });
    const asWriter = await rest(server, editor.token, 'GET', `${API}/${workspaceId}`);
    expect(asWriter.body.workspace).toMatchObject({ viewerAccess: 'write', canWrite: true, readOnlyReason: null });
    expect((await rest(server, editor.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowKey: { id: 1 }, column: 'amount', newValue: 11 })).status).toBe(200);
    expect((await rest(server, editor.token, 'PUT', `${API}/${workspaceId}/share`, { recipientUserIds: [] })).status).toBe(403);
    expect((await rest(server, editor.token, 'POST', `${API}/${workspaceId}/archive`)).status).toBe(403);
  });

  it('opens sessions (chat rooms of the workspace) and lists their messages, sent through chat, with a cursor', async () => {
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/sessions`)).body).toEqual({ items: [] });
    const created = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/sessions`);
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(SESSION_FIELDS);
    expect(created.body).toMatchObject({
      activeTurnId: null, activeTurnLastEventSeq: null, activeTurnStatus: null, agentSpec: null, agentSpecId: null, isShared: true, lastTurnStatus: null,
      scope: { documentId: null, kind: 'general', workspaceId }, title: null, viewerAccess: 'owner', workspaceId,
    });
    expect(created.body.id).toMatch(UUID);
    expect(created.body.createdAt).toMatch(ISO);
    expect(created.body.updatedAt).toMatch(ISO);
    expect(Object.keys(created.body.sharedBy).sort()).toEqual(USER_REF_FIELDS);
    expect(created.body.sharedBy.id).toBe(tenant.adminId);
    expect(created.body.shareRecipients).toEqual([{ email: editor.email, firstName: expect.any(String), id: editor.id, lastName: expect.any(String), profilePictureUrl: null }]);
    sessionId = created.body.id;
    const titled = await rest(server, editor.token, 'POST', `${API}/${workspaceId}/sessions`, { title: 'Refunds' });
    expect(titled.body).toMatchObject({ title: 'Refunds', viewerAccess: 'write' });
    expect((await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/sessions`, { title: '' })).status).toBe(422);

    const listed = await rest(server, editor.token, 'GET', `${API}/${workspaceId}/sessions`);
    expect(Object.keys(listed.body)).toEqual(['items']);
    expect(listed.body.items.map((x: any) => [x.id, x.viewerAccess])).toEqual([[sessionId, 'write'], [titled.body.id, 'write']]);

    // Messages go in through chat (GraphQL and athena's REST); the session lists them.
    await gqlOk(server, tenant.token, `mutation($roomId: ID!) { sendChatMessage(roomId: $roomId, input: { bodyText: "Which refunds are late?" }) { id } }`, { roomId: sessionId });
    const reply = await restCall(server, editor.token, 'POST', `/chat/rooms/${sessionId}/messages`, { body_text: 'Three, all from EU' });
    expect(reply.status).toBe(201);
    const first = await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/sessions/${sessionId}/messages?limit=1`);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['items', 'nextCursor']);
    expect(Object.keys(first.body.items[0]).sort()).toEqual(MESSAGE_FIELDS);
    expect(first.body.items[0]).toMatchObject({
      cancelled: false, content: 'Which refunds are late?', createdBy: tenant.adminId, durationSeconds: null, error: null, format: 'text', rawData: {},
      role: 'user', threadId: sessionId, turnId: null,
    });
    expect(first.body.items[0].createdAt).toMatch(ISO);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest2 = await rest(server, editor.token, 'GET', `${API}/${workspaceId}/sessions/${sessionId}/messages?cursor=${first.body.nextCursor}`);
    expect(rest2.body).toEqual({ items: [expect.objectContaining({ id: reply.body.data.id, content: 'Three, all from EU', createdBy: editor.id })], nextCursor: null });
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/sessions/${sessionId}/messages`)).body.items).toHaveLength(2);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/sessions/${sessionId}/messages?limit=0`)).status).toBe(422);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/sessions/${sessionId}/messages?cursor=nope`)).status).toBe(400);

    // A session is reached only through its own workspace.
    const elsewhere = (await rest(server, tenant.token, 'POST', API, { title: 'Elsewhere' })).body.workspace.id;
    const foreign = (await rest(server, tenant.token, 'POST', `${API}/${elsewhere}/sessions`)).body.id;
    const crossed = await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/sessions/${foreign}/messages`);
    expect(crossed.status).toBe(404);
    expect(typeof crossed.body.detail).toBe('string');
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/sessions/00000000-0000-4000-8000-000000000000/messages`)).status).toBe(404);
    await rest(server, tenant.token, 'DELETE', `${API}/${elsewhere}`);
  });

  it('attaches, updates and detaches a task, and reads a run of it', async () => {
    const query = await restCall(server, tenant.token, 'POST', '/v1/queries', { name: 'order total', sql: 'select sum(amount) as total from orders' });
    const teamId = (await gqlOk(server, tenant.token, `mutation { createTeam(input: { name: "desk" }) { id } }`)).createTeam.id;
    jobId = (await gqlOk(server, tenant.token, `mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, {
      input: { name: 'Order totals', description: 'sums orders', teamIds: [teamId], queryIds: [query.body.id] },
    })).createJob.id;
    const attached = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/tasks`, { taskId: jobId });
    expect(attached.status).toBe(200);
    expect(Object.keys(attached.body).sort()).toEqual(['boundTasks', 'workspace']);
    expect(attached.body.boundTasks).toEqual([
      { bindingId: expect.stringMatching(UUID), description: 'sums orders', displayName: 'Order totals', lifecycle: 'draft', mutatesWorkspace: false, name: 'order-totals', taskId: jobId },
    ]);
    const firstBinding = attached.body.boundTasks[0].bindingId;
    const updated = await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/tasks/${firstBinding}`, { mutatesWorkspace: true, lifecycle: 'active' });
    expect(updated.body.boundTasks[0]).toMatchObject({ mutatesWorkspace: true, lifecycle: 'active' });

    runId = (await gqlOk(server, tenant.token, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }`, { jobId })).createJobRun.id;
    const run = await eventuallyRun(`${API}/${workspaceId}/runs/${runId}`);
    expect(run).toMatchObject({ id: runId, workspaceId, taskId: jobId, taskDisplayName: 'Order totals', status: 'succeeded', depth: 0, rootRunId: runId });
    expect(run.createdAt).toMatch(ISO);

    expect((await rest(server, tenant.token, 'DELETE', `${API}/${workspaceId}/tasks/${firstBinding}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}`)).body.boundTasks).toEqual([]);
    bindingId = (await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/tasks`, { taskId: jobId })).body.boundTasks[0].bindingId;
  });

  /** A job run, once it has finished (runs go through the task queue). */
  async function eventuallyRun(path: string): Promise<any> {
    for (let i = 0; i < 150; i++) {
      const got = await rest(server, tenant.token, 'GET', path);
      if (got.status === 200 && got.body.status === 'succeeded') return got.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`run at ${path} did not finish`);
  }

  it('gets and replaces tags; the activity feed lists what happened, newest first', async () => {
    const tags = await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/tags`);
    expect(tags.body.items.map((t: any) => t.name)).toEqual(['eu', 'finance']);
    expect(Object.keys(tags.body.items[0]).sort()).toEqual(['attributes', 'color', 'createdAt', 'description', 'id', 'name', 'namespace', 'slug', 'updatedAt']);
    const replaced = await rest(server, tenant.token, 'PUT', `${API}/${workspaceId}/tags`, { tags: [{ name: 'Q3 Review', color: '#ff0000' }, 'finance'] });
    expect(replaced.body.items).toEqual([
      expect.objectContaining({ name: 'Q3 Review', slug: 'q3-review', color: '#ff0000' }),
      expect.objectContaining({ name: 'finance', slug: 'finance' }),
    ]);
    expect((await rest(server, tenant.token, 'GET', `${API}?tag=eu`)).body.items).toEqual([]);

    const activity = await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/activity?limit=3`);
    expect(activity.body.items).toHaveLength(3);
    expect(Object.keys(activity.body.items[0]).sort()).toEqual(['createdAt', 'detail', 'id', 'kind', 'status', 'title']);
    expect(activity.body.items[0]).toMatchObject({ kind: 'tags_set', status: 'succeeded', title: 'Tags changed', detail: { actorId: tenant.adminId, tags: ['Q3 Review', 'finance'] } });
    const everything = await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/activity`);
    expect(everything.body.items.map((i: any) => i.kind)).toEqual(expect.arrayContaining(['created', 'archived', 'restored', 'cells_updated', 'chart_created', 'shared']));
  });

  it('gives a user without a share 404 on every endpoint, revoke and clear end access', async () => {
    const requests: [string, string, unknown?][] = [
      ['GET', ''], ['PATCH', '', {}], ['DELETE', ''], ['POST', '/archive'], ['POST', '/restore'], ['GET', '/activity'], ['GET', '/charts'],
      ['POST', '/charts', { spec: { kind: 'bar', x: { column: 'region' }, y: [{ agg: 'sum', column: 'amount' }] } }], ['GET', `/charts/${chartId}`],
      ['PATCH', `/charts/${chartId}`, {}], ['DELETE', `/charts/${chartId}`], ['POST', `/charts/${chartId}/data`, {}], ['PATCH', `/charts/${chartId}/position`, { position: 0 }],
      ['GET', '/data'], ['PATCH', '/data/cells', { rowKey: { id: 1 }, column: 'amount', newValue: 1 }], ['GET', '/share'], ['PUT', '/share', {}], ['DELETE', '/share'],
      ['DELETE', '/share/clear'], ['GET', '/tags'], ['PUT', '/tags', {}], ['GET', '/sessions'], ['POST', '/sessions'], ['GET', `/sessions/${sessionId}/messages`],
      ['POST', '/tasks', { taskId: jobId }], ['PATCH', `/tasks/${bindingId}`, { mutatesWorkspace: false }], ['DELETE', `/tasks/${bindingId}`], ['GET', `/runs/${runId}`],
    ];
    expect(requests).toHaveLength(DOC_ENDPOINTS.filter((e) => e.includes('{id}')).length);
    for (const [method, suffix, body] of requests) {
      const response = await rest(server, outsider.token, method, `${API}/${workspaceId}${suffix}`, body);
      expect(`${method} ${suffix} ${response.status}`).toBe(`${method} ${suffix} 404`);
      expect(typeof response.body.detail).toBe('string');
    }
    expect((await rest(server, outsider.token, 'GET', API)).body.items).toEqual([]);
    expect((await rest(server, outsider.token, 'GET', `${API}/shared`)).body.total).toBe(0);

    expect((await rest(server, tenant.token, 'DELETE', `${API}/${workspaceId}/share`)).status).toBe(204);
    expect((await rest(server, editor.token, 'GET', `${API}/${workspaceId}`)).status).toBe(404);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/share`)).body).toMatchObject({ state: 'not_shared', status: 'revoked', shareId: expect.any(String) });
    await rest(server, tenant.token, 'PUT', `${API}/${workspaceId}/share`, { recipientUserIds: [editor.id] });
    expect((await rest(server, editor.token, 'GET', `${API}/${workspaceId}`)).status).toBe(200);
    expect((await rest(server, tenant.token, 'DELETE', `${API}/${workspaceId}/share/clear`)).status).toBe(204);
    expect((await rest(server, editor.token, 'GET', `${API}/${workspaceId}`)).status).toBe(404);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/share`)).body).toMatchObject({ state: 'not_shared', status: null, shareId: null });
  });

  it('deletes a workspace (204), after which it is 404', async () => {
    expect((await rest(server, tenant.token, 'DELETE', `${API}/${workspaceId}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}`)).status).toBe(404);
    expect((await rest(server, tenant.token, 'GET', `/v1/datasets/${datasetId}`)).status).toBe(200);
  });

  it('answers hotdata GET/POST /v1/workspaces in { ok: true, … } with 201 and 422', async () => {
    const created = await rest(server, tenant.token, 'POST', '/v1/workspaces', { name: 'production-analytics' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      ok: true,
      workspace: { public_id: expect.stringMatching(/^ws_/), name: 'production-analytics', provision_status: 'provisioned', namespace: `workspace-${created.body.workspace.public_id}` },
    });
    const list = await rest(server, tenant.token, 'GET', '/v1/workspaces');
    expect(list.status).toBe(200);
    expect(list.body.ok).toBe(true);
    expect(list.body.workspaces).toContainEqual({
      public_id: created.body.workspace.public_id, name: 'production-analytics', active: true, favorite: false, provision_status: 'provisioned',
      namespace: `workspace-${created.body.workspace.public_id}`,
    });
    const missing = await rest(server, tenant.token, 'POST', '/v1/workspaces', {});
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({ message: expect.stringContaining('name'), status: 422 });
    expect((await rest(server, tenant.token, 'POST', '/v1/workspaces', '{"name":')).status).toBe(400);
    expect((await rest(server, undefined, 'GET', '/v1/workspaces')).status).toBe(401);
  });

  it('has driven every one of the 32 workspaces-api endpoints to a success', () => {
    expect(DOC_ENDPOINTS).toHaveLength(32);
    expect([...answered].sort()).toEqual([...DOC_ENDPOINTS].sort());
  });
});
