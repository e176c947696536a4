/**
 * Runs many short jobs while subscribed clients watch them: prints jobs/s, the delay from a
 * run's state change (its event's time) to each client receiving it (p50/p99), events lost, and
 * server memory. Run: `npm run bench:jobs -- [runs] [clients]` (defaults 10000 and 100).
 * SQLite by default; DATABASE_URL / REDIS_URL as the server reads them.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { describeBackends, percentile, startBenchServer } from './support';

const RUNS = Number(process.argv[2] ?? 10_000);
const CLIENTS = Number(process.argv[3] ?? 100);
/** Events each successful run of a one-query job produces: pending, ready, running, log, progress, succeeded. */
const EVENTS_PER_RUN = 6;
const IN_FLIGHT = 16;


async function main() {
  const bench = await startBenchServer('jobs', { runnerConcurrency: Number(process.env.RUNNER_CONCURRENCY ?? 4) });
  const { server, config, token, gql, post } = bench;

  await post('/v1/datasets', { label: 'events', source: { inline: 'id,kind\n1,a\n2,b\n3,a\n' } });
  const query = await post('/v1/queries', { name: 'count', sql: 'select kind, count(*) from events group by kind' });
  const team = await gql(`mutation { createTeam(input: { name: "bench" }) { id } }`);
  const job = await gql(`mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, { input: { name: 'bench', teamIds: [team.createTeam.id], queryIds: [query.id] } });
  const jobId = job.createJob.id as string;

  // Subscribers: each counts events and records the delay from the event's time to its arrival.
  const delays: number[] = [];
  const received = new Array<number>(CLIENTS).fill(0);
  const clients: Client[] = [];
  let succeededSeenByFirst = 0;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (allDone = resolve));
  for (let i = 0; i < CLIENTS; i++) {
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` }, lazy: false, retryAttempts: 0 });
    clients.push(client);
    client.subscribe<{ jobRunUpdated: { type: string; occurredAt: string } }>(
      { query: 'subscription($jobId: ID) { jobRunUpdated(jobId: $jobId) { type occurredAt } }', variables: { jobId } },
      {
        next: ({ data }) => {
          received[i]++;
          delays.push(Date.now() - Date.parse(data!.jobRunUpdated.occurredAt));
          if (i === 0 && data!.jobRunUpdated.type === 'succeeded' && ++succeededSeenByFirst === RUNS) allDone();
        },
        error: (error) => console.error('subscription error', error),
        complete: () => {},
      },
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rssBefore = process.memoryUsage().rss;

  const started = performance.now();
  let next = 0;
  const progress = setInterval(() => console.log(`  … ${succeededSeenByFirst}/${RUNS} runs succeeded`), 10_000);
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < RUNS) {
        next++;
        await gql(`mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }`, { jobId });
      }
    }),
  );
  const submittedMs = performance.now() - started;
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 30 * 60_000))]);
  // Let the last events reach every client.
  const settleUntil = Date.now() + 10_000;
  while (received.some((n) => n < RUNS * EVENTS_PER_RUN) && Date.now() < settleUntil) await new Promise((resolve) => setTimeout(resolve, 100));
  const elapsedMs = performance.now() - started;
  clearInterval(progress);

  const failed = await gql(`query($jobId: ID!) { jobRuns(filter: { jobId: $jobId }, first: 1) { totalCount } }`, { jobId });
  const expected = RUNS * EVENTS_PER_RUN * CLIENTS;
  const got = received.reduce((a, b) => a + b, 0);
  const sorted = delays.sort((a, b) => a - b);
  console.log(`${describeBackends(config)}; runner concurrency ${config.runnerConcurrency}`);
  console.log(`runs: ${RUNS} (${failed.jobRuns.totalCount} recorded), subscribed clients: ${CLIENTS}, submitted in ${Math.round(submittedMs)} ms`);
  console.log(`all runs succeeded and delivered in ${Math.round(elapsedMs)} ms: ${(RUNS / (elapsedMs / 1000)).toFixed(1)} jobs/s`);
  console.log(`state change → client delivery: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted[sorted.length - 1]} ms (${sorted.length} deliveries)`);
  console.log(`events lost: ${expected - got} of ${expected} expected (${EVENTS_PER_RUN} per run per client)`);
  console.log(`process RSS: ${Math.round(rssBefore / 1024 ** 2)} MiB with clients connected, ${Math.round(process.memoryUsage().rss / 1024 ** 2)} MiB at the end (server and clients share the process)`);

  for (const client of clients) await client.dispose();
  await bench.close();
  process.exit(expected === got ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
