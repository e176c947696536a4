/**
 * How cost grows with the data (issues 17 and 19): the nested list for 10 / 100 / 1000 projects, a page deep into a 100k-row list, a child list's count
 * among 100k siblings, and `after` replay of a 200k-event log (events/s, server RSS, and how soon a
 * new subscriber is served after another client abandons a replay mid-way). Rows are inserted
 * straight into the database; every figure is then read through the API as a client would.
 * Run: `npm run bench:growth -- [rows] [events]` (defaults 100000, 200000). SQLite by default;
 * DATABASE_URL as the server reads it.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { EventRecord } from '../src/events/event-record';
import { Project } from '../subgraphs/projects/entities';
import { SavedQuery } from '../subgraphs/catalogs/entities';
import { QueryRun } from '../subgraphs/jobs/entities';
import { describeBackends, mib, percentile, startBenchServer, type BenchServer } from './support';
import type { ReplayClientStart } from './replay-client';
import { startReplayFloor } from './replay-floor';

const ROWS = Number(process.argv[2] ?? 100_000);
const EVENTS = Number(process.argv[3] ?? 200_000);
const PAGE_SIZE = 20;
const REPEATS = 30;

/** Inserts `count` rows made by `row(i)` in batches, each batch one transaction. */
async function insertRows<T extends object>(em: EntityManager, entity: new () => T, count: number, row: (i: number) => Partial<T>): Promise<void> {
  const batch = 2000;
  for (let done = 0; done < count; done += batch) {
    const rows = Array.from({ length: Math.min(batch, count - done) }, (_, i) => row(done + i));
    await em.fork().insertMany(entity, rows as never);
  }
}

/** Median and p99 ms of `repeat` runs of `work`. */
async function timed(work: () => Promise<unknown>, repeat = REPEATS): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const ms = (t: { p50: number; p99: number }) => `p50 ${t.p50.toFixed(2)} ms, p99 ${t.p99.toFixed(2)} ms`;

async function paging(bench: BenchServer, tenantId: string, userId: string): Promise<string[]> {
  const em = bench.server.orm.em.fork();
  const base = Date.now() - ROWS * 1000;
  let t = performance.now();
  await insertRows(em, Project, ROWS, (i) => ({ id: randomUUID(), tenantId, name: `p-${String(i).padStart(7, '0')}`, description: null, archivedAt: null, createdById: userId, createdAt: new Date(base + i * 1000), updatedAt: new Date(base + i * 1000) }) as Partial<Project>);
  const lines = [`  seeded ${ROWS} projects in ${((performance.now() - t) / 1000).toFixed(1)} s`];

  // Cursors at the offsets a client reaches by paging: walk the list with the largest page.
  const offsets = [0, Math.min(10_000, ROWS / 10), ROWS - PAGE_SIZE];
  const cursors = new Map<number, string | null>([[0, null]]);
  t = performance.now();
  let after: string | null = null;
  for (let read = 0; read < ROWS; ) {
    const data: any = await bench.gql(`query($after: String) { projects(first: 500, after: $after) { pageInfo { endCursor } edges { cursor } } }`, { after });
    const edges = data.projects.edges as { cursor: string }[];
    for (const offset of offsets) if (offset > read && offset <= read + edges.length) cursors.set(offset, edges[offset - read - 1].cursor);
    read += edges.length;
    after = data.projects.pageInfo.endCursor;
    if (!edges.length) break;
  }
  lines.push(`  walked all ${ROWS} with first: 500 in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const PAGE = `query($after: String) { projects(first: ${PAGE_SIZE}, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } }`;
  const COUNTED = `{ projects(first: ${PAGE_SIZE}) { totalCount nodes { id } } }`;
  const rows: string[] = [];
  for (const offset of offsets) {
    const keyset = await timed(() => bench.gql(PAGE, { after: cursors.get(offset) }));
    const skip = await timed(() => fetch(`${bench.baseUrl}/api/v1/projects?skip=${offset}&limit=${PAGE_SIZE}`, { headers: { authorization: `Bearer ${bench.token}` } }).then((r) => r.json()));
    rows.push(`    offset ${String(offset).padStart(6)}: GraphQL after-cursor ${ms(keyset)}; REST skip=${offset} ${ms(skip)}`);
  }
  lines.push(`  a page of ${PAGE_SIZE} at offset 0 / 10k / ${ROWS - PAGE_SIZE} of ${ROWS} (keyset cursor; REST's skip is an offset):`, ...rows);
  lines.push(`  the same first page with totalCount selected (count(*) over ${ROWS}): ${ms(await timed(() => bench.gql(COUNTED)))}`);
  return lines;
}

/** The nested list (projects → saved queries → runs, three subgraphs) for 10, 100 and 1000 projects. */
async function nested(bench: BenchServer, tenantId: string, userId: string): Promise<string[]> {
  const em = bench.server.orm.em.fork();
  const at = Date.now();
  const projects = Array.from({ length: 1000 }, (_, i) => ({ id: randomUUID(), tenantId, name: `n-${String(i).padStart(4, '0')}`, description: null, archivedAt: null, createdById: userId, createdAt: new Date(at - 1e7 + i), updatedAt: new Date(at) }));
  await insertRows(em, Project, projects.length, (i) => projects[i] as Partial<Project>);
  const queries = projects.flatMap((project) => Array.from({ length: 3 }, (_, q) => ({ id: randomUUID(), projectId: project.id, q })));
  for (const [i, query] of queries.entries()) em.create(SavedQuery, { id: query.id, tenantId, name: `nq-${i}`, projectId: query.projectId } as never);
  await em.flush();
  em.clear();
  await insertRows(em, QueryRun, queries.length * 5, (i) =>
    ({ id: randomUUID(), tenantId, savedQueryId: queries[Math.floor(i / 5)].id, sqlText: 'select 1', sqlHash: 'h', status: 'succeeded', userId, createdAt: new Date(at - i), updatedAt: new Date(at) }) as Partial<QueryRun>);
  const NESTED = `query($first: Int, $after: String) { projects(first: $first, after: $after) { pageInfo { endCursor } nodes { id name savedQueries(first: 3) { nodes { id name runs(first: 5) { nodes { id status } } } } } } }`;
  const lines: string[] = [];
  for (const count of [10, 100, 1000]) {
    // Pages of at most 500 (MAX_PAGE_SIZE): 1000 projects are two requests.
    const t = await timed(async () => {
      let after: string | null = null;
      for (let read = 0; read < count; read += 500) {
        const data: any = await bench.gql(NESTED, { first: Math.min(500, count - read), after });
        after = data.projects.pageInfo.endCursor;
      }
    }, count >= 1000 ? 5 : 10);
    lines.push(`    ${String(count).padStart(4)} projects (×3 queries ×5 runs = ${count * 18} objects): ${ms(t)}, ${(t.p50 / count).toFixed(2)} ms per project`);
  }
  return [`  projects → savedQueries(3) → runs(5), the newest first:`, ...lines];
}

async function childCounts(bench: BenchServer, tenantId: string, userId: string): Promise<string[]> {
  const em = bench.server.orm.em.fork();
  const few = randomUUID();
  const many = randomUUID();
  const other = randomUUID();
  for (const [i, id] of [few, many, other].entries()) em.create(SavedQuery, { id, tenantId, name: `growth-${i}` } as never);
  await em.flush();
  const at = Date.now();
  const run = (savedQueryId: string, i: number) =>
    ({ id: randomUUID(), tenantId, savedQueryId, sqlText: 'select 1', sqlHash: 'h', status: 'succeeded', userId, createdAt: new Date(at - i), updatedAt: new Date(at - i) }) as Partial<QueryRun>;
  const QUERY = `query($id: ID!) { savedQuery(id: $id) { runs(first: 5) { totalCount nodes { id } } } }`;
  await insertRows(em, QueryRun, 10, (i) => run(few, i));
  const before = await timed(() => bench.gql(QUERY, { id: few }));
  // 100k runs of other saved queries of the same tenant: siblings the count must not read.
  await insertRows(em, QueryRun, ROWS, (i) => run(other, i));
  const after = await timed(() => bench.gql(QUERY, { id: few }));
  await insertRows(em, QueryRun, ROWS, (i) => run(many, i));
  const own = await timed(() => bench.gql(QUERY, { id: many }));
  return [
    `  savedQuery.runs(first: 5) { totalCount } of a query with 10 runs: ${ms(before)} with 10 rows in the tenant; ${ms(after)} with ${ROWS} sibling runs`,
    `  the same for a query with ${ROWS} runs of its own (count(*) over them): ${ms(own)}`,
  ];
}

function replayClient(bench: BenchServer, query: string, variables: Record<string, unknown>, stopAfter?: number, wsUrl = bench.server.wsUrl) {
  const client = fork(join(__dirname, 'replay-client.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: any[] = [];
  let wake: (() => void) | undefined;
  client.on('message', (message) => {
    messages.push(message);
    wake?.();
  });
  const next = async () => {
    while (!messages.length) await new Promise<void>((resolve) => (wake = resolve));
    return messages.shift();
  };
  const start: ReplayClientStart = { wsUrl, token: bench.token, query, variables, stopAfter };
  client.send(start);
  return { next, exited: new Promise((resolve) => client.once('exit', resolve)) };
}

async function replay(bench: BenchServer, tenantId: string, userId: string): Promise<string[]> {
  const em = bench.server.orm.em.fork();
  let projectIds = (await em.find(Project, { tenantId }, { limit: 1000, fields: ['id'], filters: false })).map((p) => p.id);
  if (!projectIds.length) {
    await insertRows(em, Project, 1000, (i) => ({ id: randomUUID(), tenantId, name: `r-${i}`, description: null, archivedAt: null, createdById: userId, createdAt: new Date(), updatedAt: new Date() }) as Partial<Project>);
    projectIds = (await em.find(Project, { tenantId }, { limit: 1000, fields: ['id'], filters: false })).map((p) => p.id);
  }
  let t = performance.now();
  await insertRows(em, EventRecord, EVENTS, (i) => ({ tenantId, topic: 'project', type: 'updated', subjectId: projectIds[i % projectIds.length], payload: { id: projectIds[i % projectIds.length], name: 'n' }, createdAt: new Date() }) as Partial<EventRecord>);
  const lines = [`  seeded ${EVENTS} events in ${((performance.now() - t) / 1000).toFixed(1)} s (over ${projectIds.length} projects)`];

  const floor = bench.config.databaseUrl || process.env.GROWTH_SUBGRAPH ? undefined : await startReplayFloor(join(bench.config.dataDir, 'dataplane.sqlite'));
  const rates = new Map<string, number>();
  for (const [label, query, wsUrl] of <[string, string, string | undefined][]>[
    ['floor (bare graphql-ws, hand-written SQL)', `subscription { projectChanged(tenantId: "${tenantId}", after: "0") { cursor type projectId } }`, floor?.wsUrl],
    ['light', 'subscription { projectChanged(after: "0") { cursor type projectId } }', bench.server.wsUrl],
    ['with project', 'subscription { projectChanged(after: "0") { cursor type projectId occurredAt project { id name description } } }', bench.server.wsUrl],
  ]) {
    if (!wsUrl || (process.env.GROWTH_REPLAY && !label.startsWith(process.env.GROWTH_REPLAY))) continue;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
    const client = replayClient(bench, query, {}, undefined, wsUrl);
    const { first } = await client.next();
    const { received, ms: took } = await client.next();
    clearInterval(sampler);
    await client.exited;
    // The client reports a second after the last event (it waits for quiet).
    const rate = received / ((took - 1000) / 1000);
    rates.set(label, rate);
    const ratio = rates.size > 1 ? `, ${(rates.values().next().value! / rate).toFixed(2)}× the floor's time per event` : '';
    lines.push(`  replay (${label}): ${received} of ${EVENTS} events in ${((took - 1000) / 1000).toFixed(1)} s: ${Math.round(rate)} events/s${ratio}; first after ${first.toFixed(0)} ms; RSS ${mib(rssBefore)} before, peak ${mib(rssPeak)}`);
  }
  await floor?.close();

  // A client leaves a long replay a tenth of the way in; then a newcomer asks for the last 10 events.
  const leaver = replayClient(bench, 'subscription { projectChanged(after: "0") { cursor type projectId project { id name } } }', {}, Math.floor(EVENTS / 10));
  await leaver.next();
  await leaver.next();
  await leaver.exited;
  const last = await bench.server.orm.em.fork().find(EventRecord, { tenantId }, { orderBy: { id: 'desc' }, limit: 11 });
  t = performance.now();
  const newcomer = replayClient(bench, 'subscription($after: String) { projectChanged(after: $after) { cursor } }', { after: last[10].id });
  const { first } = await newcomer.next();
  await newcomer.next();
  lines.push(`  after a client left a replay at event ${Math.floor(EVENTS / 10)}: a new subscriber's first of the last 10 events after ${first.toFixed(0)} ms (${(performance.now() - t).toFixed(0)} ms with its process start)`);
  return lines;
}

async function main() {
  const bench = await startBenchServer('growth', {}, process.env.GROWTH_SUBGRAPH ? { subgraph: process.env.GROWTH_SUBGRAPH } : {}, { ...process.env, RATE_LIMIT: 'off', RUNNER_CONCURRENCY: '0' });
  try {
    const { tenantId, userId } = bench.server.bootstrap!;
    console.log(`Cost growth — ${describeBackends(bench.config)}; ${new Date().toISOString()}`);
    // GROWTH_PARTS=replay (say) runs only that part, e.g. under --cpu-prof.
    const parts = (process.env.GROWTH_PARTS ?? 'nested,paging,children,replay').split(',');
    if (parts.includes('nested')) {
      console.log('Nested list:');
      for (const line of await nested(bench, tenantId, userId)) console.log(line);
    }
    if (parts.includes('paging')) {
      console.log('Paging:');
      for (const line of await paging(bench, tenantId, userId)) console.log(line);
    }
    if (parts.includes('children')) {
      console.log('Child lists:');
      for (const line of await childCounts(bench, tenantId, userId)) console.log(line);
    }
    if (!parts.includes('replay')) return;
    console.log('Replay:');
    for (const line of await replay(bench, tenantId, userId)) console.log(line);
  } finally {
    await bench.close();
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
