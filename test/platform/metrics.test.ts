import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedSocket, eventually, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

/** One sample of `name` whose labels include `labels`, from a Prometheus text exposition (undefined when absent). */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

const scrape = async (server: TestServer) => {
  const response = await fetch(`${server.baseUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
};

/** Posts an operation as a client does, with a W3C traceparent header. */
const post = (server: TestServer, token: string | undefined, query: string, traceparent?: string) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(traceparent ? { traceparent } : {}) },
    body: JSON.stringify({ query }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } }));

describe('GET /metrics and the request log', () => {
  let server: TestServer;
  const logDir = mkdtempSync(join(tmpdir(), 'dataplane-log-'));
  const logFile = join(logDir, 'service.log');

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('counts a successful operation and a failed one by its error code, per operation name', async () => {
    const before = await scrape(server);
    expect(sample(before, 'graphql_operation_duration_seconds_count', { operation: 'Me', outcome: 'ok' })).toBeUndefined();

    expect((await post(server, server.adminToken, 'query Me { me { id } }')).status).toBe(200);
    const missing = await post(server, server.adminToken, 'query MissingProject { project(id: "no-such-project") { id } }');
    expect(missing.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const invalid = await post(server, server.adminToken, 'query Broken { me { noSuchField } }');
    expect(invalid.status).toBe(400);

    const after = await scrape(server);
    expect(sample(after, 'graphql_operation_duration_seconds_count', { operation: 'Me', type: 'query', outcome: 'ok' })).toBe(1);
    expect(sample(after, 'graphql_operation_duration_seconds_count', { operation: 'MissingProject', type: 'query', outcome: 'error' })).toBe(1);
    expect(sample(after, 'graphql_operation_duration_seconds_bucket', { operation: 'Me', le: '+Inf' })).toBe(1);
    expect(sample(after, 'graphql_errors_total', { code: 'NOT_FOUND' })).toBe((sample(before, 'graphql_errors_total', { code: 'NOT_FOUND' }) ?? 0) + 1);
    expect(sample(after, 'graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBeGreaterThanOrEqual(1);
    // Node's own process metrics are there too.
    expect(sample(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(after, 'nodejs_eventloop_lag_seconds')).toBeDefined();
  });

  it('times REST routes by profile and route template, not by raw path', async () => {
    expect((await rest(server, server.adminToken, 'GET', '/v1/jobs/no-such-job')).status).toBe(404);
    expect((await rest(server, server.adminToken, 'GET', '/v1/jobs/another-missing-job')).status).toBe(404);
    const exposition = await scrape(server);
    const route = /rest_request_duration_seconds_count\{[^}]*route="([^"]+)"[^}]*status="404"/.exec(exposition)?.[1];
    expect(route).toBe('/v1/jobs/:id');
    expect(sample(exposition, 'rest_request_duration_seconds_count', { profile: 'hotdata', method: 'GET', route: '/v1/jobs/:id', status: '404' })).toBe(2);
    expect(exposition).not.toContain('no-such-job');
  });

  it('reads WebSocket connections, active subscriptions, the task queue and event-log lag', async () => {
    const { socket } = await connectedSocket(server, server.adminToken);
    try {
      const idle = await scrape(server);
      expect(sample(idle, 'websocket_connections')).toBe(1);
      expect(sample(idle, 'graphql_active_subscriptions')).toBe(0);
      expect(sample(idle, 'task_queue_depth', { status: 'queued' })).toBeGreaterThanOrEqual(0);
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription ProjectFeed { projectChanged { cursor type } }' } }));
      await eventually(async () => (sample(await scrape(server), 'graphql_active_subscriptions') === 1 ? true : undefined));
      const delivered = new Promise<void>((resolve) => socket.on('message', (data) => JSON.parse(String(data)).type === 'next' && resolve()));
      // A change records an event, which the bus delivers to this process (and the subscriber).
      expect((await post(server, server.adminToken, 'mutation { createProject(input: { name: "observed" }) { id } }')).status).toBe(200);
      await delivered;
      const live = await scrape(server);
      expect(sample(live, 'event_delivery_lag_seconds_count')).toBeGreaterThan(0);
      expect(sample(live, 'graphql_subscriptions_started_total', { operation: 'ProjectFeed' })).toBe(1);
    } finally {
      socket.close();
    }
    await eventually(async () => (sample(await scrape(server), 'websocket_connections') === 0 ? true : undefined));
  });

  it('times DuckDB queries and counts the task that ran one by its outcome', async () => {
    // An async query run is a task on the durable queue, which runs the SQL on DuckDB.
    const submitted = await rest(server, server.adminToken, 'POST', '/v1/query', { sql: 'select 42 as answer', async: true });
    expect(submitted.status).toBe(202);
    const exposition = await eventually(async () => {
      const text = await scrape(server);
      return /^task_outcomes_total\{kind="[^"]+",status="succeeded"\} [1-9]/m.test(text) ? text : undefined;
    });
    expect(sample(exposition, 'duckdb_query_duration_seconds_count', { operation: 'query', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(exposition, 'task_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(exposition, 'task_queue_depth', { status: 'running' })).toBeDefined();
  });

  it('writes one log line per operation with its name, duration, status, error code and trace id', async () => {
    const logged = await startTestServer({ sameDatabaseAs: server, env: { LOG_LEVEL: 'info', LOG_FILE: logFile } });
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      await post(logged, logged.adminToken, 'query Me { me { id } }', `00-${traceId}-00f067aa0ba902b7-01`);
      await post(logged, logged.adminToken, 'query MissingProject { project(id: "nope") { id } }');
      await rest(logged, logged.adminToken, 'GET', '/v1/jobs/no-such-job');
      const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      const me = lines.filter((l) => l.operation === 'Me');
      expect(me).toHaveLength(1);
      expect(me[0]).toMatchObject({ msg: 'graphql operation', type: 'query', status: 200, traceId });
      expect(typeof me[0].ms).toBe('number');
      expect(lines.find((l) => l.operation === 'MissingProject')).toMatchObject({ errors: ['NOT_FOUND'] });
      // A REST request is one line, with its route template and the operation it ran.
      const restLines = lines.filter((l) => l.rest);
      expect(restLines).toHaveLength(1);
      expect(restLines[0]).toMatchObject({ msg: 'rest request', rest: { profile: 'hotdata', method: 'GET', route: '/v1/jobs/:id' }, status: 404, errors: ['NOT_FOUND'] });
      expect(lines.filter((l) => l.msg === 'graphql operation')).toHaveLength(2);
      expect(JSON.stringify(lines)).not.toContain(logged.adminToken);
    } finally {
      await logged.close();
    }
  });
});
