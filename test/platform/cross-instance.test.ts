import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectedSocket, eventually, gqlOk, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const LIMITS = { WS_MAX_CONNECTIONS_PER_IDENTITY: '2' };

/** Two API instances on one database and one Redis: pub/sub and the per-identity socket cap span both. */
describe.skipIf(!process.env.REDIS_URL)('two instances over Redis', () => {
  let first: TestServer;
  let second: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    first = await startTestServer({ env: LIMITS });
    second = await startTestServer({ env: LIMITS, sameDatabaseAs: first });
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

  it('WS_MAX_CONNECTIONS_PER_IDENTITY counts sockets on every instance: two on A, so the third, on B, is closed with 4429, until one on A closes', async () => {
    const user = await createUser(first, tenant);
    const onFirst = [await connectedSocket(first, user.token), await connectedSocket(first, user.token)];
    for (const raw of onFirst) expect(raw.socket.readyState).toBe(WebSocket.OPEN);
    const refused = await connectedSocket(second, user.token);
    expect(await refused.closed).toBe(4429);

    onFirst[0].socket.close();
    await onFirst[0].closed;
    // A counts the socket out as it handles the close; B admits the next one from then on.
    const admitted = await eventually(async () => {
      const raw = await connectedSocket(second, user.token);
      return raw.socket.readyState === WebSocket.OPEN ? raw : undefined;
    });
    // …and the cap holds again with it: two open (one on A, one on B).
    const overCap = await connectedSocket(first, user.token);
    expect(await overCap.closed).toBe(4429);
    for (const raw of [onFirst[1], admitted]) raw.socket.close();
  });
});
