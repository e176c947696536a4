import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const BASE = '/lakesail/api/v1';

/** lakesail catalogs: CRUD with 409s, team access, "my catalogs" through team membership. */
describe('catalogs', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('create (409 on duplicate, 400 on unknown provider), describe, update, sort, disconnect', async () => {
    const created = await rest(server, tenant.token, 'POST', `${BASE}/catalogs`, { name: 'glue-prod', provider: 'glue', config: { region: 'eu-west-1' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'glue-prod', provider: 'glue', config: { region: 'eu-west-1' }, secretId: null });
    expect((await rest(server, tenant.token, 'POST', `${BASE}/catalogs`, { name: 'glue-prod', provider: 'glue' })).status).toBe(409);
    expect((await rest(server, tenant.token, 'POST', `${BASE}/catalogs`, { name: 'x', provider: 'oracle' })).status).toBe(400);
    await rest(server, tenant.token, 'POST', `${BASE}/catalogs`, { name: 'a-local', provider: 'local' });
    const id = created.body.id;
    const updated = await rest(server, tenant.token, 'PATCH', `${BASE}/catalogs/${id}`, { config: { region: 'us-east-1' } });
    expect(updated.body.config).toEqual({ region: 'us-east-1' });
    const sorted = await rest(server, tenant.token, 'GET', `${BASE}/catalogs/mine?sort=updatedAt&dir=desc`);
    expect(sorted.body.items.map((c: any) => c.name)).toEqual(['glue-prod', 'a-local']);
    expect((await rest(server, tenant.token, 'GET', `${BASE}/catalogs`)).body.items.map((c: any) => c.name)).toEqual(['a-local', 'glue-prod']);
    expect((await rest(server, tenant.token, 'DELETE', `${BASE}/catalogs/${id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `${BASE}/catalogs/${id}`)).status).toBe(404);
  });

  it('team access decides "my catalogs" for non-admins; unknown teams are 404', async () => {
    const { createTeam } = await gqlOk(server, tenant.token, `mutation { createTeam(input: { name: "analysts" }) { id } }`);
    const member = await createUser(server, tenant, 'DATASET_EDITOR');
    await gqlOk(server, tenant.token, `mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { userId } }`, { t: createTeam.id, u: member.id });
    const { body: shared } = await rest(server, tenant.token, 'POST', `${BASE}/catalogs`, { name: 'shared', provider: 'iceberg-rest' });
    await rest(server, tenant.token, 'POST', `${BASE}/catalogs`, { name: 'private', provider: 'hive' });

    expect((await rest(server, member.token, 'GET', `${BASE}/catalogs/mine`)).body.items).toEqual([]);
    const added = await rest(server, tenant.token, 'POST', `${BASE}/catalogs/${shared.id}/teams`, { teamIds: [createTeam.id] });
    expect(added.body.items.map((t: any) => t.teamId)).toEqual([createTeam.id]);
    expect((await rest(server, tenant.token, 'POST', `${BASE}/catalogs/${shared.id}/teams`, { teamIds: ['no-such-team'] })).status).toBe(404);
    expect((await rest(server, member.token, 'GET', `${BASE}/catalogs/mine`)).body.items.map((c: any) => c.name)).toEqual(['shared']);
    expect((await rest(server, tenant.token, 'GET', `${BASE}/teams/${createTeam.id}/catalogs`)).body.items.map((c: any) => c.name)).toEqual(['shared']);
    expect((await rest(server, tenant.token, 'GET', `${BASE}/catalogs/${shared.id}/teams`)).body.items).toHaveLength(1);
    expect((await rest(server, tenant.token, 'DELETE', `${BASE}/catalogs/${shared.id}/teams/${createTeam.id}`)).status).toBe(204);
    expect((await rest(server, member.token, 'GET', `${BASE}/catalogs/mine`)).body.items).toEqual([]);

    const stranger = await createTenant(server);
    expect((await rest(server, stranger.token, 'GET', `${BASE}/catalogs/${shared.id}`)).status).toBe(404);
    const strangerTeam = await gqlOk(server, stranger.token, `mutation { createTeam(input: { name: "theirs" }) { id } }`);
    expect((await rest(server, tenant.token, 'POST', `${BASE}/catalogs/${shared.id}/teams`, { teamIds: [strangerTeam.createTeam.id] })).status).toBe(404);
  });

  it('a secret a catalog uses cannot be deleted until the catalog lets go of it', async () => {
    const secret = await gqlOk(server, tenant.token, `mutation { createSecret(input: { name: "glue-creds", value: "AKIA..." }) { id } }`);
    const { createCatalog } = await gqlOk(server, tenant.token, `mutation($s: ID!) { createCatalog(input: { name: "with-secret", provider: "glue", secretId: $s }) { id secretId } }`, { s: secret.createSecret.id });
    expect(createCatalog.secretId).toBe(secret.createSecret.id);
    const refused = await rest(server, tenant.token, 'DELETE', '/v1/secrets/glue-creds');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/used by 1 catalog/);
    await gqlOk(server, tenant.token, `mutation($id: ID!) { updateCatalog(id: $id, input: { secretId: null }) { id } }`, { id: createCatalog.id });
    expect((await rest(server, tenant.token, 'DELETE', '/v1/secrets/glue-creds')).status).toBe(204);
    const missing = await gql(server, tenant.token, `mutation { createCatalog(input: { name: "bad-secret", provider: "glue", secretId: "nope" }) { id } }`);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
