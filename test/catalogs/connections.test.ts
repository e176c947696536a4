import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, rest } from '../support/clients';
import { freshDatabase, startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** hotdata connections that really connect: discovery lists the source's real tables. */
describe('connections, discovery and the information schema (hotdata)', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    const sources = join(server.config.dataDir, 'sources');
    mkdirSync(sources, { recursive: true });
    const db = new Database(join(sources, 'shop.sqlite'));
    db.exec('create table orders (id integer primary key, customer text not null, total real); create table customers (id integer primary key, name text); create view big_orders as select * from orders where total > 100;');
    db.close();
  });
  afterAll(() => server?.close());

  it('registers a SQLite source, discovers its tables and columns, lists them with wildcards and paging', async () => {
    const created = await rest(server, tenant.token, 'POST', '/v1/connections', { name: 'shop', source_type: 'sqlite', config: { path: 'shop.sqlite' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ discovery_error: null, discovery_status: 'success', id: expect.any(String), name: 'shop', source_type: 'sqlite', tables_discovered: 3 });
    const id = created.body.id;
    expect((await rest(server, tenant.token, 'POST', '/v1/connections', { name: 'shop', source_type: 'sqlite', config: { path: 'shop.sqlite' } })).status).toBe(409);
    expect((await rest(server, tenant.token, 'GET', `/v1/connections/${id}`)).body).toEqual({ id, name: 'shop', source_type: 'sqlite', synced_table_count: 0, table_count: 3 });
    expect((await rest(server, tenant.token, 'GET', '/v1/connections')).body).toEqual({ connections: [{ id, name: 'shop', source_type: 'sqlite' }] });
    const health = await rest(server, tenant.token, 'GET', `/v1/connections/${id}/health`);
    expect(health.body).toMatchObject({ connection_id: id, healthy: true, error: null });

    const info = await rest(server, tenant.token, 'GET', `/v1/information_schema?connection_id=${id}&table=%25order%25&include_columns=true`);
    expect(info.body).toMatchObject({ count: 2, has_more: false, next_cursor: null });
    const orders = info.body.tables.find((t: any) => t.table === 'orders');
    expect(orders).toMatchObject({ connection: id, schema: 'main', synced: false });
    expect(orders.columns).toEqual([
      { name: 'id', data_type: 'INTEGER', nullable: true },
      { name: 'customer', data_type: 'TEXT', nullable: false },
      { name: 'total', data_type: 'REAL', nullable: true },
    ]);
    const page1 = await rest(server, tenant.token, 'GET', '/v1/information_schema?limit=2');
    expect(page1.body).toMatchObject({ count: 2, has_more: true });
    const page2 = await rest(server, tenant.token, 'GET', `/v1/information_schema?limit=2&cursor=${page1.body.next_cursor}`);
    expect(page2.body).toMatchObject({ count: 1, has_more: false });
    expect(page2.body.tables[0].columns).toBeNull();

    // A new table appears after a schema refresh.
    const db = new Database(join(server.config.dataDir, 'sources', 'shop.sqlite'));
    db.exec('create table returns (id integer)');
    db.close();
    expect((await rest(server, tenant.token, 'POST', '/v1/refresh', { connection_id: id })).body).toMatchObject({ tables_discovered: 4 });
    expect((await rest(server, tenant.token, 'DELETE', `/v1/connections/${id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `/v1/connections/${id}`)).status).toBe(404);
  });

  it('refuses SQLite files outside the sources folder (such as the service database itself) and unknown types', async () => {
    const escape = await rest(server, tenant.token, 'POST', '/v1/connections', { name: 'steal', source_type: 'sqlite', config: { path: '../dataplane.sqlite' } });
    expect(escape.status).toBe(400);
    expect(escape.body.message).toMatch(/under/);
    const absolute = await rest(server, tenant.token, 'POST', '/v1/connections', { name: 'steal2', source_type: 'sqlite', config: { path: join(server.config.dataDir, 'dataplane.sqlite') } });
    expect(absolute.status).toBe(400);
    expect((await rest(server, tenant.token, 'POST', '/v1/connections', { name: 'x', source_type: 'oracle', config: {} })).status).toBe(400);
    const stored = await rest(server, tenant.token, 'POST', '/v1/connections', { name: 'snow', source_type: 'snowflake', config: { account: 'acme' } });
    expect(stored.body).toMatchObject({ discovery_status: 'skipped', tables_discovered: 0 });
    expect((await rest(server, tenant.token, 'GET', '/v1/connection-types')).body.connection_types).toContainEqual({ label: 'PostgreSQL', name: 'postgres' });
    expect((await rest(server, tenant.token, 'GET', '/v1/connection-types/nope')).status).toBe(404);
    const stranger = await createTenant(server);
    expect((await rest(server, stranger.token, 'GET', `/v1/connections/${stored.body.id}`)).status).toBe(404);
    expect((await rest(server, stranger.token, 'GET', '/v1/information_schema')).body.count).toBe(0);
  });

  it.skipIf(!process.env.DATABASE_URL)('discovers a real PostgreSQL database, with the password from a secret', async () => {
    const source = (await freshDatabase())!;
    const client = new Client({ connectionString: source.url });
    await client.connect();
    await client.query('create schema sales; create table sales.invoices (id serial primary key, amount numeric not null, note text)');
    await client.end();
    try {
      await gqlOk(server, tenant.token, 'mutation { createSecret(input: { name: "pg-pass", value: "unused-with-trust-auth" }) { id } }');
      const created = await rest(server, tenant.token, 'POST', '/v1/connections', { name: 'warehouse', source_type: 'postgres', config: { url: source.url }, secret_name: 'pg-pass' });
      expect(created.body).toMatchObject({ discovery_status: 'success', tables_discovered: 1 });
      const info = await rest(server, tenant.token, 'GET', `/v1/information_schema?connection_id=${created.body.id}&schema=sal%25&include_columns=true`);
      expect(info.body.tables).toEqual([expect.objectContaining({ schema: 'sales', table: 'invoices' })]);
      expect(info.body.tables[0].columns.map((c: any) => [c.name, c.nullable])).toEqual([['id', false], ['amount', false], ['note', true]]);
      expect((await rest(server, tenant.token, 'GET', `/v1/connections/${created.body.id}/health`)).body.healthy).toBe(true);
      expect((await rest(server, tenant.token, 'DELETE', '/v1/secrets/pg-pass')).status).toBe(409);
    } finally {
      await source.drop();
    }
  });
});
