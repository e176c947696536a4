import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

const RUNS = `query($jobId: ID!) { jobRuns(filter: { jobId: $jobId }, first: 500) { nodes { id status trigger scheduledFor attempts createdBy } } }`;

/** A job version's cron schedule creates runs on time, once per time, whichever instances are up. */
describe('scheduled job runs', () => {
  let a: TestServer;
  let b: TestServer;
  let jobId: string;
  beforeAll(async () => {
    a = await startTestServer();
    b = await startTestServer({ sameDatabaseAs: a });
    await rest(a, a.adminToken, 'POST', '/v1/datasets', { label: 'ticks', source: { inline: 'n\n1\n' } });
    const query = await rest(a, a.adminToken, 'POST', '/v1/queries', { name: 'count', sql: 'select count(*) from ticks' });
    const team = (await gqlOk(a, a.adminToken, `mutation { createTeam(input: { name: "ops" }) { id } }`)).createTeam.id;
    const bad = await gql(a, a.adminToken, `mutation($q: ID!, $t: ID!) { createJob(input: { name: "bad", teamIds: [$t], queryIds: [$q], schedule: "every day" }) { id } }`, { q: query.body.id, t: team });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/not a cron expression/) });
    const job = await gqlOk(a, a.adminToken, `mutation($q: ID!, $t: ID!) { createJob(input: { name: "every second", teamIds: [$t], queryIds: [$q], schedule: "* * * * * *" }) { id nextRunAt } }`, { q: query.body.id, t: team });
    expect(Date.parse(job.createJob.nextRunAt)).toBeGreaterThan(Date.now() - 2000);
    jobId = job.createJob.id;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('two instances create one run per scheduled second; each runs once; a lost instance does not stop the schedule', async () => {
    await new Promise((resolve) => setTimeout(resolve, 4500));
    // Instance b goes away; a keeps scheduling alone.
    await b.close();
    const before = (await gqlOk(a, a.adminToken, RUNS, { jobId })).jobRuns.nodes.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    // Stop the schedule with a new version without one.
    const stopped = await gqlOk(a, a.adminToken, `mutation($jobId: ID!) { createJobVersion(jobId: $jobId, input: { schedule: null }) { schedule } }`, { jobId });
    expect(stopped.createJobVersion.schedule).toBeNull();
    expect((await gqlOk(a, a.adminToken, `query($jobId: ID!) { job(jobId: $jobId) { nextRunAt } }`, { jobId })).job.nextRunAt).toBeNull();

    let runs: any[] = [];
    for (let i = 0; i < 100; i++) {
      runs = (await gqlOk(a, a.adminToken, RUNS, { jobId })).jobRuns.nodes;
      if (runs.every((r) => r.status === 'succeeded')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(runs.length).toBeGreaterThanOrEqual(5);
    expect(runs.length).toBeGreaterThan(before);
    const times = runs.map((r) => r.scheduledFor);
    expect(new Set(times).size).toBe(times.length);
    for (const run of runs) {
      expect(run).toMatchObject({ trigger: 'schedule', status: 'succeeded', attempts: 1, createdBy: 'scheduler' });
      expect(Date.parse(run.scheduledFor) % 1000).toBe(0);
    }
    const count = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await gqlOk(a, a.adminToken, RUNS, { jobId })).jobRuns.nodes.length).toBe(count);
  });
});
