import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest, subscribe, wsClient, type QueuedSubscription } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createUser } from '../support/tenants';

const RUN_EVENTS = `subscription($jobId: ID, $runId: ID, $after: String) {
  jobRunUpdated(jobId: $jobId, runId: $runId, after: $after) { cursor type runId jobId status progress message queryRunId resultId }
}`;

/** Reads events until one of `type`, returning all read (in order). */
async function until(sub: QueuedSubscription, type: string, timeoutMs = 15_000): Promise<any[]> {
  const seen: any[] = [];
  for (;;) {
    const message = await sub.next(timeoutMs);
    if (message.errors) throw new Error(JSON.stringify(message.errors));
    seen.push(message.data!.jobRunUpdated);
    if (seen[seen.length - 1].type === type) return seen;
  }
}

/** Job runs: a state machine driven over GraphQL, executed by the runner, watched over graphql-ws. */
describe('job runs (lifecycle, live over jobRunUpdated)', () => {
  let server: TestServer;
  let teamId: string;
  let jobId: string;
  let slowJobId: string;
  beforeAll(async () => {
    server = await startTestServer();
    const token = server.adminToken;
    await rest(server, token, 'POST', '/v1/datasets', { label: 'sales', source: { inline: 'region,amount\nnorth,10\nsouth,20\nnorth,5\n' } });
    const total = await rest(server, token, 'POST', '/v1/queries', { name: 'total', sql: 'select sum(amount) as total from sales' });
    const byRegion = await rest(server, token, 'POST', '/v1/queries', { name: 'by region', sql: 'select region, sum(amount) as amount from sales group by region order by region' });
    const slow = await rest(server, token, 'POST', '/v1/queries', { name: 'slow', sql: 'select count(*) from range(100000000000) where range % 7 = 3' });
    teamId = (await gqlOk(server, token, `mutation { createTeam(input: { name: "analysts" }) { id } }`)).createTeam.id;
    const job = await gqlOk(server, token, `mutation($input: CreateJobInput!) { createJob(input: $input) { id jobKey activeVersion active { version status queryIds } } }`, {
      input: { name: 'Nightly sales', teamIds: [teamId], queryIds: [total.body.id, byRegion.body.id] },
    });
    expect(job.createJob).toMatchObject({ jobKey: 'nightly-sales', activeVersion: 1, active: { version: 1, status: 'published', queryIds: [total.body.id, byRegion.body.id] } });
    // A saved query an active job runs cannot be deleted.
    const inUse = await rest(server, token, 'DELETE', `/v1/queries/${total.body.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.message).toMatch(/run by active job/);
    jobId = job.createJob.id;
    slowJobId = (await gqlOk(server, token, `mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, {
      input: { name: 'Slow', teamIds: [teamId], queryIds: [slow.body.id], timeoutMs: 60_000 },
    })).createJob.id;
  });
  afterAll(() => server?.close());

  it('pushes pending → ready → running → progress → succeeded in order, with the results', async () => {
    const client = wsClient(server, server.adminToken);
    const sub = subscribe(client, RUN_EVENTS, { jobId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { createJobRun } = await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id status version } }`, { jobId });
    expect(createJobRun).toMatchObject({ status: 'ready', version: 1 });
    const events = await until(sub, 'succeeded');
    expect(events.map((e) => e.type)).toEqual(['pending', 'ready', 'running', 'log', 'progress', 'log', 'progress', 'succeeded']);
    expect(events.every((e) => e.runId === createJobRun.id && e.jobId === jobId)).toBe(true);
    const steps = events.filter((e) => e.type === 'progress');
    expect(steps.map((e) => e.progress)).toEqual([0.5, 1]);
    const result = await rest(server, server.adminToken, 'GET', `/v1/results/${steps[1].resultId}`);
    expect(result.body.rows).toEqual([['north', 15], ['south', 20]]);
    const run = await gqlOk(server, server.adminToken, `query($jobId: ID!, $runId: ID!) { jobRun(jobId: $jobId, runId: $runId) { status progress attempts queryRunIds startedAt endedAt } }`, { jobId, runId: createJobRun.id });
    expect(run.jobRun).toMatchObject({ status: 'succeeded', progress: 1, attempts: 1, queryRunIds: steps.map((e) => e.queryRunId), endedAt: expect.any(String) });

    // A client that reconnects with its last cursor gets exactly what it missed.
    const reconnect = subscribe(client, RUN_EVENTS, { jobId, after: events[2].cursor });
    const replayed = await until(reconnect, 'succeeded');
    expect(replayed.map((e) => e.cursor)).toEqual(events.slice(3).map((e) => e.cursor));
    sub.dispose();
    reconnect.dispose();
    await client.dispose();
  });

  it('holds, releases, refuses illegal transitions with the current status, retries and deletes', async () => {
    const held = (await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { createJobRun(jobId: $jobId, input: { hold: true, parameters: { day: "2026-11-24" } }) { id status } }`, { jobId })).createJobRun;
    expect(held.status).toBe('pending');
    const vars = { jobId, runId: held.id };
    const retryPending = await gql(server, server.adminToken, `mutation($jobId: ID!, $runId: ID!) { retryJobRun(jobId: $jobId, runId: $runId) { status } }`, vars);
    expect(retryPending.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', status: 'pending' } });
    const deletePending = await gql(server, server.adminToken, `mutation($jobId: ID!, $runId: ID!) { deleteJobRun(jobId: $jobId, runId: $runId) { id } }`, vars);
    expect(deletePending.errors?.[0].extensions?.code).toBe('CONFLICT');
    const cancelled = await gqlOk(server, server.adminToken, `mutation($jobId: ID!, $runId: ID!) { cancelJobRun(jobId: $jobId, runId: $runId) { status errorMessage } }`, vars);
    expect(cancelled.cancelJobRun).toEqual({ status: 'cancelled', errorMessage: 'Cancelled' });
    const release = await gql(server, server.adminToken, `mutation($jobId: ID!, $runId: ID!) { releaseJobRun(jobId: $jobId, runId: $runId) { status } }`, vars);
    expect(release.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', status: 'cancelled' } });
    const retried = await gqlOk(server, server.adminToken, `mutation($jobId: ID!, $runId: ID!) { retryJobRun(jobId: $jobId, runId: $runId, hold: true) { id status trigger parameters } }`, vars);
    expect(retried.retryJobRun).toEqual({ id: held.id, status: 'pending', trigger: 'retry', parameters: { day: '2026-11-24' } });
    expect((await gqlOk(server, server.adminToken, `mutation($jobId: ID!, $runId: ID!) { releaseJobRun(jobId: $jobId, runId: $runId) { status } }`, vars)).releaseJobRun.status).toBe('ready');
    const done = await (async () => {
      for (let i = 0; i < 100; i++) {
        const { jobRun } = await gqlOk(server, server.adminToken, `query($jobId: ID!, $runId: ID!) { jobRun(jobId: $jobId, runId: $runId) { status } }`, vars);
        if (jobRun.status === 'succeeded') return jobRun;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return undefined;
    })();
    expect(done?.status).toBe('succeeded');
    expect((await gqlOk(server, server.adminToken, `mutation($jobId: ID!, $runId: ID!) { deleteJobRun(jobId: $jobId, runId: $runId) { id } }`, vars)).deleteJobRun.id).toBe(held.id);
    expect((await gql(server, server.adminToken, `query($jobId: ID!, $runId: ID!) { jobRun(jobId: $jobId, runId: $runId) { id } }`, vars)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('cancels a long run mid-query and the subscriber sees cancelled', async () => {
    const client = wsClient(server, server.adminToken);
    const sub = subscribe(client, RUN_EVENTS, { jobId: slowJobId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const run = (await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }`, { jobId: slowJobId })).createJobRun;
    await until(sub, 'running');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const cancelled = await gqlOk(server, server.adminToken, `mutation($jobId: ID!, $runId: ID!) { cancelJobRun(jobId: $jobId, runId: $runId) { status } }`, { jobId: slowJobId, runId: run.id });
    expect(cancelled.cancelJobRun.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5000);
    const rest_ = await until(sub, 'cancelled');
    expect(rest_[rest_.length - 1]).toMatchObject({ status: 'cancelled', message: 'Cancelled' });
    sub.dispose();
    await client.dispose();
  });

  it('a failing query fails the run with the reason; a run past its timeout ends timeout', async () => {
    const bad = await rest(server, server.adminToken, 'POST', '/v1/queries', { name: 'bad', sql: 'select missing_column from sales' });
    const job = (await gqlOk(server, server.adminToken, `mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, { input: { name: 'Broken', teamIds: [teamId], queryIds: [bad.body.id] } })).createJob;
    const client = wsClient(server, server.adminToken);
    const sub = subscribe(client, RUN_EVENTS, { jobId: job.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }`, { jobId: job.id });
    const failed = await until(sub, 'failed');
    expect(failed[failed.length - 1].message).toMatch(/Query 1\/1 failed: .*missing_column/);

    // A new version with a short timeout on the slow query: the run ends timeout.
    await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { createJobVersion(jobId: $jobId, input: { timeoutMs: 500 }) { version } }`, { jobId: slowJobId });
    const timed = subscribe(client, RUN_EVENTS, { jobId: slowJobId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id version } }`, { jobId: slowJobId });
    const ended = await until(timed, 'timeout');
    expect(ended[ended.length - 1].message).toMatch(/timeout/);
    sub.dispose();
    timed.dispose();
    await client.dispose();
  });

  it('versions and drafts: one draft at a time, publish, activate an older version', async () => {
    const draft = await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { createJobDraft(jobId: $jobId, input: { schedule: "0 3 * * *" }) { version status schedule queryIds } }`, { jobId });
    expect(draft.createJobDraft).toMatchObject({ version: 2, status: 'draft', schedule: '0 3 * * *' });
    expect((await gql(server, server.adminToken, `mutation($jobId: ID!) { createJobDraft(jobId: $jobId, input: {}) { version } }`, { jobId })).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await gql(server, server.adminToken, `mutation($jobId: ID!) { activateJobVersion(jobId: $jobId, version: 1) { id } }`, { jobId })).errors?.[0].extensions?.code).toBe('CONFLICT');
    await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { updateJobDraft(jobId: $jobId, input: { timeoutMs: 120000 }) { version } }`, { jobId });
    const published = await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { publishJobDraft(jobId: $jobId) { activeVersion active { schedule timeoutMs status } } }`, { jobId });
    expect(published.publishJobDraft).toEqual({ activeVersion: 2, active: { schedule: '0 3 * * *', timeoutMs: 120000, status: 'published' } });
    expect((await gql(server, server.adminToken, `mutation($jobId: ID!) { publishJobDraft(jobId: $jobId) { id } }`, { jobId })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { activateJobVersion(jobId: $jobId, version: 1) { activeVersion } }`, { jobId })).activateJobVersion.activeVersion).toBe(1);
    const versions = await gqlOk(server, server.adminToken, `query($jobId: ID!) { jobVersions(jobId: $jobId) { nodes { version } } }`, { jobId });
    expect(versions.jobVersions.nodes.map((v: any) => v.version)).toEqual([1, 2]);
    expect((await gql(server, server.adminToken, `mutation { createJob(input: { name: "Nightly sales", teamIds: [], queryIds: [] }) { id } }`)).errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('only members of its teams see a job and its runs, live or not', async () => {
    const outsider = await createUser(server, { tenantId: server.tenantId, adminId: '', token: server.adminToken }, 'DATASET_EDITOR');
    expect((await gql(server, outsider.token, `query($id: ID!) { job(jobId: $id) { id } }`, { id: jobId })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gqlOk(server, outsider.token, `{ myJobs { totalCount } }`)).myJobs.totalCount).toBe(0);
    const client = wsClient(server, outsider.token);
    const everything = subscribe(client, RUN_EVENTS, {});
    const denied = subscribe(client, RUN_EVENTS, { jobId });
    expect((await denied.next()).errors?.[0].message).toMatch(/not found/i);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gqlOk(server, server.adminToken, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }`, { jobId });
    expect(await everything.nothingWithin(1500)).toBe(true);
    // Joining the team opens the job to them.
    await gqlOk(server, server.adminToken, `mutation($teamId: ID!, $userId: ID!) { addTeamMember(teamId: $teamId, userId: $userId) { userId } }`, { teamId, userId: outsider.id });
    expect((await gqlOk(server, outsider.token, `query($id: ID!) { job(jobId: $id) { name } }`, { id: jobId })).job.name).toBe('Nightly sales');
    everything.dispose();
    await client.dispose();
  });
});
