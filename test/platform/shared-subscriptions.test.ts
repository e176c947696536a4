import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const LIVE = `subscription { projectChanged { type project { name } } }`;
const rename = (server: TestServer, token: string, id: string, name: string) =>
  gqlOk(server, token, `mutation($id: ID!, $name: String!) { updateProject(id: $id, input: { name: $name }) { id } }`, { id, name });
// Generous: the machine running the suite may be busy, and a subscription must be live before the change.
const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

/** Subscribers asking the same thing as the same caller share one execution; each still sees what it would alone. */
describe('shared live subscriptions', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let projectId: string;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    projectId = (await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "shared" }) { id } }`)).createProject.id;
  });
  afterAll(() => server?.close());

  it('every member gets every event; one leaving or joining late does not disturb the others', async () => {
    const [a, b, c] = [wsClient(server, tenant.token), wsClient(server, tenant.token), wsClient(server, tenant.token)];
    const [first, second] = [subscribe(a, LIVE), subscribe(b, LIVE)];
    await settle();
    await rename(server, tenant.token, projectId, 'one');
    for (const sub of [first, second]) expect((await sub.next()).data!.projectChanged).toEqual({ type: 'UPDATED', project: { name: 'one' } });

    // The first member leaves; the second keeps receiving, and a late joiner gets what follows.
    first.dispose();
    const late = subscribe(c, LIVE);
    await settle();
    await rename(server, tenant.token, projectId, 'two');
    for (const sub of [second, late]) expect((await sub.next()).data!.projectChanged.project.name).toBe('two');
    expect(await first.nothingWithin(300)).toBe(true);

    // Everyone leaves; a new subscriber starts afresh and is live.
    second.dispose();
    late.dispose();
    await settle();
    const again = subscribe(a, LIVE);
    await settle();
    await rename(server, tenant.token, projectId, 'three');
    expect((await again.next()).data!.projectChanged.project.name).toBe('three');
    again.dispose();
    await Promise.all([a.dispose(), b.dispose(), c.dispose()]);
  });

  it('another caller, or a cursor to resume from, gets a stream of its own', async () => {
    const other = await createUser(server, tenant);
    const [a, b] = [wsClient(server, tenant.token), wsClient(server, other.token)];
    const mine = subscribe(a, LIVE);
    const theirs = subscribe(b, LIVE);
    await settle();
    const { cursor } = await new Promise<{ cursor: string }>((resolve, reject) => {
      const probe = subscribe(a, `subscription { projectChanged { cursor } }`);
      settle()
        .then(() => rename(server, tenant.token, projectId, 'four'))
        .then(() => probe.next())
        .then((message) => {
          probe.dispose();
          resolve(message.data!.projectChanged);
        }, reject);
    });
    for (const sub of [mine, theirs]) expect((await sub.next()).data!.projectChanged.project.name).toBe('four');
    // Resuming from before "four" replays it, although a live group for the same operation exists.
    const resumed = subscribe(a, `subscription($after: String) { projectChanged(after: $after) { type project { name } } }`, { after: String(BigInt(cursor) - 1n) });
    expect((await resumed.next()).data!.projectChanged.project.name).toBe('four');
    for (const sub of [mine, theirs, resumed]) sub.dispose();
    await Promise.all([a.dispose(), b.dispose()]);
  });
});
