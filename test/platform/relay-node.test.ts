import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startGateway, type RunningGateway } from '../../src/federation/hive-gateway';
import { toGlobalId } from '../../src/relay/node';
import { subgraphs } from '../../subgraphs';
import { gql, gqlOk } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const NODE = `query ($id: ID!) {
  node(id: $id) { __typename globalId ... on Project { id name createdBy { email } tenant { name } } ... on Workspace { id title } }
}`;
const NODES = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename globalId ... on Project { name } ... on Tenant { name } } }`;

/** What the clients helpers need of a server: its URLs. */
const endpoint = (url: string) => ({ url, wsUrl: url.replace(/^http/, 'ws'), baseUrl: url.replace(/\/graphql$/, '') }) as TestServer;

describe('Relay object identification: node(id:) and nodes(ids:) over global ids', { timeout: 120_000 }, () => {
  let server: TestServer;
  let a: TestTenant;
  let b: TestTenant;
  let project: { id: string; globalId: string };
  let workspace: { id: string; globalId: string };
  let alone: TestServer[] = [];
  let gateway: RunningGateway;

  beforeAll(async () => {
    server = await startTestServer();
    a = await createTenant(server, 'relay-a');
    b = await createTenant(server, 'relay-b');
    project = (await gqlOk(server, a.token, 'mutation { createProject(input: { name: "relay" }) { id globalId } }')).createProject;
    workspace = (await gqlOk(server, a.token, 'mutation { createWorkspace(input: { title: "relay" }) { workspace { id globalId } } }')).createWorkspace.workspace;
    // The federated deployment: the subgraphs these questions touch, each served alone over HTTP, behind Hive Gateway.
    const names = ['tenants', 'projects', 'workspaces'];
    alone = await Promise.all(names.map((name) => startTestServer({ subgraph: name, sameDatabaseAs: server })));
    const subgraphUrls = Object.fromEntries(subgraphs.map((m) => [m.name, alone[names.indexOf(m.name)]?.url ?? 'http://127.0.0.1:9/graphql']));
    gateway = await startGateway(loadConfig(process.env, { port: 0, host: '127.0.0.1', dataDir: server.config.dataDir, logLevel: 'silent', subgraphUrls }), subgraphs);
  }, 180_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(alone.map((s) => s.close()));
    await server?.close();
  }, 60_000);

  it('gives every Node an opaque global id (base64 of Type:id)', () => {
    expect(project.globalId).toBe(toGlobalId('Project', project.id));
    expect(Buffer.from(project.globalId, 'base64url').toString()).toBe(`Project:${project.id}`);
    expect(project.globalId).not.toContain(project.id);
  });

  for (const mode of ['single process', 'through the gateway'] as const) {
    const target = () => (mode === 'single process' ? server : endpoint(gateway.url));

    it(`${mode}: node(id:) answers the object with fields of its own subgraph and others'`, async () => {
      const data = await gqlOk(target(), a.token, NODE, { id: project.globalId });
      expect(data.node).toEqual({ __typename: 'Project', globalId: project.globalId, id: project.id, name: 'relay', createdBy: { email: 'admin@relay-a.test' }, tenant: { name: 'relay-a' } });
      const ws = await gqlOk(target(), a.token, NODE, { id: workspace.globalId });
      expect(ws.node).toEqual({ __typename: 'Workspace', globalId: workspace.globalId, id: workspace.id, title: 'relay' });
    });

    it(`${mode}: nodes(ids:) answers in order, null where there is no node for the caller`, async () => {
      const tenantId = toGlobalId('Tenant', a.tenantId);
      const data = await gqlOk(target(), a.token, NODES, { ids: [project.globalId, 'not-a-global-id', toGlobalId('Project', '00000000-0000-4000-8000-000000000000'), tenantId, toGlobalId('NoSuchType', project.id)] });
      expect(data.nodes).toEqual([
        { __typename: 'Project', globalId: project.globalId, name: 'relay' },
        null,
        null,
        { __typename: 'Tenant', globalId: tenantId, name: 'relay-a' },
        null,
      ]);
    });

    it(`${mode}: another tenant's global id is null (as one that exists nowhere), and within a tenant the domain's rules hold`, async () => {
      for (const id of [project.globalId, workspace.globalId]) {
        const denied = await gql(target(), b.token, NODE, { id });
        expect([denied.data, denied.errors]).toEqual([{ node: null }, undefined]);
      }
      expect((await gqlOk(target(), b.token, NODES, { ids: [project.globalId, workspace.globalId] })).nodes).toEqual([null, null]);
      // A workspace is its owner's and its share recipients' only, Org admins of the tenant included.
      const colleague = await createUser(server, a, 'ORG_ADMIN');
      const unshared = await gql(target(), colleague.token, NODE, { id: workspace.globalId });
      expect([unshared.data, unshared.errors]).toEqual([{ node: null }, undefined]);
      expect((await gqlOk(target(), colleague.token, NODE, { id: project.globalId })).node.name).toBe('relay');
    });

    it(`${mode}: needs credentials`, async () => {
      const anonymous = await gql(target(), undefined, NODE, { id: project.globalId });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  }
});
