import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SingleSubgraphRouter } from '../../src/federation/single-subgraph';
import { subgraphs } from '../../subgraphs';
import { gql } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

const ME = '{ me { id email tenant { name } } }';
const MISSING_PROJECT = 'query($id: ID!) { project(id: $id) { id name } }';
const ACROSS = '{ projects(first: 2) { nodes { id name savedQueries(first: 1) { totalCount nodes { id } } } } }';
const INTROSPECTION = '{ __type(name: "Project") { fields { name } } }';
const FRAGMENTS = 'query { me { ...who } } fragment who on User { id ... on User { email } }';

/**
 * An operation one subgraph answers alone runs on that subgraph's schema, skipping the in-process
 * gateway: over HTTP it must answer exactly as the gateway (the composed schema, executed in
 * process) does, errors included; anything else still goes through the gateway.
 */
describe('operations one subgraph answers skip the in-process gateway', () => {
  let server: TestServer;
  let tenant: TestTenant;
  const router = () =>
    new SingleSubgraphRouter(server.schema, Object.fromEntries(subgraphs.map((m) => [m.name, readFileSync(join(__dirname, '..', '..', 'schema', `${m.name}.graphql`), 'utf8')])));

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    const { data } = await gql(server, tenant.token, 'mutation { createProject(input: { name: "routed" }) { id } }');
    await gql(server, tenant.token, 'mutation($input: CreateSavedQueryInput!) { createSavedQuery(input: $input) { id } }', {
      input: { name: 'q', sql: 'select 1 as n', projectId: data.createProject.id },
    });
  });
  afterAll(() => server?.close());

  it('picks the one subgraph that has every field, and none when fields span subgraphs or introspect', () => {
    const routes = router();
    expect(routes.route(parse(ME))).toBe('tenants');
    expect(routes.route(parse(MISSING_PROJECT))).toBe('projects');
    expect(routes.route(parse(FRAGMENTS))).toBe('tenants');
    expect(routes.route(parse(ACROSS))).toBeUndefined();
    expect(routes.route(parse(INTROSPECTION))).toBeUndefined();
  });

  it('answers over HTTP as the gateway does: data, errors with their paths and codes, cross-subgraph fields, introspection', async () => {
    for (const [query, variables] of [[ME, {}], [MISSING_PROJECT, { id: '00000000-0000-0000-0000-00000000abcd' }], [ACROSS, {}], [INTROSPECTION, {}], [FRAGMENTS, {}]] as const) {
      const overHttp = await gql(server, tenant.token, query, variables);
      const viaGateway = await execute({ schema: server.schema, document: parse(query), variableValues: variables, contextValue: await server.contextFor(`Bearer ${tenant.token}`) });
      expect(overHttp.data ?? null).toEqual(JSON.parse(JSON.stringify(viaGateway.data ?? null)));
      // Codes are the formatter's (HTTP only); the message and path are the resolvers'.
      const shape = (errors: readonly { message: string; path?: readonly (string | number)[] }[] | undefined) => (errors ?? []).map((e) => ({ message: e.message, path: e.path }));
      expect(shape(overHttp.errors)).toEqual(shape(viaGateway.errors));
    }
    const missing = await gql(server, tenant.token, MISSING_PROJECT, { id: '00000000-0000-0000-0000-00000000abcd' });
    expect(missing.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    // Introspection describes the composed API (a project's saved queries come from catalogs), not one subgraph.
    const { data } = await gql(server, tenant.token, INTROSPECTION);
    expect(data.__type.fields.map((f: { name: string }) => f.name)).toContain('savedQueries');
  });
});
