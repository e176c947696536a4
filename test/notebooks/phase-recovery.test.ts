import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

/** A notebook's start phase is a task in the durable queue: a server stopped mid-phase leaves it to the next one, which finishes it. */
describe('notebook start phase across a restart', () => {
  let home: TestServer;
  beforeAll(async () => {
    // The database's owner runs no tasks: only the servers started below do.
    home = await startTestServer({ env: { RUNNER_CONCURRENCY: '0' } });
  }, 60_000);
  afterAll(() => home?.close());

  it('is finished by the server that comes up after the one that started it stopped', async () => {
    const token = home.adminToken;
    const cluster = (await gqlOk(home, token, `mutation { createCluster(input: { name: "local" }) { id } }`)).createCluster.id;
    const config = (await rest(home, token, 'POST', '/lakesail/api/v1/workload-configs', { name: 'small', workloadType: 'marimo', clusterId: cluster })).body.id;
    const notebook = (await rest(home, token, 'POST', '/lakesail/api/v1/notebooks', { displayName: 'Restart', workloadConfigId: config })).body.id;

    const first = await startTestServer({ sameDatabaseAs: home, env: { NOTEBOOK_START_MS: '5000' } });
    expect((await rest(first, token, 'POST', `/lakesail/api/v1/notebooks/${notebook}/start`)).body.status).toBe('starting');
    await first.close();
    expect((await rest(home, token, 'GET', `/lakesail/api/v1/notebooks/${notebook}`)).body.status).toBe('starting');

    const second = await startTestServer({ sameDatabaseAs: home });
    try {
      const running = await eventually(async () => {
        // A pooled keep-alive connection the server just timed out may reset: that poll simply tries again.
        const body = (await rest(second, token, 'GET', `/lakesail/api/v1/notebooks/${notebook}`).catch(() => undefined))?.body;
        return body?.status === 'running' ? body : undefined;
      }, 30_000);
      expect(running).toMatchObject({ status: 'running', startedAt: expect.any(String) });
    } finally {
      await second.close();
    }
  }, 90_000);
});
