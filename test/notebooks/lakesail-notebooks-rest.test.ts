import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createUser } from '../support/tenants';

const BASE = '/lakesail/api/v1';
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/** lakesail notebooks, cells, sessions and workload configs over REST (camelCase JSON, `{error:{code,message}}`, both list envelopes). */
describe('lakesail REST: notebooks, sessions and workload configs', () => {
  let server: TestServer;
  let token: string;
  let clusterId: string;
  let teamId: string;
  let member: { id: string; token: string };
  const call = (method: string, path: string, body?: unknown, as = token) => rest(server, as, method, `${BASE}${path}`, body);

  beforeAll(async () => {
    server = await startTestServer({ env: { NOTEBOOK_START_MS: '1500', NOTEBOOK_STOP_MS: '200', SESSION_START_MS: '200' } });
    token = server.adminToken;
    await rest(server, token, 'POST', '/v1/datasets', { label: 'sales', source: { inline: 'region,amount\nnorth,10\nsouth,20\nnorth,5\n' } });
    teamId = (await call('POST', '/teams', { name: 'analysts' })).body.id;
    clusterId = (await gqlOk(server, token, `mutation($t: [ID!]) { createCluster(input: { name: "local", teamIds: $t }) { id } }`, { t: [teamId] })).createCluster.id;
    member = await createUser(server, { tenantId: server.tenantId, adminId: '', token }, 'DATASET_USER');
    await gqlOk(server, token, `mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { __typename } }`, { t: teamId, u: member.id });
  }, 60_000);
  afterAll(() => server?.close());

  it('workload configs: create, describe, list with team filter and token paging, immutable workloadType and clusterId', async () => {
    const created = await call('POST', '/workload-configs', { name: 'small', workloadType: 'marimo', clusterId, settings: { executors: 2 } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String), name: 'small', description: null, workloadType: 'marimo', clusterId, settings: { executors: 2 }, createdBy: expect.any(String), createdAt: ISO, updatedAt: ISO,
    });
    expect((await call('POST', '/workload-configs', { name: 'small', workloadType: 'marimo', clusterId })).body).toEqual({ error: { code: 'CONFLICT', message: 'A workload config named "small" already exists' } });
    expect((await call('POST', '/workload-configs', { name: 'ghost', workloadType: 'marimo', clusterId: 'nope' })).status).toBe(404);
    expect((await call('POST', '/workload-configs', { name: 'odd', workloadType: 'python', clusterId })).status).toBe(400);
    await call('POST', '/workload-configs', { name: 'large', workloadType: 'spark_connect', clusterId });

    expect((await call('GET', `/workload-configs/${created.body.id}`)).body).toEqual(created.body);
    const first = await call('GET', '/workload-configs?limit=1');
    expect(first.body).toEqual({ items: [expect.objectContaining({ name: 'large' })], nextToken: expect.any(String) });
    const second = await call('GET', `/workload-configs?limit=1&token=${first.body.nextToken}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'small' })], nextToken: null });
    expect((await call('GET', `/workload-configs?teamId=${teamId}`)).body.items).toHaveLength(2);
    const otherTeam = (await call('POST', '/teams', { name: 'finance' })).body.id;
    expect((await call('GET', `/workload-configs?teamId=${otherTeam}`)).body).toEqual({ items: [], nextToken: null });
    // A team member reaches configs on the team's cluster.
    expect((await call('GET', '/workload-configs', undefined, member.token)).body.items).toHaveLength(2);

    const renamed = await call('PATCH', `/workload-configs/${created.body.id}`, { name: 'small-2', clusterId });
    expect(renamed.body).toMatchObject({ name: 'small-2', clusterId, workloadType: 'marimo' });
    const moved = await call('PATCH', `/workload-configs/${created.body.id}`, { clusterId: 'another' });
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toMatch(/clusterId of a workload config cannot change/);
    expect((await call('PATCH', `/workload-configs/${created.body.id}`, { workloadType: 'spark_connect' })).status).toBe(400);
  });

  it('notebooks: create, list, describe, update, start, open, activity, cells, execute, teams, stop, delete', async () => {
    const configs = (await call('GET', '/workload-configs')).body.items;
    const [configId, otherConfigId] = configs.map((c: any) => c.id);
    const created = await call('POST', '/notebooks', { displayName: 'Sales', description: 'by region', workloadConfigId: configId, idleTimeoutSeconds: 600 });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toEqual({
      id: expect.any(String), displayName: 'Sales', description: 'by region', status: 'stopped', statusReason: null, idleTimeoutSeconds: 600, workloadConfigId: configId,
      ownerId: expect.any(String), lastActivityAt: null, startedAt: null, stoppedAt: null, createdAt: ISO, updatedAt: ISO,
    });
    expect((await call('POST', '/notebooks', { displayName: 'x', workloadConfigId: 'nope' })).status).toBe(404);
    expect((await call('POST', '/notebooks', { displayName: 'x', workloadConfigId: configId, idleTimeoutSeconds: 0 })).status).toBe(400);
    await call('POST', '/notebooks', { displayName: 'Other', workloadConfigId: configId });
    const list = await call('GET', '/notebooks?limit=1&page=2');
    expect(list.body).toEqual({ items: [expect.objectContaining({ id })], page: 2, limit: 1, total: 2 });

    const described = await call('GET', `/notebooks/${id}`);
    expect(described.body).toEqual({ ...created.body, teamIds: [], workloadConfig: { ...configs[0], updatedAt: ISO } });
    const updated = await call('PATCH', `/notebooks/${id}`, { displayName: 'Sales 2', description: null, workloadConfigId: otherConfigId });
    expect(updated.body).toMatchObject({ displayName: 'Sales 2', description: null, workloadConfigId: otherConfigId });

    // Teams: add, list, the team's notebooks, members view but may not change.
    expect((await call('POST', `/notebooks/${id}/teams`, { teamIds: [teamId] })).body).toEqual({ items: [{ teamId, createdAt: ISO }] });
    expect((await call('GET', `/notebooks/${id}/teams`)).body).toEqual({ items: [{ teamId, createdAt: ISO }], page: 1, limit: 100, total: 1 });
    expect((await call('GET', `/teams/${teamId}/notebooks`)).body).toEqual({ items: [expect.objectContaining({ id, displayName: 'Sales 2' })], page: 1, limit: 100, total: 1 });
    expect((await call('GET', '/notebooks', undefined, member.token)).body.total).toBe(1);
    expect((await call('PATCH', `/notebooks/${id}`, { displayName: 'mine' }, member.token)).status).toBe(403);

    // Cells.
    const cell = await call('POST', `/notebooks/${id}/cells`, { source: 'select count(*) as n from sales' });
    expect(cell.status).toBe(201);
    expect(cell.body).toMatchObject({ notebookId: id, position: 0, cellType: 'sql', executionStatus: null, executionCount: 0, output: null });
    const note = (await call('POST', `/notebooks/${id}/cells`, { source: '# Sales', cellType: 'markdown', position: 0 })).body;
    expect(note.position).toBe(0);
    const cells = await call('GET', `/notebooks/${id}/cells`);
    expect(cells.body).toMatchObject({ page: 1, limit: 100, total: 2 });
    expect(cells.body.items.map((c: any) => [c.id, c.position])).toEqual([[note.id, 0], [cell.body.id, 1]]);
    expect((await call('PATCH', `/notebooks/${id}/cells/${note.id}`, { position: 5, source: '# Totals' })).body).toMatchObject({ position: 1, source: '# Totals' });
    expect((await call('POST', `/notebooks/${id}/cells/${cell.body.id}/execute`)).status).toBe(409);

    // Lifecycle.
    const started = await call('POST', `/notebooks/${id}/start`);
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('starting');
    expect((await call('POST', `/notebooks/${id}/start`)).body).toEqual({ error: { code: 'CONFLICT', message: 'Cannot start a notebook that is starting (allowed from: stopped)' } });
    await eventually(async () => ((await call('GET', `/notebooks/${id}`)).body.status === 'running' ? true : undefined));
    expect((await call('PATCH', `/notebooks/${id}`, { workloadConfigId: configId })).status).toBe(409);
    const open = await call('POST', `/notebooks/${id}/open`, undefined, member.token);
    expect(open.body).toEqual({ url: expect.stringMatching(new RegExp(`^https://sessions.localhost/notebooks/${id}/auth\\?token=`)), expiresAt: ISO });
    expect(claimsOf(new URL(open.body.url).searchParams.get('token')!).aud).toBe('notebook-proxy');
    const beat = await call('POST', `/notebooks/${id}/activity`, undefined, member.token);
    expect(beat.status).toBe(204);
    expect((await call('POST', `/notebooks/${id}/cells/${note.id}/execute`)).status).toBe(400);
    const executed = await call('POST', `/notebooks/${id}/cells/${cell.body.id}/execute`);
    expect(executed.status).toBe(202);
    expect(executed.body).toMatchObject({ executionStatus: 'queued', executionCount: 1 });
    const done = await eventually(async () => {
      const items = (await call('GET', `/notebooks/${id}/cells`)).body.items;
      return items.find((c: any) => c.id === cell.body.id && c.executionStatus === 'succeeded');
    });
    expect(done.output).toEqual({ columns: [{ name: 'n', dataType: 'BIGINT', nullable: true }], rows: [[3]], rowCount: 1, truncated: false });
    expect((await call('DELETE', `/notebooks/${id}/cells/${note.id}`)).status).toBe(204);
    expect((await call('GET', `/notebooks/${id}/cells`)).body.items.map((c: any) => c.position)).toEqual([0]);

    const stopped = await call('POST', `/notebooks/${id}/stop`);
    expect(stopped.status).toBe(202);
    expect(stopped.body.status).toBe('stopping');
    await eventually(async () => ((await call('GET', `/notebooks/${id}`)).body.status === 'stopped' ? true : undefined));
    expect((await call('POST', `/notebooks/${id}/stop`)).status).toBe(409);
    expect((await call('POST', `/notebooks/${id}/open`)).status).toBe(409);
    expect((await call('POST', `/notebooks/${id}/activity`)).status).toBe(409);

    expect((await call('DELETE', `/notebooks/${id}/teams/${teamId}`)).status).toBe(204);
    expect((await call('GET', `/notebooks/${id}`, undefined, member.token)).status).toBe(404);
    const deleted = await call('DELETE', `/notebooks/${id}`);
    expect(deleted.status).toBe(204);
    expect((await call('GET', `/notebooks/${id}`)).body).toEqual({ error: { code: 'NOT_FOUND', message: `Notebook ${id} not found` } });
  }, 60_000);

  it('sessions: create (pending → active), list with filters and token paging, describe with connectionInfo for the owner, proxy token, close, relaunch', async () => {
    const [marimo, spark] = await Promise.all(['small-2', 'large'].map(async (name) => (await call('GET', '/workload-configs')).body.items.find((c: any) => c.name === name)));
    const created = await call('POST', '/sessions', { workloadConfigId: spark.id, teamId, name: 'etl' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toEqual({
      id: expect.any(String), name: 'etl', ownerId: expect.any(String), teamId, workloadConfigId: spark.id, endpointType: 'spark_connect', status: 'pending', statusReason: null,
      activatedAt: null, closedAt: null, relaunchedFromId: null, createdAt: ISO, updatedAt: ISO,
    });
    const ui = (await call('POST', '/sessions', { workloadConfigId: marimo.id })).body;
    expect(ui.endpointType).toBe('marimo');
    expect((await call('POST', '/sessions', { workloadConfigId: marimo.id, endpointType: 'jupyter' })).status).toBe(400);

    const active = await eventually(async () => {
      const s = (await call('GET', `/sessions/${id}`)).body;
      return s.status === 'active' ? s : undefined;
    });
    expect(active).toMatchObject({ activatedAt: ISO, connectionInfo: { transport: 'grpc', grpcEndpoint: 'sessions.localhost:443', proxyAuthUrl: null, expiresAt: null } });
    const uiInfo = (await call('GET', `/sessions/${ui.id}`)).body.connectionInfo;
    expect(uiInfo).toMatchObject({ transport: 'http', proxyAuthUrl: expect.stringMatching(new RegExp(`^https://sessions.localhost/sessions/${ui.id}/auth\\?token=`)), expiresAt: ISO });
    // A team member sees the team's session, without its connection info; not the admin's own.
    const seen = await call('GET', `/sessions/${id}`, undefined, member.token);
    expect(seen.body).toMatchObject({ id, connectionInfo: null });
    expect((await call('GET', `/sessions/${ui.id}`, undefined, member.token)).status).toBe(404);

    const page1 = await call('GET', '/sessions?limit=1');
    expect(page1.body).toEqual({ items: [expect.objectContaining({ id: ui.id })], nextToken: expect.any(String) });
    expect((await call('GET', `/sessions?limit=1&token=${page1.body.nextToken}`)).body).toEqual({ items: [expect.objectContaining({ id })], nextToken: null });
    expect((await call('GET', `/sessions?teamId=${teamId}`)).body.items.map((s: any) => s.id)).toEqual([id]);
    expect((await call('GET', '/sessions?endpointType=marimo')).body.items.map((s: any) => s.id)).toEqual([ui.id]);
    expect((await call('GET', '/sessions?status=closed')).body.items).toEqual([]);
    expect((await call('GET', '/sessions?status=gone')).status).toBe(400);

    const proxy = await call('POST', `/sessions/${id}/proxy-token`, { ttlSeconds: 120 });
    expect(proxy.body).toEqual({ token: expect.any(String), expiresAt: ISO, grpcEndpoint: 'sessions.localhost:443' });
    const claims = claimsOf(proxy.body.token);
    expect(claims).toMatchObject({ sid: id, aud: 'session-proxy' });
    expect(claims.exp - claims.iat).toBe(120);
    // A proxy token is not an API token.
    expect((await call('GET', '/notebooks', undefined, proxy.body.token)).status).toBe(401);
    expect((await call('POST', `/sessions/${id}/proxy-token`, {}, member.token)).status).toBe(403);
    expect((await call('POST', `/sessions/${id}/proxy-token`, { ttlSeconds: 10 })).status).toBe(400);

    expect((await call('POST', `/sessions/${id}/relaunch`)).status).toBe(409);
    expect((await call('POST', `/sessions/${id}/close`, undefined, member.token)).status).toBe(403);
    const closed = await call('POST', `/sessions/${id}/close`);
    expect(closed.body).toMatchObject({ id, status: 'closed', closedAt: ISO });
    expect((await call('POST', `/sessions/${id}/close`)).body.error).toMatchObject({ code: 'CONFLICT', message: 'Cannot close a session that is closed (allowed from: pending, active, idle)' });
    expect((await call('POST', `/sessions/${id}/proxy-token`)).status).toBe(409);
    expect((await call('GET', `/sessions/${id}`)).body.connectionInfo).toBeNull();
    expect((await call('POST', `/sessions/${id}/relaunch`, undefined, member.token)).status).toBe(403);
    const relaunched = await call('POST', `/sessions/${id}/relaunch`);
    expect(relaunched.status).toBe(201);
    expect(relaunched.body).toMatchObject({ status: 'pending', workloadConfigId: spark.id, endpointType: 'spark_connect', teamId, relaunchedFromId: id });
    expect(relaunched.body.id).not.toBe(id);
    expect((await call('GET', `/sessions/${id}`)).body.status).toBe('closed');
    expect((await call('GET', '/sessions/nope')).status).toBe(404);
  }, 60_000);

  it('lists every route in the OpenAPI document', async () => {
    const doc = (await rest(server, undefined, 'GET', '/openapi.json')).body;
    for (const path of [
      '/notebooks', '/notebooks/{notebookId}', '/notebooks/{notebookId}/start', '/notebooks/{notebookId}/stop', '/notebooks/{notebookId}/open',
      '/notebooks/{notebookId}/activity', '/notebooks/{notebookId}/teams', '/notebooks/{notebookId}/teams/{teamId}', '/teams/{teamId}/notebooks',
      '/notebooks/{notebookId}/cells', '/notebooks/{notebookId}/cells/{cellId}', '/notebooks/{notebookId}/cells/{cellId}/execute',
      '/sessions', '/sessions/{sessionId}', '/sessions/{sessionId}/close', '/sessions/{sessionId}/proxy-token', '/sessions/{sessionId}/relaunch',
      '/workload-configs', '/workload-configs/{workloadConfigId}',
    ]) expect(doc.paths[`${BASE}${path}`], path).toBeDefined();
  });
});
