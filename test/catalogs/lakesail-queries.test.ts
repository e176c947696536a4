import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const BASE = '/lakesail/api/v1';

/** lakesail queries: the same saved queries as hotdata's, with catalog, schema and team sharing. */
describe('lakesail queries', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('create with catalog and teams, describe, update, share by team, my queries, delete', async () => {
    const { createTeam } = await gqlOk(server, tenant.token, 'mutation { createTeam(input: { name: "bi" }) { id } }');
    const analyst = await createUser(server, tenant, 'DATASET_EDITOR');
    await gqlOk(server, tenant.token, 'mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { userId } }', { t: createTeam.id, u: analyst.id });
    const { body: catalog } = await rest(server, tenant.token, 'POST', `${BASE}/catalogs`, { name: 'lake', provider: 'local' });

    const created = await rest(server, tenant.token, 'POST', `${BASE}/queries`, { name: 'daily', sql: 'select count(*) from events', catalogId: catalog.id, schema: 'raw' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'daily', sql: 'select count(*) from events', catalogId: catalog.id, schema: 'raw', category: 'aggregation', latestVersion: 1 });
    expect((await rest(server, tenant.token, 'POST', `${BASE}/queries`, { name: 'x', sql: 'select 1', catalogId: 'nope' })).status).toBe(404);
    await rest(server, tenant.token, 'POST', `${BASE}/queries`, { name: 'elsewhere', sql: 'select 2' });
    const usingCatalog = await rest(server, tenant.token, 'GET', `${BASE}/catalogs/${catalog.id}/queries`);
    expect(usingCatalog.body).toMatchObject({ total: 1, items: [{ id: created.body.id, name: 'daily' }] });
    const shared = await rest(server, tenant.token, 'POST', `${BASE}/queries`, { name: 'shared', sql: 'select * from a join b on a.id = b.id', teamIds: [createTeam.id] });
    expect(shared.body.category).toBe('join');

    const mine = await rest(server, analyst.token, 'GET', `${BASE}/queries/mine`);
    expect(mine.body.items.map((q: any) => q.name)).toEqual(['shared']);
    await rest(server, tenant.token, 'POST', `${BASE}/queries/${created.body.id}/teams`, { teamIds: [createTeam.id] });
    const updated = await rest(server, tenant.token, 'PATCH', `${BASE}/queries/${created.body.id}`, { sql: 'select day, count(*) from events group by day' });
    expect(updated.body).toMatchObject({ latestVersion: 2, sql: 'select day, count(*) from events group by day' });
    // Sorted by updatedAt (the default), the one just changed comes last ascending.
    const sorted = await rest(server, analyst.token, 'GET', `${BASE}/queries/mine`);
    expect(sorted.body.items.map((q: any) => q.name)).toEqual(['shared', 'daily']);
    const described = await rest(server, tenant.token, 'GET', `${BASE}/queries/${created.body.id}`);
    expect(described.body).toMatchObject({ teamIds: [createTeam.id], latestVersion: 2 });
    expect((await rest(server, tenant.token, 'GET', `${BASE}/teams/${createTeam.id}/queries`)).body.total).toBe(2);
    expect((await rest(server, tenant.token, 'DELETE', `${BASE}/queries/${created.body.id}/teams/${createTeam.id}`)).status).toBe(204);
    expect((await rest(server, analyst.token, 'GET', `${BASE}/queries/mine`)).body.items.map((q: any) => q.name)).toEqual(['shared']);

    // The same query through hotdata's API.
    expect((await rest(server, tenant.token, 'GET', `/v1/queries/${shared.body.id}`)).body).toMatchObject({ name: 'shared', has_join: true });
    expect((await rest(server, tenant.token, 'DELETE', `${BASE}/queries/${shared.body.id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `${BASE}/teams/${createTeam.id}/queries`)).body.total).toBe(0);
    const stranger = await createTenant(server);
    expect((await rest(server, stranger.token, 'GET', `${BASE}/queries/${created.body.id}`)).status).toBe(404);
  });
});
