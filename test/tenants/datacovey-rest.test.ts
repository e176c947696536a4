import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const UUID = /^[0-9a-f-]{36}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/** datacovey's tenant and user routes under /api/v1, in its JSON shapes and status codes. */
describe('datacovey REST: tenants and users', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server, 'acme');
  });
  afterAll(() => server?.close());

  it('tenants: create (201, 409 on duplicate), get, list with skip/limit, update, soft delete (204 then 404)', async () => {
    const created = await rest(server, server.adminToken, 'POST', '/api/v1/tenants', { name: 'globex' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: 'globex', id: expect.stringMatching(UUID), created_at: expect.stringMatching(ISO), archived_at: null });
    expect((await rest(server, server.adminToken, 'POST', '/api/v1/tenants', { name: 'globex' })).status).toBe(409);
    const id = created.body.id;
    expect((await rest(server, server.adminToken, 'GET', `/api/v1/tenants/${id}`)).body.name).toBe('globex');

    const all = await rest(server, server.adminToken, 'GET', '/api/v1/tenants');
    expect(all.body.tenants.map((t: any) => t.name)).toEqual(['default', 'acme', 'globex']);
    const page = await rest(server, server.adminToken, 'GET', '/api/v1/tenants?skip=1&limit=1');
    expect(page.body.tenants.map((t: any) => t.name)).toEqual(['acme']);
    expect((await rest(server, server.adminToken, 'GET', '/api/v1/tenants?limit=-1')).status).toBe(422);

    const renamed = await rest(server, server.adminToken, 'PATCH', `/api/v1/tenants/${id}`, { name: 'globex-2' });
    expect(renamed.body.name).toBe('globex-2');
    const deleted = await rest(server, server.adminToken, 'DELETE', `/api/v1/tenants/${id}`);
    expect(deleted.status).toBe(204);
    expect((await rest(server, server.adminToken, 'GET', `/api/v1/tenants/${id}`)).status).toBe(404);
    // A tenant admin sees only its own tenant.
    const own = await rest(server, tenant.token, 'GET', '/api/v1/tenants');
    expect(own.body.tenants.map((t: any) => t.id)).toEqual([tenant.tenantId]);
  });

  it('users: me, create, get, full update, role update, invite, list, delete — in datacovey\'s shapes', async () => {
    const me = await rest(server, tenant.token, 'GET', '/api/v1/users/me');
    expect(me.body).toEqual({
      email: 'admin@acme.test', name: 'Admin', role: 'Org admin', id: tenant.adminId, tenant_id: tenant.tenantId,
      identity_provider_id: null, created_at: expect.stringMatching(ISO),
    });

    const created = await rest(server, tenant.token, 'POST', '/api/v1/users', { email: 'Ann@Acme.test', name: 'Ann' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'ann@acme.test', name: 'Ann', role: 'Dataset user', tenant_id: tenant.tenantId });
    const annId = created.body.id;
    expect((await rest(server, tenant.token, 'POST', '/api/v1/users', { email: 'ann@acme.test', name: 'Ann again' })).status).toBe(409);
    const invalid = await rest(server, tenant.token, 'POST', '/api/v1/users', { name: 'No email', role: 'Boss' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.detail).toEqual(expect.arrayContaining([
      expect.objectContaining({ loc: ['body', 'email'], type: 'missing' }),
      expect.objectContaining({ loc: ['body', 'role'] }),
    ]));
    const badEmail = await rest(server, tenant.token, 'POST', '/api/v1/users', { email: 'not-an-email', name: 'X' });
    expect(badEmail.status).toBe(422);
    expect(badEmail.body.detail[0].msg).toMatch(/email/);

    const replaced = await rest(server, tenant.token, 'PUT', `/api/v1/users/${annId}`, { email: 'ann@acme.test', name: 'Ann B', role: 'Dataset editor' });
    expect(replaced.body).toMatchObject({ name: 'Ann B', role: 'Dataset editor' });
    const promoted = await rest(server, tenant.token, 'PATCH', `/api/v1/users/${annId}/role`, { role: 'Org admin' });
    expect(promoted.body.role).toBe('Org admin');

    const invited = await rest(server, tenant.token, 'POST', '/api/v1/users/invite', { email: 'bob@acme.test', name: 'Bob', role: 'Dataset editor' });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: 'bob@acme.test', role: 'Dataset editor' });

    const list = await rest(server, tenant.token, 'GET', '/api/v1/users');
    expect(list.body.users.map((u: any) => u.email)).toEqual(['admin@acme.test', 'ann@acme.test', 'bob@acme.test']);
    expect((await rest(server, tenant.token, 'GET', `/api/v1/users/${annId}`)).body.name).toBe('Ann B');

    const removed = await rest(server, tenant.token, 'DELETE', `/api/v1/users/${invited.body.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ message: 'User deleted', user_id: invited.body.id });
    expect((await rest(server, tenant.token, 'GET', `/api/v1/users/${invited.body.id}`)).status).toBe(404);
  });

  it('role rules: only an Org admin creates, invites, changes roles or deletes; the last Org admin stays', async () => {
    const user = await createUser(server, tenant, 'DATASET_EDITOR');
    for (const [method, path, body] of [
      ['POST', '/api/v1/users', { email: 'x@acme.test', name: 'X' }],
      ['POST', '/api/v1/users/invite', { email: 'y@acme.test', name: 'Y' }],
      ['PATCH', `/api/v1/users/${user.id}/role`, { role: 'Org admin' }],
      ['DELETE', `/api/v1/users/${tenant.adminId}`, undefined],
    ] as const) {
      const response = await rest(server, user.token, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.detail).toMatch(/Org admin/);
    }
    // An editor may rename themself but not change their own role.
    expect((await rest(server, user.token, 'PUT', `/api/v1/users/${user.id}`, { email: user.email, name: 'Renamed', role: 'Dataset editor' })).status).toBe(200);
    expect((await rest(server, user.token, 'PUT', `/api/v1/users/${user.id}`, { email: user.email, name: 'Renamed', role: 'Org admin' })).status).toBe(403);

    const solo = await createTenant(server);
    const demote = await rest(server, solo.token, 'PATCH', `/api/v1/users/${solo.adminId}/role`, { role: 'Dataset user' });
    expect(demote.status).toBe(409);
    expect((await rest(server, solo.token, 'DELETE', `/api/v1/users/${solo.adminId}`)).status).toBe(409);
  });
});
