import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectedSocket, gql, rawSocket, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

describe('WebSocket limits', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        WS_INIT_TIMEOUT_MS: '1000',
        WS_MAX_MESSAGE_BYTES: '10000',
        WS_MAX_SUBSCRIPTIONS: '3',
        WS_MAX_CONNECTIONS_PER_IDENTITY: '2',
        WS_KEEPALIVE_MS: '500',
      },
    });
    tenant = await createTenant(server);
  }, 180_000);
  afterAll(() => server?.close());

  it('a socket that never sends connection_init is closed with 4408', async () => {
    const raw = rawSocket(server);
    await raw.opened;
    expect(await raw.closed).toBe(4408);
  });

  it('a message over WS_MAX_MESSAGE_BYTES closes the socket with 1009', async () => {
    const raw = await connectedSocket(server, tenant.token);
    raw.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ me { id } } # ${'x'.repeat(20_000)}` } }));
    expect(await raw.closed).toBe(1009);
  });

  it('at most WS_MAX_SUBSCRIPTIONS subscriptions on one connection', async () => {
    const client = wsClient(server, tenant.token);
    const open = [1, 2, 3].map(() => subscribe(client, 'subscription { projectChanged { projectId } }'));
    const fourth = subscribe(client, 'subscription { projectChanged { projectId } }');
    const refused = await fourth.next(10_000);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS', limit: 'wsMaxSubscriptions', max: 3 } });
    // The three still stream.
    await gql(server, tenant.token, 'mutation { createProject(input: { name: "three" }) { id } }');
    for (const sub of open) expect((await sub.next(10_000)).data?.projectChanged.projectId).toBeTruthy();
    // Ending one frees its place.
    open[0].dispose();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = subscribe(client, 'subscription { projectChanged { projectId } }');
    await gql(server, tenant.token, 'mutation { createProject(input: { name: "again" }) { id } }');
    expect((await again.next(10_000)).data?.projectChanged.projectId).toBeTruthy();
    await client.dispose();
  });

  it('at most WS_MAX_CONNECTIONS_PER_IDENTITY sockets per identity: the next is closed with 4429', async () => {
    const user = await createUser(server, tenant);
    const first = await connectedSocket(server, user.token);
    const second = await connectedSocket(server, user.token);
    const third = await connectedSocket(server, user.token);
    expect(await third.closed).toBe(4429);
    // Another identity is not affected, and closing a socket frees a place.
    const other = await connectedSocket(server, tenant.token);
    expect(other.socket.readyState).toBe(WebSocket.OPEN);
    first.socket.close();
    await first.closed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const fourth = await connectedSocket(server, user.token);
    expect(fourth.socket.readyState).toBe(WebSocket.OPEN);
    for (const raw of [second, other, fourth]) raw.socket.close();
  });

  it('keepalive: the server pings, and a peer that does not answer is dropped', async () => {
    const answering = await connectedSocket(server, tenant.token);
    let pings = 0;
    answering.socket.on('ping', () => pings++);
    const silent = rawSocket(server, { autoPong: false });
    await silent.opened;
    silent.socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${tenant.token}` } }));
    await silent.acked;
    expect(await silent.closed).toBe(1006);
    expect(pings).toBeGreaterThan(0);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    answering.socket.close();
  });

});

describe('WebSocket slow consumers', () => {
  const logFile = join(tmpdir(), `slow-consumer-${randomUUID()}.log`);
  let server: TestServer;
  beforeAll(async () => {
    // Keepalive long enough that it is the slow-consumer limit, not a missed pong, that ends the socket.
    server = await startTestServer({ env: { WS_MAX_BUFFERED_BYTES: '65536', WS_MAX_QUEUED_EVENTS: '50', WS_KEEPALIVE_MS: '600000', LOG_LEVEL: 'warn', LOG_FILE: logFile } });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    rmSync(logFile, { force: true });
  });

  it('a subscriber that stops reading is cut off instead of buffering without bound; the server serves on', async () => {
    const other = await createTenant(server);
    const raw = await connectedSocket(server, other.token);
    for (const id of ['a', 'b', 'c']) {
      raw.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { projectChanged { projectId project { name description } } }' } }));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    let received = 0;
    raw.socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'next') received++;
    });
    // Stop reading: what the server sends piles up in the kernel's buffers, then in the server.
    const tcp = (raw.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();
    const description = 'd'.repeat(9000);
    const cutOff = () => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('slow consumer');
    let events = 0;
    while (!cutOff() && events < 600) {
      for (let i = 0; i < 10; i++, events++) {
        const result = await gql(server, other.token, 'mutation($name: String!, $d: String) { createProject(input: { name: $name, description: $d }) { id } }', { name: `p${events}`, d: description });
        expect(result.status).toBe(200);
      }
    }
    expect(cutOff()).toBe(true);
    // Reading again, the client finds its socket gone, short of what was published.
    tcp.resume();
    const code = await raw.closed;
    console.log(`slow consumer: cut off after ${events} events (x3 subscriptions); closed ${code} having read ${received} of ${events * 3} messages`);
    expect(received).toBeLessThan(events * 3);
    expect((await gql(server, other.token, '{ projects { totalCount } }')).data?.projects.totalCount).toBe(events);
  }, 300_000);
});
