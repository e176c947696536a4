import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, rest, subscribe, wsClient, type QueuedSubscription } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const API = '/api/v1/workspaces';
const CHANGED = `subscription($workspaceId: ID!, $after: String) {
  workspaceChanged(workspaceId: $workspaceId, after: $after) { cursor type workspaceId actorId chartId mutationId cells datasetVersion }
}`;

async function nextEvent(sub: QueuedSubscription): Promise<any> {
  const message = await sub.next(10_000);
  if (message.errors) throw new Error(JSON.stringify(message.errors));
  return message.data!.workspaceChanged;
}

/** Two users on one workspace stay in sync over workspaceChanged; nobody else can listen. */
describe('workspaceChanged', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let other: { id: string; token: string };
  let outsider: { id: string; token: string };
  let workspaceId: string;
  const clients: ReturnType<typeof wsClient>[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    other = await createUser(server, tenant);
    outsider = await createUser(server, tenant);
    const dataset = await rest(server, tenant.token, 'POST', '/v1/datasets', { label: 'stock', source: { inline: 'sku,qty\nA,1\nB,2\n' } });
    const created = await rest(server, tenant.token, 'POST', API, { title: 'Stock', backingDatasetId: dataset.body.id, rowIdColumn: 'sku' });
    workspaceId = created.body.workspace.id;
    await rest(server, tenant.token, 'PUT', `${API}/${workspaceId}/share`, { recipients: [{ userId: other.id, access: 'write' }] });
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await server?.close();
  });

  const open = (token: string) => {
    const client = wsClient(server, token);
    clients.push(client);
    return client;
  };

  it("pushes one user's cell edit, chart change and archive to the other, and replays after a cursor", async () => {
    const ownerSub = subscribe(open(tenant.token), CHANGED, { workspaceId });
    const otherSub = subscribe(open(other.token), CHANGED, { workspaceId });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const edit = await rest(server, other.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowKey: { sku: 'B' }, column: 'qty', newValue: 5 });
    expect(edit.status).toBe(200);
    const seenByOwner = await nextEvent(ownerSub);
    expect(seenByOwner).toMatchObject({
      type: 'cells_updated', workspaceId, actorId: other.id, mutationId: edit.body.mutationId, datasetVersion: 2,
      cells: [{ key: { sku: 'B' }, column: 'qty', newValue: 5 }],
    });
    expect((await nextEvent(otherSub)).mutationId).toBe(edit.body.mutationId);

    const chart = await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/charts`, { spec: { kind: 'bar', x: { column: 'sku' }, y: [{ agg: 'sum', column: 'qty' }] } });
    expect(await nextEvent(otherSub)).toMatchObject({ type: 'chart_created', chartId: chart.body.id, actorId: tenant.adminId });
    await nextEvent(ownerSub);
    await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/archive`);
    expect((await nextEvent(otherSub)).type).toBe('archived');
    await nextEvent(ownerSub);
    await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/restore`);
    expect((await nextEvent(otherSub)).type).toBe('restored');

    // Resuming after the edit replays what followed it, in order.
    const replay = subscribe(open(other.token), CHANGED, { workspaceId, after: seenByOwner.cursor });
    expect((await nextEvent(replay)).type).toBe('chart_created');
    expect((await nextEvent(replay)).type).toBe('archived');
    expect((await nextEvent(replay)).type).toBe('restored');
    replay.dispose();
    ownerSub.dispose();
    otherSub.dispose();
  });

  it('lands simultaneous edits of two users as versions of their own, each pushed to both', async () => {
    const ownerSub = subscribe(open(tenant.token), CHANGED, { workspaceId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const edits = await Promise.all([
      rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowKey: { sku: 'A' }, column: 'qty', newValue: 100 }),
      rest(server, other.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowKey: { sku: 'B' }, column: 'qty', newValue: 200 }),
      rest(server, other.token, 'PATCH', `${API}/${workspaceId}/data/cells`, { rowKey: { sku: 'A' }, column: 'qty', newValue: 101 }),
    ]);
    expect(edits.map((e) => e.status)).toEqual([200, 200, 200]);
    const pushed = [await nextEvent(ownerSub), await nextEvent(ownerSub), await nextEvent(ownerSub)];
    expect(pushed.map((e) => e.mutationId).sort()).toEqual(edits.map((e) => e.body.mutationId).sort());
    expect(pushed.map((e) => e.datasetVersion)).toEqual([3, 4, 5]);
    const rows = await rest(server, other.token, 'GET', `${API}/${workspaceId}/data`);
    const lastA = pushed.filter((e) => e.cells[0].key.sku === 'A').at(-1).cells[0].newValue;
    expect(rows.body.items).toEqual([{ sku: 'A', qty: lastA }, { sku: 'B', qty: 200 }]);
    ownerSub.dispose();
  });

  it('refuses a subscriber without a share, and stops pushing to a recipient whose share was revoked', async () => {
    const refused = subscribe(open(outsider.token), CHANGED, { workspaceId });
    const message = await refused.next(10_000);
    expect(message.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });

    const otherSub = subscribe(open(other.token), CHANGED, { workspaceId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rest(server, tenant.token, 'DELETE', `${API}/${workspaceId}/share`);
    await rest(server, tenant.token, 'PATCH', `${API}/${workspaceId}`, { title: 'Stock (private)' });
    expect(await otherSub.nothingWithin(800)).toBe(true);
    const data = await gqlOk(server, tenant.token, `query($id: ID!) { workspaceActivity(id: $id, limit: 2) { kind } }`, { id: workspaceId });
    expect(data.workspaceActivity.map((i: any) => i.kind)).toEqual(['updated', 'share_revoked']);
    otherSub.dispose();
  });
});
