import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt, resolveSecretsKey } from '../../src/crypto';
import { gql, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const VALUE = 'pg-password-Zq81!never-show-me';

/** Secrets: encrypted at rest, write-only on every API, versioned, revocable, tenant-scoped. */
describe('secrets (hotdata /v1/secrets, lakesail secrets, GraphQL)', () => {
  let server: TestServer;
  let tenant: TestTenant;
  const seen: string[] = [];
  let logFile: string;
  beforeAll(async () => {
    logFile = join(mkdtempSync(join(tmpdir(), 'secrets-log-')), 'server.log');
    // Everything the server logs, at its most talkative, goes to a file the last test reads.
    server = await startTestServer({ env: { LOG_LEVEL: 'trace', LOG_FILE: logFile } });
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  const record = <T extends { body?: unknown; data?: unknown; errors?: unknown }>(response: T): T => {
    seen.push(JSON.stringify(response));
    return response;
  };

  it('hotdata: create 201 (409 on duplicate), list, get, update value, delete 204 then 404', async () => {
    const created = record(await rest(server, tenant.token, 'POST', '/v1/secrets', { name: 'warehouse', value: VALUE }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ created_at: expect.any(String), id: expect.any(String), name: 'warehouse' });
    const dup = record(await rest(server, tenant.token, 'POST', '/v1/secrets', { name: 'warehouse', value: 'x' }));
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ message: 'A secret named "warehouse" already exists', status: 409 });
    expect(record(await rest(server, tenant.token, 'POST', '/v1/secrets', { name: 'no-value' })).status).toBe(400);
    expect(record(await rest(server, tenant.token, 'GET', '/v1/secrets')).body).toEqual({ secrets: [{ created_at: expect.any(String), name: 'warehouse', updated_at: expect.any(String) }] });
    expect(record(await rest(server, tenant.token, 'GET', '/v1/secrets/warehouse')).body).toMatchObject({ name: 'warehouse' });
    const updated = record(await rest(server, tenant.token, 'PUT', '/v1/secrets/warehouse', { value: `${VALUE}-v2` }));
    expect(updated.body).toEqual({ name: 'warehouse', updated_at: expect.any(String) });
    expect(record(await rest(server, tenant.token, 'GET', '/v1/secrets/missing')).status).toBe(404);

    // At rest: only ciphertext, which decrypts (AES-256-GCM, bound to secret and version) to the value.
    const rows = (await server.orm.em.fork().getConnection().execute('select * from secret_versions where secret_id = ? order by version', [created.body.id])) as { sealed_value: string; version: number }[];
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    expect(JSON.stringify(rows)).not.toContain(VALUE);
    const key = resolveSecretsKey(server.config);
    expect(decrypt(key, rows[1].sealed_value, `${tenant.tenantId}/${created.body.id}/2`)).toBe(`${VALUE}-v2`);
    expect(() => decrypt(key, rows[1].sealed_value, `${tenant.tenantId}/${created.body.id}/1`)).toThrow();

    expect(record(await rest(server, tenant.token, 'DELETE', '/v1/secrets/warehouse')).status).toBe(204);
    expect(record(await rest(server, tenant.token, 'GET', '/v1/secrets/warehouse')).status).toBe(404);
  });

  it('lakesail: create with teams, describe, update metadata, replace value, revoke (409 twice), delete', async () => {
    const created = record(await rest(server, tenant.token, 'POST', '/lakesail/api/v1/secrets', { name: 'api-token', value: VALUE, description: 'vendor', teamIds: ['T1'] }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'api-token', description: 'vendor', teamIds: ['T1'], currentVersion: 1, status: 'active' });
    const id = created.body.id;
    expect(record(await rest(server, tenant.token, 'PATCH', `/lakesail/api/v1/secrets/${id}`, { teamIds: ['T1', 'T2'] })).body.teamIds).toEqual(['T1', 'T2']);
    expect(record(await rest(server, tenant.token, 'PUT', `/lakesail/api/v1/secrets/${id}/value`, { value: 'new' })).body.currentVersion).toBe(2);
    const revoked = record(await rest(server, tenant.token, 'POST', `/lakesail/api/v1/secrets/${id}/revoke`));
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    expect(record(await rest(server, tenant.token, 'POST', `/lakesail/api/v1/secrets/${id}/revoke`)).status).toBe(409);
    expect(record(await rest(server, tenant.token, 'PUT', `/lakesail/api/v1/secrets/${id}/value`, { value: 'fresh' })).body).toMatchObject({ status: 'active', currentVersion: 3 });
    const list = record(await rest(server, tenant.token, 'GET', '/lakesail/api/v1/secrets?limit=10'));
    expect(list.body).toMatchObject({ total: 1, page: 1, limit: 10 });
    expect(record(await rest(server, tenant.token, 'DELETE', `/lakesail/api/v1/secrets/${id}`)).status).toBe(204);
  });

  it('GraphQL: no field returns a value; other tenants get NOT_FOUND; Dataset users cannot write', async () => {
    const { createSecret } = record({ data: await gqlOk(server, tenant.token, `mutation($v: String!) { createSecret(input: { name: "gql", value: $v }) { id name currentVersion } }`, { v: VALUE }) }).data as any;
    const typeFields = await gqlOk(server, tenant.token, `{ __type(name: "Secret") { fields { name } } }`);
    expect(typeFields.__type.fields.map((f: any) => f.name)).not.toEqual(expect.arrayContaining(['value']));
    const stranger = await createTenant(server);
    expect(record(await gql(server, stranger.token, `query($id: ID!) { secret(id: $id) { name } }`, { id: createSecret.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(record(await rest(server, stranger.token, 'GET', '/v1/secrets/gql')).status).toBe(404);
    const reader = await createUser(server, tenant, 'DATASET_USER');
    expect(record(await gql(server, reader.token, `mutation { createSecret(input: { name: "nope", value: "x" }) { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(record(await gql(server, tenant.token, `{ secret(name: "gql", id: "x") { id } }`)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never shows the value in any response or log line', async () => {
    expect(seen.length).toBeGreaterThan(20);
    for (const response of seen) expect(response).not.toContain('never-show-me');
    // A connection that uses the secret and fails to connect logs and answers without it.
    const secret = record(await rest(server, tenant.token, 'POST', '/v1/secrets', { name: 'pg', value: VALUE }));
    const failing = record(await rest(server, tenant.token, 'POST', '/v1/connections', {
      name: 'unreachable', source_type: 'postgres', secret_id: secret.body.id, config: { url: 'postgres://nobody@127.0.0.1:1/none' },
    }));
    expect(failing.status).toBeLessThan(500);
    expect(JSON.stringify(failing)).not.toContain('never-show-me');
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('server ready');
    expect(log).not.toContain('never-show-me');
  });
});
