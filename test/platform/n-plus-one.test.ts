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
});
