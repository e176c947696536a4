import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const API = '/api/v1/workspaces';

/** Jobs bound to a workspace as tasks, their runs, and the 404s of everyone without a share. */
describe('workspace task bindings and runs', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let outsider: { id: string; token: string };
  let jobId: string;
  let workspaceId: string;

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    outsider = await createUser(server, tenant);
    await rest(server, tenant.token, 'POST', '/v1/datasets', { label: 'sales', source: { inline: 'region,amount\nnorth,10\nsouth,20\n' } });
    const query = await rest(server, tenant.token, 'POST', '/v1/queries', { name: 'total', sql: 'select sum(amount) as total from sales' });
    const teamId = (await gqlOk(server, tenant.token, `mutation { createTeam(input: { name: "ops" }) { id } }`)).createTeam.id;
    const job = await gqlOk(server, tenant.token, `mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, {
      input: { name: 'Refresh totals', description: 'recomputes totals', teamIds: [teamId], queryIds: [query.body.id] },
    });
    jobId = job.createJob.id;
    workspaceId = (await rest(server, tenant.token, 'POST', API, { title: 'Ops' })).body.workspace.id;
  });
  afterAll(() => server?.close());

  it('attaches, updates and detaches a task; a run of it is readable while bound', async () => {
    const attached = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/tasks`, { taskId: jobId });
    expect(attached.status).toBe(200);
    expect(attached.body.boundTasks).toEqual([
      { bindingId: expect.any(String), description: 'recomputes totals', displayName: 'Refresh totals', lifecycle: 'draft', mutatesWorkspace: false, name: 'refresh-totals', taskId: jobId },
    ]);
    const bindingId = attached.body.boundTasks[0].bindingId;
    expect((await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/tasks`, { taskId: jobId })).status).toBe(409);
    expect((await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/tasks`, { taskId: '00000000-0000-0000-0000-000000000000' })).status).toBe(404);

    const updated = await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/tasks/${bindingId}`, { mutatesWorkspace: true });
    expect(updated.body.boundTasks[0]).toMatchObject({ mutatesWorkspace: true, lifecycle: 'draft' });
    const byTaskId = await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/tasks/${jobId}`, { lifecycle: 'active' });
    expect(byTaskId.body.boundTasks[0]).toMatchObject({ mutatesWorkspace: true, lifecycle: 'active' });
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}`)).body.boundTasks).toHaveLength(1);

    const run = await gqlOk(server, tenant.token, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }`, { jobId });
    const runId = run.createJobRun.id;
    let got: any;
    for (let i = 0; i < 100; i++) {
      got = await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/runs/${runId}`);
      if (got.body.status === 'succeeded') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: runId, workspaceId, taskId: jobId, taskDisplayName: 'Refresh totals', status: 'succeeded', triggerRef: 'manual', depth: 0 });
    expect(got.body.steps).toHaveLength(1);
    expect(got.body.steps[0]).toMatchObject({ sequence: 1, sourceType: 'query_run' });
    expect(Object.keys(got.body)).toEqual(expect.arrayContaining(['completedAt', 'observability', 'outcome', 'workflowRuntimeSnapshot', 'transcriptContent']));

    for (const [method, path, body] of [
      ['POST', '/tasks', { taskId: jobId }], ['PATCH', `/tasks/${bindingId}`, { mutatesWorkspace: false }], ['DELETE', `/tasks/${bindingId}`], ['GET', `/runs/${runId}`],
    ] as [string, string, unknown?][]) {
      expect((await rest(server, outsider.token, method, `${API}/${workspaceId}${path}`, body)).status).toBe(404);
    }

    expect((await rest(server, tenant.token, 'DELETE', `${API}/${workspaceId}/tasks/${bindingId}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}`)).body.boundTasks).toEqual([]);
    expect((await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/runs/${runId}`)).status).toBe(404);
  });

  it("does not attach a job the caller cannot see (not in the job's team)", async () => {
    const own = (await rest(server, outsider.token, 'POST', API, { title: 'Mine' })).body.workspace.id;
    expect((await rest(server, outsider.token, 'POST', `${API}/${own}/tasks`, { taskId: jobId })).status).toBe(404);
  });
});
