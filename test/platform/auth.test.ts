import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { gql, rest, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser } from '../support/tenants';

describe('authentication on every transport', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('HTTP: missing, malformed, forged and expired tokens get 401', async () => {
    expect((await gql(server, undefined, '{ me { id } }')).status).toBe(401);
    expect((await gql(server, 'garbage', '{ me { id } }')).status).toBe(401);
    const forged = await new SignJWT({ tenant: server.tenantId, roles: ['Org admin'] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode('another-secret'));
    expect((await gql(server, forged, '{ me { id } }')).status).toBe(401);
    const expired = await new SignJWT({ tenant: server.tenantId, roles: ['Org admin'] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuedAt(1).setExpirationTime(2)
      .sign(new TextEncoder().encode('test-secret-'.padEnd(48, 'x')));
    expect((await gql(server, expired, '{ me { id } }')).status).toBe(401);
    const valid = await gql(server, server.adminToken, '{ me { email } }');
    expect(valid.status).toBe(200);
    expect(valid.data.me.email).toBe('admin@localhost');
  });

  it('REST: 401 with the seed\'s error envelope', async () => {
    const response = await rest(server, undefined, 'GET', '/api/v1/users/me');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: expect.stringMatching(/Authentication required/) });
    expect((await rest(server, 'garbage', 'GET', '/api/v1/users/me')).status).toBe(401);
  });

  it('WebSocket: missing token closes 4401, bad token closes 4401', async () => {
    for (const token of [undefined, 'garbage']) {
      const closed = new Promise<number>((resolve) => {
        const client = wsClient(server, token, (code) => resolve(code));
        subscribe(client, 'subscription { projectChanged { projectId } }');
      });
      expect(await closed).toBe(4401);
    }
  });

  it('a deleted user\'s token and an archived tenant\'s tokens stop working (401)', async () => {
    const other = await createTenant(server);
    const user = await createUser(server, other);
    expect((await gql(server, user.token, '{ me { id } }')).status).toBe(200);
    await gql(server, other.token, 'mutation($id: ID!) { deleteUser(id: $id) { id } }', { id: user.id });
    expect((await gql(server, user.token, '{ me { id } }')).status).toBe(401);
    expect((await gql(server, other.token, '{ me { id } }')).status).toBe(200);
    await gql(server, server.adminToken, 'mutation($id: ID!) { deleteTenant(id: $id) { id } }', { id: other.tenantId });
    expect((await gql(server, other.token, '{ me { id } }')).status).toBe(401);
  });

  it('WebSocket: a subscription of a user deleted meanwhile ends with UNAUTHENTICATED instead of streaming on', async () => {
    const other = await createTenant(server);
    const user = await createUser(server, other);
    const client = wsClient(server, user.token);
    const sub = subscribe(client, 'subscription { projectChanged { projectId } }');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gql(server, other.token, 'mutation { createProject(input: { name: "seen" }) { id } }');
    expect((await sub.next()).data?.projectChanged.projectId).toBeTruthy();
    await gql(server, other.token, 'mutation($id: ID!) { deleteUser(id: $id) { id } }', { id: user.id });
    // Streams re-check their caller at most every 5 s.
    await new Promise((resolve) => setTimeout(resolve, 5200));
    await gql(server, other.token, 'mutation { createProject(input: { name: "not-for-you" }) { id } }');
    const ended = await sub.next();
    expect(ended.data).toBeFalsy();
    expect(ended.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await client.dispose();
  }, 15_000);

  it('roles: a Dataset user cannot create tenants (FORBIDDEN, 403 on REST)', async () => {
    const { token: userToken } = await createUser(server, { tenantId: server.tenantId, adminId: '', token: server.adminToken });
    const result = await gql(server, userToken, 'mutation { createTenant(input: { name: "nope" }) { id } }');
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await rest(server, userToken, 'POST', '/api/v1/tenants', { name: 'nope' })).status).toBe(403);
  });
});
