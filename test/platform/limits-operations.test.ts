import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, rest, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** Small limits so that real operations of this schema cross them; the defaults are covered by every other suite passing. */
const LIMITS = {
  LIMIT_MAX_DEPTH: '4',
  LIMIT_MAX_ALIASES: '3',
  LIMIT_MAX_DIRECTIVES: '3',
  LIMIT_MAX_TOKENS: '120',
  LIMIT_MAX_COST: '1000',
  BODY_MAX_BYTES: '20000',
};

const TOO_LARGE_MESSAGE = 'The body is larger than the limit of 20000 bytes';
const JSON_PROBLEM = { loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' };
/** A JSON route of each seed API, with its envelope for a body over the limit and for malformed JSON. */
const REST_PROFILES = [
  { path: '/api/v1/projects', tooLarge: (message: string) => ({ detail: message }), malformed: { status: 422, body: { detail: [JSON_PROBLEM] } } },
  { path: '/api/v1/workspaces', tooLarge: (message: string) => ({ detail: message }), malformed: { status: 422, body: { detail: [JSON_PROBLEM] } } },
  { path: '/v1/connections', tooLarge: (message: string) => ({ message, status: 413 }), malformed: { status: 400, body: { message: 'body: JSON decode error', status: 400 } } },
  {
    path: '/lakesail/api/v1/catalogs',
    tooLarge: (message: string) => ({ error: { code: 'PAYLOAD_TOO_LARGE', message } }),
    malformed: { status: 400, body: { error: { code: 'BAD_USER_INPUT', message: 'JSON decode error', details: [JSON_PROBLEM] } } },
  },
  {
    path: '/chat/rooms',
    tooLarge: (message: string) => ({ status: 'error', message, error: message, code: 'PAYLOAD_TOO_LARGE' }),
    malformed: { status: 400, body: { status: 'error', message: 'JSON decode error', error: 'body: JSON decode error', code: 'BAD_USER_INPUT', data: { details: [JSON_PROBLEM] } } },
  },
];

const DEEP = '{ projects { nodes { createdBy { tenant { name } } } } }';
const ALIASED = '{ a: me { id } b: me { id } c: me { id } d: me { id } }';
/** Aliases of `__typename` count like any other (graphql-armor lets them through by default). */
const TYPENAME_ALIASED = '{ a: __typename b: __typename c: __typename d: __typename }';
const DIRECTED = '{ me { id @include(if: true) email @include(if: true) name @skip(if: false) roles @skip(if: false) } }';
const MANY_TOKENS = `{ me { ${Array.from({ length: 150 }, () => 'id').join(' ')} } }`;
const COSTLY = 'query($n: Int) { projects(first: $n) { nodes { id createdBy { id } } } }';

async function subscriptionErrors(server: TestServer, token: string, query: string, variables?: Record<string, unknown>) {
  const client = wsClient(server, token);
  try {
    const result = await subscribe(client, query, variables).next(10_000);
    return result.errors ?? [];
  } finally {
    await client.dispose();
  }
}

describe('operation limits: depth, aliases, directives, tokens and cost on HTTP, WebSocket and REST', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer({ env: LIMITS });
    tenant = await createTenant(server);
  }, 180_000);
  afterAll(() => server?.close());

  it('HTTP: each limit answers 400 with GRAPHQL_VALIDATION_FAILED (tokens: GRAPHQL_PARSE_FAILED), naming the limit in extensions.limit', async () => {
    for (const [query, limit] of [[DEEP, 'maxDepth'], [ALIASED, 'maxAliases'], [TYPENAME_ALIASED, 'maxAliases'], [DIRECTED, 'maxDirectives']] as const) {
      const response = await gql(server, tenant.token, query);
      expect(response.status, limit).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit });
    }
    const tokens = await gql(server, tenant.token, MANY_TOKENS);
    expect(tokens.status).toBe(400);
    expect(tokens.errors?.[0]).toMatchObject({ message: expect.stringMatching(/more than 120 tokens/), extensions: { code: 'GRAPHQL_PARSE_FAILED', limit: 'maxTokens', max: 120 } });
  });

  it('HTTP: cost counts list sizes from first/limit, variables included', async () => {
    const small = await gql(server, tenant.token, COSTLY, { n: 10 });
    expect(small.status).toBe(200);
    const large = await gql(server, tenant.token, COSTLY, { n: 500 });
    expect(large.status).toBe(400);
    expect(large.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxCost', cost: 1001, max: 1000 });
    const literal = await gql(server, tenant.token, '{ projects(first: 500) { nodes { id createdBy { id } } } }');
    expect(literal.errors?.[0].extensions?.limit).toBe('maxCost');
    // Without `first`, a list counts as the default page (50).
    expect((await gql(server, tenant.token, '{ projects { nodes { id createdBy { id } } } }')).status).toBe(200);
  });

  it('WebSocket: the same limits refuse subscriptions and operations sent over graphql-ws', async () => {
    const deep = await subscriptionErrors(server, tenant.token, 'subscription { projectChanged { project { createdBy { tenant { name } } } } }');
    expect(deep[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxDepth' });
    const aliased = await subscriptionErrors(server, tenant.token, ALIASED);
    expect(aliased[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxAliases' });
    expect((await subscriptionErrors(server, tenant.token, TYPENAME_ALIASED))[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxAliases' });
    const directed = await subscriptionErrors(server, tenant.token, DIRECTED);
    expect(directed[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxDirectives' });
    const tokens = await subscriptionErrors(server, tenant.token, MANY_TOKENS);
    expect(tokens[0]).toMatchObject({ message: expect.stringMatching(/more than 120 tokens/), extensions: { code: 'GRAPHQL_PARSE_FAILED', limit: 'maxTokens', max: 120 } });
    const costly = await subscriptionErrors(server, tenant.token, COSTLY, { n: 500 });
    expect(costly[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxCost' });
    // …and an operation within the limits runs.
    const client = wsClient(server, tenant.token);
    const ok = await subscribe(client, COSTLY, { n: 10 }).next(10_000);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.projects.nodes).toEqual([]);
    await client.dispose();
  });

  it('REST: the route\'s operation goes through the same limits (cost from `limit`, depth), in the profile\'s envelope', async () => {
    const small = await rest(server, tenant.token, 'GET', '/api/v1/projects?limit=5');
    expect(small.status).toBe(200);
    const large = await rest(server, tenant.token, 'GET', '/api/v1/projects?limit=500');
    expect(large.status).toBe(400);
    expect(large.body).toEqual({ detail: expect.stringMatching(/cost \d+ exceeds the limit of 1000/) });
  });

  it('bodies over BODY_MAX_BYTES are 413 PAYLOAD_TOO_LARGE on GraphQL and on REST in each profile\'s envelope, and the server keeps serving', async () => {
    const big = 'x'.repeat(30_000);
    const graphql = await gql(server, tenant.token, 'mutation($d: String) { createProject(input: { name: "big", description: $d }) { id } }', { d: big });
    expect(graphql.status).toBe(413);
    expect(graphql.errors?.[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 20000 });
    for (const { path, tooLarge } of REST_PROFILES) {
      const response = await rest(server, tenant.token, 'POST', path, { name: 'big', description: big });
      expect(response.status, path).toBe(413);
      expect(response.body, path).toEqual(tooLarge(TOO_LARGE_MESSAGE));
    }
    expect((await rest(server, tenant.token, 'GET', '/api/v1/projects')).status).toBe(200);
    expect((await gql(server, tenant.token, '{ projects { totalCount } }')).data?.projects.totalCount).toBe(0);
  });

  it('REST: malformed JSON is each profile\'s validation error, never the GraphQL shape', async () => {
    for (const { path, malformed } of REST_PROFILES) {
      const response = await rest(server, tenant.token, 'POST', path, '{"name":');
      expect({ status: response.status, body: response.body }, path).toEqual(malformed);
    }
  });
});

describe('NODE_ENV=production: no introspection, no field suggestions, no stack traces', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: 'production' } });
  }, 180_000);
  afterAll(() => server?.close());

  it('HTTP: introspection is refused and "Did you mean" is gone', async () => {
    const introspection = await gql(server, server.adminToken, '{ __schema { queryType { name } } }');
    expect(introspection.status).toBe(400);
    expect(introspection.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await gql(server, server.adminToken, '{ projcts { totalCount } }');
    expect(typo.status).toBe(400);
    expect(typo.errors?.[0].message).toMatch(/Cannot query field "projcts"/);
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean|projects/);
    expect(JSON.stringify(typo.errors)).not.toMatch(/stacktrace/);
  });

  it('WebSocket: introspection is refused and "Did you mean" is gone', async () => {
    const introspection = await subscriptionErrors(server, server.adminToken, '{ __schema { queryType { name } } }');
    expect(introspection[0]?.message).toMatch(/introspection/i);
    const typo = await subscriptionErrors(server, server.adminToken, 'subscription { projectChangd { projectId } }');
    expect(typo[0]?.message).toMatch(/Cannot query field "projectChangd"/);
    expect(JSON.stringify(typo)).not.toMatch(/Did you mean|projectChanged/);
  });

  it('development keeps both (the contrast)', async () => {
    const dev = await startTestServer();
    try {
      // GraphiQL's own introspection query passes the default limits.
      const introspection = await gql(dev, dev.adminToken, getIntrospectionQuery());
      expect(introspection.status).toBe(200);
      expect(introspection.data.__schema.types.length).toBeGreaterThan(100);
      expect((await gql(dev, dev.adminToken, '{ projcts { totalCount } }')).errors?.[0].message).toMatch(/Did you mean "projects"/);
    } finally {
      await dev.close();
    }
  }, 180_000);
});
