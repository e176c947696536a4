import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnMain, type MainProcess } from '../../src/federation/federated';
import { eventually } from '../support/clients';
import { freshDatabase } from '../support/server';

/** The parts of an OTLP/JSON span the test reads. */
interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/**
 * A local OTLP/HTTP receiver (JSON protocol) on 127.0.0.1: collects every span the processes export,
 * as a collector would.
 */
async function startReceiver(): Promise<{ url: string; spans: ExportedSpan[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const payload = JSON.parse(body) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: any[] }[] }[] };
        for (const resourceSpans of payload.resourceSpans) {
          const service = resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resourceSpans.scopeSpans) {
            for (const span of scope.spans) {
              const attributes = Object.fromEntries((span.attributes ?? []).map((a: { key: string; value: Record<string, unknown> }) => [a.key, Object.values(a.value)[0]]));
              spans.push({ service, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name, kind: span.kind, attributes });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

/**
 * Traces across processes: Hive Gateway and a `subgraph tenants` process, both exporting to the
 * receiver by the standard OTEL_* variables. One query must come out as one trace: the gateway's
 * operation span, its fetch to the subgraph, the subgraph's operation span (the fetch's child, by
 * the W3C traceparent header) and the SQL statements under it.
 */
describe('OpenTelemetry traces from gateway to subgraph', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dataplane-traces-'));
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let subgraph: MainProcess;
  let gateway: MainProcess;
  let drop: (() => Promise<void>) | undefined;
  let token: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    const database = await freshDatabase();
    drop = database?.drop;
    const env = {
      DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT: 'off',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    subgraph = await spawnMain('tenants', ['subgraph', 'tenants'], { env, timeoutMs: 180_000 });
    // The token is printed after the address the process is taken to be ready at, maybe in a later chunk.
    for (let waited = 0; !(token = /^\s+(eyJ\S+)$/m.exec(subgraph.output())?.[1] ?? ''); waited += 100) {
      if (waited > 30_000) throw new Error(`no token printed:\n${subgraph.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Only tenants runs: the query below needs no other subgraph, the others point at a closed port.
    const urls = ['tenants=' + subgraph.url, 'projects=http://127.0.0.1:9/graphql'].join(',');
    gateway = await spawnMain('gateway', ['gateway'], { env: { ...env, SUBGRAPH_URLS: urls }, timeoutMs: 180_000 });
  }, 240_000);

  afterAll(async () => {
    await gateway?.stop();
    await subgraph?.stop();
    await receiver?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('puts the gateway span, the subgraph span and its SQL in one trace, under the caller\'s trace', async () => {
    const callerTrace = '0af7651916cd43dd8448eb211c80319c';
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, traceparent: `00-${callerTrace}-b7ad6b7169203331-01` },
      body: JSON.stringify({ query: 'query WhoAmI { me { id email } }' }),
    });
    expect(await response.json()).toMatchObject({ data: { me: { email: 'admin@localhost' } } });

    const inTrace = () => receiver.spans.filter((s) => s.traceId === callerTrace);
    const spans = await eventually(async () => {
      const all = inTrace();
      const done = all.some((s) => s.service === 'dataplane-tenants' && s.kind === SPAN_KIND_SERVER) && all.some((s) => s.service === 'dataplane-gateway' && s.kind === SPAN_KIND_SERVER);
      return done ? all : undefined;
    }, 30_000);

    const gatewayOperation = spans.find((s) => s.service === 'dataplane-gateway' && s.kind === SPAN_KIND_SERVER)!;
    expect(gatewayOperation).toMatchObject({ name: 'query WhoAmI', parentSpanId: 'b7ad6b7169203331', attributes: { 'graphql.operation.name': 'WhoAmI' } });
    const fetchToSubgraph = spans.find((s) => s.service === 'dataplane-gateway' && s.kind === SPAN_KIND_CLIENT)!;
    expect(fetchToSubgraph.parentSpanId).toBe(gatewayOperation.spanId);
    expect(String(fetchToSubgraph.attributes['url.full'])).toBe(subgraph.url);
    // The subgraph's span continues the gateway's trace: same trace id, the fetch as its parent.
    const subgraphOperation = spans.find((s) => s.service === 'dataplane-tenants' && s.kind === SPAN_KIND_SERVER)!;
    expect(subgraphOperation.traceId).toBe(gatewayOperation.traceId);
    expect(subgraphOperation.parentSpanId).toBe(fetchToSubgraph.spanId);
    expect(subgraphOperation.attributes['graphql.operation.type']).toBe('query');
    // SQL statements run for it are its descendants, in the same trace.
    await eventually(async () => (inTrace().some((s) => s.service === 'dataplane-tenants' && s.attributes['db.system.name']) ? true : undefined), 15_000);
    const sql = inTrace().filter((s) => s.service === 'dataplane-tenants' && s.attributes['db.system.name']);
    expect(sql.length).toBeGreaterThan(0);
    expect(String(sql[0].attributes['db.query.text'])).toMatch(/select/i);
    const ids = new Set(inTrace().map((s) => s.spanId));
    expect(sql.every((s) => s.parentSpanId && ids.has(s.parentSpanId))).toBe(true);
  });

  it('serves /metrics on the gateway and on the subgraph process, each counting the operation it ran', async () => {
    const scrape = async (graphqlUrl: string) => (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
    const count = (text: string, operation: string) => Number(new RegExp(`^graphql_operation_duration_seconds_count\\{operation="${operation}",type="query",outcome="ok"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    const [gatewayBefore, subgraphBefore] = [await scrape(gateway.url), await scrape(subgraph.url)];
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query WhoAmI { me { id } }' }),
    });
    expect(response.status).toBe(200);
    const [gatewayAfter, subgraphAfter] = [await scrape(gateway.url), await scrape(subgraph.url)];
    expect(count(gatewayAfter, 'WhoAmI')).toBe(count(gatewayBefore, 'WhoAmI') + 1);
    // The gateway's plan names its subgraph fetch after the client's operation.
    expect(subgraphAfter).toMatch(/^graphql_operation_duration_seconds_count\{operation="[^"]*",type="query",outcome="ok"\} \d+$/m);
    expect(subgraphAfter.length).toBeGreaterThan(0);
    expect(subgraphBefore).toContain('process_cpu_user_seconds_total');
    expect(gatewayAfter).toContain('websocket_connections 0');
    const invalid = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query Broken { me { noSuchField } }' }),
    });
    // Its HTTP status (200 today, 400 on the single process) is another change's; the count is this one's.
    expect((await invalid.json()).errors).toHaveLength(1);
    expect(await scrape(gateway.url)).toMatch(/^graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} [1-9]/m);
  });
});
