import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const CUSTOMERS = 'id,name,country\n1,Ada,UK\n2,Grace,US\n3,Linus,FI\n';

/** POSTs raw bytes to hotdata's upload route, as its callers do. */
async function uploadBytes(server: TestServer, token: string, body: Buffer | string, contentType = 'application/octet-stream') {
  const response = await fetch(`${server.baseUrl}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
  return { status: response.status, body: (await response.json()) as any };
}

/** A Parquet file of orders, written by DuckDB the way a data tool would produce one. */
async function ordersParquet(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'orders-'));
  const file = join(dir, 'orders.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT * FROM (VALUES (10, 1, 25.5), (11, 1, 4.5), (12, 2, 100.0), (13, 3, 7.25), (14, 2, 0.75)) t(order_id, customer_id, total)) TO '${file}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  const bytes = readFileSync(file);
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

const JOIN_SQL = `SELECT c.name, count(*) AS orders, sum(o.total) AS revenue
  FROM customers c JOIN datasets.orders o ON o.customer_id = c.id
  GROUP BY c.name ORDER BY revenue DESC`;

/** Uploads (CSV, Parquet), datasets with versions, and SQL over them on the engine, per tenant. */
describe('datasets and SQL (hotdata /v1/files, /v1/datasets, /v1/query)', () => {
  let server: TestServer;
  let a: TestTenant;
  let b: TestTenant;
  let customersId: string;
  let ordersId: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { UPLOAD_MAX_BYTES: '65536' } });
    a = await createTenant(server);
    b = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('uploads CSV and Parquet, creates datasets from them, and answers joins and aggregates over REST and GraphQL', async () => {
    const csv = await uploadBytes(server, a.token, CUSTOMERS, 'text/csv');
    expect(csv.status).toBe(201);
    expect(csv.body).toEqual({ id: expect.any(String), content_type: 'text/csv', size_bytes: CUSTOMERS.length, status: 'uploaded', created_at: expect.any(String) });
    const parquet = await uploadBytes(server, a.token, await ordersParquet());
    expect(parquet.status).toBe(201);

    const customers = await rest(server, a.token, 'POST', '/v1/datasets', { label: 'Customers', source: { upload_id: csv.body.id } });
    expect(customers.status).toBe(201);
    expect(customers.body).toEqual({ id: expect.any(String), label: 'Customers', table_name: 'customers', schema_name: 'datasets', status: 'ready', created_at: expect.any(String) });
    customersId = customers.body.id;
    const orders = await rest(server, a.token, 'POST', '/v1/datasets', { label: 'Orders 2026', table_name: 'orders', source: { upload_id: parquet.body.id } });
    expect(orders.status).toBe(201);
    ordersId = orders.body.id;

    const described = await rest(server, a.token, 'GET', `/v1/datasets/${ordersId}`);
    expect(described.body).toMatchObject({ label: 'Orders 2026', table_name: 'orders', latest_version: 1, pinned_version: null, source_type: 'upload' });
    expect(described.body.columns.map((c: any) => [c.name, c.data_type])).toEqual([['order_id', 'INTEGER'], ['customer_id', 'INTEGER'], ['total', 'DECIMAL(5,2)']]);
    expect((await rest(server, a.token, 'GET', '/v1/files?status=consumed')).body.uploads).toHaveLength(2);

    const answer = await rest(server, a.token, 'POST', '/v1/query', { sql: JOIN_SQL });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ columns: ['name', 'orders', 'revenue'], nullable: [true, true, true], row_count: 3, warning: null });
    expect(answer.body.rows).toEqual([['Grace', 2, 100.75], ['Ada', 2, 30], ['Linus', 1, 7.25]]);
    expect(answer.body.query_run_id).toEqual(expect.any(String));
    expect(answer.body.execution_time_ms).toEqual(expect.any(Number));

    // The run and its result are kept and can be read back.
    const run = await rest(server, a.token, 'GET', `/v1/query-runs/${answer.body.query_run_id}`);
    expect(run.body).toMatchObject({ status: 'succeeded', row_count: 3, result_id: answer.body.result_id, sql_text: JOIN_SQL, completed_at: expect.any(String) });
    const result = await rest(server, a.token, 'GET', `/v1/results/${answer.body.result_id}`);
    expect(result.body).toEqual({ result_id: answer.body.result_id, status: 'ready', columns: ['name', 'orders', 'revenue'], nullable: [true, true, true], rows: answer.body.rows, row_count: 3, error_message: null });
    expect((await rest(server, a.token, 'GET', '/v1/results?limit=1')).body).toMatchObject({ count: 1, offset: 0, limit: 1, results: [{ id: answer.body.result_id, status: 'ready' }] });

    const viaGraphql = await gqlOk(server, a.token, `mutation($sql: String!) { executeSql(sql: $sql) { status rowCount result { columns { name dataType } rows } } }`, { sql: JOIN_SQL });
    expect(viaGraphql.executeSql).toMatchObject({ status: 'succeeded', rowCount: 3, result: { rows: answer.body.rows } });
    expect(viaGraphql.executeSql.result.columns.map((c: any) => c.dataType)).toEqual(['VARCHAR', 'BIGINT', 'DECIMAL(38,2)']);
  });

  it('keeps every load as a version; pinning reads an older one; a dataset user can query but not load', async () => {
    const loaded = await rest(server, a.token, 'POST', `/v1/datasets/${customersId}/versions`, { source: { inline: CUSTOMERS + '4,Barbara,US\n', format: 'csv' } });
    expect(loaded.status).toBe(201);
    expect(loaded.body.latest_version).toBe(2);
    const count = async () => (await rest(server, a.token, 'POST', '/v1/query', { sql: 'select count(*) from customers' })).body.rows[0][0];
    expect(await count()).toBe(4);
    const pinned = await rest(server, a.token, 'PUT', `/v1/datasets/${customersId}`, { pinned_version: 1 });
    expect(pinned.body).toMatchObject({ pinned_version: 1, latest_version: 2, table_name: 'customers' });
    expect(await count()).toBe(3);
    // Omitting pinned_version leaves the pin; null removes it.
    expect((await rest(server, a.token, 'PUT', `/v1/datasets/${customersId}`, { label: 'Clients' })).body.pinned_version).toBe(1);
    expect((await rest(server, a.token, 'PUT', `/v1/datasets/${customersId}`, { pinned_version: null })).body.pinned_version).toBeNull();
    expect(await count()).toBe(4);
    expect((await rest(server, a.token, 'PUT', `/v1/datasets/${customersId}`, { pinned_version: 9 })).status).toBe(400);

    const versions = await rest(server, a.token, 'GET', `/v1/datasets/${customersId}/versions`);
    expect(versions.body).toMatchObject({ count: 2, dataset_id: customersId, has_more: false });
    expect(versions.body.versions.map((v: any) => [v.version, v.source_type, v.row_count])).toEqual([[2, 'inline', 4], [1, 'upload', 3]]);

    // Inline rows as JSON make a dataset too.
    const rows = await gqlOk(server, a.token, `mutation($input: CreateDatasetInput!) { createDataset(input: $input) { tableName latestVersion columns { name } } }`, {
      input: { label: 'FX rates', source: { rows: [{ currency: 'EUR', rate: 1.1 }, { currency: 'GBP', rate: 1.3 }] } },
    });
    expect(rows.createDataset).toEqual({ tableName: 'fx_rates', latestVersion: 1, columns: [{ name: 'currency' }, { name: 'rate' }] });

    const user = await createUser(server, a, 'DATASET_USER');
    expect((await rest(server, user.token, 'POST', '/v1/query', { sql: 'select count(*) from orders' })).body.rows).toEqual([[5]]);
    expect((await rest(server, user.token, 'POST', `/v1/datasets/${customersId}/versions`, { source: { inline: CUSTOMERS } })).status).toBe(403);
  });

  it('executes saved queries by id and lists their runs', async () => {
    const saved = await rest(server, a.token, 'POST', '/v1/queries', { name: 'revenue', sql: 'select sum(total) as revenue from orders' });
    const executed = await rest(server, a.token, 'POST', `/v1/queries/${saved.body.id}/execute`);
    expect(executed.status).toBe(200);
    expect(executed.body).toMatchObject({ columns: ['revenue'], rows: [[138]], row_count: 1 });
    const runs = await rest(server, a.token, 'GET', `/v1/query-runs?saved_query_id=${saved.body.id}`);
    expect(runs.body).toMatchObject({ count: 1, has_more: false, next_cursor: null, query_runs: [{ saved_query_id: saved.body.id, saved_query_version: 1, status: 'succeeded' }] });
    expect((await rest(server, a.token, 'POST', '/v1/queries/00000000-0000-0000-0000-000000000000/execute')).status).toBe(404);
  });

  it('refuses bad input with a clear 4xx and leaves nothing behind', async () => {
    const datasetsBefore = (await rest(server, a.token, 'GET', '/v1/datasets')).body.count;
    const filesOnDisk = () => readdirSync(join(server.config.dataDir, 'files', a.tenantId, 'datasets'), { recursive: true }).length;
    const filesBefore = filesOnDisk();

    const ragged = await rest(server, a.token, 'POST', '/v1/datasets', { label: 'broken', source: { inline: 'a,b\n1,2\n3,4,5,6\n' } });
    expect(ragged.status).toBe(400);
    expect(ragged.body).toEqual({ status: 400, message: expect.stringMatching(/Could not read the CSV data/) });
    expect(ragged.body.message).not.toContain(server.config.dataDir);
    const badJson = await rest(server, a.token, 'POST', '/v1/datasets', { label: 'broken json', source: { inline: { content: '{"a": 1', format: 'json' } } });
    expect(badJson.status).toBe(400);
    const notParquet = await uploadBytes(server, a.token, 'PAR1 this is not parquet');
    expect((await rest(server, a.token, 'POST', '/v1/datasets', { label: 'fake', source: { upload_id: notParquet.body.id } })).status).toBe(400);
    expect((await rest(server, a.token, 'POST', '/v1/datasets', { label: 'Customers', source: { inline: CUSTOMERS } })).status).toBe(409);
    expect((await rest(server, a.token, 'POST', '/v1/datasets', { label: 'x', table_name: '1bad name', source: { inline: CUSTOMERS } })).status).toBe(400);
    expect((await rest(server, a.token, 'POST', '/v1/datasets', { label: 'none', source: {} })).status).toBe(400);
    expect((await rest(server, a.token, 'GET', '/v1/datasets')).body.count).toBe(datasetsBefore);
    expect(filesOnDisk()).toBe(filesBefore);

    const oversize = await uploadBytes(server, a.token, Buffer.alloc(70_000, 'a'));
    expect(oversize.status).toBe(413);
    expect(oversize.body.message).toMatch(/larger than the limit of 65536 bytes/);
    expect(readdirSync(join(server.config.dataDir, 'staging'))).toEqual([]);

    const unknownColumn = await rest(server, a.token, 'POST', '/v1/query', { sql: 'select nope from customers' });
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.message).toMatch(/nope/);
    expect((await rest(server, a.token, 'POST', '/v1/query', { sql: 'selec * from customers' })).status).toBe(400);
    expect((await rest(server, a.token, 'POST', '/v1/query', { sql: 'drop view customers' })).body.message).toMatch(/read-only/);
    expect((await rest(server, a.token, 'POST', '/v1/query', { sql: 'select 1; select 2' })).status).toBe(400);
    // Failed runs are kept with their reason.
    const failed = await rest(server, a.token, 'GET', '/v1/query-runs?status=failed');
    expect(failed.body.query_runs[0]).toMatchObject({ status: 'failed', error_message: expect.stringMatching(/syntax|read-only|exactly one/i) });
    expect((await rest(server, a.token, 'GET', '/v1/query-runs?status=bogus')).status).toBe(400);
  });

  it("tenant B's SQL cannot read tenant A's datasets by any name or path", async () => {
    const aFiles = readdirSync(join(server.config.dataDir, 'files', a.tenantId), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    expect(aFiles.length).toBeGreaterThan(3);
    const attempts = [
      'select * from customers',
      'select * from datasets.customers',
      'select * from orders',
      ...aFiles.flatMap((file) => [`select * from read_parquet('${file}')`, `select * from '${file}'`, `select * from read_csv('${file}')`]),
      `select * from glob('${server.config.dataDir}/**')`,
      `select * from read_text('${server.config.dataDir}/jwt-secret')`,
      "select * from read_csv('/etc/passwd')",
      "select * from read_csv('https://example.com/x.csv')",
      "attach '/tmp/other.db' as other",
      "install httpfs",
      "copy (select 1) to '/tmp/leak.csv'",
      'select * from duckdb_databases()',
    ];
    for (const sql of attempts) {
      const answer = await rest(server, b.token, 'POST', '/v1/query', { sql });
      if (answer.status === 200) {
        // Only catalog functions that show B's own (empty) world may answer; they hold nothing of A's.
        expect(JSON.stringify(answer.body.rows)).not.toMatch(/Ada|Grace|customers|orders|files/);
      } else expect(answer.status, sql).toBe(400);
    }
    expect((await rest(server, b.token, 'GET', `/v1/datasets/${customersId}`)).status).toBe(404);
    expect((await rest(server, b.token, 'GET', '/v1/datasets')).body.datasets).toEqual([]);
    const stolen = await gql(server, b.token, `mutation($id: ID!) { loadDatasetVersion(id: $id, source: { content: "a\\n1" }) { id } }`, { id: ordersId });
    expect(stolen.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const upload = (await rest(server, a.token, 'GET', '/v1/files')).body.uploads[0].id;
    expect((await rest(server, b.token, 'POST', '/v1/datasets', { label: 'theft', source: { upload_id: upload } })).status).toBe(404);
  });

  it('cancels a query that runs past the timeout', async () => {
    const slow = await startTestServer({ env: { QUERY_TIMEOUT_MS: '300' } });
    try {
      const started = Date.now();
      const answer = await rest(slow, slow.adminToken, 'POST', '/v1/query', { sql: 'select count(*) from range(100000000000) a' });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/longer than 300 ms/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await slow.close();
    }
  });

  it('soft deletes a dataset: gone from lists and SQL, its name free again', async () => {
    expect((await rest(server, a.token, 'DELETE', `/v1/datasets/${ordersId}`)).status).toBe(204);
    expect((await rest(server, a.token, 'GET', `/v1/datasets/${ordersId}`)).status).toBe(404);
    expect((await rest(server, a.token, 'POST', '/v1/query', { sql: 'select * from orders' })).status).toBe(400);
    expect((await rest(server, a.token, 'POST', '/v1/datasets', { label: 'orders', source: { inline: 'order_id\n1\n' } })).status).toBe(201);
  });
});
