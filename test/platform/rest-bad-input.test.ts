import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

const BAD_BODIES: unknown[] = ['[]', '"text"', '42', 'null', '{"a":', {}, { name: { $gt: '' } }, { name: 'x'.repeat(100_000) }, { email: ['a'], name: 7, role: {} }];
/** The cross product of every bad id, body and query string per route: 19k requests, minutes. */
const EVERY_COMBINATION = Number(process.env.FUZZ_SCALE ?? 1) >= 2;
const BAD_IDS = ['x', '..%2F..%2Fetc', '%00', "1' OR '1'='1", '9'.repeat(400)];

/** Every REST route, from the OpenAPI document, given malformed bodies, ids and paging: 4xx, never 5xx. */
describe('REST routes under bad input', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('answers every malformed request with a 4xx and stays up', async () => {
    const { body: openapi } = await rest(server, undefined, 'GET', '/openapi.json');
    const failures: string[] = [];
    const requests: { method: string; url: string; body: unknown }[] = [];
    const queries = ['', '?skip=-1&limit=abc&page=0&token=%%%', '?limit=1e9&dir=sideways'];
    for (const [template, methods] of Object.entries<Record<string, { requestBody?: unknown }>>(openapi.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const bodies = operation.requestBody ? BAD_BODIES : [undefined];
        const add = (id: string, body: unknown, query: string) => requests.push({ method: method.toUpperCase(), url: `${template.replace(/\{\w+\}/g, id)}${query}`, body });
        if (EVERY_COMBINATION) {
          for (const id of BAD_IDS) for (const body of bodies) for (const query of queries) add(id, body, query);
        } else {
          // Each bad id, body and query string at least once per route (the full product is FUZZ_SCALE ≥ 2).
          for (const id of BAD_IDS) add(id, bodies[0], queries[0]);
          for (const body of bodies.slice(1)) add(BAD_IDS[0], body, queries[0]);
          for (const query of queries.slice(1)) add(BAD_IDS[1], bodies[bodies.length - 1], query);
        }
      }
    }
    // A few at a time: thousands of requests one by one would take minutes.
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < requests.length) {
          const { method, url, body } = requests[next++];
          const response = await rest(server, tenant.token, method, url, body);
          if (response.status >= 500) failures.push(`${method} ${url} ${JSON.stringify(body)?.slice(0, 40)} → ${response.status} ${JSON.stringify(response.body).slice(0, 120)}`);
        }
      }),
    );
    console.log(`REST bad-input requests: ${requests.length}, 5xx: ${failures.length}`);
    expect(failures).toEqual([]);
    expect((await rest(server, undefined, 'GET', '/healthz')).status).toBe(200);
  }, 300_000);
});
