import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

const API = '/api/v1';

/** Export files are offered for EXPORT_RETENTION_SECONDS, then deleted from disk (here 3 s instead of 7 days). */
describe('export retention', () => {
  let server: TestServer;
  let tenant: TestTenant;
  const get = (path: string) => rest(server, tenant.token, 'GET', `${API}${path}`);
  const post = (path: string, body: unknown) => rest(server, tenant.token, 'POST', `${API}${path}`, body);

  beforeAll(async () => {
    server = await startTestServer({ env: { EXPORT_RETENTION_SECONDS: '3' } });
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('offers a query export until it expires, then its link is 404 and its file is gone', async () => {
    const project = (await post('/projects', { name: 'retention' })).body;
    expect((await rest(server, tenant.token, 'POST', '/v1/datasets', { label: 'numbers', source: { inline: 'n\n1\n2\n' } })).status).toBe(201);
    const queryId = (await post('/queries', { query_text: 'select * from numbers', project_id: project.id })).body.id;
    const jobId = (await post('/query/run', { query_id: queryId, query_text: 'select n from numbers' })).body.job_id;
    await eventually(async () => ((await get(`/query-jobs/${jobId}`)).body.status === 'DONE' ? true : undefined));
    const exported = (await post(`/query-jobs/${jobId}/exports`, { format: 'CSV', compression: 'NONE' })).body;
    expect(new Date(exported.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(3000);
    await eventually(async () => ((await get(`/exports/${exported.id}`)).body.status === 'done' ? true : undefined));
    const exportsDir = join(server.config.dataDir, 'files', tenant.tenantId, 'exports');
    expect(readdirSync(exportsDir)).toEqual([`${exported.id}.csv`]);
    const link = (await get(`/exports/${exported.id}/download`)).body.signed_url;
    expect((await fetch(link)).status).toBe(200);

    // Expired: the sweeper deletes the file and no new link is handed out.
    await eventually(async () => (!existsSync(join(exportsDir, `${exported.id}.csv`)) ? true : undefined), 20_000);
    expect((await get(`/exports/${exported.id}/download`)).status).toBe(404);
    expect((await get(`/exports/${exported.id}`)).body.status).toBe('done'); // the record stays
  });
});
