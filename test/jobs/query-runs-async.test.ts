import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapTenants, subgraphs } from '../../subgraphs';
import { loadConfig } from '../../src/config';
import { startServer } from '../../src/server';
import { eventually, gql, gqlOk, rest } from '../support/clients';
import { freshDatabase, startTestServer, type TestServer } from '../support/server';
import { startServerProcess } from '../support/process';
import { createTenant } from '../support/tenants';

/** A query that keeps DuckDB busy for a few seconds. */
const SLOW_SQL = 'select count(*) from range(500000000) where range % 7 = 3';

/** hotdata's async query: 202 with a status URL, polled to a persisted result; cancellation. */
describe('background query runs (POST /v1/query with async)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await rest(server, server.adminToken, 'POST', '/v1/datasets', { label: 'numbers', source: { inline: 'n\n1\n2\n3\n' } });
  });
  afterAll(() => server?.close());

  it('answers 202 with where to poll; the run goes queued → running → succeeded with a persisted result', async () => {
    const submitted = await rest(server, server.adminToken, 'POST', '/v1/query', { sql: 'select sum(n) as total from numbers', async: true });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toEqual({
      query_run_id: expect.any(String), status: 'queued', reason: null, status_url: `/v1/query-runs/${submitted.body.query_run_id}`,
    });
    const run = await eventually(async () => {
      const polled = await rest(server, server.adminToken, 'GET', submitted.body.status_url);
      return polled.body.status === 'succeeded' ? polled.body : undefined;
    });
    expect(run).toMatchObject({ row_count: 1, result_id: expect.any(String), completed_at: expect.any(String) });
    const result = await rest(server, server.adminToken, 'GET', `/v1/results/${run.result_id}`);
    expect(result.body).toMatchObject({ status: 'ready', columns: ['total'], rows: [[6]] });

    // The background work is also an operation: hotdata's /v1/jobs and lakesail's async operation status.
    const jobs = await rest(server, server.adminToken, 'GET', '/v1/jobs?job_type=query_run&status=succeeded');
    const job = jobs.body.jobs.find((j: any) => j.id && j.status === 'succeeded');
    expect(job).toEqual({ id: expect.any(String), job_type: 'query_run', status: 'succeeded', attempts: 1, result: null, error_message: null, created_at: expect.any(String), completed_at: expect.any(String) });
    expect((await rest(server, server.adminToken, 'GET', `/v1/jobs/${job.id}`)).body).toEqual(job);
    const operation = await rest(server, server.adminToken, 'GET', `/lakesail/api/v1/operations/${job.id}`);
    expect(operation.body).toMatchObject({ id: job.id, type: 'query_run', resourceId: submitted.body.query_run_id, status: 'succeeded' });
    expect((await rest(server, server.adminToken, 'GET', '/v1/jobs?status=bogus')).status).toBe(400);
    const stranger = await createTenant(server);
    expect((await rest(server, stranger.token, 'GET', `/v1/jobs/${job.id}`)).status).toBe(404);
    expect((await rest(server, stranger.token, 'GET', '/v1/jobs')).body.jobs).toEqual([]);
  });

  it('with async_after_ms answers inline when the query finishes in time', async () => {
    const quick = await rest(server, server.adminToken, 'POST', '/v1/query', { sql: 'select max(n) from numbers', async: true, async_after_ms: 5000 });
    expect(quick.status).toBe(200);
    expect(quick.body).toMatchObject({ rows: [[3]], row_count: 1, query_run_id: expect.any(String) });
    expect((await rest(server, server.adminToken, 'POST', '/v1/query', { sql: 'select 1', async: true, async_after_ms: 10 })).status).toBe(400);
    // Without async, async_after_ms is ignored (hotdata's rule): the answer is inline.
    expect((await rest(server, server.adminToken, 'POST', '/v1/query', { sql: 'select 1', async_after_ms: 5000 })).status).toBe(200);
  });

  it('a background run with bad SQL ends failed with the reason', async () => {
    const submitted = await rest(server, server.adminToken, 'POST', '/v1/query', { sql: 'select nope from numbers', async: true });
    expect(submitted.status).toBe(202);
    const run = await eventually(async () => {
      const polled = await rest(server, server.adminToken, 'GET', submitted.body.status_url);
      return polled.body.status === 'failed' ? polled.body : undefined;
    });
    expect(run.error_message).toMatch(/nope/);
  });

  it('cancels a long background query mid-run: it stops and ends cancelled', async () => {
    const { executeSql } = await gqlOk(server, server.adminToken, `mutation($sql: String!) { executeSql(sql: $sql, async: true) { id status } }`, { sql: `${SLOW_SQL.replace('500000000', '100000000000')}` });
    await eventually(async () => {
      const polled = await gqlOk(server, server.adminToken, `query($id: ID!) { queryRun(id: $id) { status } }`, { id: executeSql.id });
      return polled.queryRun.status === 'running' ? true : undefined;
    });
    const cancelled = await gqlOk(server, server.adminToken, `mutation($id: ID!) { cancelQueryRun(id: $id) { status errorMessage completedAt } }`, { id: executeSql.id });
    expect(cancelled.cancelQueryRun).toMatchObject({ status: 'cancelled', errorMessage: 'Cancelled', completedAt: expect.any(String) });
    const again = await gql(server, server.adminToken, `mutation($id: ID!) { cancelQueryRun(id: $id) { status } }`, { id: executeSql.id });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    // The engine is free again: a new query answers at once.
    expect((await rest(server, server.adminToken, 'POST', '/v1/query', { sql: 'select count(*) from numbers' })).body.rows).toEqual([[3]]);
  });
});

/** A runner that dies mid-run (SIGKILL) loses nothing: another process requeues the run and finishes it. */
describe('background query runs survive a crashed runner', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dataplane-recovery-'));
  const secret = 'recovery-secret-'.padEnd(48, 'x');
  let child: ChildProcessWithoutNullStreams | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('requeues the run of a killed process and finishes it, with its events in order', async () => {
    const database = await freshDatabase();
    drop = database?.drop;
    const env = { DATA_DIR: dataDir, JWT_SECRET: secret, TASK_LEASE_MS: '1000', ...(database ? { DATABASE_URL: database.url } : {}) };
    const started = await startServerProcess(env);
    child = started.child;
    const ready = { base: started.url.replace(/\/graphql$/, ''), token: started.token };
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${ready.base}${path}`, { method, headers: { authorization: `Bearer ${ready.token}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const submitted = await call('POST', '/v1/query', { sql: SLOW_SQL, async: true });
    expect(submitted.status).toBe(202);
    await eventually(async () => ((await call('GET', submitted.body.status_url)).body.status === 'running' ? true : undefined));
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    child = undefined;

    // Another process on the same database: the run's lease runs out, it is requeued and finishes.
    const config = loadConfig({ ...process.env, ...env }, { port: 0, host: '127.0.0.1', logLevel: 'silent', databaseUrl: database?.url });
    const next = await startServer(config, subgraphs, { bootstrapper: bootstrapTenants });
    try {
      const base = next.url.replace(/\/graphql$/, '');
      const run = await eventually(async () => {
        const polled = await fetch(`${base}${submitted.body.status_url}`, { headers: { authorization: `Bearer ${ready.token}` } }).then((r) => r.json() as Promise<any>);
        return polled.status === 'succeeded' ? polled : undefined;
      }, 30_000);
      expect(run).toMatchObject({ row_count: 1, error_message: null });
      const result = await fetch(`${base}/v1/results/${run.result_id}`, { headers: { authorization: `Bearer ${ready.token}` } }).then((r) => r.json() as Promise<any>);
      expect(result.rows).toEqual([[71428571]]);
      // The event log tells the whole story, in order: queued, running (killed), running again, succeeded.
      const events = (await next.orm.em.fork().getConnection().execute(`select type from event_log where subject_id = ? order by id`, [submitted.body.query_run_id])) as { type: string }[];
      expect(events.map((e) => e.type)).toEqual(['queued', 'running', 'running', 'succeeded']);
    } finally {
      await next.close();
    }
  });
});
