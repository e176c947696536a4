import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const UUID = /^[0-9a-f-]{36}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/** datacovey's project routes under /api/v1, in its JSON shapes, status codes and error envelopes. */
describe('datacovey REST: projects', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('create (201, 409 duplicate, 422 missing name), get, list with skip/limit, PATCH and PUT, delete (204 then 404)', async () => {
    const created = await rest(server, tenant.token, 'POST', '/api/v1/projects', { name: 'lake', description: 'raw files' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      name: 'lake', description: 'raw files', id: expect.stringMatching(UUID), tenant_id: tenant.tenantId,
      created_at: expect.stringMatching(ISO), archived_at: null,
    });
    const id = created.body.id;

    const duplicate = await rest(server, tenant.token, 'POST', '/api/v1/projects', { name: 'lake' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ detail: expect.any(String) });
    const missing = await rest(server, tenant.token, 'POST', '/api/v1/projects', { description: 'no name' });
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'name'], type: 'missing', msg: expect.any(String) })]);

    expect((await rest(server, tenant.token, 'GET', `/api/v1/projects/${id}`)).body).toEqual(created.body);

    for (const name of ['b', 'c', 'd']) await rest(server, tenant.token, 'POST', '/api/v1/projects', { name });
    const all = await rest(server, tenant.token, 'GET', '/api/v1/projects');
    expect(all.body.projects.map((p: any) => p.name)).toEqual(['lake', 'b', 'c', 'd']);
    const page = await rest(server, tenant.token, 'GET', '/api/v1/projects?skip=1&limit=2');
    expect(page.body.projects.map((p: any) => p.name)).toEqual(['b', 'c']);
    expect((await rest(server, tenant.token, 'GET', '/api/v1/projects?limit=-1')).status).toBe(422);

    // PATCH leaves the description when it is not sent; PUT takes the same partial body.
    const patched = await rest(server, tenant.token, 'PATCH', `/api/v1/projects/${id}`, { name: 'lake-2' });
    expect(patched.body).toMatchObject({ name: 'lake-2', description: 'raw files' });
    const put = await rest(server, tenant.token, 'PUT', `/api/v1/projects/${id}`, { name: 'lake-3', description: null });
    expect(put.body).toMatchObject({ name: 'lake-3', description: null });
    expect((await rest(server, tenant.token, 'PATCH', `/api/v1/projects/${id}`, { name: 'b' })).status).toBe(409);

    const deleted = await rest(server, tenant.token, 'DELETE', `/api/v1/projects/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    const gone = await rest(server, tenant.token, 'GET', `/api/v1/projects/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ detail: expect.stringContaining('not found') });
    expect((await rest(server, tenant.token, 'DELETE', `/api/v1/projects/${id}`)).status).toBe(404);
    // The name is free again once the project is deleted.
    expect((await rest(server, tenant.token, 'POST', '/api/v1/projects', { name: 'lake-3' })).status).toBe(201);
  });

  it("another tenant's project is 404 on every route; no token is 401", async () => {
    const { body: project } = await rest(server, tenant.token, 'POST', '/api/v1/projects', { name: 'private' });
    const other = await createTenant(server);
    expect((await rest(server, other.token, 'GET', `/api/v1/projects/${project.id}`)).status).toBe(404);
    expect((await rest(server, other.token, 'PUT', `/api/v1/projects/${project.id}`, { name: 'mine' })).status).toBe(404);
    expect((await rest(server, other.token, 'DELETE', `/api/v1/projects/${project.id}`)).status).toBe(404);
    expect((await rest(server, other.token, 'GET', `/api/v1/projects/${project.id}/agents`)).status).toBe(404);
    expect((await rest(server, other.token, 'GET', '/api/v1/projects')).body).toEqual({ projects: [] });
    expect((await rest(server, undefined, 'GET', '/api/v1/projects')).status).toBe(401);
    // Any member of the tenant sees its projects.
    const member = await createUser(server, tenant);
    expect((await rest(server, member.token, 'GET', `/api/v1/projects/${project.id}`)).body.name).toBe('private');
  });
});
