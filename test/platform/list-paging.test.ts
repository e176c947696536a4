import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** What every list promises its pages: keyset cursors, `edges`, and a count only when asked for. */
describe('list paging', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let statements: string[] = [];
  const counts = () => statements.filter((sql) => /\bcount\(/i.test(sql)).length;
  beforeAll(async () => {
    server = await startTestServer({ onQuery: (sql) => statements.push(sql), env: { RUNNER_CONCURRENCY: '0' } });
    tenant = await createTenant(server);
    for (let i = 0; i < 25; i++) {
      await gqlOk(server, tenant.token, `mutation($name: String!) { createProject(input: { name: $name }) { id } }`, { name: `p-${String(i).padStart(2, '0')}` });
    }
  });
  afterAll(() => server?.close());

  const PAGE = `query($after: String, $sortBy: ProjectSortField) { projects(first: 10, after: $after, filter: { sortBy: $sortBy }) {
    nodes { name } edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

  it('walks a list page by page with endCursor, each record once, in order; edges carry each record and its cursor', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { projects } = await gqlOk(server, tenant.token, PAGE, { after });
      pages++;
      expect(projects.edges.map((edge: any) => edge.node.name)).toEqual(projects.nodes.map((node: any) => node.name));
      expect(projects.pageInfo.startCursor).toBe(projects.edges[0].cursor);
      expect(projects.pageInfo.endCursor).toBe(projects.edges.at(-1).cursor);
      expect(projects.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...projects.nodes.map((node: any) => node.name));
      if (!projects.pageInfo.hasNextPage) break;
      after = projects.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `p-${String(i).padStart(2, '0')}`));

    // Any edge's cursor continues right after its record.
    const { projects } = await gqlOk(server, tenant.token, PAGE, {});
    const fromEdge = await gqlOk(server, tenant.token, PAGE, { after: projects.edges[3].cursor });
    expect(fromEdge.projects.nodes[0].name).toBe('p-04');
  });

  it('continues from the record the cursor names, not from a count: a record added before it does not repeat the next page', async () => {
    const { projects: first } = await gqlOk(server, tenant.token, PAGE, { sortBy: 'NAME' });
    expect(first.nodes.at(-1).name).toBe('p-09');
    // Sorts before everything read so far: an offset would now hand out p-09 again.
    await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "a-first" }) { id } }`);
    const { projects: next } = await gqlOk(server, tenant.token, PAGE, { sortBy: 'NAME', after: first.pageInfo.endCursor });
    expect(next.nodes[0].name).toBe('p-10');
    // A cursor made for another order still pages (by its position), as offsets always did.
    const { projects: otherOrder } = await gqlOk(server, tenant.token, PAGE, { sortBy: 'CREATED_AT', after: first.pageInfo.endCursor });
    expect(otherOrder.nodes).toHaveLength(10);
    await gqlOk(server, tenant.token, `mutation { deleteProject(id: "${(await gqlOk(server, tenant.token, `{ projects(first: 1, filter: { nameContains: "a-first" }) { nodes { id } } }`)).projects.nodes[0].id}") { id } }`);
  });

  it('counts only when totalCount is selected, once however often it is', async () => {
    statements = [];
    await gqlOk(server, tenant.token, `{ projects(first: 5) { nodes { id } pageInfo { hasNextPage } } }`);
    expect(counts()).toBe(0);
    statements = [];
    const counted = await gqlOk(server, tenant.token, `{ projects(first: 5) { totalCount again: totalCount nodes { id } } }`);
    expect(counted.projects).toMatchObject({ totalCount: 25, again: 25 });
    expect(counts()).toBe(1);

    // Child lists, batched per request: the grouped count runs once for all parents, and only when asked.
    const NESTED = (count: string) => `{ projects(first: 25) { nodes { savedQueries(first: 2) { ${count} nodes { id runs(first: 1) { ${count} nodes { id } } } } } } }`;
    statements = [];
    await gqlOk(server, tenant.token, NESTED(''));
    expect(counts()).toBe(0);
    statements = [];
    const nested = await gqlOk(server, tenant.token, NESTED('totalCount'));
    expect(nested.projects.nodes.every((p: any) => p.savedQueries.totalCount === 0)).toBe(true);
    expect(counts()).toBe(1);
  });

  it('refuses a cursor it did not issue, and REST offsets page as before', async () => {
    for (const after of ['nonsense', Buffer.from('pos:3|[1,2').toString('base64url'), Buffer.from('pos:3|["createdAt.asc,id.asc",["not a date","x"]]').toString('base64url')]) {
      const refused = await gql(server, tenant.token, PAGE, { after });
      expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const page = await rest(server, tenant.token, 'GET', '/api/v1/projects?skip=20&limit=10');
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).toContain('p-20');
    expect(JSON.stringify(page.body)).not.toContain('p-19');
  });
});
