import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

describe('projects over GraphQL', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('creates, reads, updates, lists with paging and soft deletes a project', async () => {
    const created = await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "alpha", description: "first" }) { id name description tenant { id } createdBy { id } archivedAt } }`);
    expect(created.createProject).toMatchObject({ name: 'alpha', description: 'first', tenant: { id: tenant.tenantId }, createdBy: { id: tenant.adminId }, archivedAt: null });
    const id = created.createProject.id;

    const updated = await gqlOk(server, tenant.token, `mutation($id: ID!) { updateProject(id: $id, input: { name: "alpha-2" }) { name description } }`, { id });
    expect(updated.updateProject).toEqual({ name: 'alpha-2', description: 'first' });

    for (const name of ['b', 'c', 'd']) await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "${name}" }) { id } }`);
    const page1 = await gqlOk(server, tenant.token, `{ projects(first: 2) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`);
    expect(page1.projects.totalCount).toBe(4);
    expect(page1.projects.nodes.map((p: any) => p.name)).toEqual(['alpha-2', 'b']);
    expect(page1.projects.pageInfo.hasNextPage).toBe(true);
    const page2 = await gqlOk(server, tenant.token, `query($after: String) { projects(first: 2, after: $after) { nodes { name } pageInfo { hasNextPage } } }`, { after: page1.projects.pageInfo.endCursor });
    expect(page2.projects.nodes.map((p: any) => p.name)).toEqual(['c', 'd']);
    expect(page2.projects.pageInfo.hasNextPage).toBe(false);

    const sorted = await gqlOk(server, tenant.token, `{ projects(filter: { sortBy: NAME, direction: DESC, nameContains: "A" }) { nodes { name } } }`);
    expect(sorted.projects.nodes.map((p: any) => p.name)).toEqual(['alpha-2']);

    await gqlOk(server, tenant.token, `mutation($id: ID!) { deleteProject(id: $id) { id } }`, { id });
    const gone = await gql(server, tenant.token, `query($id: ID!) { project(id: $id) { id } }`, { id });
    expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const listed = await gqlOk(server, tenant.token, `{ projects { totalCount } archived: projects(filter: { includeArchived: true }) { totalCount } }`);
    expect(listed.projects.totalCount).toBe(3);
    expect(listed.archived.totalCount).toBe(4);
  });

  it('rejects duplicates with CONFLICT and bad input with BAD_USER_INPUT, writing nothing', async () => {
    await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "dup" }) { id } }`);
    const dup = await gql(server, tenant.token, `mutation { createProject(input: { name: "dup" }) { id } }`);
    expect(dup.errors?.[0].extensions?.code).toBe('CONFLICT');
    const empty = await gql(server, tenant.token, `mutation { createProject(input: { name: "" }) { id } }`);
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(empty.errors?.[0].message).toMatch(/name/);
    const count = await gqlOk(server, tenant.token, `{ projects(filter: { nameContains: "dup" }) { totalCount } }`);
    expect(count.projects.totalCount).toBe(1);
    const badCursor = await gql(server, tenant.token, `{ projects(after: "nope") { totalCount } }`);
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers 401 without a token and never leaks a stack trace', async () => {
    const anonymous = await gql(server, undefined, `{ projects { totalCount } }`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await gql(server, 'not-a-token', `{ projects { totalCount } }`);
    expect(forged.status).toBe(401);
    expect(JSON.stringify(forged)).not.toMatch(/at .*\.ts:\d+/);
  });
});
