/**
 * The API's own cost, side by side for the same operations (issues 9 and 17):
 *  - HTTP (autocannon): a shallow query, a nested list (projects × saved queries × runs, three
 *    subgraphs) and a mutation, on the single process and, in the same run, on the floor
 *    (bench/floor-server.ts: hand-written graphql-js + SQL on the same database file, and a bare
 *    Apollo Server), with the ratio of the two;
 *  - the nested list run in process with graphql-js `execute`: on the composed schema the server
 *    serves (in-process gateway, no HTTP or Apollo) and on a plain merged schema with the same
 *    resolvers (no gateway either), and SQL statements per request with and without DataLoader;
 *  - subscription fan-out: a swarm of graphql-ws subscribers in another process, events/s
 *    delivered, delay p50/p99, server memory per connection;
 *  - gateway + subgraph processes vs the single process, once the `gateway` command exists.
 * Run: `npm run bench:api -- [projects] [subscribers,…] [seconds]` (defaults 100, 10000,20000, 10);
 * BENCH_SKIP=http,inprocess,fanout,gateway leaves sections out (inprocess needs http); BENCH_PROFILE=<dir>
 * writes CPU profiles of the server around each HTTP figure and the fan-out (bench/profile.ts).
 * SQLite by default; DATABASE_URL / REDIS_URL as the server reads them.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import {
  buildSchema, execute, GraphQLEnumType, isEnumType, isScalarType, parse, type DocumentNode, type GraphQLFieldConfig, type GraphQLSchema,
} from 'graphql';
import type { Context } from '../src/context';
import { buildSubgraphs } from '../src/federation/build-subgraph';
import { composeSupergraph, SUBGRAPH_BASE_PORT } from '../src/federation/compose';
import { subgraphs } from '../subgraphs';
import { QueryRun } from '../subgraphs/jobs/entities';
import { describeBackends, mib, percentile, startBenchServer, type BenchServer } from './support';
import type { SwarmReport, SwarmStart } from './subscriber-swarm';
import type { FloorReady, FloorStart } from './floor-server';
import { profiled } from './profile';

const PROJECTS = Number(process.argv[2] ?? 100);
const SUBSCRIBER_COUNTS = (process.argv[3] ?? '10000,20000').split(',').map(Number);
const SUBSCRIBERS = Math.max(...SUBSCRIBER_COUNTS);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const SECONDS = Number(process.argv[4] ?? 10);
const QUERIES_PER_PROJECT = 3;
const RUNS_PER_QUERY = 5;
/** Concurrent requests, over HTTP (autocannon connections) and in process alike. */
const CONCURRENCY = 10;
/** Project updates the fan-out sends, each an event for every subscriber. */
const FANOUT_EVENTS = 20;
const FANOUT_INTERVAL_MS = 250;

const SHALLOW = '{ me { id } }';
const NESTED = `query($first: Int) { projects(first: $first) { nodes { id name savedQueries(first: ${QUERIES_PER_PROJECT}) { totalCount nodes { id name runs(first: ${RUNS_PER_QUERY}) { totalCount nodes { id status rowCount } } } } } } }`;
const MUTATION = 'mutation($id: ID!, $input: UpdateProjectInput!) { updateProject(id: $id, input: $input) { id updatedAt } }';
const FANOUT_SUBSCRIPTION = 'subscription { projectChanged { cursor type projectId occurredAt } }';
/**
 * The server's environment: the caller's (DATABASE_URL, REDIS_URL) without the abuse limits, which
 * would otherwise answer autocannon with 429s and refuse the swarm's connections past 20 per identity.
 */
const BENCH_ENV: NodeJS.ProcessEnv = { ...process.env, RATE_LIMIT: 'off', WS_MAX_CONNECTIONS_PER_IDENTITY: String(SUBSCRIBERS + 100) };

interface Measured {
  label: string;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time of the serving process per request (ms), when known. */
  cpuMs?: number;
}

const row = (m: Measured) =>
  `  ${m.label.padEnd(58)} ${m.perSecond.toFixed(0).padStart(7)} req/s   p50 ${m.p50.toFixed(1).padStart(6)} ms   p99 ${m.p99.toFixed(1).padStart(6)} ms${m.cpuMs === undefined ? '' : `   CPU ${m.cpuMs.toFixed(2).padStart(6)} ms/req`}${m.errors ? `   ${m.errors} errors` : ''}`;

/** A server under load: its URL and the CPU time (ms) its process has used so far. */
interface Target {
  url: string;
  cpuMs: () => Promise<number>;
}

/** The single-process server runs in this process, and nothing else here works while it is loaded. */
const thisProcess = (url: string): Target => ({ url, cpuMs: async () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; } });

/** autocannon (in a process of its own) against one GraphQL operation for SECONDS. */
async function httpLoad(label: string, target: Target | string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Measured> {
  const { url, cpuMs } = typeof target === 'string' ? { url: target, cpuMs: undefined } : target;
  const generator = fork(join(__dirname, 'load-generator.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const cpuBefore = await cpuMs?.();
  const options: autocannon.Options = {
    url,
    method: 'POST',
    connections: CONCURRENCY,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  };
  generator.send(options);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    generator.once('message', (message) => resolve(message as autocannon.Result));
    generator.once('exit', (code) => code && reject(new Error(`the load generator exited (${code})`)));
  });
  const cpuUsed = cpuBefore === undefined ? undefined : (await cpuMs!()) - cpuBefore;
  return {
    label,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuMs: cpuUsed === undefined ? undefined : cpuUsed / Math.max(1, result.requests.total),
  };
}

/** graphql-js `execute` in a loop, CONCURRENCY at a time, for SECONDS (a fresh context per operation, as HTTP has). */
async function inProcessLoad(label: string, schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, contextFor: () => Promise<Context>): Promise<Measured> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const result = await execute({ schema, document, variableValues: variables, contextValue: await contextFor() });
        latencies.push(performance.now() - started);
        if (result.errors) errors++;
      }
    }),
  );
  const sorted = latencies.sort((a, b) => a - b);
  return { label, perSecond: latencies.length / SECONDS, p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors };
}

/**
 * The client-facing schema with every field resolved by the subgraph that defines it, merged into
 * one graphql-js schema: the same resolvers with no gateway in between. Only right for operations
 * whose cross-subgraph fields need no more than the parent's id (as the nested list here), since
 * nothing turns a reference into the full entity the way the gateway's `_entities` calls do.
 */
async function buildMergedSchema(): Promise<GraphQLSchema> {
  const schemas = await buildSubgraphs(subgraphs);
  const built = subgraphs.map((m) => ({ name: m.name, schema: schemas[m.name] }));
  const api = buildSchema(composeSupergraph(built).apiSdl);
  const fieldOf = (typeName: string, fieldName: string) => {
    for (const { schema } of built) {
      const type = schema.getType(typeName);
      const field = type && 'getFields' in type ? (type.getFields() as Record<string, { resolve?: unknown; subscribe?: unknown }>)[fieldName] : undefined;
      if (field?.resolve || field?.subscribe) return field;
    }
    return undefined;
  };
  const typeFromSubgraph = (name: string) => built.map(({ schema }) => schema.getType(name)).find(Boolean);
  return mapSchema(api, {
    [MapperKind.OBJECT_FIELD]: (config: GraphQLFieldConfig<unknown, unknown>, fieldName, typeName) => {
      const source = fieldOf(typeName, fieldName);
      return source ? { ...config, resolve: source.resolve as never, subscribe: source.subscribe as never } : config;
    },
    // Enums carry the resolvers' internal values (e.g. `asc` for ASC), scalars their (de)serialisers.
    [MapperKind.ENUM_TYPE]: (type) => {
      const original = typeFromSubgraph(type.name);
      if (!original || !isEnumType(original)) return type;
      const config = type.toConfig();
      for (const value of original.getValues()) if (config.values[value.name]) config.values[value.name].value = value.value;
      return new GraphQLEnumType(config);
    },
    [MapperKind.SCALAR_TYPE]: (type) => {
      const original = typeFromSubgraph(type.name);
      return original && isScalarType(original) ? original : type;
    },
  });
}

/** 100 projects (API), 3 saved queries each (API), 5 query runs of each (written to the database directly: a run is a queued row). */
async function seed(bench: BenchServer): Promise<{ projectIds: string[] }> {
  const projectIds: string[] = [];
  const runs: Record<string, unknown>[] = [];
  const tenantId = (await bench.gql('{ me { tenant { id } } }')).me.tenant.id;
  for (let p = 0; p < PROJECTS; p++) {
    const { createProject } = await bench.gql('mutation($name: String!) { createProject(input: { name: $name }) { id } }', { name: `project ${String(p).padStart(4, '0')}` });
    projectIds.push(createProject.id);
    for (let q = 0; q < QUERIES_PER_PROJECT; q++) {
      const sql = `select ${p * QUERIES_PER_PROJECT + q} as n`;
      const { createSavedQuery } = await bench.gql('mutation($input: CreateSavedQueryInput!) { createSavedQuery(input: $input) { id } }', { input: { name: `q ${p}.${q}`, sql, projectId: createProject.id } });
      for (let r = 0; r < RUNS_PER_QUERY; r++) {
        runs.push({ tenantId, sqlText: sql, sqlHash: 'bench', status: 'succeeded', savedQueryId: createSavedQuery.id, savedQueryVersion: 1, rowCount: 1, createdAt: new Date(Date.now() + r) });
      }
    }
  }
  const em = bench.server.orm.em.fork();
  for (const run of runs) em.create(QueryRun, run as never);
  await em.flush();
  return { projectIds };
}

/** SQL statements one nested request issues, in process, batched or not. */
async function statementsPerRequest(bench: BenchServer, schema: GraphQLSchema, statements: string[], first: number, unbatched: boolean): Promise<{ statements: number; ms: number }> {
  const context = await bench.server.contextFor(`Bearer ${bench.token}`);
  context.unbatched = unbatched;
  statements.length = 0;
  const started = performance.now();
  const result = await execute({ schema, document: parse(NESTED), variableValues: { first }, contextValue: context });
  const ms = performance.now() - started;
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return { statements: statements.filter((sql) => /\b(select|insert|update|delete)\b/i.test(sql)).length, ms };
}

/** Subscribers in another process; FANOUT_EVENTS project updates; what arrived and how late. */
/** This process's open-file limit (each held socket is a file descriptor, in the server and in the swarm). */
function openFileLimit(): number {
  try {
    return Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity);
  } catch {
    return Infinity;
  }
}

async function fanOut(bench: BenchServer, projectId: string, subscribers: number): Promise<string[]> {
  if (subscribers + 500 > openFileLimit()) return [`  skipped: ${subscribers} sockets need more open files than this process may have (ulimit -n ${openFileLimit()})`];
  const swarm = fork(join(__dirname, 'subscriber-swarm.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const nextMessage = <T>() => new Promise<T>((resolve) => swarm.once('message', (message) => resolve(message as T)));
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const connectStarted = performance.now();
  const start: SwarmStart = { wsUrl: bench.server.wsUrl, tokens: [bench.token], count: subscribers, query: FANOUT_SUBSCRIPTION };
  swarm.send({ start });
  const { connected, failedToConnect } = await nextMessage<{ connected: number; failedToConnect: number }>();
  const connectMs = performance.now() - connectStarted;
  global.gc?.();
  const rssConnected = process.memoryUsage().rss;
  const heapConnected = process.memoryUsage().heapUsed;

  let rssPeak = rssConnected;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
  const expected = connected * FANOUT_EVENTS;
  await profiled(`fanout-${subscribers}`, async () => {
    for (let i = 0; i < FANOUT_EVENTS; i++) {
      await bench.gql(MUTATION, { id: projectId, input: { description: `fan-out ${i}` } });
      await new Promise((resolve) => setTimeout(resolve, FANOUT_INTERVAL_MS));
    }
    // Deliveries drain after the last mutation: wait until all arrived or the count stops growing.
    for (let previous = -1; ; ) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      swarm.send('count');
      const { received } = await nextMessage<{ received: number }>();
      if (received >= expected || received === previous) break;
      previous = received;
    }
  });
  clearInterval(sampler);
  swarm.send('report');
  const report = await nextMessage<SwarmReport>();
  await new Promise((resolve) => swarm.once('exit', resolve));
  // The server notices the swarm's sockets closing; let it drop them before the next run measures.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const deliveringMs = Math.max(1, report.lastAt - report.firstAt);
  const sorted = report.delays.sort((a, b) => a - b);
  return [
    `  subscribers: ${connected} of ${subscribers} connected in ${(connectMs / 1000).toFixed(1)} s (${failedToConnect} failed to connect, ${report.errors} subscription errors), one tenant, \`${FANOUT_SUBSCRIPTION}\``,
    `  events: ${FANOUT_EVENTS} project updates, ${FANOUT_INTERVAL_MS} ms apart; deliveries ${report.received} of ${expected}, first to last in ${(deliveringMs / 1000).toFixed(1)} s: ${Math.round(report.received / (deliveringMs / 1000))} events/s delivered`,
    `  event → subscriber delay: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted[sorted.length - 1]} ms`,
    `  server RSS: ${mib(rssBefore)} before, ${mib(rssConnected)} with ${connected} held (${((rssConnected - rssBefore) / Math.max(1, connected) / 1024).toFixed(1)} KiB per connection; heap ${mib(heapConnected)}), peak ${mib(rssPeak)} during the events`,
    `  target (10k on one process): p99 < 250 ms ${percentile(sorted, 99) < 250 ? 'met' : 'MISSED'}, RSS < 1 GB ${rssPeak < 1e9 ? 'met' : 'MISSED'}`,
  ];
}

/**
 * Gateway + one process per subgraph, the same three operations over HTTP. Runs only once the
 * `gateway` command exists (issue 9's scale-out half, built on another branch); it assumes that
 * command reads PORT like `serve` and routes to the subgraphs at the supergraph's URLs
 * (127.0.0.1:SUBGRAPH_BASE_PORT + index, as `subgraph NAME` listens with PORT set so).
 */
async function gatewayVsSingle(bench: BenchServer, projectId: string): Promise<string[]> {
  const root = join(__dirname, '..', '..');
  const main = join(root, 'dist', 'src', 'main.js');
  const federationDir = join(root, 'dist', 'src', 'federation');
  const hasGateway = readdirSync(federationDir).some((f) => f.startsWith('hive-gateway')) || /case 'gateway'/.test(readFileSync(main, 'utf8'));
  if (!hasGateway) return ['  skipped: this build has no `gateway` command yet (see the README)'];

  const env = {
    ...BENCH_ENV,
    DATA_DIR: bench.config.dataDir,
    DATABASE_URL: bench.config.databaseUrl ?? '',
    REDIS_URL: bench.config.redisUrl ?? '',
    RUNNER_CONCURRENCY: '0',
    LOG_LEVEL: 'warn',
    BOOTSTRAP: 'false',
  };
  const gatewayPort = SUBGRAPH_BASE_PORT + subgraphs.length + 50;
  const children: ChildProcess[] = subgraphs.map((m, index) =>
    spawn(process.execPath, [join(root, 'dist', 'main.js'), 'subgraph', m.name], { env: { ...env, PORT: String(SUBGRAPH_BASE_PORT + index) }, stdio: 'inherit' }),
  );
  children.push(spawn(process.execPath, [join(root, 'dist', 'main.js'), 'gateway'], { env: { ...env, PORT: String(gatewayPort) }, stdio: 'inherit' }));
  const url = `http://127.0.0.1:${gatewayPort}/graphql`;
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ok = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${bench.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: NESTED, variables: { first: 1 } }) })
        .then(async (r) => r.ok && !((await r.json()) as { errors?: unknown }).errors)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) return ['  skipped: the gateway did not answer the nested query within 120 s'];
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return [
      row(await httpLoad('shallow `{ me { id } }` via gateway', url, bench.token, SHALLOW)),
      row(await httpLoad(`nested ${PROJECTS}×${QUERIES_PER_PROJECT}×${RUNS_PER_QUERY} via gateway`, url, bench.token, NESTED, { first: PROJECTS })),
      row(await httpLoad('mutation updateProject via gateway', url, bench.token, MUTATION, { id: projectId, input: { description: 'via gateway' } })),
    ];
  } finally {
    for (const child of children) child.kill();
  }
}

/** The floor's process (bench/floor-server.ts) on the bench server's database file and secret. */
async function startFloor(bench: BenchServer): Promise<{ floor: Target; apollo: Target; stop: () => void } | undefined> {
  if (bench.config.databaseUrl) return undefined;
  const child = fork(join(__dirname, 'floor-server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const start: FloorStart = {
    databaseFile: join(bench.config.dataDir, 'dataplane.sqlite'),
    jwtSecret: bench.config.jwtSecret ?? readFileSync(join(bench.config.dataDir, 'jwt-secret'), 'utf8').trim(),
  };
  child.send(start);
  const ready = await new Promise<FloorReady>((resolve, reject) => {
    child.once('message', (message) => resolve(message as FloorReady));
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  // Both floor servers share the child process; they are loaded one at a time.
  const cpuMs = () => new Promise<number>((resolve) => {
    child.once('message', (message) => resolve((message as { cpuMs: number }).cpuMs));
    child.send('cpu');
  });
  return { floor: { url: ready.floorUrl, cpuMs }, apollo: { url: ready.apolloUrl, cpuMs }, stop: () => child.kill() };
}

/**
 * One operation on the project and on its floor, one after the other in the same run. The ratio is
 * of CPU time per request (each server's own process), which a machine shared with other work
 * disturbs far less than throughput; the throughput ratio is printed beside it.
 */
function versusFloor(label: string, project: Measured, floor: Measured | undefined, target: number): string[] {
  if (!floor) return [row(project), '    (no floor: it runs on SQLite only)'];
  const throughput = floor.perSecond / Math.max(project.perSecond, 1e-9);
  const cpu = project.cpuMs! / Math.max(floor.cpuMs!, 1e-9);
  return [row(project), row(floor), `    ${label}: ${cpu.toFixed(2)}× the floor's CPU time per request (target ≤ ${target}×): ${cpu <= target ? 'met' : 'MISSED'}; throughput ratio ${throughput.toFixed(2)}×`];
}

async function main() {
  let counting = false;
  const statements: string[] = [];
  const bench = await startBenchServer('api', { runnerConcurrency: 0 }, { onQuery: (sql) => counting && statements.push(sql) }, BENCH_ENV);
  const { server, token } = bench;
  let floorProcess: Awaited<ReturnType<typeof startFloor>>;
  try {
    console.log(`API benchmark, ${new Date().toISOString()} — ${describeBackends(bench.config)}; ${CONCURRENCY} concurrent, ${SECONDS} s per figure; node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    let t = performance.now();
    const { projectIds } = await seed(bench);
    console.log(`seeded ${PROJECTS} projects × ${QUERIES_PER_PROJECT} saved queries × ${RUNS_PER_QUERY} runs in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    floorProcess = await startFloor(bench);
    const floor = floorProcess;
    const project = thisProcess(server.url);

    let httpNested: Measured | undefined;
    if (!SKIP.has('http')) {
      console.log('\nsingle process vs the floor over HTTP (autocannon; floor: hand-written graphql-js + SQL on the same file, bare Apollo Server)');
      const shallow = await profiled('me', () => httpLoad('project `{ me { id } }`', project, token, SHALLOW));
      const bareApollo = floor && (await httpLoad('floor: bare Apollo Server, trivial resolver', floor.apollo, token, SHALLOW));
      const shallowFloor = floor && (await httpLoad('floor: hand-written `{ me { id } }` (token + 1 statement)', floor.floor, token, SHALLOW));
      httpNested = await profiled('nested', () => httpLoad(`project nested ${PROJECTS}×${QUERIES_PER_PROJECT}×${RUNS_PER_QUERY} (3 subgraphs)`, project, token, NESTED, { first: PROJECTS }));
      const nestedFloor = floor && (await httpLoad(`floor: hand-written nested (3 statements)`, floor.floor, token, NESTED, { first: PROJECTS }));
      const update = await profiled('update', () => httpLoad('project updateProject (row + event log)', project, token, MUTATION, { id: projectIds[0], input: { description: 'bench' } }));
      const updateFloor = floor && (await httpLoad('floor: hand-written write of row + event, one transaction', floor.floor, token, MUTATION, { id: projectIds[0], input: { description: 'floor' } }));
      for (const line of [
        ...versusFloor('`{ me { id } }` vs bare Apollo Server', shallow, bareApollo, 1.5),
        ...(shallowFloor ? [row(shallowFloor)] : []),
        ...versusFloor('nested', httpNested, nestedFloor, 3),
        ...versusFloor('updateProject', update, updateFloor, 2),
      ]) console.log(line);
      floorProcess?.stop();
    }

    if (!SKIP.has('inprocess') && httpNested) {
      console.log('\nthe nested query in process (graphql-js execute, same resolvers, fresh context each)');
      t = performance.now();
      const merged = await buildMergedSchema();
      const document = parse(NESTED);
      const context = () => server.contextFor(`Bearer ${token}`);
      const onGateway = await inProcessLoad('execute on the composed schema (in-process gateway)', server.schema, document, { first: PROJECTS }, context);
      const bare = await inProcessLoad('execute on a merged schema (no gateway: bare graphql-js)', merged, document, { first: PROJECTS }, context);
      console.log(row(onGateway));
      console.log(row(bare));
      const ratio = bare.perSecond / httpNested.perSecond;
      console.log(`  HTTP single process vs bare execute: ${ratio.toFixed(2)}× the time per request`);

      console.log('\nSQL statements per nested request (in process, composed schema)');
      counting = true;
      for (const first of [10, PROJECTS]) {
        const batched = await statementsPerRequest(bench, server.schema, statements, first, false);
        const unbatched = await statementsPerRequest(bench, server.schema, statements, first, true);
        console.log(`  ${String(first).padStart(4)} projects: with DataLoader ${batched.statements} statements (${batched.ms.toFixed(0)} ms), without ${unbatched.statements} statements (${unbatched.ms.toFixed(0)} ms)`);
      }
      counting = false;
    }

    if (!SKIP.has('fanout')) {
      for (const count of SUBSCRIBER_COUNTS) {
        console.log(`\nsubscription fan-out, ${count} subscribers (graphql-ws, subscribers in a separate process), ${new Date().toISOString()}`);
        for (const line of await fanOut(bench, projectIds[1], count)) console.log(line);
      }
    }

    if (!SKIP.has('gateway')) {
      console.log('\ngateway + subgraph processes (same operations over HTTP)');
      for (const line of await gatewayVsSingle(bench, projectIds[2])) console.log(line);
    }
  } finally {
    floorProcess?.stop();
    await bench.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
