import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql as apolloGql } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { Client as UrqlClient, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gqlOk } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

const ME = 'query Me { me { email tenant { id } } projects(first: 5) { totalCount } }';
const CREATE = 'mutation Create($name: String!) { createProject(input: { name: $name }) { id name } }';
const PROJECT_EVENTS = 'subscription Projects { projectChanged { type project { name } } }';

/** The first value an observable-like source gives whose project is `name`, or its error. */
function firstEvent<T extends { data?: any; error?: unknown }>(source: { subscribe(observer: (value: T) => void): { unsubscribe(): void } }, name: string): Promise<T> {
  return new Promise((resolve) => {
    const subscription = source.subscribe((value) => {
      if (value.error || value.data?.projectChanged?.project?.name === name) {
        setTimeout(() => subscription.unsubscribe());
        resolve(value);
      }
    });
  });
}

/** Real client libraries with their default settings: no preflight header, GET where they prefer it. */
describe('GraphQL clients as users configure them: urql and Apollo Client, HTTP and WebSocket', () => {
  let server: TestServer;
  let tenant: TestTenant;
  const sockets: WsClient[] = [];
  const wsFor = (token: string) => {
    const client = createWsClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` } });
    sockets.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await server?.close();
  });

  it('urql (cache + fetch + subscription exchanges): queries go as GET and answer, a mutation goes as POST, a subscription gets its event', async () => {
    const methods: string[] = [];
    const ws = wsFor(tenant.token);
    const client = new UrqlClient({
      url: server.url,
      fetchOptions: { headers: { authorization: `Bearer ${tenant.token}` } },
      fetch: (input, init) => {
        methods.push(init?.method ?? 'GET');
        return fetch(input, init);
      },
      exchanges: [
        cacheExchange,
        fetchExchange,
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
          }),
        }),
      ],
    });

    const me = await client.query(ME, {}).toPromise();
    expect(me.error).toBeUndefined();
    expect(me.data.me.tenant.id).toBe(tenant.tenantId);
    expect(methods).toEqual(['GET']);

    const event = firstEvent(client.subscription(PROJECT_EVENTS, {}), 'from-urql');
    // The subscription is registered before the change it waits for.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const created = await client.mutation(CREATE, { name: 'from-urql' }).toPromise();
    expect(created.error).toBeUndefined();
    expect(methods).toEqual(['GET', 'POST']);
    const received = await event;
    expect(received.error).toBeUndefined();
    expect(received.data.projectChanged).toEqual({ type: 'CREATED', project: { name: 'from-urql' } });
  });

  it('Apollo Client 4 (HttpLink + GraphQLWsLink, split by operation): query, mutation and subscription', async () => {
    const ws = wsFor(tenant.token);
    const link = ApolloLink.split(
      ({ query }) => {
        const definition = getMainDefinition(query);
        return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
      },
      new GraphQLWsLink(ws),
      new HttpLink({ uri: server.url, headers: { authorization: `Bearer ${tenant.token}` } }),
    );
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    const me = await client.query<any>({ query: apolloGql(ME) });
    expect(me.error).toBeUndefined();
    expect(me.data?.me.tenant.id).toBe(tenant.tenantId);

    const event = firstEvent<{ data?: any; error?: unknown }>(
      { subscribe: (next) => client.subscribe<any>({ query: apolloGql(PROJECT_EVENTS) }).subscribe({ next, error: (error) => next({ error }) }) },
      'from-apollo',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const created = await client.mutate<any>({ mutation: apolloGql(CREATE), variables: { name: 'from-apollo' } });
    expect(created.data?.createProject.name).toBe('from-apollo');
    const received = await event;
    expect(received.error).toBeUndefined();
    expect(received.data.projectChanged).toMatchObject({ type: 'CREATED', project: { name: 'from-apollo' } });
    client.stop();
  });

  it('a GET mutation is refused (405): mutations stay POST-only, and a POST that is not JSON is a 4xx', async () => {
    const query = encodeURIComponent('mutation { createProject(input: { name: "by-get" }) { id } }');
    const viaGet = await fetch(`${server.url}?query=${query}`, { headers: { authorization: `Bearer ${tenant.token}`, accept: 'application/json' } });
    expect(viaGet.status).toBe(405);
    const plain = await fetch(server.url, { method: 'POST', headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'text/plain' }, body: JSON.stringify({ query: 'mutation { createProject(input: { name: "by-form" }) { id } }' }) });
    expect(plain.status).toBeGreaterThanOrEqual(400);
    expect(plain.status).toBeLessThan(500);
    const names = (await gqlOk(server, tenant.token, '{ projects(first: 50) { nodes { name } } }')).projects.nodes.map((p: { name: string }) => p.name);
    expect(names).not.toContain('by-get');
    expect(names).not.toContain('by-form');
  });
});
