import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createUser } from '../support/tenants';

const BASE = '/lakesail/api/v1';
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

/** lakesail jobs, versions, drafts, teams and job runs over REST (camelCase JSON, `{error:{code,message}}`). */
describe('lakesail REST: jobs and job runs', () => {
  let server: TestServer;
  let token: string;
  let teamId: string;
  let otherTeamId: string;
  let totalId: string;
  let byRegionId: string;
  const call = (method: string, path: string, body?: unknown) => rest(server, token, method, `${BASE}${path}`, body);

  beforeAll(async () => {
    server = await startTestServer();
    token = server.adminToken;
    await rest(server, token, 'POST', '/v1/datasets', { label: 'sales', source: { inline: 'region,amount\nnorth,10\nsouth,20\nnorth,5\n' } });
    totalId = (await rest(server, token, 'POST', '/v1/queries', { name: 'total', sql: 'select sum(amount) as total from sales' })).body.id;
    byRegionId = (await rest(server, token, 'POST', '/v1/queries', { name: 'by region', sql: 'select region, sum(amount) as amount from sales group by region order by region' })).body.id;
    teamId = (await call('POST', '/teams', { name: 'analysts' })).body.id;
    otherTeamId = (await call('POST', '/teams', { name: 'finance' })).body.id;
  });
  afterAll(() => server?.close());

  it('jobs: create, describe with teamIds and the active version, update, lists with paging and sort, delete', async () => {
    const created = await call('POST', '/jobs', { name: 'Nightly sales', description: 'sums', teamIds: [teamId], queryIds: [totalId, byRegionId], schedule: '0 2 * * *', settings: { dependsOn: [] } });
    expect(created.status).toBe(201);
    const job = created.body;
    expect(job).toEqual({
      id: expect.any(String), name: 'Nightly sales', description: 'sums', jobKey: 'nightly-sales', activeVersion: 1, lastRunAt: null, createdAt: ISO, updatedAt: ISO,
      active: { version: 1, status: 'published', queryIds: [totalId, byRegionId], clusterId: null, schedule: '0 2 * * *', timeoutMs: 3_600_000, settings: { dependsOn: [] }, publishedAt: ISO, createdAt: ISO },
    });
    const duplicate = await call('POST', '/jobs', { name: 'Nightly sales', teamIds: [teamId], queryIds: [totalId] });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ error: { code: 'CONFLICT', message: 'A job with key "nightly-sales" already exists' } });
    expect((await call('POST', '/jobs', { name: 'No teams', teamIds: [], queryIds: [totalId] })).status).toBe(400);
    expect((await call('POST', '/jobs', { name: 'Bad cron', teamIds: [teamId], queryIds: [totalId], schedule: 'often' })).status).toBe(400);
    const missingQuery = await call('POST', '/jobs', { name: 'Ghost', teamIds: [teamId], queryIds: ['nope'] });
    expect(missingQuery.status).toBe(404);
    expect(missingQuery.body.error.code).toBe('NOT_FOUND');

    const described = await call('GET', `/jobs/${job.id}`);
    expect(described.status).toBe(200);
    expect(described.body).toEqual({ ...job, teamIds: [teamId] });
    const updated = await call('PATCH', `/jobs/${job.id}`, { name: 'Nightly sales v2', description: null });
    expect(updated.body).toMatchObject({ id: job.id, name: 'Nightly sales v2', description: null, jobKey: 'nightly-sales', active: { version: 1 } });
    expect((await call('PATCH', `/jobs/${job.id}`, { name: '' })).status).toBe(400);

    // Creating a job requires an active cluster.
    const clusterId = (await gqlOk(server, token, `mutation { createCluster(input: { name: "k8s" }) { id } }`)).createCluster.id;
    expect((await call('POST', '/jobs', { name: 'Nowhere', teamIds: [otherTeamId], queryIds: [totalId], clusterId: 'CLUSTER1' })).status).toBe(404);
    for (const name of ['Alpha', 'Zulu']) await call('POST', '/jobs', { name, teamIds: [otherTeamId], queryIds: [totalId], clusterId });
    const all = await call('GET', '/jobs?limit=2&page=2');
    expect(all.body).toMatchObject({ page: 2, limit: 2, total: 3 });
    expect(all.body.items).toHaveLength(1);
    const mine = await call('GET', '/jobs/mine?sort=jobKey&dir=desc&limit=2');
    expect(mine.body).toEqual({ items: [expect.objectContaining({ jobKey: 'zulu' }), expect.objectContaining({ jobKey: 'nightly-sales' })], page: 1, limit: 2, total: 3 });
    expect(Object.keys(mine.body.items[0]).sort()).toEqual(['activeVersion', 'createdAt', 'description', 'id', 'jobKey', 'lastRunAt', 'name', 'updatedAt']);
    expect((await call('GET', '/jobs/mine?sort=name')).status).toBe(400);
    expect((await call('GET', '/jobs?limit=101')).status).toBe(400);
    const team = await call('GET', `/teams/${otherTeamId}/jobs?sort=jobKey`);
    expect(team.body.items.map((j: any) => j.jobKey).sort()).toEqual(['alpha', 'zulu']);
    expect((await call('GET', `/clusters/${clusterId}/jobs`)).body.total).toBe(2);
    expect(await call('GET', '/clusters/NONE/jobs')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Cluster NONE not found' } } });
    expect((await call('GET', '/teams/NONE/jobs')).status).toBe(404);

    // A member outside the job's teams does not see it; a Dataset user may not change it.
    const outsider = await createUser(server, { tenantId: server.tenantId, adminId: '', token }, 'DATASET_USER');
    expect((await rest(server, outsider.token, 'GET', `${BASE}/jobs/${job.id}`)).status).toBe(404);
    expect((await rest(server, outsider.token, 'GET', `${BASE}/jobs/mine`)).body.total).toBe(0);
    // Every list applies the same rule: a non-admin sees its teams' jobs only, on a cluster too.
    expect((await rest(server, outsider.token, 'GET', `${BASE}/jobs`)).body.total).toBe(0);
    expect((await rest(server, outsider.token, 'GET', `${BASE}/clusters/${clusterId}/jobs`)).body).toMatchObject({ items: [], total: 0 });
    expect((await rest(server, outsider.token, 'GET', `${BASE}/teams/${otherTeamId}/jobs`)).body.total).toBe(0);
    expect((await gqlOk(server, outsider.token, '{ jobs { totalCount } }')).jobs.totalCount).toBe(0);
    const financeMember = await createUser(server, { tenantId: server.tenantId, adminId: '', token }, 'DATASET_USER');
    await gqlOk(server, token, 'mutation($teamId: ID!, $userId: ID!) { addTeamMember(teamId: $teamId, userId: $userId) { userId } }', { teamId: otherTeamId, userId: financeMember.id });
    const onCluster = await rest(server, financeMember.token, 'GET', `${BASE}/clusters/${clusterId}/jobs`);
    expect(onCluster.body.items.map((j: any) => j.jobKey).sort()).toEqual(['alpha', 'zulu']);
    expect((await rest(server, financeMember.token, 'GET', `${BASE}/jobs`)).body.items.map((j: any) => j.jobKey).sort()).toEqual(['alpha', 'zulu']);
    expect((await rest(server, outsider.token, 'PATCH', `${BASE}/jobs/${job.id}`, { name: 'x' })).status).toBe(403);

    const alpha = (await call('GET', '/jobs/mine?sort=jobKey')).body.items[0];
    expect(alpha.jobKey).toBe('alpha');
    const deleted = await call('DELETE', `/jobs/${alpha.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeFalsy();
    const gone = await call('GET', `/jobs/${alpha.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining(alpha.id) } });
    expect((await call('DELETE', `/jobs/${alpha.id}`)).status).toBe(404);
  });

  it('versions and drafts: one draft at a time (409), publish, 400 without a draft, activate, describe a version', async () => {
    const job = (await call('POST', '/jobs', { name: 'Versioned', teamIds: [teamId], queryIds: [totalId] })).body;
    expect((await call('GET', `/jobs/${job.id}/draft`)).status).toBe(404);
    expect((await call('PATCH', `/jobs/${job.id}/draft`, { schedule: '0 1 * * *' })).status).toBe(404);
    expect((await call('DELETE', `/jobs/${job.id}/draft`)).status).toBe(404);

    const draft = await call('POST', `/jobs/${job.id}/draft`, { schedule: '0 3 * * *' });
    expect(draft.status).toBe(201);
    expect(draft.body).toEqual({ version: 2, status: 'draft', queryIds: [totalId], clusterId: null, schedule: '0 3 * * *', timeoutMs: 3_600_000, settings: null, publishedAt: null, createdAt: ISO });
    const again = await call('POST', `/jobs/${job.id}/draft`, {});
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: 'CONFLICT', message: expect.stringContaining('already has a draft') });
    expect((await call('POST', `/jobs/${job.id}/versions`, { timeoutMs: 1000 })).status).toBe(409);
    expect((await call('POST', `/jobs/${job.id}/versions/activate`, { version: 1 })).status).toBe(409);
    const patched = await call('PATCH', `/jobs/${job.id}/draft`, { queryIds: [byRegionId, totalId], timeoutMs: 120_000 });
    expect(patched.body).toMatchObject({ version: 2, status: 'draft', queryIds: [byRegionId, totalId], schedule: '0 3 * * *', timeoutMs: 120_000 });
    expect((await call('GET', `/jobs/${job.id}/draft`)).body).toEqual(patched.body);
    expect((await call('PATCH', `/jobs/${job.id}/draft`, { timeoutMs: 5 })).status).toBe(400);
    // A cluster that is not the tenant's (or does not exist) is refused, and the draft keeps its own.
    const unknownCluster = await call('PATCH', `/jobs/${job.id}/draft`, { clusterId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownCluster.status).toBe(404);
    expect(unknownCluster.body.error.code).toBe('NOT_FOUND');
    expect((await call('POST', `/jobs/${job.id}/versions`, { clusterId: '00000000-0000-4000-8000-000000000000' })).status).toBe(409); // the draft exists first
    expect((await call('GET', `/jobs/${job.id}/draft`)).body.clusterId).toBeNull();

    const published = await call('POST', `/jobs/${job.id}/draft/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: job.id, activeVersion: 2, active: { version: 2, status: 'published', publishedAt: ISO, queryIds: [byRegionId, totalId] } });
    const noDraft = await call('POST', `/jobs/${job.id}/draft/publish`);
    expect(noDraft.status).toBe(400);
    expect(noDraft.body.error.code).toBe('BAD_USER_INPUT');
    expect((await call('POST', '/jobs/nope/draft/publish')).status).toBe(404);

    // Discard: the job keeps its active version.
    expect((await call('POST', `/jobs/${job.id}/draft`, { schedule: null })).status).toBe(201);
    expect((await call('DELETE', `/jobs/${job.id}/draft`)).status).toBe(204);
    expect((await call('GET', `/jobs/${job.id}`)).body.activeVersion).toBe(2);

    expect((await call('POST', `/jobs/${job.id}/versions`, { clusterId: 'CLUSTER9' })).status).toBe(404);
    const cluster9 = (await gqlOk(server, token, `mutation { createCluster(input: { name: "k8s-9" }) { id } }`)).createCluster.id;
    const v3 = await call('POST', `/jobs/${job.id}/versions`, { clusterId: cluster9 });
    expect(v3.status).toBe(201);
    // The discarded draft's number is free again.
    expect(v3.body).toMatchObject({ version: 3, status: 'published', clusterId: cluster9, queryIds: [byRegionId, totalId] });
    const activated = await call('POST', `/jobs/${job.id}/versions/activate`, { version: 1 });
    expect(activated.body).toMatchObject({ activeVersion: 1, active: { version: 1, clusterId: null } });
    expect((await call('POST', `/jobs/${job.id}/versions/activate`, { version: 9 })).status).toBe(404);
    expect((await call('POST', `/jobs/${job.id}/versions/activate`, {})).status).toBe(400);

    const versions = await call('GET', `/jobs/${job.id}/versions?limit=2`);
    expect(versions.body).toMatchObject({ page: 1, limit: 2, total: 3 });
    expect(versions.body.items.map((v: any) => v.version)).toEqual([1, 2]);
    expect((await call('GET', `/jobs/${job.id}/versions?limit=2&page=2`)).body.items.map((v: any) => v.version)).toEqual([3]);
    expect((await call('GET', `/jobs/${job.id}/versions/2`)).body).toEqual(published.body.active);
    expect((await call('GET', `/jobs/${job.id}/versions/9`)).status).toBe(404);
    expect((await call('GET', `/jobs/${job.id}/versions/x`)).status).toBe(400);
  });

  it('teams: list paged, add, remove (a job keeps one team: 409)', async () => {
    const job = (await call('POST', '/jobs', { name: 'Shared', teamIds: [teamId], queryIds: [totalId] })).body;
    const added = await call('POST', `/jobs/${job.id}/teams`, { teamIds: [otherTeamId] });
    expect(added.status).toBe(200);
    expect(added.body.items.map((t: any) => t.teamId)).toEqual([teamId, otherTeamId]);
    expect(added.body.items[0]).toEqual({ teamId, createdAt: ISO });
    expect((await call('POST', `/jobs/${job.id}/teams`, { teamIds: [] })).status).toBe(400);
    expect((await call('POST', `/jobs/${job.id}/teams`, { teamIds: ['NOTEAM'] })).status).toBe(404);
    const page = await call('GET', `/jobs/${job.id}/teams?limit=1&page=2`);
    expect(page.body).toEqual({ items: [{ teamId: otherTeamId, createdAt: ISO }], page: 2, limit: 1, total: 2 });
    expect((await call('GET', `/jobs/${job.id}`)).body.teamIds).toEqual([teamId, otherTeamId]);
    expect((await call('DELETE', `/jobs/${job.id}/teams/${teamId}`)).status).toBe(204);
    const last = await call('DELETE', `/jobs/${job.id}/teams/${otherTeamId}`);
    expect(last.status).toBe(409);
    expect(last.body.error.message).toBe('A job keeps at least one team');
    expect((await call('GET', `/jobs/${job.id}/teams`)).body).toMatchObject({ total: 1, items: [{ teamId: otherTeamId }] });
  });

  it('runs: create (201) and reach succeeded, hold/release/cancel/retry with 409 naming the status, token paging, delete', async () => {
    const job = (await call('POST', '/jobs', { name: 'Runner', teamIds: [teamId], queryIds: [totalId, byRegionId] })).body;
    const created = await call('POST', `/jobs/${job.id}/runs`, {});
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String), jobId: job.id, version: 1, status: 'ready', trigger: 'manual', parameters: null, attempts: 0, progress: 0, queryRunIds: [],
      errorMessage: null, createdBy: expect.any(String), startedAt: null, endedAt: null, createdAt: ISO,
    });
    const done = await waitFor(job.id, created.body.id, 'succeeded');
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, attempts: 1, startedAt: ISO, endedAt: ISO, errorMessage: null });
    expect(done.queryRunIds).toHaveLength(2);
    expect((await call('GET', `/jobs/${job.id}`)).body.lastRunAt).toEqual(ISO);

    const held = await call('POST', `/jobs/${job.id}/runs`, { hold: true, parameters: { day: '2026-11-24' } });
    expect(held.body).toMatchObject({ status: 'pending', parameters: { day: '2026-11-24' } });
    const runPath = `/jobs/${job.id}/runs/${held.body.id}`;
    const retryPending = await call('POST', `${runPath}/retry`, {});
    expect(retryPending.status).toBe(409);
    expect(retryPending.body.error).toEqual({ code: 'CONFLICT', message: expect.stringContaining('that is pending') });
    const deletePending = await call('DELETE', runPath);
    expect(deletePending.status).toBe(409);
    expect(deletePending.body.error.message).toContain('this one is pending');
    const cancelled = await call('POST', `${runPath}/cancel`);
    expect(cancelled.body).toMatchObject({ id: held.body.id, status: 'cancelled', errorMessage: 'Cancelled' });
    const release = await call('POST', `${runPath}/release`);
    expect(release.status).toBe(409);
    expect(release.body.error.message).toContain('that is cancelled');
    expect((await call('POST', `${runPath}/cancel`)).status).toBe(409);
    expect((await call('POST', `${runPath}/retry`, { hold: 'maybe' })).status).toBe(400);
    const retried = await call('POST', `${runPath}/retry`, { hold: true });
    expect(retried.body).toMatchObject({ id: held.body.id, status: 'pending', trigger: 'retry', parameters: { day: '2026-11-24' } });
    expect((await call('POST', `${runPath}/release`)).body.status).toBe('ready');
    await waitFor(job.id, held.body.id, 'succeeded');

    const first = await call('GET', `/jobs/${job.id}/runs?limit=1`);
    expect(first.body).toEqual({ items: [expect.objectContaining({ id: held.body.id })], nextToken: expect.any(String) });
    const second = await call('GET', `/jobs/${job.id}/runs?limit=1&token=${first.body.nextToken}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: created.body.id })], nextToken: null });
    const mine = await call('GET', '/jobs/runs/mine?limit=100');
    expect(mine.body.nextToken).toBeNull();
    expect(mine.body.items.map((r: any) => r.id)).toEqual(expect.arrayContaining([created.body.id, held.body.id]));
    expect((await call('GET', '/jobs/runs/mine?limit=101')).status).toBe(400);
    expect((await call('GET', `/jobs/${job.id}/runs?token=garbage`)).status).toBe(400);

    expect((await call('DELETE', runPath)).status).toBe(204);
    expect((await call('GET', runPath)).status).toBe(404);
    expect((await call('GET', `/jobs/nope/runs`)).status).toBe(404);
    expect((await call('POST', `/jobs/nope/runs`, {})).status).toBe(404);
  });

  /** Polls `GET …/runs/{runId}` until the run has `status`. */
  async function waitFor(jobId: string, runId: string, status: string): Promise<any> {
    for (let i = 0; i < 150; i++) {
      const run = await call('GET', `/jobs/${jobId}/runs/${runId}`);
      expect(run.status).toBe(200);
      if (run.body.status === status) return run.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`run ${runId} never reached ${status}`);
  }
});
