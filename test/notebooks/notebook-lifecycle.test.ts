import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest, subscribe, wsClient, type QueuedSubscription } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createUser } from '../support/tenants';

const NOTEBOOK_EVENTS = `subscription($notebookId: ID!, $after: String) {
  notebookChanged(notebookId: $notebookId, after: $after) {
    cursor type notebookId status cellId executionStatus executionCount errorMessage message
    output { columns { name dataType } rows rowCount truncated }
  }
}`;

/** Reads events until one of `type`, returning all read (in order). */
async function until(sub: QueuedSubscription, type: string, timeoutMs = 20_000): Promise<any[]> {
  const seen: any[] = [];
  for (;;) {
    const message = await sub.next(timeoutMs);
    if (message.errors) throw new Error(JSON.stringify(message.errors));
    seen.push(message.data!.notebookChanged);
    if (seen[seen.length - 1].type === type) return seen;
  }
}

/** Notebooks: started, a SQL cell run over a dataset with its output live over graphql-ws, idle, stopped on its own. */
describe('notebooks (lifecycle, cells on the SQL engine, idle timeout, live over notebookChanged)', () => {
  let server: TestServer;
  let token: string;
  let configId: string;
  beforeAll(async () => {
    // Short phases and a fast idle check, so the lifecycle runs in seconds.
    server = await startTestServer({ env: { NOTEBOOK_START_MS: '1000', NOTEBOOK_STOP_MS: '300', NOTEBOOK_IDLE_CHECK_MS: '200' } });
    token = server.adminToken;
    const dataset = await rest(server, token, 'POST', '/v1/datasets', { label: 'sales', source: { inline: 'region,amount\nnorth,10\nsouth,20\nnorth,5\n' } });
    expect(dataset.status).toBe(201);
    const cluster = (await gqlOk(server, token, `mutation { createCluster(input: { name: "local" }) { id status } }`)).createCluster;
    expect(cluster.status).toBe('active');
    configId = (await gqlOk(server, token, `mutation($input: CreateWorkloadConfigInput!) { createWorkloadConfig(input: $input) { id } }`, {
      input: { name: 'small', workloadType: 'marimo', clusterId: cluster.id, settings: { executors: 1 } },
    })).createWorkloadConfig.id;
  }, 60_000);
  afterAll(() => server?.close());

  it('starts, runs a SQL cell with the output pushed live, goes idle and stops on its own; executing then is a 409', async () => {
    const notebook = (await gqlOk(server, token, `mutation($input: CreateNotebookInput!) { createNotebook(input: $input) { id status idleTimeoutSeconds workloadConfig { name } } }`, {
      input: { displayName: 'Sales', workloadConfigId: configId, idleTimeoutSeconds: 600 },
    })).createNotebook;
    expect(notebook).toMatchObject({ status: 'stopped', idleTimeoutSeconds: 600, workloadConfig: { name: 'small' } });
    const client = wsClient(server, token);
    // From the start of the log: on a loaded machine a fixed wait may end before the stream is live.
    const sub = subscribe(client, NOTEBOOK_EVENTS, { notebookId: notebook.id, after: '0' });

    const cell = (await gqlOk(server, token, `mutation($id: ID!) { createNotebookCell(notebookId: $id, input: { source: "select region, sum(amount) as amount from sales group by region order by region" }) { id position cellType } }`, { id: notebook.id })).createNotebookCell;
    expect(cell).toMatchObject({ position: 0, cellType: 'sql' });
    // Not running yet: a clear conflict with a stable reason.
    const early = await gql(server, token, `mutation($id: ID!, $cellId: ID!) { executeNotebookCell(notebookId: $id, cellId: $cellId) { id } }`, { id: notebook.id, cellId: cell.id });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'stopped', reason: 'NOTEBOOK_NOT_RUNNING' });

    const started = (await gqlOk(server, token, `mutation($id: ID!) { startNotebook(notebookId: $id) { status } }`, { id: notebook.id })).startNotebook;
    expect(started.status).toBe('starting');
    const again = await gql(server, token, `mutation($id: ID!) { startNotebook(notebookId: $id) { status } }`, { id: notebook.id });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'starting' });
    const boot = await until(sub, 'running');
    expect(boot.map((e) => e.type)).toEqual(['created', 'cell_created', 'starting', 'running']);

    const queued = (await gqlOk(server, token, `mutation($id: ID!, $cellId: ID!) { executeNotebookCell(notebookId: $id, cellId: $cellId) { executionStatus executionCount } }`, { id: notebook.id, cellId: cell.id })).executeNotebookCell;
    expect(queued).toEqual({ executionStatus: 'queued', executionCount: 1 });
    const run = await until(sub, 'cell_succeeded');
    expect(run.map((e) => e.type)).toEqual(['cell_queued', 'cell_running', 'cell_succeeded']);
    expect(run.map((e) => e.executionStatus)).toEqual(['queued', 'running', 'succeeded']);
    expect(run[2]).toMatchObject({
      cellId: cell.id, status: 'running', executionCount: 1,
      output: { columns: [{ name: 'region', dataType: 'VARCHAR' }, { name: 'amount', dataType: expect.any(String) }], rows: [['north', 15], ['south', 20]], rowCount: 2, truncated: false },
    });
    const stored = await gqlOk(server, token, `query($id: ID!) { notebookCells(notebookId: $id) { totalCount nodes { id executionStatus output { rows } executedAt } } }`, { id: notebook.id });
    expect(stored.notebookCells.nodes[0]).toMatchObject({ executionStatus: 'succeeded', output: { rows: [['north', 15], ['south', 20]] }, executedAt: expect.any(String) });

    // A bad statement fails the cell with the engine's reason.
    const bad = (await gqlOk(server, token, `mutation($id: ID!) { createNotebookCell(notebookId: $id, input: { source: "select nope from sales" }) { id position } }`, { id: notebook.id })).createNotebookCell;
    expect(bad.position).toBe(1);
    await gqlOk(server, token, `mutation($id: ID!, $cellId: ID!) { executeNotebookCell(notebookId: $id, cellId: $cellId) { id } }`, { id: notebook.id, cellId: bad.id });
    const failed = await until(sub, 'cell_failed');
    expect(failed[failed.length - 1]).toMatchObject({ cellId: bad.id, executionStatus: 'failed', output: null, errorMessage: expect.stringMatching(/nope/) });

    // The workload config changes only while stopped.
    const swap = await gql(server, token, `mutation($id: ID!, $c: ID!) { updateNotebook(notebookId: $id, input: { workloadConfigId: $c }) { id } }`, { id: notebook.id, c: configId });
    expect(swap.errors).toBeUndefined();

    // With a 1 s idle timeout and no activity it goes idle, then stops on its own.
    await gqlOk(server, token, `mutation($id: ID!) { updateNotebook(notebookId: $id, input: { idleTimeoutSeconds: 1 }) { idleTimeoutSeconds } }`, { id: notebook.id });
    const idle = await until(sub, 'stopped');
    expect(idle.map((e) => e.type)).toEqual(['updated', 'updated', 'idle', 'stopping', 'stopped']);
    expect(idle[3]).toMatchObject({ status: 'stopping', message: 'idle timeout' });
    const now = (await gqlOk(server, token, `query($id: ID!) { notebook(notebookId: $id) { status statusReason stoppedAt } }`, { id: notebook.id })).notebook;
    expect(now).toMatchObject({ status: 'stopped', statusReason: 'idle timeout', stoppedAt: expect.any(String) });

    // Executing on a stopped notebook is a clear error, over GraphQL and REST.
    const late = await gql(server, token, `mutation($id: ID!, $cellId: ID!) { executeNotebookCell(notebookId: $id, cellId: $cellId) { id } }`, { id: notebook.id, cellId: cell.id });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'stopped', reason: 'NOTEBOOK_NOT_RUNNING' });
    const lateRest = await rest(server, token, 'POST', `/lakesail/api/v1/notebooks/${notebook.id}/cells/${cell.id}/execute`);
    expect(lateRest.status).toBe(409);
    expect(lateRest.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/stopped/) });

    // A client that reconnects with a cursor gets exactly what it missed.
    const all = [...boot, ...run, ...failed, ...idle];
    const replay = subscribe(client, NOTEBOOK_EVENTS, { notebookId: notebook.id, after: all[2].cursor });
    const replayed = await until(replay, 'stopped');
    expect(replayed.map((e) => e.cursor)).toEqual(all.slice(3).map((e) => e.cursor));
    sub.dispose();
    replay.dispose();
    await client.dispose();
  }, 90_000);

  it('heartbeats keep it running and resume an idle one; team members watch but may not run; others see nothing', async () => {
    const teamId = (await gqlOk(server, token, `mutation { createTeam(input: { name: "analysts" }) { id } }`)).createTeam.id;
    const member = await createUser(server, { tenantId: server.tenantId, adminId: '', token }, 'DATASET_USER');
    await gqlOk(server, token, `mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { __typename } }`, { t: teamId, u: member.id });
    const outsider = await createUser(server, { tenantId: server.tenantId, adminId: '', token }, 'DATASET_USER');
    const notebook = (await gqlOk(server, token, `mutation($input: CreateNotebookInput!) { createNotebook(input: $input) { id } }`, {
      input: { displayName: 'Shared', workloadConfigId: configId, idleTimeoutSeconds: 2, teamIds: [teamId] },
    })).createNotebook;

    const denied = subscribe(wsClient(server, outsider.token), NOTEBOOK_EVENTS, { notebookId: notebook.id });
    expect((await denied.next()).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql(server, outsider.token, `query($id: ID!) { notebook(notebookId: $id) { id } }`, { id: notebook.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const memberClient = wsClient(server, member.token);
    const watch = subscribe(memberClient, NOTEBOOK_EVENTS, { notebookId: notebook.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await gql(server, member.token, `mutation($id: ID!) { startNotebook(notebookId: $id) { id } }`, { id: notebook.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await gqlOk(server, token, `mutation($id: ID!) { startNotebook(notebookId: $id) { id } }`, { id: notebook.id });
    expect((await until(watch, 'running')).map((e) => e.type)).toEqual(['starting', 'running']);

    // The member opens it (a signed URL valid 5 minutes) and heartbeats: it stays running past its idle timeout.
    const open = (await gqlOk(server, member.token, `mutation($id: ID!) { openNotebook(notebookId: $id) { url expiresAt } }`, { id: notebook.id })).openNotebook;
    const jwt = new URL(open.url).searchParams.get('token')!;
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: member.id, nid: notebook.id, aud: 'notebook-proxy' });
    expect(claims.exp - claims.iat).toBe(300);
    expect(new Date(open.expiresAt).getTime()).toBe(claims.exp * 1000);
    for (let i = 0; i < 7; i++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const beat = await gqlOk(server, member.token, `mutation($id: ID!) { recordNotebookActivity(notebookId: $id) { status } }`, { id: notebook.id });
      expect(beat.recordNotebookActivity.status).toBe('running');
    }
    // Left alone it goes idle; a heartbeat brings it back.
    expect((await until(watch, 'idle')).map((e) => e.type)).toEqual(['idle']);
    expect((await gqlOk(server, member.token, `mutation($id: ID!) { recordNotebookActivity(notebookId: $id) { status } }`, { id: notebook.id })).recordNotebookActivity.status).toBe('running');
    expect((await until(watch, 'running')).map((e) => e.type)).toEqual(['running']);

    // Removing the team: the member's stream gets that event, then nothing more.
    await gqlOk(server, token, `mutation($id: ID!, $t: ID!) { removeNotebookTeam(notebookId: $id, teamId: $t) { teamId } }`, { id: notebook.id, t: teamId });
    await gqlOk(server, token, `mutation($id: ID!) { stopNotebook(notebookId: $id) { status } }`, { id: notebook.id });
    expect(await watch.nothingWithin(1500)).toBe(true);

    // Deleting a notebook that is not stopped goes stopping → stopped first.
    for (let i = 0; i < 100; i++) {
      const { notebook: now } = await gqlOk(server, token, `query($id: ID!) { notebook(notebookId: $id) { status } }`, { id: notebook.id });
      if (now.status === 'stopped') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ownerClient = wsClient(server, token);
    const ownerWatch = subscribe(ownerClient, NOTEBOOK_EVENTS, { notebookId: notebook.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gqlOk(server, token, `mutation($id: ID!) { startNotebook(notebookId: $id) { id } }`, { id: notebook.id });
    const deleted = await gql(server, token, `mutation($id: ID!) { deleteNotebook(notebookId: $id) { id } }`, { id: notebook.id });
    expect(deleted.errors).toBeUndefined();
    const ends = await until(ownerWatch, 'deleted');
    expect(ends.map((e) => e.type)).toEqual(['starting', 'stopping', 'stopped', 'deleted']);
    expect((await gql(server, token, `query($id: ID!) { notebook(notebookId: $id) { id } }`, { id: notebook.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await memberClient.dispose();
    await ownerClient.dispose();
  }, 90_000);
});
