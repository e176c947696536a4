import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** What a seed API's caller gets for a path or method its API does not have: that API's own error body, as JSON. */
describe('unknown REST routes and methods', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${tenant.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    return { status: response.status, allow: response.headers.get('allow'), body: await response.json() };
  };

  it('answers 404 in each profile\'s envelope for a path under its routes', async () => {
    expect(await call('GET', '/api/v1/projects/x/nothing-here')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    expect(await call('GET', '/v1/connections/x/nothing-here')).toMatchObject({ status: 404, body: { message: 'Not Found', status: 404 } });
    expect(await call('GET', '/lakesail/api/v1/clusters/x/y/z')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await call('GET', '/chat/nothing/here/at/all')).toMatchObject({ status: 404, body: { status: 'error', code: 'NOT_FOUND' } });
    // Under no profile at all: still JSON, with a code.
    expect(await call('GET', '/no-such-api')).toMatchObject({ status: 404, body: { errors: [{ extensions: { code: 'NOT_FOUND' } }] } });
  });

  it('answers 405 with Allow for a method a path does not take', async () => {
    const refused = await call('DELETE', '/api/v1/projects');
    expect(refused).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } });
    expect(refused.allow).toContain('GET');
    expect(refused.allow).toContain('POST');
  });

  it('refuses a number where the doc wants a string, and stores nothing', async () => {
    const refused = await call('POST', '/api/v1/projects', { name: 12345 });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('name');
    const list = await call('GET', '/api/v1/projects?limit=100');
    expect(JSON.stringify(list.body)).not.toContain('12345');
  });
});
