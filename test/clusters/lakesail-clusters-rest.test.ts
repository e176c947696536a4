import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createUser } from '../support/tenants';

const BASE = '/lakesail/api/v1';
const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/);

/** lakesail clusters, cloud accounts and networks over REST: camelCase JSON, `{items,page,limit,total}` and `{items,nextToken}` lists, `{error:{code,message}}`. */
describe('lakesail cluster, connection and network routes', () => {
  let server: TestServer;
  let token: string;
  const call = (method: string, path: string, body?: unknown) => rest(server, token, method, `${BASE}${path}`, body);
  const until = (path: string, status: string) => eventually(async () => {
    const got = await call('GET', path);
    return got.body.status === status ? got.body : undefined;
  }, 30_000);
  beforeAll(async () => {
    server = await startTestServer({ env: { CLUSTER_STEP_MS: '30', HOST_METRICS_EVERY_MS: '100' } });
    token = server.adminToken;
  }, 60_000);
  afterAll(() => server?.close());

  it('drives every route with lakesail shapes', async () => {
    // Connections: create (pending), verify (active), list by token, describe.
    const connection = await call('POST', '/connections', { name: 'prod', region: 'us-east-1', accountId: '123456789012' });
    expect(connection.status).toBe(201);
    expect(connection.body).toEqual({
      id: expect.any(String), name: 'prod', provider: 'aws', region: 'us-east-1', accountId: '123456789012', status: 'pending', statusReason: null,
      externalId: expect.any(String), verifiedAt: null, createdAt: ISO, updatedAt: ISO,
    });
    const connectionId = connection.body.id;
    expect((await call('POST', '/connections', { name: 'bad', region: 'US EAST' })).status).toBe(400);
    const early = await call('POST', `/connections/${connectionId}/networks`, { name: 'vpc' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/must be active/);
    expect((await call('POST', `/connections/${connectionId}/verify`)).body).toMatchObject({ status: 'active', verifiedAt: ISO });
    await call('POST', '/connections', { name: 'second', region: 'eu-west-1' });
    const page1 = await call('GET', '/connections?limit=1');
    expect(page1.body).toEqual({ items: [expect.objectContaining({ name: 'prod' })], nextToken: expect.any(String) });
    const page2 = await call('GET', `/connections?limit=1&token=${page1.body.nextToken}`);
    expect(page2.body).toEqual({ items: [expect.objectContaining({ name: 'second' })], nextToken: null });
    expect((await call('GET', `/connections/${connectionId}`)).body.id).toBe(connectionId);
    expect((await call('GET', '/connections/nope')).status).toBe(404);

    // Networks: create, provision (202 with an operation), describe, lists.
    const network = await call('POST', `/connections/${connectionId}/networks`, { name: 'vpc', cidrBlock: '10.1.0.0/16', subnets: ['10.1.0.0/20'] });
    expect(network.status).toBe(201);
    expect(network.body).toMatchObject({ name: 'vpc', connectionId, region: 'us-east-1', cidrBlock: '10.1.0.0/16', subnets: ['10.1.0.0/20'], status: 'pending', phases: [] });
    const networkId = network.body.id;
    const provisioningNetwork = await call('POST', `/networks/${networkId}/provision`);
    expect(provisioningNetwork.status).toBe(202);
    expect(provisioningNetwork.body).toMatchObject({ operationId: expect.any(String), network: { id: networkId, status: 'provisioning' } });
    await until(`/networks/${networkId}`, 'active');
    const networkOp = await call('GET', `/operations/${provisioningNetwork.body.operationId}`);
    expect(networkOp.body).toMatchObject({ id: provisioningNetwork.body.operationId, type: 'network_provision', resourceId: networkId, status: 'succeeded' });
    expect((await call('GET', '/networks')).body).toEqual({ items: [expect.objectContaining({ id: networkId, status: 'active' })], nextToken: null });
    expect((await call('GET', `/connections/${connectionId}/networks`)).body.items).toHaveLength(1);

    // Provisioned clusters: create through the connection, provision, lists and describes.
    const created = await call('POST', `/connections/${connectionId}/clusters`, { name: 'eks-1', networkId, nodeGroups: [{ name: 'workers', instanceType: 'm5.large', desiredSize: 2, maxSize: 4 }] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String), name: 'eks-1', description: null, kind: 'provisioned', status: 'pending', statusReason: null, connectionId, networkId, region: 'us-east-1',
      endpoint: null, kubernetesVersion: '1.30', nodeGroups: [{ name: 'workers', instanceType: 'm5.large', desiredSize: 2, minSize: 2, maxSize: 4 }], phase: null, phases: [],
      pendingChanges: null, operationId: null, teamIds: [], activeSince: null, destroyedAt: null, createdAt: ISO, updatedAt: ISO,
    });
    const clusterId = created.body.id;
    expect((await call('POST', `/connections/${connectionId}/clusters`, { name: 'x' })).status).toBe(400);
    const badGroup = await call('POST', `/connections/${connectionId}/clusters`, { name: 'x', networkId, nodeGroups: [{ name: 'w', instanceType: 'm5.large', desiredSize: 5, maxSize: 2 }] });
    expect(badGroup.status).toBe(400);
    expect((await call('GET', `/clusters/provisioned/${clusterId}/kubeconfig`)).status).toBe(409);
    const provision = await call('POST', `/clusters/${clusterId}/provision`);
    expect(provision.status).toBe(202);
    expect(provision.body).toMatchObject({ operationId: expect.any(String), cluster: { id: clusterId, status: 'provisioning', operationId: provision.body.operationId } });
    const again = await call('POST', `/clusters/${clusterId}/provision`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: 'CONFLICT', message: expect.stringContaining('that is provisioning') } });
    const active = await until(`/clusters/${clusterId}`, 'active');
    expect(active).toMatchObject({ endpoint: expect.stringContaining(':6443'), activeSince: ISO, phases: expect.arrayContaining([expect.objectContaining({ phase: 'addons', status: 'done' })]) });
    const operation = await call('GET', `/operations/${provision.body.operationId}`);
    expect(operation.body).toEqual({ id: provision.body.operationId, type: 'cluster_provision', resourceId: clusterId, status: 'succeeded', attempts: 1, result: { clusterId, status: 'active' }, error: null, createdAt: ISO, completedAt: ISO });

    const registered = await call('POST', '/clusters', { name: 'on-prem', endpoint: 'https://k8s.corp:6443' });
    expect(registered.body).toMatchObject({ kind: 'registered', status: 'active', connectionId: null });
    const mine = await call('GET', '/clusters/mine?limit=1&page=2&dir=asc');
    expect(mine.body).toEqual({ items: [expect.objectContaining({ name: 'on-prem' })], page: 2, limit: 1, total: 2 });
    expect((await call('GET', '/clusters/mine?dir=desc')).body.items.map((c: any) => c.name)).toEqual(['on-prem', 'eks-1']);
    expect((await call('GET', '/clusters/mine?sort=status')).status).toBe(400);
    expect((await call('GET', '/clusters/provisioned')).body).toEqual({ items: [expect.objectContaining({ id: clusterId })], nextToken: null });
    expect((await call('GET', `/connections/${connectionId}/clusters?limit=5`)).body).toEqual({ items: [expect.objectContaining({ id: clusterId })], nextToken: null });
    expect((await call('GET', `/clusters/${registered.body.id}`)).body.name).toBe('on-prem');
    expect((await call('GET', `/clusters/provisioned/${clusterId}`)).body.id).toBe(clusterId);
    expect((await call('GET', `/clusters/provisioned/${registered.body.id}`)).status).toBe(404);
    expect((await call('GET', `/connections/${connectionId}/clusters/${clusterId}`)).body.kubernetesVersion).toBe('1.30');
    const otherConnection = (await call('GET', '/connections')).body.items[1].id;
    expect((await call('GET', `/connections/${otherConnection}/clusters/${clusterId}`)).status).toBe(404);

    // A member without a team grant: 404 on describe, nothing in "mine".
    const member = await createUser(server, { tenantId: server.tenantId, adminId: '', token }, 'DATASET_USER');
    expect((await rest(server, member.token, 'GET', `${BASE}/clusters/${clusterId}`)).status).toBe(404);
    expect((await rest(server, member.token, 'GET', `${BASE}/clusters/mine`)).body.total).toBe(0);
    expect((await rest(server, member.token, 'POST', `${BASE}/clusters/${clusterId}/provision`)).status).toBe(403);

    // Health, kubeconfig, metrics.
    const health = await call('GET', `/clusters/provisioned/${clusterId}/health`);
    expect(health.body).toEqual({ clusterId, clusterStatus: 'active', status: expect.stringMatching(/healthy|degraded/), message: expect.any(String), nodeGroups: [{ name: 'workers', status: expect.any(String), readyNodes: 2, desiredNodes: 2 }], checkedAt: ISO });
    const kubeconfig = await call('GET', `/clusters/provisioned/${clusterId}/kubeconfig`);
    expect(kubeconfig.body).toEqual({ clusterId, kubeconfig: expect.stringContaining('current-context: eks-1') });
    const metrics = await eventually(async () => {
      const m = await call('GET', `/clusters/provisioned/${clusterId}/metrics?period=7d`);
      return m.body.points?.length ? m.body : undefined;
    });
    expect(metrics).toMatchObject({ clusterId, period: '7d', from: ISO, to: ISO, cpuAverage: expect.any(Number), memoryAverage: expect.any(Number) });
    expect(metrics.points[0]).toEqual({ timestamp: ISO, cpuPercent: expect.any(Number), memoryPercent: expect.any(Number), load1: expect.any(Number) });
    expect((await call('GET', `/clusters/provisioned/${clusterId}/metrics`)).body.period).toBe('1h');
    const badPeriod = await call('GET', `/clusters/provisioned/${clusterId}/metrics?period=30m`);
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.error.code).toBe('BAD_USER_INPUT');

    // Update (202), then destroy (202, record kept), then delete the record (204).
    const update = await call('PATCH', `/connections/${connectionId}/clusters/${clusterId}`, { kubernetesVersion: '1.31' });
    expect(update.status).toBe(202);
    expect(update.body).toMatchObject({ operationId: expect.any(String), cluster: { status: 'updating', kubernetesVersion: '1.30', pendingChanges: { kubernetesVersion: '1.31', nodeGroups: null } } });
    expect((await until(`/clusters/${clusterId}`, 'active')).kubernetesVersion).toBe('1.31');
    expect((await call('DELETE', `/clusters/provisioned/${clusterId}`)).status).toBe(409);
    const networkBusy = await call('POST', `/networks/${networkId}/destroy`);
    expect(networkBusy.status).toBe(409);
    expect((await call('DELETE', `/connections/${connectionId}`)).status).toBe(409);
    const destroy = await call('POST', `/clusters/provisioned/${clusterId}/destroy`);
    expect(destroy.status).toBe(202);
    expect(destroy.body).toMatchObject({ operationId: expect.any(String), cluster: { status: 'destroying' } });
    expect((await until(`/clusters/${clusterId}`, 'destroyed')).destroyedAt).toEqual(ISO);
    expect((await call('DELETE', `/clusters/provisioned/${clusterId}`)).status).toBe(204);
    expect((await call('GET', `/clusters/${clusterId}`)).status).toBe(404);

    // The network goes the same way, then the connection can be deleted.
    expect((await call('DELETE', `/networks/${networkId}`)).status).toBe(409);
    const destroyNetwork = await call('POST', `/networks/${networkId}/destroy`);
    expect(destroyNetwork.status).toBe(202);
    await until(`/networks/${networkId}`, 'destroyed');
    expect((await call('DELETE', `/networks/${networkId}`)).status).toBe(204);
    expect((await call('GET', `/networks/${networkId}`)).status).toBe(404);
    expect((await call('DELETE', `/connections/${connectionId}`)).status).toBe(204);
    expect((await call('GET', `/connections/${connectionId}`)).status).toBe(404);

    // Every route is in the OpenAPI document.
    const openapi = (await rest(server, undefined, 'GET', '/openapi.json')).body;
    for (const path of [
      '/clusters/mine', '/clusters/{clusterId}', '/clusters/{clusterId}/provision', '/clusters/provisioned', '/clusters/provisioned/{clusterId}', '/clusters/provisioned/{clusterId}/destroy',
      '/clusters/provisioned/{clusterId}/health', '/clusters/provisioned/{clusterId}/kubeconfig', '/clusters/provisioned/{clusterId}/metrics', '/connections/{connectionId}/clusters',
      '/connections/{connectionId}/clusters/{clusterId}', '/connections', '/connections/{connectionId}/verify', '/networks', '/networks/{networkId}/provision', '/networks/{networkId}/destroy',
    ]) expect(Object.keys(openapi.paths)).toContain(`${BASE}${path}`);
  }, 120_000);
});
