import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

/** Rate limits on, with a key prefix of this run's own (Redis is shared by every suite). */
function rateLimitEnv(perIp: number, perIdentity: number): Record<string, string> {
  return {
    RATE_LIMIT: 'on',
    RATE_LIMIT_PER_IP: String(perIp),
    RATE_LIMIT_PER_IDENTITY: String(perIdentity),
    RATE_LIMIT_WINDOW_SECONDS: '60',
    RATE_LIMIT_KEY_PREFIX: `test:${randomUUID()}`,
  };
}

function wsClosedWith(server: TestServer, token: string): Promise<number> {
  return new Promise((resolve) => {
    const client = wsClient(server, token, (code) => resolve(code));
    subscribe(client, 'subscription { projectChanged { projectId } }');
  });
}

function expectRetryAfter(headers: Headers) {
  const retryAfter = Number(headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('rate limits per identity', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer({ env: rateLimitEnv(100_000, 5) });
    tenant = await createTenant(server);
  }, 180_000);
  afterAll(() => server?.close());

  it('HTTP and REST draw on one budget per identity; the next answers 429 with Retry-After, others are unaffected', async () => {
    const user = await createUser(server, tenant);
    const other = await createUser(server, tenant);
    for (let i = 0; i < 3; i++) expect((await gql(server, user.token, '{ me { id } }')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await rest(server, user.token, 'GET', '/api/v1/users/me')).status).toBe(200);

    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` }, body: JSON.stringify({ query: '{ me { id } }' }) });
    expect(response.status).toBe(429);
    expectRetryAfter(response.headers);
    const body = await response.json();
    expect(body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfter: expect.any(Number) });

    const restResponse = await rest(server, user.token, 'GET', '/api/v1/users/me');
    expect(restResponse.status).toBe(429);
    expectRetryAfter(restResponse.headers);
    expect(restResponse.body).toEqual({ detail: expect.stringMatching(/Too many requests/) });

    expect((await gql(server, other.token, '{ me { id } }')).status).toBe(200);
  });

  it('an API key has a budget of its own, apart from the user who made it', async () => {
    const admin = await createTenant(server);
    const { createApiKey } = await gqlOk(server, admin.token, 'mutation { createApiKey(input: { name: "etl", role: DATASET_USER }) { key } }');
    for (let i = 0; i < 5; i++) expect((await gql(server, createApiKey.key, '{ me { id } }')).status).toBe(200);
    expect((await gql(server, createApiKey.key, '{ me { id } }')).status).toBe(429);
    expect((await gql(server, admin.token, '{ me { id } }')).status).toBe(200);
  });

  it('WebSocket: connecting and subscribing draw on the budget; subscribe gets TOO_MANY_REQUESTS, connect is closed 4429', async () => {
    const user = await createUser(server, tenant);
    const client = wsClient(server, user.token);
    // connect (1) + 4 subscriptions (2..5), then the sixth request is refused.
    const subs = [1, 2, 3, 4].map(() => subscribe(client, 'subscription { projectChanged { projectId } }'));
    const refused = subscribe(client, 'subscription { projectChanged { projectId } }');
    expect((await refused.next(10_000)).errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS', retryAfter: expect.any(Number) } });
    await gql(server, tenant.token, 'mutation { createProject(input: { name: "still-live" }) { id } }');
    for (const sub of subs) expect((await sub.next(10_000)).data?.projectChanged.projectId).toBeTruthy();
    await client.dispose();
    expect(await wsClosedWith(server, user.token)).toBe(4429);
  });
});

describe('rate limits per IP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: rateLimitEnv(6, 100_000) });
  }, 180_000);
  afterAll(() => server?.close());

  it('anonymous or not, one address gets its budget across HTTP, REST and WebSocket, then 429 / close 4429', async () => {
    for (let i = 0; i < 3; i++) expect((await gql(server, undefined, '{ __typename }')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await rest(server, server.adminToken, 'GET', '/api/v1/users/me')).status).toBe(200);
    const graphql = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(graphql.status).toBe(429);
    expectRetryAfter(graphql.headers);
    // Refused before the credentials are looked at: guessing tokens costs budget too.
    expect((await gql(server, 'guessed-token', '{ __typename }')).status).toBe(429);
    const restResponse = await rest(server, server.adminToken, 'GET', '/api/v1/users/me');
    expect(restResponse.status).toBe(429);
    expectRetryAfter(restResponse.headers);
    expect(await wsClosedWith(server, server.adminToken)).toBe(4429);
    // Health checks are not rate limited.
    expect((await rest(server, undefined, 'GET', '/healthz')).status).toBe(200);
  });
});

/** Two instances on one database and one Redis: the budget is shared, not per process. */
describe.skipIf(!process.env.REDIS_URL)('rate limits across instances (Redis)', () => {
  let first: TestServer;
  let second: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    const env = rateLimitEnv(100_000, 4);
    first = await startTestServer({ env });
    second = await startTestServer({ env, sameDatabaseAs: first });
    tenant = await createTenant(first);
  }, 180_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('two requests on A and two on B spend one identity\'s budget of four: the fifth is 429 on either', async () => {
    const user = await createUser(first, tenant);
    for (const server of [first, second, first, second]) expect((await gql(server, user.token, '{ me { id } }')).status).toBe(200);
    expect((await gql(second, user.token, '{ me { id } }')).status).toBe(429);
    expect((await rest(first, user.token, 'GET', '/api/v1/users/me')).status).toBe(429);
  });
});
