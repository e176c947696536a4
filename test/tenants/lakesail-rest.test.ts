import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const BASE = '/lakesail/api/v1';

/** lakesail's teams, roles and invitations over REST (camelCase JSON, `{items, page, limit, total}` lists). */
describe('lakesail REST: teams, roles, invitations', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server, 'sail-org');
  });
  afterAll(() => server?.close());

  it('teams and members with page/limit/dir paging', async () => {
    const created = await rest(server, tenant.token, 'POST', `${BASE}/teams`, { name: 'platform', description: 'infra' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'platform', description: 'infra', memberCount: 0, defaultRoleId: 'TEAMMEMBER' });
    expect((await rest(server, tenant.token, 'POST', `${BASE}/teams`, { name: 'platform' })).status).toBe(409);
    for (const name of ['alpha', 'zulu']) await rest(server, tenant.token, 'POST', `${BASE}/teams`, { name });
    const page = await rest(server, tenant.token, 'GET', `${BASE}/teams?page=2&limit=2&dir=desc`);
    expect(page.body).toEqual({ items: [expect.objectContaining({ name: 'alpha' })], page: 2, limit: 2, total: 3 });
    expect((await rest(server, tenant.token, 'GET', `${BASE}/teams?limit=101`)).status).toBe(400);

    const teamId = created.body.id;
    const user = await createUser(server, tenant);
    const added = await rest(server, tenant.token, 'POST', `${BASE}/teams/${teamId}/members`, { memberId: user.id });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ teamId, userId: user.id, roleIds: ['TEAMMEMBER'], user: { email: user.email } });
    const roles = await rest(server, tenant.token, 'PUT', `${BASE}/teams/${teamId}/members/${user.id}/roles`, { roleIds: ['TEAMADMIN'] });
    expect(roles.body.roleIds).toEqual(['TEAMADMIN']);
    expect((await rest(server, tenant.token, 'PUT', `${BASE}/teams/${teamId}/members/${user.id}/roles`, { roleIds: [] })).status).toBe(400);
    const members = await rest(server, tenant.token, 'GET', `${BASE}/teams/${teamId}/members`);
    expect(members.body).toMatchObject({ total: 1, items: [{ userId: user.id }] });
    expect((await rest(server, user.token, 'GET', `${BASE}/users/me/teams`)).body.items).toEqual([expect.objectContaining({ id: teamId, roleIds: ['TEAMADMIN'] })]);
    expect((await rest(server, tenant.token, 'PATCH', `${BASE}/teams/${teamId}`, { description: 'core infra' })).body.description).toBe('core infra');
    expect((await rest(server, user.token, 'DELETE', `${BASE}/teams/${teamId}`)).status).toBe(403);
    expect((await rest(server, tenant.token, 'DELETE', `${BASE}/teams/${teamId}/members/${user.id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'DELETE', `${BASE}/teams/${teamId}`)).status).toBe(204);
    const gone = await rest(server, tenant.token, 'GET', `${BASE}/teams/${teamId}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: { code: 'NOT_FOUND', message: `Team ${teamId} not found` } });
  });

  it('roles: list with search, describe', async () => {
    const org = await rest(server, tenant.token, 'GET', `${BASE}/roles/organization?search=dataset`);
    expect(org.body).toMatchObject({ total: 2, items: [{ id: 'DATASETEDITOR' }, { id: 'DATASETUSER' }] });
    expect((await rest(server, tenant.token, 'GET', `${BASE}/roles/organization/ORGADMIN`)).body).toMatchObject({ name: 'Org admin', permissions: expect.arrayContaining(['teams:manage']) });
    expect((await rest(server, tenant.token, 'GET', `${BASE}/roles/team`)).body.total).toBe(2);
    expect((await rest(server, tenant.token, 'GET', `${BASE}/roles/team/NOPE`)).status).toBe(404);
  });

  it('invitations: create (Org admin), describe and accept with no auth', async () => {
    const created = await rest(server, tenant.token, 'POST', `${BASE}/invitations`, { email: 'sailor@sea.test', role: 'Dataset editor' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'sailor@sea.test', role: 'Dataset editor', status: 'pending', organizationName: 'sail-org' });
    const described = await rest(server, undefined, 'GET', `${BASE}/invitations/${created.body.id}`);
    expect(described.body).toMatchObject({ email: 'sailor@sea.test', status: 'pending' });
    const accepted = await rest(server, undefined, 'POST', `${BASE}/invitations/${created.body.id}/accept`, { name: 'Sailor' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ email: 'sailor@sea.test', role: 'Dataset editor' });
    expect((await rest(server, accepted.body.token, 'GET', '/api/v1/users/me')).body.email).toBe('sailor@sea.test');
    expect((await rest(server, undefined, 'POST', `${BASE}/invitations/${created.body.id}/accept`, { name: 'Again' })).status).toBe(409);
  });

  it('users and organization members: token paging, profile, roles (strongest wins), last Org admin stays', async () => {
    const org = await createTenant(server, 'members-org');
    const created = await rest(server, org.token, 'POST', `${BASE}/users`, { email: 'mia@org.test', name: 'Mia', roleIds: ['DATASETUSER', 'DATASETEDITOR'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'mia@org.test', name: 'Mia', roleIds: ['DATASETEDITOR'], teams: [] });
    expect((await rest(server, org.token, 'POST', `${BASE}/users`, { email: 'x@org.test', name: 'X', roleIds: ['KING'] })).status).toBe(400);
    await rest(server, org.token, 'POST', `${BASE}/users`, { email: 'zed@org.test', name: 'Zed' });

    const first = await rest(server, org.token, 'GET', `${BASE}/users?limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextToken).toEqual(expect.any(String));
    const second = await rest(server, org.token, 'GET', `${BASE}/users?limit=2&token=${first.body.nextToken}`);
    expect(second.body).toMatchObject({ items: [{ email: 'zed@org.test' }], nextToken: null });

    const me = await rest(server, org.token, 'GET', `${BASE}/users/me`);
    expect(me.body).toMatchObject({ id: org.adminId, roleIds: ['ORGADMIN'], organization: { id: org.tenantId, name: 'members-org', roleIds: ['ORGADMIN'] } });
    const renamed = await rest(server, org.token, 'PATCH', `${BASE}/users/${created.body.id}`, { name: 'Mia R' });
    expect(renamed.body).toMatchObject({ name: 'Mia R', email: 'mia@org.test', roleIds: ['DATASETEDITOR'] });

    const members = await rest(server, org.token, 'GET', `${BASE}/members?sort=email&dir=desc&limit=10`);
    expect(members.body.items.map((m: any) => m.email)).toEqual(['zed@org.test', 'mia@org.test', 'admin@members-org.test']);
    expect(members.body.total).toBe(3);
    const searched = await rest(server, org.token, 'GET', `${BASE}/members?search=mia`);
    expect(searched.body.items.map((m: any) => m.email)).toEqual(['mia@org.test']);
    const promoted = await rest(server, org.token, 'PUT', `${BASE}/members/${created.body.id}/roles`, { roleIds: ['ORGADMIN'] });
    expect(promoted.body.roleIds).toEqual(['ORGADMIN']);
    expect((await rest(server, org.token, 'PUT', `${BASE}/members/${created.body.id}/roles`, { roleIds: [] })).status).toBe(400);
    // Two admins now: one may step down; the last one may not.
    expect((await rest(server, org.token, 'PUT', `${BASE}/members/${created.body.id}/roles`, { roleIds: ['DATASETUSER'] })).status).toBe(200);
    const lastAdmin = await rest(server, org.token, 'PUT', `${BASE}/members/${org.adminId}/roles`, { roleIds: ['DATASETUSER'] });
    expect(lastAdmin.status).toBe(409);
    expect((await rest(server, org.token, 'DELETE', `${BASE}/members/${created.body.id}`)).status).toBe(204);
    expect((await rest(server, org.token, 'GET', `${BASE}/members/${created.body.id}`)).status).toBe(404);
    expect((await rest(server, tenant.token, 'GET', `${BASE}/members/${org.adminId}`)).status).toBe(404);
  });
});
