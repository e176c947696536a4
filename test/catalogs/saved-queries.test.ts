import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** hotdata saved queries: versioned on every update, classified by parsing the SQL. */
describe('saved queries (hotdata /v1/queries)', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('classifies SQL from its syntax tree, versions every update, pages lists and versions', async () => {
    const created = await rest(server, tenant.token, 'POST', '/v1/queries', {
      name: 'revenue by customer', tags: ['finance'],
      sql: 'SELECT c.name, SUM(o.total) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.total > 10 GROUP BY c.name ORDER BY 2 DESC LIMIT 10',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'revenue by customer', tags: ['finance'], latest_version: 1, category: 'aggregation', has_aggregation: true, has_group_by: true,
      has_join: true, has_limit: true, has_order_by: true, has_predicate: true, num_tables: 2, sql_hash: expect.stringMatching(/^[0-9a-f]{64}$/), table_size: null,
    });
    const id = created.body.id;

    // Same statement, different spacing and case: same hash (the hash is of the parsed statement).
    const respaced = await rest(server, tenant.token, 'POST', '/v1/queries', {
      name: 'same', sql: 'select c.name,   sum(o.total) from orders o join customers c on c.id = o.customer_id where o.total > 10 group by c.name order by 2 desc limit 10',
    });
    expect(respaced.body.sql_hash).toBe(created.body.sql_hash);

    const scan = await rest(server, tenant.token, 'PUT', `/v1/queries/${id}`, { sql: 'select * from orders where status = \'open\'' });
    expect(scan.body).toMatchObject({ latest_version: 2, category: 'filtered_scan', has_join: false, has_aggregation: false, num_tables: 1, name: 'revenue by customer' });
    const renamed = await rest(server, tenant.token, 'PUT', `/v1/queries/${id}`, { name: 'open orders', category_override: 'report' });
    expect(renamed.body).toMatchObject({ latest_version: 3, name: 'open orders', category: 'report', sql: "select * from orders where status = 'open'" });
    const cleared = await rest(server, tenant.token, 'PUT', `/v1/queries/${id}`, { category_override: null });
    expect(cleared.body.category).toBe('filtered_scan');

    const versions = await rest(server, tenant.token, 'GET', `/v1/queries/${id}/versions?limit=2`);
    expect(versions.body).toMatchObject({ count: 2, has_more: true, saved_query_id: id, offset: 0 });
    expect(versions.body.versions.map((v: any) => v.version)).toEqual([4, 3]);
    const older = await rest(server, tenant.token, 'GET', `/v1/queries/${id}/versions?limit=2&offset=2`);
    expect(older.body.versions.map((v: any) => [v.version, v.category])).toEqual([[2, 'filtered_scan'], [1, 'aggregation']]);

    const list = await rest(server, tenant.token, 'GET', '/v1/queries?limit=1&offset=1');
    expect(list.body).toMatchObject({ count: 1, has_more: false, limit: 1, offset: 1, queries: [{ name: 'same' }] });
    const full = await rest(server, tenant.token, 'GET', '/v1/queries?limit=10');
    expect(full.body.queries.map((q: any) => q.name)).toEqual(['open orders', 'same']);
    const graph = await gqlOk(server, tenant.token, `query($id: ID!) { savedQuery(id: $id) { latestVersion current { category hasJoin } } }`, { id });
    expect(graph.savedQuery).toEqual({ latestVersion: 4, current: { category: 'filtered_scan', hasJoin: false } });

    expect((await rest(server, tenant.token, 'DELETE', `/v1/queries/${id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `/v1/queries/${id}`)).status).toBe(404);
  });

  it('rejects SQL syntax errors and multiple statements with 400, storing nothing; other tenants get 404', async () => {
    const bad = await rest(server, tenant.token, 'POST', '/v1/queries', { name: 'broken', sql: 'selec * form orders' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/SQL syntax error/);
    expect((await rest(server, tenant.token, 'POST', '/v1/queries', { name: 'two', sql: 'select 1; select 2' })).status).toBe(400);
    const { body: ok } = await rest(server, tenant.token, 'POST', '/v1/queries', { name: 'ok', sql: 'select 1' });
    expect((await rest(server, tenant.token, 'PUT', `/v1/queries/${ok.id}`, { sql: 'select from where' })).status).toBe(400);
    expect((await rest(server, tenant.token, 'GET', `/v1/queries/${ok.id}`)).body.latest_version).toBe(1);
    expect((await rest(server, tenant.token, 'GET', '/v1/queries')).body.queries.map((q: any) => q.name)).not.toContain('broken');
    const stranger = await createTenant(server);
    expect((await rest(server, stranger.token, 'GET', `/v1/queries/${ok.id}`)).status).toBe(404);
    expect((await rest(server, stranger.token, 'GET', `/v1/queries/${ok.id}/versions`)).status).toBe(404);
  });
});
