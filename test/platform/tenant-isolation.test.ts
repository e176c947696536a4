import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** Two tenants side by side: neither can read, list, change or subscribe to the other's data. */
describe('tenant isolation over GraphQL, WebSocket and REST', () => {
  let server: TestServer;
  let a: TestTenant;
  let b: TestTenant;
  let projectOfA: string;

  beforeAll(async () => {
    server = await startTestServer();
    a = await createTenant(server, 'tenant-a');
    b = await createTenant(server, 'tenant-b');
    const created = await gqlOk(server, a.token, `mutation { createProject(input: { name: "secret-of-a" }) { id } }`);
    projectOfA = created.createProject.id;
  });
  afterAll(() => server?.close());

  it('GraphQL: B cannot read, list, update or delete A\'s project, nor see A\'s tenant or users', async () => {
    const read = await gql(server, b.token, `query($id: ID!) { project(id: $id) { name } }`, { id: projectOfA });
    expect(read.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const list = await gqlOk(server, b.token, `{ projects(filter: { includeArchived: true }) { totalCount nodes { id } } }`);
    expect(list.projects.totalCount).toBe(0);
    const update = await gql(server, b.token, `mutation($id: ID!) { updateProject(id: $id, input: { name: "pwned" }) { id } }`, { id: projectOfA });
    expect(update.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const del = await gql(server, b.token, `mutation($id: ID!) { deleteProject(id: $id) { id } }`, { id: projectOfA });
    expect(del.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const tenant = await gql(server, b.token, `query($id: ID!) { tenant(id: $id) { name } }`, { id: a.tenantId });
    expect(tenant.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const tenants = await gqlOk(server, b.token, `{ tenants { nodes { id } } }`);
    expect(tenants.tenants.nodes.map((t: any) => t.id)).toEqual([b.tenantId]);
    const user = await gql(server, b.token, `query($id: ID!) { user(id: $id) { email } }`, { id: a.adminId });
    expect(user.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const users = await gqlOk(server, b.token, `{ users { nodes { id } } }`);
    expect(users.users.nodes.map((u: any) => u.id)).not.toContain(a.adminId);
    // A's project is untouched.
    const still = await gqlOk(server, a.token, `query($id: ID!) { project(id: $id) { name } }`, { id: projectOfA });
    expect(still.project.name).toBe('secret-of-a');
  });

  it('REST: B gets 404 for A\'s project and tenant and an empty list', async () => {
    expect((await rest(server, b.token, 'GET', `/api/v1/projects/${projectOfA}`)).status).toBe(404);
    expect((await rest(server, b.token, 'PATCH', `/api/v1/projects/${projectOfA}`, { name: 'x' })).status).toBe(404);
    expect((await rest(server, b.token, 'DELETE', `/api/v1/projects/${projectOfA}`)).status).toBe(404);
    expect((await rest(server, b.token, 'GET', `/api/v1/tenants/${a.tenantId}`)).status).toBe(404);
    expect((await rest(server, b.token, 'GET', `/api/v1/users/${a.adminId}`)).status).toBe(404);
    const list = await rest(server, b.token, 'GET', '/api/v1/projects');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ projects: [] });
    expect((await rest(server, a.token, 'GET', `/api/v1/projects/${projectOfA}`)).status).toBe(200);
  });

  it('WebSocket: B\'s subscription never receives A\'s project events, A\'s does', async () => {
    const clientA = wsClient(server, a.token);
    const clientB = wsClient(server, b.token);
    const subA = subscribe(clientA, `subscription { projectChanged { type projectId project { name } } }`);
    const subB = subscribe(clientB, `subscription { projectChanged { type projectId } }`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gqlOk(server, a.token, `mutation { createProject(input: { name: "live-a" }) { id } }`);
    const event = await subA.next();
    expect(event.data?.projectChanged).toMatchObject({ type: 'CREATED', project: { name: 'live-a' } });
    expect(await subB.nothingWithin(500)).toBe(true);
    // B replaying the whole log from the start still sees nothing of A's.
    const replayB = subscribe(clientB, `subscription { projectChanged(after: "0") { projectId } }`);
    expect(await replayB.nothingWithin(500)).toBe(true);
    await clientA.dispose();
    await clientB.dispose();
  });
});
