import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRecord } from '../../src/events/event-record';
import { gqlOk, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** Enough events that replaying them all takes the server seconds, not a page or two. */
const LOGGED = 6_000;
const PAGE = 100;

describe('a replay its client abandons', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let logReads = 0;
  beforeAll(async () => {
    server = await startTestServer({
      env: { EVENT_REPLAY_PAGE: String(PAGE) },
      onQuery: (sql) => {
        if (/^select\b.*\bevent_log\b/i.test(sql)) logReads++;
      },
    });
    tenant = await createTenant(server);
    const { createProject } = await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "replayed" }) { id } }`);
    const rows = Array.from({ length: LOGGED }, () => ({ tenantId: tenant.tenantId, topic: 'project', type: 'updated', subjectId: createProject.id, payload: { id: createProject.id, name: 'replayed' }, createdAt: new Date() }));
    await server.orm.em.fork().insertMany(EventRecord, rows);
  });
  afterAll(() => server?.close());

  it('stops reading the log when its client leaves, and a new subscriber is served within a second', async () => {
    const leaver = wsClient(server, tenant.token);
    const replay = subscribe(leaver, `subscription { projectChanged(after: "0") { cursor type project { id name } } }`);
    // Events arrive while the replay runs: the server lets its event loop turn (on SQLite too, whose reads are synchronous).
    for (let i = 0; i < 2 * PAGE; i++) await replay.next(10_000);
    expect(logReads).toBeLessThan(LOGGED / PAGE / 2);
    await leaver.dispose();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const readsAfterLeaving = logReads;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(logReads, 'the abandoned replay read on').toBe(readsAfterLeaving);

    const newest = await server.orm.em.fork().find(EventRecord, { tenantId: tenant.tenantId }, { orderBy: { id: 'desc' }, limit: 11 });
    const fresh = wsClient(server, tenant.token);
    const started = performance.now();
    const latest = subscribe(fresh, `subscription($after: String) { projectChanged(after: $after) { cursor } }`, { after: newest[10].id });
    const first = await latest.next(5_000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(first.data!.projectChanged.cursor).toBe(newest[9].id);
    await fresh.dispose();
  });
});
