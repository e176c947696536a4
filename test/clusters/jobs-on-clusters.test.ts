import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gql, gqlOk, rest, subscribe, wsClient, type QueuedSubscription } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { activeConnectionAndNetwork, CLUSTER_EVENTS, untilClusterEvent } from './support';

const RUN_EVENTS = `subscription($jobId: ID) { jobRunUpdated(jobId: $jobId) { type runId status message } }`;

async function untilRun(sub: QueuedSubscription, runId: string, type: string): Promise<any[]> {
  const seen: any[] = [];
  for (;;) {
    const message = await sub.next(30_000);
    if (message.errors) throw new Error(JSON.stringify(message.errors));
    const event = message.data!.jobRunUpdated;
    if (event.runId !== runId) continue;
    seen.push(event);
    if (event.type === type) return seen;
  }
}

/** Job runs target clusters: dispatched only while the cluster is active, waiting while it updates, cancelled when it is destroyed. */
describe('job runs on clusters', () => {
  let server: TestServer;
  let token: string;
  let clusterId: string;
  let teamId: string;
  let fastId: string;
  let slowId: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { CLUSTER_STEP_MS: '400' } });
    token = server.adminToken;
    const { connectionId, networkId } = await activeConnectionAndNetwork(server, token);
    clusterId = (await gqlOk(server, token, `mutation($input: CreateClusterInput!) { createCluster(input: $input) { id } }`, { input: { name: 'jobs-cluster', connectionId, networkId } })).createCluster.id;
    teamId = (await gqlOk(server, token, `mutation { createTeam(input: { name: "etl" }) { id } }`)).createTeam.id;
    fastId = (await rest(server, token, 'POST', '/v1/queries', { name: 'fast', sql: 'select 42 as answer' })).body.id;
    slowId = (await rest(server, token, 'POST', '/v1/queries', { name: 'slow', sql: 'select count(*) from range(100000000000) where range % 7 = 3' })).body.id;
  }, 60_000);
  afterAll(() => server?.close());

  const createJob = (name: string, queryId: string) =>
    gql(server, token, `mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, { input: { name, teamIds: [teamId], queryIds: [queryId], clusterId } });

  it('needs an active cluster to create a job, waits while the cluster updates, and runs once it is active again', async () => {
    const pending = await createJob('too early', fastId);
    expect(pending.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'pending' });
    expect(pending.errors?.[0].message).toMatch(/requires an active cluster/);
    const clusters = wsClient(server, token);
    const clusterEvents = subscribe(clusters, CLUSTER_EVENTS, { clusterId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gqlOk(server, token, `mutation($id: ID!) { provisionCluster(id: $id) { operationId } }`, { id: clusterId });
    await untilClusterEvent(clusterEvents, 'active', 60_000);

    const jobId = (await createJob('nightly', fastId)).data.createJob.id;
    await gqlOk(server, token, `mutation($id: ID!) { updateCluster(id: $id, input: { kubernetesVersion: "1.31" }) { cluster { status } } }`, { id: clusterId });
    const client = wsClient(server, token);
    const runEvents = subscribe(client, RUN_EVENTS, { jobId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const runId = (await gqlOk(server, token, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id status } }`, { jobId })).createJobRun.id;
    const waiting = await untilRun(runEvents, runId, 'log');
    expect(waiting.map((e) => e.type)).toEqual(['pending', 'ready', 'log']);
    expect(waiting.at(-1).message).toBe('Waiting for cluster jobs-cluster to be active (it is updating)');
    // Still ready (not dispatched) while the cluster updates.
    expect((await gqlOk(server, token, `query($j: ID!, $r: ID!) { jobRun(jobId: $j, runId: $r) { status } cluster(id: "${clusterId}") { status } }`, { j: jobId, r: runId }))).toEqual({ jobRun: { status: 'ready' }, cluster: { status: 'updating' } });
    const rest = await untilRun(runEvents, runId, 'succeeded');
    expect(rest.map((e) => e.type)).toEqual(['log', 'running', 'log', 'progress', 'succeeded']);
    expect(rest[0].message).toBe('Cluster jobs-cluster is active: dispatched');
    runEvents.dispose();
    clusterEvents.dispose();
    await client.dispose();
    await clusters.dispose();
  }, 120_000);

  it('cancels the open runs of a cluster that starts destroying, with the reason, and fails new ones', async () => {
    await eventually(async () => ((await gqlOk(server, token, `query($id: ID!) { cluster(id: $id) { status } }`, { id: clusterId })).cluster.status === 'active' ? true : undefined));
    const slowJob = (await createJob('slow', slowId)).data.createJob.id;
    const client = wsClient(server, token);
    const runEvents = subscribe(client, RUN_EVENTS, { jobId: slowJob });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const running = (await gqlOk(server, token, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }`, { jobId: slowJob })).createJobRun.id;
    await untilRun(runEvents, running, 'running');
    const held = (await gqlOk(server, token, `mutation($jobId: ID!) { createJobRun(jobId: $jobId, input: { hold: true }) { id status } }`, { jobId: slowJob })).createJobRun;
    expect(held.status).toBe('pending');

    await gqlOk(server, token, `mutation($id: ID!) { destroyCluster(id: $id) { cluster { status } } }`, { id: clusterId });
    const reason = 'Cancelled: cluster jobs-cluster is being destroyed';
    expect((await untilRun(runEvents, held.id, 'cancelled')).at(-1).message).toBe(reason);
    expect((await untilRun(runEvents, running, 'cancelled')).at(-1).message).toBe(reason);
    const runs = await gqlOk(server, token, `query($j: ID!) { jobRuns(filter: { jobId: $j }) { nodes { id status errorMessage } } }`, { j: slowJob });
    expect(runs.jobRuns.nodes.map((r: any) => [r.status, r.errorMessage])).toEqual([['cancelled', reason], ['cancelled', reason]]);

    // A new run on a destroyed cluster fails at once with a clear reason.
    await eventually(async () => ((await gqlOk(server, token, `query($id: ID!) { cluster(id: $id) { status } }`, { id: clusterId })).cluster.status === 'destroyed' ? true : undefined), 30_000);
    const late = (await gqlOk(server, token, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id status errorMessage } }`, { jobId: slowJob })).createJobRun;
    expect(late).toMatchObject({ status: 'failed', errorMessage: 'Cluster jobs-cluster is destroyed; runs need an active cluster' });
    runEvents.dispose();
    await client.dispose();
  }, 120_000);
});
