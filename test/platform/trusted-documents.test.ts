import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphs } from '../../subgraphs';
import { loadConfig } from '../../src/config';
import { startGateway, type RunningGateway } from '../../src/federation/hive-gateway';
import { buildManifest, GENERATED_MANIFEST, sha256Hex, type PersistedQueryManifest } from '../../src/trusted-documents/manifest';
import { gql, rest, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

const shipped = JSON.parse(readFileSync(join(__dirname, '..', '..', GENERATED_MANIFEST), 'utf8')) as PersistedQueryManifest;
const LIST_PROJECTS = shipped.operations.find((o) => o.name === 'ListProjects')!;

/** A client's manifest in Apollo's format, and one as graphql-codegen's client preset writes it. */
const CLIENT_MANIFEST = buildManifest([
  'query ClientMe { me { email } }',
  'subscription ClientProjectEvents { projectChanged { type project { name } } }',
]);
const CODEGEN_DOCUMENT = 'query CodegenProjectCount { projects { totalCount } }';

const UNREGISTERED = '{ projects { totalCount } }';

/** POSTs a raw GraphQL-over-HTTP body. */
async function post(server: { url: string }, token: string, body: Record<string, unknown>) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const codes = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.map((e) => e.extensions?.code);

describe('trusted documents mode (TRUSTED_DOCUMENTS=on)', () => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
    writeFileSync(join(dir, 'client.json'), JSON.stringify(CLIENT_MANIFEST));
    writeFileSync(join(dir, 'codegen.json'), JSON.stringify({ [sha256Hex(CODEGEN_DOCUMENT)]: CODEGEN_DOCUMENT }));
    server = await startTestServer({
      env: { TRUSTED_DOCUMENTS: 'on', TRUSTED_DOCUMENTS_MANIFEST: `${join(dir, 'client.json')},${join(dir, 'codegen.json')}` },
    });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a registered document sent in full', async () => {
    const { status, body } = await post(server, server.adminToken, { query: LIST_PROJECTS.body, variables: { first: 5 } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.projects.nodes).toEqual([]);
  });

  it('runs a registered document sent as its hash only: APQ extension (POST and GET) or documentId', async () => {
    const apq = await post(server, server.adminToken, { extensions: persisted(LIST_PROJECTS.id), variables: { first: 5 } });
    expect(apq.body.errors).toBeUndefined();
    expect(apq.body.data.projects.nodes).toEqual([]);

    const documentId = await post(server, server.adminToken, { documentId: `sha256:${LIST_PROJECTS.id}` });
    expect(documentId.body.errors).toBeUndefined();
    expect(documentId.body.data.projects).toBeDefined();

    const url = new URL(server.url);
    url.searchParams.set('extensions', JSON.stringify(persisted(LIST_PROJECTS.id)));
    // Apollo's CSRF prevention wants a preflight header on GET, as any GET client sends.
    const get = await fetch(url, { headers: { authorization: `Bearer ${server.adminToken}`, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { data: any }).data.projects.nodes).toEqual([]);
  });

  it('refuses an unregistered document over HTTP with 400 PERSISTED_QUERY_NOT_ALLOWED, and an unknown hash with PERSISTED_QUERY_NOT_FOUND', async () => {
    const adHoc = await gql(server, server.adminToken, UNREGISTERED);
    expect(adHoc.status).toBe(400);
    expect(adHoc.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    expect(adHoc.data).toBeUndefined();

    const unknown = await post(server, server.adminToken, { extensions: persisted('0'.repeat(64)) });
    expect(unknown.status).toBe(400);
    expect(codes(unknown.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const unknownId = await post(server, server.adminToken, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(codes(unknownId.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('refuses APQ registration of a new document: it neither runs nor is known afterwards', async () => {
    const hash = sha256Hex(UNREGISTERED);
    const register = await post(server, server.adminToken, { query: UNREGISTERED, extensions: persisted(hash) });
    expect(register.status).toBe(400);
    expect(codes(register.body)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    const again = await post(server, server.adminToken, { extensions: persisted(hash) });
    expect(codes(again.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('runs the documents of extra manifests: Apollo format and a flat hash → body map', async () => {
    const me = await post(server, server.adminToken, { extensions: persisted(CLIENT_MANIFEST.operations.find((o) => o.name === 'ClientMe')!.id) });
    expect(me.body.data).toEqual({ me: { email: 'admin@localhost' } });
    const count = await post(server, server.adminToken, { query: CODEGEN_DOCUMENT });
    expect(count.body.errors).toBeUndefined();
    expect(typeof count.body.data.projects.totalCount).toBe('number');
  });

  it('applies the same rule on WebSocket: unregistered refused, registered subscribed, and REST routes still answer', async () => {
    const client = wsClient(server, server.adminToken);
    try {
      const refused = subscribe(client, 'subscription { projectChanged { type } }');
      const refusal = await refused.next();
      expect(refusal.errors?.map((e) => (e as { extensions?: { code?: string } }).extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);

      const events = subscribe(client, CLIENT_MANIFEST.operations.find((o) => o.name === 'ClientProjectEvents')!.body);
      // The REST route runs its registered operation (CreateProject); the subscription sees it.
      const created = await rest(server, server.adminToken, 'POST', '/api/v1/projects', { name: 'trusted' });
      expect(created.status).toBe(201);
      expect((await events.next()).data).toEqual({ projectChanged: { type: 'CREATED', project: { name: 'trusted' } } });
      events.dispose();

      const listed = await rest(server, server.adminToken, 'GET', '/api/v1/projects');
      expect(listed.status).toBe(200);
      expect(listed.body.projects.map((p: { name: string }) => p.name)).toEqual(['trusted']);
    } finally {
      await client.dispose();
    }
  });

  it('still serves the playground, and its introspection runs (introspection is on outside production)', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('graphiql');
    const introspection = await post(server, server.adminToken, { query: getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true }) });
    expect(introspection.body.errors).toBeUndefined();
    expect(introspection.body.data.__schema.queryType.name).toBe('Query');
    // Introspection beside a real field is not introspection only.
    const mixed = await gql(server, server.adminToken, '{ __typename projects { totalCount } }');
    expect(mixed.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
  });
});

describe('trusted documents configuration', () => {
  it('stops the start on a missing or invalid manifest, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
    try {
      const missing = join(dir, 'missing.json');
      await expect(startTestServer({ env: { TRUSTED_DOCUMENTS: 'on', TRUSTED_DOCUMENTS_MANIFEST: missing } })).rejects.toThrow(missing);
      const invalid = join(dir, 'invalid.json');
      writeFileSync(invalid, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [] }));
      await expect(startTestServer({ env: { TRUSTED_DOCUMENTS: 'on', TRUSTED_DOCUMENTS_MANIFEST: invalid } })).rejects.toThrow(/invalid\.json: expected format/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'yes' })).toThrow('TRUSTED_DOCUMENTS must be on or off');
  });
});

/**
 * Hive Gateway (`gateway`) applies the same module's rule before planning, so no subgraph needs to
 * run for a refusal; a registered document gets past it and fails only for want of a subgraph.
 */
describe('trusted documents on Hive Gateway', () => {
  let gateway: RunningGateway;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'trusted-gateway-'));
    const subgraphUrls = Object.fromEntries(subgraphs.map((m) => [m.name, 'http://127.0.0.1:9/graphql']));
    gateway = await startGateway(loadConfig({ TRUSTED_DOCUMENTS: 'on' }, { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', subgraphUrls }), subgraphs);
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses unregistered documents and unknown hashes, and lets registered ones through', async () => {
    const adHoc = await post(gateway, 'token', { query: UNREGISTERED });
    expect(adHoc.status).toBe(400);
    expect(codes(adHoc.body)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    const unknown = await post(gateway, 'token', { extensions: persisted('0'.repeat(64)) });
    expect(codes(unknown.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registered = await post(gateway, 'token', { extensions: persisted(LIST_PROJECTS.id) });
    expect(codes(registered.body)).not.toContain('PERSISTED_QUERY_NOT_FOUND');
    expect(codes(registered.body)).not.toContain('PERSISTED_QUERY_NOT_ALLOWED');
    expect(registered.body.errors?.length).toBeGreaterThan(0);
    const typename = await post(gateway, 'token', { query: '{ __typename }' });
    expect(typename.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses an unregistered subscription over WebSocket with the same code', async () => {
    const client = wsClient({ wsUrl: gateway.wsUrl } as TestServer, 'token');
    try {
      const refused = subscribe(client, 'subscription { projectChanged { type } }');
      const refusal = await refused.next();
      expect(refusal.errors?.map((e) => (e as { extensions?: { code?: string } }).extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    } finally {
      await client.dispose();
    }
  });
});
