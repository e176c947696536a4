import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

/** A list of projects with their tenant and creator costs the same number of SQL statements at any size. */
describe('batched loading across subgraphs', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let statements: string[] = [];
  beforeAll(async () => {
    // No task runner: its polling would be counted with the request's statements.
    server = await startTestServer({ onQuery: (sql) => statements.push(sql), env: { RUNNER_CONCURRENCY: '0' } });
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  const LIST = `query($first: Int) { projects(first: $first) { totalCount nodes { name tenant { name } createdBy { email name } } } }`;

  async function countStatements(first: number): Promise<number> {
    statements = [];
    const data = await gqlOk(server, tenant.token, LIST, { first });
    expect(data.projects.nodes).toHaveLength(first);
    for (const node of data.projects.nodes) {
      expect(node.tenant.name).toBeTruthy();
      expect(node.createdBy.email).toBeTruthy();
    }
    return statements.filter((sql) => /\b(select|insert|update|delete)\b/i.test(sql)).length;
  }

  it('issues a constant number of SQL queries for 5 and for 60 projects', async () => {
    const creators = [tenant.token, (await createUser(server, tenant, 'DATASET_EDITOR')).token, (await createUser(server, tenant)).token];
    for (let i = 0; i < 60; i++) {
      await gqlOk(server, creators[i % creators.length], `mutation($name: String!) { createProject(input: { name: $name }) { id } }`, { name: `p-${String(i).padStart(2, '0')}` });
    }
    const small = await countStatements(5);
    const large = await countStatements(60);
    console.log(`SQL statements per request: 5 projects → ${small}, 60 projects → ${large}`);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
    // identity check (user, tenant), projects page + count, one tenants batch, one users batch
    expect(large).toBeLessThanOrEqual(6);
  });

  const NESTED = `query($first: Int) { projects(first: $first) { nodes { name savedQueries(first: 3) { totalCount nodes { name runs(first: 2) { totalCount nodes { status sqlText } } } } } } }`;

  it('reads projects × saved queries × runs (three subgraphs) in a constant number of SQL queries', async () => {
    // The 60 projects above, newest 8 with 3 saved queries each and 2 runs of each (queued: no runner).
    const { projects } = await gqlOk(server, tenant.token, `{ projects(first: 8, filter: { sortBy: NAME, direction: DESC }) { nodes { id } } }`);
    for (const [p, project] of projects.nodes.entries()) {
      for (let q = 0; q < 3; q++) {
        const sql = `select ${p * 10 + q}`;
        const { createSavedQuery } = await gqlOk(server, tenant.token, `mutation($input: CreateSavedQueryInput!) { createSavedQuery(input: $input) { id } }`, { input: { name: `q-${p}-${q}`, sql, projectId: project.id } });
        for (let r = 0; r < 2 + (q === 0 ? 1 : 0); r++) await gqlOk(server, tenant.token, `mutation($id: ID!, $sql: String!) { runQuery(queryId: $id, sql: $sql) { id } }`, { id: createSavedQuery.id, sql });
      }
    }
    const count = async (first: number) => {
      statements = [];
      const data = await gqlOk(server, tenant.token, NESTED.replace('projects(first: $first)', 'projects(first: $first, filter: { sortBy: NAME, direction: DESC })'), { first });
      const sqlStatements = statements.filter((sql) => /\b(select|insert|update|delete)\b/i.test(sql)).length;
      return { data, sqlStatements };
    };
    const small = await count(2);
    const large = await count(8);
    console.log(`SQL statements per nested request: 2 projects → ${small.sqlStatements}, 8 projects → ${large.sqlStatements}`);
    expect(large.sqlStatements).toBe(small.sqlStatements);
    for (const [p, project] of large.data.projects.nodes.entries()) {
      expect(project.savedQueries.totalCount).toBe(3);
      expect(project.savedQueries.nodes.map((q: { name: string }) => q.name)).toEqual([`q-${p}-2`, `q-${p}-1`, `q-${p}-0`]);
      for (const query of project.savedQueries.nodes) {
        expect(query.runs.totalCount).toBe(query.name.endsWith('-0') ? 3 : 2);
        expect(query.runs.nodes).toHaveLength(2);
        expect(query.runs.nodes[0].sqlText).toBe(`select ${Number(query.name.split('-')[1]) * 10 + Number(query.name.split('-')[2])}`);
      }
    }
    // Projects past the 8 have no saved queries: an empty page, not an error.
    const beyond = await gqlOk(server, tenant.token, NESTED, { first: 60 });
    expect(beyond.projects.nodes.filter((p: { savedQueries: { totalCount: number } }) => p.savedQueries.totalCount === 0)).toHaveLength(52);
  });
});
