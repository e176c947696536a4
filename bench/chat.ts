/**
 * Holds many graphql-ws clients in chat rooms, sends messages over HTTP, and prints send-to-receive
 * latency (p50/p99), messages lost, and server memory. Run: `npm run bench:chat -- [clients] [rooms] [messages]`
 * (defaults 2000, 100, 20000). SQLite by default; DATABASE_URL / REDIS_URL as the server reads them.
 * Server and clients share the process, so the memory figure includes the clients.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { describeBackends, mib, percentile, startBenchServer } from './support';

const CLIENTS = Number(process.argv[2] ?? 2000);
const ROOMS = Number(process.argv[3] ?? 100);
const MESSAGES = Number(process.argv[4] ?? 20_000);
const IN_FLIGHT = 16;


async function main() {
  const bench = await startBenchServer('chat');
  const { server, config, token, gql } = bench;

  const rooms: string[] = [];
  for (let i = 0; i < ROOMS; i++) rooms.push((await gql(`mutation($t: String) { createChatRoom(input: { kind: GROUP, title: $t }) { id } }`, { t: `room ${i}` })).createChatRoom.id);

  const memoryBefore = process.memoryUsage().rss;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const received = new Array<number>(CLIENTS).fill(0);
  const clients: Client[] = [];
  let connected = 0;
  for (let i = 0; i < CLIENTS; i++) {
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` }, lazy: false, retryAttempts: 0, on: { connected: () => connected++ } });
    clients.push(client);
    client.subscribe<{ chatMessageAdded: { type: string; message: { clientMessageId: string } | null } }>(
      { query: 'subscription($roomId: ID!) { chatMessageAdded(roomId: $roomId) { type message { clientMessageId } } }', variables: { roomId: rooms[i % ROOMS] } },
      {
        next: ({ data }) => {
          if (data?.chatMessageAdded.type !== 'message_added') return;
          received[i]++;
          const sent = sentAt.get(data.chatMessageAdded.message!.clientMessageId);
          if (sent !== undefined) latencies.push(performance.now() - sent);
        },
        error: (error) => console.error('subscription error', error),
        complete: () => {},
      },
    );
  }
  while (connected < CLIENTS) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const memoryConnected = process.memoryUsage().rss;

  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < MESSAGES) {
        const n = next++;
        const clientMessageId = `m${n}`;
        sentAt.set(clientMessageId, performance.now());
        await gql(`mutation($roomId: ID!, $input: SendChatMessageInput!) { sendChatMessage(roomId: $roomId, input: $input) { id } }`, {
          roomId: rooms[n % ROOMS], input: { clientMessageId, bodyText: `message ${n}` },
        });
      }
    }),
  );
  const sendMs = performance.now() - started;
  const perClient = (i: number) => Math.floor(MESSAGES / ROOMS) + (i % ROOMS < MESSAGES % ROOMS ? 1 : 0);
  const expected = Array.from({ length: CLIENTS }, (_, i) => perClient(i)).reduce((a, b) => a + b, 0);
  const deadline = Date.now() + 60_000;
  while (received.reduce((a, b) => a + b, 0) < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  const totalMs = performance.now() - started;
  const got = received.reduce((a, b) => a + b, 0);
  const sorted = latencies.sort((a, b) => a - b);

  console.log(describeBackends(config));
  console.log(`clients: ${CLIENTS} in ${ROOMS} rooms; messages: ${MESSAGES} sent in ${Math.round(sendMs)} ms (${Math.round(MESSAGES / (sendMs / 1000))}/s), all delivered after ${Math.round(totalMs)} ms`);
  console.log(`send → receive: p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (${sorted.length} deliveries)`);
  console.log(`messages lost: ${expected - got} of ${expected} expected deliveries`);
  console.log(`process RSS: ${mib(memoryBefore)} before clients, ${mib(memoryConnected)} with ${CLIENTS} connected (${((memoryConnected - memoryBefore) / CLIENTS / 1024).toFixed(0)} KiB per connection, client side included), ${mib(process.memoryUsage().rss)} at the end`);

  for (const client of clients) await client.dispose();
  await bench.close();
  process.exit(expected === got ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
