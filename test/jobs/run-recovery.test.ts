import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapTenants, subgraphs } from '../../subgraphs';
import { loadConfig } from '../../src/config';
import { startServer } from '../../src/server';
import { QueuedSubscription } from '../support/clients';
import { startServerProcess } from '../support/process';
import { freshDatabase } from '../support/server';

const EVENTS = `subscription($jobId: ID, $after: String) { jobRunUpdated(jobId: $jobId, after: $after) { cursor type status runId } }`;

function watch(url: string, token: string, variables: Record<string, unknown>): { client: Client; events: QueuedSubscription } {
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { Authorization: `Bearer ${token}` }, onNonLazyError: () => {} });
  const events = new QueuedSubscription();
  events.dispose = client.subscribe({ query: EVENTS, variables }, { next: (value) => events.push(value), error: () => {}, complete: () => {} });
  return { client, events };
}

async function until(sub: QueuedSubscription, type: string, seen: any[] = []): Promise<any[]> {
  for (;;) {
    const message = await sub.next(30_000);
    if (message.errors) throw new Error(JSON.stringify(message.errors));
    seen.push(message.data!.jobRunUpdated);
    if (seen[seen.length - 1].type === type) return seen;
  }
}

/** The process running a job run is killed mid-run: another picks the run up, and a client resuming from its cursor misses nothing. */
describe('job runs survive a killed runner', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dataplane-run-recovery-'));
  let child: ChildProcessWithoutNullStreams | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('recovers the run and replays every event after the last cursor, exactly once', async () => {
    const database = await freshDatabase();
    drop = database?.drop;
    const env = { DATA_DIR: dataDir, JWT_SECRET: 'run-recovery-secret-'.padEnd(48, 'x'), TASK_LEASE_MS: '1000', ...(database ? { DATABASE_URL: database.url } : {}) };
    const first = await startServerProcess(env);
    child = first.child;
    const base = first.url.replace(/\/graphql$/, '');
    const headers = { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' };
    const post = async (url: string, body: unknown) => (await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) })).json() as Promise<any>;
    await post(`${base}/v1/datasets`, { label: 'numbers', source: { inline: 'n\n1\n' } });
    const slow = await post(`${base}/v1/queries`, { name: 'slow', sql: 'select count(*) as hits from range(500000000) where range % 7 = 3' });
    const team = await post(first.url, { query: 'mutation { createTeam(input: { name: "ops" }) { id } }' });
    const job = await post(first.url, {
      query: 'mutation($input: CreateJobInput!) { createJob(input: $input) { id } }',
      variables: { input: { name: 'slow job', teamIds: [team.data.createTeam.id], queryIds: [slow.id] } },
    });
    const jobId = job.data.createJob.id as string;

    const before = watch(first.url, first.token, { jobId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await post(first.url, { query: 'mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }', variables: { jobId } });
    const seenBefore = await until(before.events, 'log');
    expect(seenBefore.map((e) => e.type)).toEqual(['pending', 'ready', 'running', 'log']);
    const lastCursor = seenBefore[seenBefore.length - 1].cursor;

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    child = undefined;

    // Another process on the same database; the client reconnects there with its last cursor.
    const config = loadConfig({ ...process.env, ...env }, { port: 0, host: '127.0.0.1', logLevel: 'silent', databaseUrl: database?.url });
    const next = await startServer(config, subgraphs, { bootstrapper: bootstrapTenants });
    try {
      const after = watch(next.url, first.token, { jobId, after: lastCursor });
      const seenAfter = await until(after.events, 'succeeded');
      // The run starts again (its lease ran out) and finishes; nothing before the cursor comes twice.
      expect(seenAfter.map((e) => e.type)).toEqual(['running', 'log', 'progress', 'succeeded']);
      const logged = (await next.orm.em.fork().getConnection().execute(
        `select id, type from event_log where topic = 'job_run' and subject_id = ? order by id`, [seenBefore[0].runId],
      )) as { id: number | string; type: string }[];
      expect([...seenBefore, ...seenAfter].map((e) => e.cursor)).toEqual(logged.map((e) => String(e.id)));
      after.events.dispose();
      await after.client.dispose();
    } finally {
      await next.close();
    }
  });
});
