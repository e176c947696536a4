import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gqlOk, pausableWsClient, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

const PAGE = 2;
const MISSED = 40;
/** Each replayed event carries ~1 MB (100 × a 10 000-character description), so 40 of them cannot all sit in the connection's buffers. */
const ALIASES = 100;
const DESCRIPTION = 'd'.repeat(10_000);
const LIGHT = `subscription($after: String) { projectChanged(after: $after) { cursor } }`;
const HEAVY = `subscription($after: String) { projectChanged(after: $after) { cursor project { name ${Array.from({ length: ALIASES }, (_, i) => `d${i}: description`).join(' ')} } } }`;
/** 41 events after the cursor, 2 a page: 20 full pages, then the short one that ends the replay. */
const PAGE_READS = Math.floor((MISSED + 1) / PAGE) + 1;

describe('resuming with `after` replays the log in pages (EVENT_REPLAY_PAGE)', () => {
  let server: TestServer;
  let tenant: TestTenant;
  /** Reads of the event log, as the server sends them to the database. */
  let logReads = 0;
  beforeAll(async () => {
    server = await startTestServer({
      env: { EVENT_REPLAY_PAGE: String(PAGE), LIMIT_MAX_ALIASES: String(ALIASES) },
      onQuery: (sql) => {
        if (/^select\b.*\bevent_log\b/i.test(sql)) logReads++;
      },
    });
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('delivers every missed event once, in order, reading page by page, and a change made during the replay after them', async () => {
    const first = wsClient(server, tenant.token);
    const live = subscribe(first, LIGHT, { after: '0' });
    await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "seen" }) { id } }`);
    const seen = (await live.next()).data!.projectChanged;
    await first.dispose();

    const missed = Array.from({ length: MISSED }, (_, i) => `missed-${i}`);
    for (const name of missed) {
      await gqlOk(server, tenant.token, `mutation($name: String!, $description: String) { createProject(input: { name: $name, description: $description }) { id } }`, { name, description: DESCRIPTION });
    }

    // The client stops reading, so the server's replay stalls once the connection's buffers are full.
    const { client, pause, resume } = await pausableWsClient(server, tenant.token);
    pause();
    logReads = 0;
    const resumed = subscribe(client, HEAVY, { after: seen.cursor });
    await eventually(async () => (logReads > 0 ? true : undefined)); // listening, and replaying
    await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "live" }) { id } }`);
    // The live change committed while the replay was still under way.
    expect(logReads).toBeLessThan(PAGE_READS);
    resume();

    const received = [];
    while (received.length < MISSED + 1) received.push((await resumed.next(30_000)).data!.projectChanged);
    const cursors = received.map((event) => BigInt(event.cursor));
    expect(cursors.every((cursor, i) => i === 0 || cursor > cursors[i - 1])).toBe(true);
    expect(received.map((event) => event.project.name)).toEqual([...missed, 'live']);
    expect(received[0].project.d99).toBe(DESCRIPTION);
    // Nothing twice: the live copy of "live" was skipped, since the replay's last page delivered it.
    expect(await resumed.nothingWithin(300)).toBe(true);
    expect(logReads).toBe(PAGE_READS);
    await client.dispose();
  });
});
