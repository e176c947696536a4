import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { activeConnectionAndNetwork, CLUSTER_EVENTS, untilClusterEvent } from './support';

/** The local driver told to fail at a phase (CLUSTER_FAIL_AT): the cluster ends failed with the reason, and can then be destroyed or deleted. */
describe('an injected provisioning failure', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { CLUSTER_STEP_MS: '30', CLUSTER_FAIL_AT: 'node_groups:InsufficientCapacity: no m5.xlarge in eu-west-1a' } });
  }, 60_000);
  afterAll(() => server?.close());

  it('ends failed at that phase with the reason, over clusterChanged and on the record', async () => {
    const token = server.adminToken;
    const { connectionId, networkId } = await activeConnectionAndNetwork(server, token);
    const cluster = (await gqlOk(server, token, `mutation($input: CreateClusterInput!) { createCluster(input: $input) { id } }`, { input: { name: 'doomed', connectionId, networkId } })).createCluster;
    const client = wsClient(server, token);
    const events = subscribe(client, CLUSTER_EVENTS, { clusterId: cluster.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = (await gqlOk(server, token, `mutation($id: ID!) { provisionCluster(id: $id) { operationId } }`, { id: cluster.id })).provisionCluster;

    const seen = await untilClusterEvent(events, 'failed');
    expect(seen.map((e) => `${e.type}:${e.phase ?? ''}`)).toEqual([
      'provisioning:', 'phase_started:validating', 'phase_completed:validating', 'phase_started:control_plane', 'phase_progress:control_plane',
      'phase_completed:control_plane', 'phase_started:node_groups', 'failed:node_groups',
    ]);
    expect(seen.at(-1)).toMatchObject({ status: 'failed', message: 'node_groups: InsufficientCapacity: no m5.xlarge in eu-west-1a' });

    const record = (await gqlOk(server, token, `query($id: ID!) { cluster(id: $id) { status statusReason phases { phase status stepsDone } } }`, { id: cluster.id })).cluster;
    expect(record.status).toBe('failed');
    expect(record.statusReason).toBe('node_groups: InsufficientCapacity: no m5.xlarge in eu-west-1a');
    expect(record.phases).toEqual([
      { phase: 'validating', status: 'done', stepsDone: 1 }, { phase: 'control_plane', status: 'done', stepsDone: 2 },
      { phase: 'node_groups', status: 'failed', stepsDone: 0 }, { phase: 'addons', status: 'pending', stepsDone: 0 },
    ]);
    const op = (await gqlOk(server, token, `query($id: ID!) { operation(id: $id) { status errorMessage attempts } }`, { id: started.operationId })).operation;
    expect(op).toEqual({ status: 'failed', errorMessage: 'InsufficientCapacity: no m5.xlarge in eu-west-1a', attempts: 1 });

    // A failed cluster cannot be provisioned or updated again, but its record can be deleted.
    const retry = await gql(server, token, `mutation($id: ID!) { provisionCluster(id: $id) { operationId } }`, { id: cluster.id });
    expect(retry.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'failed' });
    expect(retry.errors?.[0].message).toMatch(/Cannot provision a cluster that is failed/);
    await gqlOk(server, token, `mutation($id: ID!) { deleteCluster(id: $id) { id } }`, { id: cluster.id });
    events.dispose();
    await client.dispose();
  }, 60_000);
});
