import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, rest, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

describe('HTTP surface: health, playground, OpenAPI, bad bodies', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('answers /healthz and /readyz', async () => {
    expect(await rest(server, undefined, 'GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await rest(server, undefined, 'GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready', database: 'up' } });
  });

  it('serves the GraphiQL playground with every asset from this server (no CDN)', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('graphiql');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      expect(url.startsWith('/'), `${url} must be served locally`).toBe(true);
      const asset = await fetch(`${server.baseUrl}${url}`);
      expect(asset.status, url).toBe(200);
      // Scripts and styles are libraries (large); the icon is a small SVG.
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(url.endsWith('.svg') ? 200 : 1000);
    }
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    // The inline boot script must at least parse (a broken string literal once left a blank page).
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline).toHaveLength(1);
    expect(() => new Function(inline[0])).not.toThrow();
  });

  it('publishes an OpenAPI 3.1 document listing the datacovey routes', async () => {
    const { status, body } = await rest(server, undefined, 'GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/v1/tenants', '/api/v1/tenants/{tenant_id}', '/api/v1/users/me', '/api/v1/projects/{project_id}']));
    expect(body.paths['/api/v1/projects'].post.summary).toBe('Create Project');
  });

  it('refuses NUL characters (which no database stores) with 400 BAD_USER_INPUT on HTTP and WebSocket', async () => {
    const inVariable = await gql(server, server.adminToken, 'query($id: ID!) { project(id: $id) { id } }', { id: 'a\u0000b' });
    expect(inVariable.status).toBe(400);
    expect(inVariable.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const inLiteral = await gql(server, server.adminToken, '{ project(id: "a\\u0000b") { id } }');
    expect(inLiteral.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const client = wsClient(server, server.adminToken);
    const sub = subscribe(client, 'subscription($after: String) { projectChanged(after: $after) { projectId } }', { after: '\u0000' });
    expect((await sub.next()).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await client.dispose();
  });

  it('answers malformed JSON with a client error in each surface\'s own shape, not 500', async () => {
    const gqlResponse = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(gqlResponse.status).toBe(400);
    // datacovey answers as FastAPI does: 422 with a `json_invalid` detail.
    const restResponse = await rest(server, server.adminToken, 'POST', '/api/v1/projects', '{"name": ');
    expect(restResponse.status).toBe(422);
    expect(restResponse.body.detail[0]).toMatchObject({ loc: ['body'], type: 'json_invalid' });
    expect(JSON.stringify(restResponse.body)).not.toMatch(/node_modules|at .*:\d+:\d+/);
  });
});
