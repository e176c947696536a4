import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

const SUBSCRIPTION = `subscription($after: String) { projectChanged(after: $after) { cursor type projectId project { name archivedAt tenant { id } } } }`;

describe('projectChanged subscription', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('pushes created, updated and deleted in order, and replays what a reconnecting client missed', async () => {
    const client = wsClient(server, tenant.token);
    // Start from the beginning of the log so no event can slip between subscribe and the first write.
    const live = subscribe(client, SUBSCRIPTION, { after: '0' });
    const { createProject } = await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "watched" }) { id } }`);
    await gqlOk(server, tenant.token, `mutation($id: ID!) { updateProject(id: $id, input: { name: "watched-2" }) { id } }`, { id: createProject.id });
    const created = (await live.next()).data!.projectChanged;
    const updated = (await live.next()).data!.projectChanged;
    expect(created).toMatchObject({ type: 'CREATED', projectId: createProject.id, project: { tenant: { id: tenant.tenantId } } });
    expect(updated).toMatchObject({ type: 'UPDATED', project: { name: 'watched-2' } });
    expect(BigInt(updated.cursor)).toBeGreaterThan(BigInt(created.cursor));
    live.dispose();

    // While disconnected: a delete and another create.
    await gqlOk(server, tenant.token, `mutation($id: ID!) { deleteProject(id: $id) { id } }`, { id: createProject.id });
    await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "later" }) { id } }`);

    const resumed = subscribe(client, SUBSCRIPTION, { after: updated.cursor });
    const missed1 = (await resumed.next()).data!.projectChanged;
    const missed2 = (await resumed.next()).data!.projectChanged;
    expect(missed1).toMatchObject({ type: 'DELETED', projectId: createProject.id });
    expect(missed1.project.archivedAt).not.toBeNull();
    expect(missed2).toMatchObject({ type: 'CREATED', project: { name: 'later' } });
    // Then live again, with nothing delivered twice.
    await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "live-after-replay" }) { id } }`);
    const liveAgain = (await resumed.next()).data!.projectChanged;
    expect(liveAgain.project.name).toBe('live-after-replay');
    expect(await resumed.nothingWithin(300)).toBe(true);
    await client.dispose();
  });

  it('a rolled-back change publishes nothing', async () => {
    const client = wsClient(server, tenant.token);
    const { projects } = await gqlOk(server, tenant.token, `{ projects(first: 1) { nodes { id } } }`);
    const sub = subscribe(client, SUBSCRIPTION);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const dup = await gql(server, tenant.token, `mutation { createProject(input: { name: "later" }) { id } }`);
    expect(dup.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await sub.nothingWithin(400)).toBe(true);
    expect(projects.nodes.length).toBe(1);
    await client.dispose();
  });

  it('rejects a malformed cursor with BAD_USER_INPUT', async () => {
    const client = wsClient(server, tenant.token);
    const sub = subscribe(client, SUBSCRIPTION, { after: 'not-a-cursor' });
    const message = await sub.next();
    expect(message.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await client.dispose();
  });
});
