/**
 * A swarm of graphql-ws subscribers in a process of its own (forked by bench/api.ts), so that the
 * server's memory and CPU are measured without the clients'. Each subscriber records, for every
 * event, the delay from the event's `occurredAt` to its arrival (both clocks are this machine's).
 * Each speaks graphql-ws's protocol on a bare `ws` socket (see `subscriber`).
 * IPC: the parent sends `{ start }`, the swarm answers `{ connected }` once all are subscribed;
 * `count` is answered with `{ received }`; `report` with `{ received, delays, errors }`, then it exits.
 */
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

/**
 * One subscriber speaking the graphql-ws protocol on a bare `ws` socket: cheaper per message than
 * graphql-ws's client, so the swarm, on the same cores as the server, disturbs what it measures less.
 */
function subscriber(start: SwarmStart, token: string, on: { connected: () => void; failed: () => void; next: (occurredAt: string | undefined) => void; error: () => void }): WebSocket {
  const socket = new WebSocket(start.wsUrl, 'graphql-transport-ws', { skipUTF8Validation: true });
  let acknowledged = false;
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } })));
  socket.on('message', (data) => {
    const text = String(data);
    // Events, the bulk: their time read straight from the text (the benchmark's own cost stays small).
    const at = text.startsWith('{"id":"1","type":"next"') ? text.indexOf('"occurredAt":"') : -1;
    if (at >= 0) return on.next(text.slice(at + 14, text.indexOf('"', at + 14)));
    const message = JSON.parse(text) as { type: string };
    if (message.type === 'next') on.next(undefined);
    else if (message.type === 'connection_ack') {
      acknowledged = true;
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: start.query } }));
      on.connected();
    } else if (message.type === 'ping') socket.send('{"type":"pong"}');
    else if (message.type === 'error') on.error();
  });
  const failed = () => acknowledged || ((acknowledged = true), on.failed());
  socket.on('error', failed);
  socket.on('close', failed);
  return socket;
}

async function run(start: SwarmStart): Promise<void> {
  const sockets: WebSocket[] = [];
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
          sockets.push(subscriber(start, start.tokens[j % start.tokens.length], {
            connected: () => { connected++; resolve(); },
            failed: () => { failedToConnect++; resolve(); },
            next: (occurredAt) => {
              received++;
              lastAt = Date.now();
              firstAt ||= lastAt;
              if (occurredAt) delays.push(lastAt - Date.parse(occurredAt));
            },
            error: () => errors++,
          }));
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
      for (const socket of sockets) socket.terminate();
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
