import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** Two API instances on one database with Redis pub/sub: a write on one reaches a subscriber on the other. */
describe.skipIf(!process.env.REDIS_URL)('two instances over Redis', () => {
  let first: TestServer;
  let second: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    first = await startTestServer();
    second = await startTestServer({ sameDatabaseAs: first });
    tenant = await createTenant(first);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('a project created through instance A is pushed to a subscriber on instance B', async () => {
    const client = wsClient(second, tenant.token);
    const sub = subscribe(client, 'subscription { projectChanged { type project { name } } }');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await gqlOk(first, tenant.token, 'mutation { createProject(input: { name: "across" }) { id } }');
    const event = await sub.next();
    expect(event.data?.projectChanged).toEqual({ type: 'CREATED', project: { name: 'across' } });
    await client.dispose();
  });
});
