/**
 * A swarm of graphql-ws subscribers in a process of its own (forked by bench/api.ts), so that the
 * server's memory and CPU are measured without the clients'. Each subscriber records, for every
 * event, the delay from the event's `occurredAt` to its arrival (both clocks are this machine's).
 * IPC: the parent sends `{ start }`, the swarm answers `{ connected }` once all are subscribed;
 * `count` is answered with `{ received }`; `report` with `{ received, delays, errors }`, then it exits.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface SwarmStart {
  wsUrl: string;
  /** One bearer token per subscriber, reused round-robin when fewer are given. */
  tokens: string[];
  count: number;
  query: string;
}

export interface SwarmReport {
  received: number;
  /** Epoch ms of the first and last arrival. */
  firstAt: number;
  lastAt: number;
  delays: number[];
  errors: number;
}

/** Connections opened at once while the swarm builds up (the server authenticates each). */
const CONNECTING_AT_ONCE = 100;

async function run(start: SwarmStart): Promise<void> {
  const clients: Client[] = [];
  const delays: number[] = [];
  let received = 0;
  let firstAt = 0;
  let lastAt = 0;
  let errors = 0;
  let connected = 0;
  let failedToConnect = 0;
  for (let i = 0; i < start.count; i += CONNECTING_AT_ONCE) {
    const batch: Promise<void>[] = [];
    for (let j = i; j < Math.min(i + CONNECTING_AT_ONCE, start.count); j++) {
      batch.push(
        new Promise<void>((resolve) => {
          const client = createClient({
            url: start.wsUrl,
            webSocketImpl: WebSocket,
            connectionParams: { Authorization: `Bearer ${start.tokens[j % start.tokens.length]}` },
            lazy: false,
            retryAttempts: 0,
            on: { connected: () => { connected++; resolve(); } },
            onNonLazyError: () => {
              failedToConnect++;
              resolve();
            },
          });
          clients.push(client);
          client.subscribe<Record<string, { occurredAt: string }>>(
            { query: start.query },
            {
              next: ({ data }) => {
                received++;
                lastAt = Date.now();
                firstAt ||= lastAt;
                const event = data && Object.values(data)[0];
                if (event) delays.push(Date.now() - Date.parse(event.occurredAt));
              },
              error: () => errors++,
              complete: () => {},
            },
          );
        }),
      );
    }
    await Promise.all(batch);
  }
  // Subscriptions start right after connecting; give the last ones a moment to reach the server.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  process.send!({ connected, failedToConnect });
  process.on('message', (message) => {
    if (message === 'count') process.send!({ received });
    if (message !== 'report') return;
    const report: SwarmReport = { received, firstAt, lastAt, delays, errors };
    process.send!(report, () => {
      for (const client of clients) void client.dispose();
      process.exit(0);
    });
  });
}

process.once('message', (message: { start: SwarmStart }) => {
  run(message.start).catch((error) => {
    console.error(error);
    process.exit(1);
  });
});
