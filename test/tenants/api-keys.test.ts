import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

describe('API keys', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name role lastFour } } }`;

  it('shows the key once, authenticates GraphQL, REST and WebSocket with it, and stops after revoke', async () => {
    const { createApiKey } = await gqlOk(server, tenant.token, CREATE, { input: { name: 'etl', role: 'DATASET_EDITOR' } });
    expect(createApiKey.key).toMatch(/^dpk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(createApiKey.apiKey).toMatchObject({ name: 'etl', role: 'DATASET_EDITOR', lastFour: createApiKey.key.slice(-4) });
    const key = createApiKey.key as string;

    const listed = await gqlOk(server, tenant.token, `{ apiKeys { totalCount nodes { id name lastFour lastUsedAt } } }`);
    expect(listed.apiKeys.totalCount).toBe(1);
    expect(JSON.stringify(listed)).not.toContain(key.slice('dpk_'.length + 13)); // the secret half

    const me = await gqlOk(server, key, `{ me { id } }`);
    expect(me.me.id).toBe(tenant.adminId);
    expect((await rest(server, key, 'GET', '/api/v1/users/me')).status).toBe(200);
    const created = await rest(server, key, 'POST', '/api/v1/projects', { name: 'via-key' });
    expect(created.status).toBe(201);
    // The key's role (Dataset editor) applies, not its creator's: no admin actions.
    expect((await rest(server, key, 'POST', '/api/v1/users', { email: 'z@z.test', name: 'Z' })).status).toBe(403);

    const client = wsClient(server, key);
    const sub = subscribe(client, `subscription { projectChanged(after: "0") { project { name } } }`);
    expect((await sub.next()).data?.projectChanged.project.name).toBe('via-key');
    await client.dispose();

    const used = await gqlOk(server, tenant.token, `{ apiKeys { nodes { lastUsedAt } } }`);
    expect(used.apiKeys.nodes[0].lastUsedAt).not.toBeNull();

    await gqlOk(server, tenant.token, `mutation($id: ID!) { revokeApiKey(id: $id) { id archivedAt } }`, { id: createApiKey.apiKey.id });
    expect((await gql(server, key, `{ me { id } }`)).status).toBe(401);
    expect((await rest(server, key, 'GET', '/api/v1/users/me')).status).toBe(401);
    // A tampered secret with a real key id is refused too.
    const { createApiKey: other } = await gqlOk(server, tenant.token, CREATE, { input: { name: 'other' } });
    const tampered = `${other.key.slice(0, -1)}${other.key.endsWith('A') ? 'B' : 'A'}`;
    expect((await gql(server, tampered, `{ me { id } }`)).status).toBe(401);
  });

  it('only Org admins manage keys, a key never outranks its creator, other tenants cannot revoke', async () => {
    const editor = await createUser(server, tenant, 'DATASET_EDITOR');
    const denied = await gql(server, editor.token, CREATE, { input: { name: 'x' } });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const { createApiKey } = await gqlOk(server, tenant.token, CREATE, { input: { name: 'mine' } });
    const stranger = await createTenant(server);
    const revoke = await gql(server, stranger.token, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: createApiKey.apiKey.id });
    expect(revoke.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql(server, createApiKey.key, `{ me { id } }`)).status).toBe(200);
  });
});
