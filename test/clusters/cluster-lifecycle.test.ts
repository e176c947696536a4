import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gql, gqlOk, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser } from '../support/tenants';
import { activeConnectionAndNetwork, CLUSTER_EVENTS, untilClusterEvent } from './support';

const CREATE = `mutation($input: CreateClusterInput!) { createCluster(input: $input) { id kind status region kubernetesVersion nodeGroups { name desiredSize } teamIds } }`;
const PROVISION_PHASES = ['validating', 'control_plane', 'node_groups', 'addons'];

/** A provisioned cluster driven through its whole lifecycle on the local driver, watched over clusterChanged. */
describe('cluster lifecycle (local driver, live over clusterChanged)', () => {
  let server: TestServer;
  let token: string;
  let connectionId: string;
  let networkId: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { CLUSTER_STEP_MS: '40', HOST_METRICS_EVERY_MS: '100' } });
    token = server.adminToken;
    ({ connectionId, networkId } = await activeConnectionAndNetwork(server, token));
  }, 60_000);
  afterAll(() => server?.close());

  it('refuses a provisioned cluster without an active connection and network', async () => {
    const pendingConnection = await gqlOk(server, token, `mutation { createCloudConnection(input: { name: "new", region: "us-east-1" }) { id } }`);
    const noActive = await gql(server, token, CREATE, { input: { name: 'x', connectionId: pendingConnection.createCloudConnection.id, networkId } });
    expect(noActive.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(noActive.errors?.[0].message).toMatch(/pending; it must be active/);
    const pendingNetwork = await gqlOk(server, token, `mutation($c: ID!) { createCloudNetwork(input: { name: "n2", connectionId: $c }) { id } }`, { c: connectionId });
    const noNetwork = await gql(server, token, CREATE, { input: { name: 'x', connectionId, networkId: pendingNetwork.createCloudNetwork.id } });
    expect(noNetwork.errors?.[0].extensions?.code).toBe('CONFLICT');
    const missing = await gql(server, token, CREATE, { input: { name: 'x', connectionId } });
    expect(missing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('provisions (every phase arrives in order), updates, destroys and deletes a cluster', async () => {
    const created = (await gqlOk(server, token, CREATE, { input: { name: 'analytics', connectionId, networkId, nodeGroups: [{ name: 'workers', instanceType: 'm5.xlarge', desiredSize: 3 }] } })).createCluster;
    expect(created).toMatchObject({ kind: 'provisioned', status: 'pending', region: 'eu-west-1', kubernetesVersion: '1.30', nodeGroups: [{ name: 'workers', desiredSize: 3 }] });
    const client = wsClient(server, token);
    const events = subscribe(client, CLUSTER_EVENTS, { clusterId: created.id });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = (await gqlOk(server, token, `mutation($id: ID!) { provisionCluster(id: $id) { operationId cluster { status phases { phase status } } } }`, { id: created.id })).provisionCluster;
    expect(started.cluster.status).toBe('provisioning');
    expect(started.cluster.phases.map((p: any) => p.phase)).toEqual(PROVISION_PHASES);
    const seen = await untilClusterEvent(events, 'active');
    // Every phase starts and completes in order, between provisioning and active; multi-step phases report progress.
    expect(seen[0]).toMatchObject({ type: 'provisioning', status: 'provisioning', operationId: started.operationId });
    const phaseEvents = seen.filter((e) => e.type.startsWith('phase_'));
    expect(phaseEvents.filter((e) => e.type === 'phase_started').map((e) => e.phase)).toEqual(PROVISION_PHASES);
    expect(phaseEvents.filter((e) => e.type === 'phase_completed').map((e) => e.phase)).toEqual(PROVISION_PHASES);
    expect(phaseEvents.map((e) => `${e.type}:${e.phase}`)).toEqual([
      'phase_started:validating', 'phase_completed:validating',
      'phase_started:control_plane', 'phase_progress:control_plane', 'phase_completed:control_plane',
      'phase_started:node_groups', 'phase_progress:node_groups', 'phase_completed:node_groups',
      'phase_started:addons', 'phase_completed:addons',
    ]);
    expect(seen.every((e) => e.type === 'active' || e.status === 'provisioning')).toBe(true);
    expect(seen.at(-1)).toMatchObject({ type: 'active', status: 'active' });

    const op = await gqlOk(server, token, `query($id: ID!) { operation(id: $id) { kind subjectId status result } }`, { id: started.operationId });
    expect(op.operation).toMatchObject({ kind: 'cluster_provision', subjectId: created.id, status: 'succeeded', result: { clusterId: created.id, status: 'active' } });

    // Illegal transitions are CONFLICT with the current status.
    const again = await gql(server, token, `mutation($id: ID!) { provisionCluster(id: $id) { operationId } }`, { id: created.id });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'active' });
    const deleteActive = await gql(server, token, `mutation($id: ID!) { deleteCluster(id: $id) { id } }`, { id: created.id });
    expect(deleteActive.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'active' });

    // Health, kubeconfig and real host metrics.
    const health = (await gqlOk(server, token, `query($id: ID!) { clusterHealth(id: $id) { clusterStatus status nodeGroups { name status readyNodes desiredNodes } } }`, { id: created.id })).clusterHealth;
    expect(health.clusterStatus).toBe('active');
    expect(health.nodeGroups).toEqual([{ name: 'workers', status: expect.any(String), readyNodes: 3, desiredNodes: 3 }]);
    const kubeconfig = (await gqlOk(server, token, `query($id: ID!) { clusterKubeconfig(id: $id) }`, { id: created.id })).clusterKubeconfig;
    expect(kubeconfig).toContain('kind: Config');
    expect(kubeconfig).toMatch(/server: https:\/\/.+:6443/);
    const metrics = await eventually(async () => {
      const m = (await gqlOk(server, token, `query($id: ID!) { clusterMetrics(id: $id, period: "24h") { period cpuAverage memoryAverage points { timestamp cpuPercent memoryPercent load1 } } }`, { id: created.id })).clusterMetrics;
      return m.points.length >= 2 ? m : undefined;
    });
    expect(metrics.period).toBe('24h');
    expect(metrics.memoryAverage).toBeGreaterThan(0);
    expect(metrics.points[0].memoryPercent).toBeGreaterThan(0);
    const badPeriod = await gql(server, token, `query($id: ID!) { clusterMetrics(id: $id, period: "2h") { period } }`, { id: created.id });
    expect(badPeriod.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // Update: active → updating → active with the new version and node groups.
    const downgrade = await gql(server, token, `mutation($id: ID!) { updateCluster(id: $id, input: { kubernetesVersion: "1.20" }) { operationId } }`, { id: created.id });
    expect(downgrade.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const update = (await gqlOk(server, token, `mutation($id: ID!) { updateCluster(id: $id, input: { kubernetesVersion: "1.31", nodeGroups: [{ name: "workers", instanceType: "m5.xlarge", desiredSize: 5, maxSize: 8 }] }) { operationId cluster { status } } }`, { id: created.id })).updateCluster;
    expect(update.cluster.status).toBe('updating');
    const updating = await untilClusterEvent(events, 'active');
    expect(updating[0].type).toBe('updating');
    expect(updating.filter((e) => e.type === 'phase_completed').map((e) => e.phase)).toEqual(['control_plane_upgrade', 'node_groups_rollout']);
    const updated = (await gqlOk(server, token, `query($id: ID!) { cluster(id: $id) { status kubernetesVersion nodeGroups { desiredSize maxSize } pendingChanges } }`, { id: created.id })).cluster;
    expect(updated).toEqual({ status: 'active', kubernetesVersion: '1.31', nodeGroups: [{ desiredSize: 5, maxSize: 8 }], pendingChanges: null });

    // Destroy: → destroying → destroyed, the record kept; then it can be deleted.
    const destroy = (await gqlOk(server, token, `mutation($id: ID!) { destroyCluster(id: $id) { operationId cluster { status } } }`, { id: created.id })).destroyCluster;
    expect(destroy.cluster.status).toBe('destroying');
    const destroying = await untilClusterEvent(events, 'destroyed');
    expect(destroying.map((e) => e.type)).toEqual(['destroying', ...['draining', 'node_groups_teardown', 'control_plane_teardown'].flatMap(() => ['phase_started', 'phase_completed']), 'destroyed']);
    const kept = (await gqlOk(server, token, `query($id: ID!) { cluster(id: $id) { status destroyedAt } }`, { id: created.id })).cluster;
    expect(kept.status).toBe('destroyed');
    expect(kept.destroyedAt).toBeTruthy();
    const noKubeconfig = await gql(server, token, `query($id: ID!) { clusterKubeconfig(id: $id) }`, { id: created.id });
    expect(noKubeconfig.errors?.[0].extensions?.code).toBe('CONFLICT');
    await gqlOk(server, token, `mutation($id: ID!) { deleteCluster(id: $id) { id } }`, { id: created.id });
    expect((await untilClusterEvent(events, 'deleted')).at(-1).status).toBe('destroyed');
    const gone = await gql(server, token, `query($id: ID!) { cluster(id: $id) { id } }`, { id: created.id });
    expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    events.dispose();
    await client.dispose();
  }, 90_000);

  it('shows clusters through team access only, with replay after a cursor', async () => {
    const tenant = await createTenant(server);
    const member = await createUser(server, tenant, 'DATASET_USER');
    const outsider = await createUser(server, tenant, 'DATASET_USER');
    const teamId = (await gqlOk(server, tenant.token, `mutation { createTeam(input: { name: "platform" }) { id } }`)).createTeam.id;
    await gqlOk(server, tenant.token, `mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { userId } }`, { t: teamId, u: member.id });
    const shared = (await gqlOk(server, tenant.token, CREATE, { input: { name: 'b-shared', endpoint: 'https://k8s.example:6443', teamIds: [teamId] } })).createCluster;
    const hidden = (await gqlOk(server, tenant.token, CREATE, { input: { name: 'a-hidden' } })).createCluster;
    expect(shared).toMatchObject({ kind: 'registered', status: 'active', teamIds: [teamId] });

    const mine = await gqlOk(server, member.token, `{ clusters { totalCount nodes { name } } }`);
    expect(mine.clusters).toEqual({ totalCount: 1, nodes: [{ name: 'b-shared' }] });
    const all = await gqlOk(server, tenant.token, `{ clusters(filter: { direction: DESC }) { nodes { name } } }`);
    expect(all.clusters.nodes.map((n: any) => n.name)).toEqual(['b-shared', 'a-hidden']);
    expect((await gql(server, member.token, `query($id: ID!) { cluster(id: $id) { id } }`, { id: hidden.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql(server, outsider.token, `query($id: ID!) { cluster(id: $id) { id } }`, { id: shared.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Another tenant's cluster is NOT_FOUND too.
    expect((await gql(server, token, `query($id: ID!) { cluster(id: $id) { id } }`, { id: shared.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Only members of shared teams see events: the member replays the shared cluster's creation, not the hidden one's.
    const memberClient = wsClient(server, member.token);
    const replay = subscribe(memberClient, CLUSTER_EVENTS, { after: '0' });
    const first = await replay.next(10_000);
    expect(first.data?.clusterChanged).toMatchObject({ clusterId: shared.id, type: 'active' });
    expect(await replay.nothingWithin(500)).toBe(true);
    const denied = subscribe(wsClient(server, outsider.token), CLUSTER_EVENTS, { clusterId: shared.id });
    expect((await denied.next(10_000)).errors?.[0]).toBeTruthy();
    replay.dispose();
    await memberClient.dispose();
  }, 60_000);
});
