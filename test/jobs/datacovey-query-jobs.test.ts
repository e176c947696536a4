import { gunzipSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedDownloadPath } from '../../src/rest/signed-downloads';
import { eventually, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

const API = '/api/v1';
const UUID = /^[0-9a-f-]{36}$/;
const NUMBERS_CSV = 'n,name\n1,one\n2,two\n3,three\n4,four\n5,five\n';

/** datacovey's Run Query, query jobs, their results and exports, and table import / export jobs under /api/v1. */
describe('datacovey REST: query jobs, query result exports, import and export jobs', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let other: TestTenant;
  let queryId: string;
  let jobId: string;

  const get = (path: string, token = tenant.token) => rest(server, token, 'GET', `${API}${path}`);
  const post = (path: string, body: unknown, token = tenant.token) => rest(server, token, 'POST', `${API}${path}`, body);
  const waitFor = (path: string, done: (body: any) => boolean) =>
    eventually(async () => {
      const polled = await get(path);
      return done(polled.body) ? polled.body : undefined;
    });
  /** GETs a signed URL (absolute) without credentials. */
  const fetchSigned = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    other = await createTenant(server);
    const project = (await post('/projects', { name: 'analytics' })).body;
    expect((await rest(server, tenant.token, 'POST', '/v1/datasets', { label: 'numbers', source: { inline: NUMBERS_CSV } })).status).toBe(201);
    queryId = (await post('/queries', { query_text: 'select * from numbers', project_id: project.id })).body.id;
  });
  afterAll(() => server?.close());

  it('Run Query answers a job id at once; the job goes PENDING/RUNNING → DONE and is listed by query', async () => {
    const run = await post('/query/run', { query_id: queryId, query_text: 'select n, name from numbers order by n' });
    expect(run.status).toBe(200);
    expect(run.body).toEqual({ job_id: expect.stringMatching(UUID) });
    jobId = run.body.job_id;
    const job = await waitFor(`/query-jobs/${jobId}`, (b) => b.status === 'DONE');
    expect(job).toMatchObject({
      id: jobId, tenant_id: tenant.tenantId, query_id: queryId, running_job_id: jobId, status: 'DONE', error_result: null,
      created: expect.any(String), ended: expect.any(String), total_rows: 5, total_bytes_processed: null, exports: [],
    });
    expect((await get(`/queries/${queryId}/query-jobs`)).body.query_jobs.map((j: any) => j.id)).toEqual([jobId]);
    expect((await get('/query-jobs?limit=1')).body.query_jobs).toHaveLength(1);

    // The query must exist in the caller's tenant; bad SQL is a DONE job with error_result.
    expect((await post('/query/run', { query_id: '00000000-0000-0000-0000-000000000000', query_text: 'select 1' })).status).toBe(404);
    expect((await post('/query/run', { query_id: queryId, query_text: 'select 1' }, other.token)).status).toBe(404);
    expect((await post('/query/run', { query_id: queryId })).status).toBe(422);
    const bad = (await post('/query/run', { query_id: queryId, query_text: 'select nope from numbers' })).body.job_id;
    const failed = await waitFor(`/query-jobs/${bad}`, (b) => b.status === 'DONE');
    expect(failed.error_result).toEqual({ reason: 'invalidQuery', message: expect.stringMatching(/nope/) });
    expect((await get(`/query-jobs/${bad}/results`)).status).toBe(409);
  });

  it('Get Query Job Results pages the persisted rows as objects', async () => {
    const page = await get(`/query-jobs/${jobId}/results?page=2&page_size=2`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({
      rows: [{ n: 3, name: 'three' }, { n: 4, name: 'four' }], columns: ['n', 'name'], column_privacy: {}, total_rows: 5, page: 2, page_size: 2, total_pages: 3,
    });
    expect((await get(`/query-jobs/${jobId}/results?page=3&page_size=2`)).body.rows).toEqual([{ n: 5, name: 'five' }]);
    expect((await get(`/query-jobs/${jobId}/results`)).body).toMatchObject({ page: 1, page_size: 50, total_pages: 1 });
    expect((await get(`/query-jobs/${jobId}/results?page=0`)).status).toBe(422);
    // Download Query Result: the whole result as CSV.
    const csv = await get(`/query/${jobId}/download`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.body).toBe('n,name\n1,one\n2,two\n3,three\n4,four\n5,five\n');
    expect((await get(`/query-jobs/${jobId}/results?page_size=201`)).status).toBe(422);
  });

  it('exports CSV+GZIP and PARQUET+NONE in the background and downloads them through signed URLs', async () => {
    const csv = await post(`/query-jobs/${jobId}/exports`, { format: 'CSV', compression: 'GZIP' });
    expect(csv.status).toBe(201);
    expect(csv.body).toMatchObject({ id: expect.stringMatching(UUID), query_job_id: jobId, tenant_id: tenant.tenantId, format: 'CSV', compression: 'GZIP', signed_url: null });
    expect(new Date(csv.body.expires_at).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const parquet = (await post(`/query-jobs/${jobId}/exports`, { format: 'PARQUET', compression: 'NONE' })).body;
    const deflated = (await post(`/query-jobs/${jobId}/exports`, { format: 'JSON', compression: 'DEFLATE' })).body;
    for (const e of [csv.body, parquet, deflated]) await waitFor(`/exports/${e.id}`, (b) => b.status === 'done');
    expect((await get(`/query-jobs/${jobId}/exports`)).body.exports.map((e: any) => e.id)).toEqual([csv.body.id, parquet.id, deflated.id]);
    expect((await get(`/query-jobs/${jobId}`)).body.exports).toHaveLength(3);

    const csvLink = (await get(`/exports/${csv.body.id}/download`)).body;
    expect(csvLink).toEqual({ signed_url: expect.stringMatching(/^http:\/\/.*\/api\/v1\/exports\/.*signature=/), expires_at: expect.any(String) });
    const csvFile = await fetchSigned(csvLink.signed_url);
    expect(csvFile).toMatchObject({ status: 200, type: 'application/gzip' });
    expect(gunzipSync(csvFile.bytes).toString()).toBe('n,name\n1,one\n2,two\n3,three\n4,four\n5,five\n');

    const parquetFile = await fetchSigned((await get(`/exports/${parquet.id}/download`)).body.signed_url);
    expect(parquetFile.status).toBe(200);
    expect(parquetFile.bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(parquetFile.bytes.subarray(-4).toString()).toBe('PAR1');

    const jsonFile = await fetchSigned((await get(`/exports/${deflated.id}/download`)).body.signed_url);
    expect(inflateSync(jsonFile.bytes).toString().trim().split('\n').map((l) => JSON.parse(l))[0]).toEqual({ n: 1, name: 'one' });

    // A tampered signature, another file under a valid signature's other fields, or an expired link: 403.
    const tampered = csvLink.signed_url.replace(/signature=([0-9a-f])/, (_: string, c: string) => `signature=${c === '0' ? '1' : '0'}`);
    expect((await fetchSigned(tampered)).status).toBe(403);
    expect((await fetchSigned(csvLink.signed_url.replace(/name=[^&]+/, `name=${parquet.id}.parquet`))).status).toBe(403);
    const expired = signedDownloadPath(server.config, { tenantId: tenant.tenantId, exportId: csv.body.id, fileName: `${csv.body.id}.csv.gz` }, new Date(Date.now() - 1000));
    expect((await fetchSigned(`${server.baseUrl}${expired.path}`)).status).toBe(403);

    // AVRO is datacovey's but unsupported; unknown formats fail validation.
    const avro = await post(`/query-jobs/${jobId}/exports`, { format: 'AVRO' });
    expect(avro.status).toBe(400);
    expect(avro.body.detail).toMatch(/AVRO/);
    expect((await post(`/query-jobs/${jobId}/exports`, { format: 'XML' })).status).toBe(422);
  });

  it('Cancel Query stops a long-running job', async () => {
    const long = (await post('/query/run', { query_id: queryId, query_text: 'select count(*) from range(100000000000)' })).body.job_id;
    await waitFor(`/query-jobs/${long}`, (b) => b.status === 'RUNNING');
    const cancelled = await post('/query/cancel', { job_id: long });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ job_id: long, status: 'cancelled' });
    expect((await get(`/query-jobs/${long}`)).body).toMatchObject({ status: 'DONE', error_result: { reason: 'stopped' } });
    expect((await post('/query/cancel', { job_id: long })).status).toBe(409);
  });

  it('another tenant finds none of it', async () => {
    const exportId = (await get(`/query-jobs/${jobId}/exports`)).body.exports[0].id;
    for (const path of [`/query-jobs/${jobId}`, `/query-jobs/${jobId}/results`, `/query-jobs/${jobId}/exports`, `/exports/${exportId}`, `/exports/${exportId}/download`, `/query/${jobId}/download`, `/queries/${queryId}/query-jobs`]) {
      const answer = await get(path, other.token);
      expect([path, answer.status]).toEqual([path, 404]);
    }
    expect((await get('/query-jobs', other.token)).body).toEqual({ query_jobs: [] });
    expect((await post(`/query-jobs/${jobId}/exports`, {}, other.token)).status).toBe(404);
    expect((await post('/query/cancel', { job_id: jobId }, other.token)).status).toBe(404);
  });

  it('import jobs load an upload into a table as a new version; export jobs write the table to a file', async () => {
    const project = (await post('/projects', { name: 'warehouse' })).body;
    const dataset = (await post('/datasets', { name: 'sales', project_id: project.id })).body;
    const table = (await post('/tables', { name: 'orders', schema: [{ name: 'id', type: 'INTEGER' }, { name: 'amount', type: 'FLOAT' }], dataset_id: dataset.id })).body;
    const upload = await fetch(`${server.baseUrl}/v1/files`, {
      method: 'POST', headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'text/csv' }, body: 'id,amount\n1,9.5\n2,20\n3,0.5\n',
    }).then((r) => r.json());

    const created = await post('/import-jobs', { status: 'requested', table_id: table.id, upload_id: upload.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'pending', id: expect.stringMatching(UUID), tenant_id: tenant.tenantId, table_id: table.id, created_at: expect.any(String), archived_at: null,
      label: 'requested', upload_id: upload.id,
    });
    const imported = await waitFor(`/import-jobs/${created.body.id}`, (b) => b.status === 'done' || b.status === 'failed');
    expect(imported).toMatchObject({ status: 'done', version: 2, error_message: null });
    const queried = await rest(server, tenant.token, 'POST', '/v1/query', { sql: 'select sum(amount) as total, count(*) as n from sales.orders' });
    expect(queried.body.rows).toEqual([[30, 3]]);
    expect((await get(`/tables/${table.id}/import-jobs`)).body.import_jobs.map((j: any) => j.id)).toEqual([created.body.id]);
    expect((await get('/import-jobs')).body.import_jobs).toHaveLength(1);
    expect((await post('/import-jobs', { status: 'x', table_id: table.id, upload_id: upload.id }, other.token)).status).toBe(404);
    expect((await post('/import-jobs', { table_id: table.id, upload_id: upload.id })).status).toBe(422);

    const exported = (await post('/export-jobs', { status: 'requested', table_id: table.id })).body;
    expect(exported).toMatchObject({ status: 'pending', table_id: table.id, format: 'CSV', compression: 'NONE' });
    await waitFor(`/export-jobs/${exported.id}`, (b) => b.status === 'done');
    expect((await get(`/import-jobs/${exported.id}`)).status).toBe(404);
    const file = await fetchSigned((await get(`/export-jobs/${exported.id}/download`)).body.signed_url);
    expect(file).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/csv/) });
    expect(file.bytes.toString()).toBe('id,amount\n1,9.5\n2,20.0\n3,0.5\n');
    expect((await get(`/tables/${table.id}/export-jobs`)).body.export_jobs.map((j: any) => j.id)).toEqual([exported.id]);
    expect((await get(`/export-jobs/${exported.id}`, other.token)).status).toBe(404);
    expect((await get(`/tables/${table.id}/export-jobs`, other.token)).status).toBe(404);
  });
});
