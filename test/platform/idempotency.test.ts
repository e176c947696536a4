import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { gql, gqlOk, rest, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const CREATE = `mutation($name: String!, $key: String) { createProject(input: { name: $name }, idempotencyKey: $key) { id name } }`;

async function projectCount(server: TestServer, token: string, nameContains: string): Promise<number> {
  const data = await gqlOk(server, token, `query($n: String) { projects(filter: { nameContains: $n }) { totalCount } }`, { n: nameContains });
  return data.projects.totalCount;
}

/** Retries with the same idempotency key have one effect and get the first response, on every transport. */
describe('idempotency keys', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('every create mutation of every subgraph takes an optional, described idempotencyKey', async () => {
    const introspection = await gql<IntrospectionQuery>(server, tenant.token, getIntrospectionQuery({ descriptions: true }));
    const schema = buildClientSchema(introspection.data!);
    const creates = Object.values(schema.getMutationType()!.getFields()).filter((f) => /^create[A-Z]/.test(f.name));
    expect(creates.length).toBeGreaterThan(10);
    const missing = creates.filter((f) => {
      const arg = f.args.find((a) => a.name === 'idempotencyKey');
      return !arg || arg.type.toString() !== 'String' || !arg.description;
    });
    expect(missing.map((f) => f.name)).toEqual([]);
  });

  it('GraphQL: a retry returns the first response and creates nothing more; other arguments are 422', async () => {
    const first = await gql(server, tenant.token, CREATE, { name: 'idem-a', key: 'key-1' });
    const retry = await fetch(server.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.token}` },
      body: JSON.stringify({ query: CREATE, variables: { name: 'idem-a', key: 'key-1' } }),
    });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual({ data: first.data });
    expect(await projectCount(server, tenant.token, 'idem-a')).toBe(1);

    const reused = await gql(server, tenant.token, CREATE, { name: 'idem-other', key: 'key-1' });
    expect(reused.status).toBe(422);
    expect(reused.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await projectCount(server, tenant.token, 'idem-other')).toBe(0);
  });

  it('keys belong to one caller: another user of the tenant may use the same key', async () => {
    const other = await createUser(server, tenant, 'ORG_ADMIN');
    const mine = await gqlOk(server, tenant.token, CREATE, { name: 'idem-mine', key: 'shared-key' });
    const theirs = await gqlOk(server, other.token, CREATE, { name: 'idem-theirs', key: 'shared-key' });
    expect(theirs.createProject.id).not.toBe(mine.createProject.id);
  });

  it('concurrent duplicates: exactly one runs; the others get its response or a 409 to retry', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => gql(server, tenant.token, CREATE, { name: 'idem-race', key: 'race-key' })));
    const ids = new Set(results.filter((r) => r.data?.createProject).map((r) => r.data!.createProject.id));
    const conflicts = results.filter((r) => r.errors?.[0].extensions?.code === 'CONFLICT');
    expect(ids.size).toBe(1);
    expect(ids.size + conflicts.length).toBeGreaterThan(0);
    expect(results.every((r) => r.data?.createProject || r.errors?.[0].extensions?.code === 'CONFLICT')).toBe(true);
    expect(await projectCount(server, tenant.token, 'idem-race')).toBe(1);
    const after = await gqlOk(server, tenant.token, CREATE, { name: 'idem-race', key: 'race-key' });
    expect(ids.has(after.createProject.id)).toBe(true);
  });

  it('a first request that failed changed nothing, so its key is free: the retry runs again', async () => {
    await gqlOk(server, tenant.token, CREATE, { name: 'idem-taken' });
    const failed = await gql(server, tenant.token, CREATE, { name: 'idem-taken', key: 'fails' });
    expect(failed.errors?.[0].extensions?.code).toBe('CONFLICT');
    await gqlOk(server, tenant.token, `mutation { updateProject(id: "${(await gqlOk(server, tenant.token, `{ projects(filter: { nameContains: "idem-taken" }) { nodes { id } } }`)).projects.nodes[0].id}", input: { name: "idem-renamed" }) { id } }`);
    const retried = await gqlOk(server, tenant.token, CREATE, { name: 'idem-taken', key: 'fails' });
    expect(retried.createProject.name).toBe('idem-taken');
  });

  it('WebSocket: the same rules for mutations sent over graphql-ws', async () => {
    const client = wsClient(server, tenant.token);
    const run = (variables: Record<string, unknown>) =>
      new Promise<any>((resolve, reject) => {
        let result: unknown;
        client.subscribe({ query: CREATE, variables }, { next: (value) => (result = value), error: reject, complete: () => resolve(result) });
      });
    const first = await run({ name: 'idem-ws', key: 'ws-key' });
    const retry = await run({ name: 'idem-ws', key: 'ws-key' });
    expect(retry).toEqual(first);
    const reused = await run({ name: 'idem-ws-2', key: 'ws-key' });
    expect(reused.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await projectCount(server, tenant.token, 'idem-ws')).toBe(1);
    await client.dispose();
  });

  it('REST: Idempotency-Key on a mutating route replays status and body; another body is 422', async () => {
    const post = (body: unknown, key?: string) =>
      fetch(`${server.baseUrl}/api/v1/projects`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.token}`, ...(key !== undefined ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(body),
      });
    const first = await post({ name: 'idem-rest' }, 'rest-key');
    const firstBody = await first.json();
    const retry = await post({ name: 'idem-rest' }, 'rest-key');
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(await retry.json()).toEqual(firstBody);
    expect(await projectCount(server, tenant.token, 'idem-rest')).toBe(1);
    const reused = await post({ name: 'idem-rest-2' }, 'rest-key');
    expect(reused.status).toBe(422);
    expect((await post({ name: 'idem-rest-3' }, 'x'.repeat(300))).status).toBe(400);
    // The GraphQL and REST scopes share the caller's keys: a GraphQL request cannot replay a REST one.
    expect((await gql(server, tenant.token, CREATE, { name: 'idem-rest', key: 'rest-key' })).status).toBe(422);
    expect((await rest(server, tenant.token, 'GET', '/api/v1/projects')).status).toBe(200);
  });
});
