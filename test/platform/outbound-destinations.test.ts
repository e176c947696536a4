import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

/**
 * With ALLOW_PRIVATE_DESTINATIONS=off (the production default), destinations users supply —
 * webhooks, agent endpoints, PostgreSQL sources — may not point at loopback or private
 * addresses (SSRF). A listener on 127.0.0.1 counts every connection: it must see none.
 */
describe('outbound destinations in production mode', () => {
  let server: TestServer;
  let connections = 0;
  const http = createHttpServer((_req, res) => res.end('{}'));
  const tcp = createTcpServer((socket) => socket.destroy());
  http.on('connection', () => connections++);
  tcp.on('connection', () => connections++);
  const portOf = (s: { address(): unknown }) => (s.address() as AddressInfo).port;

  beforeAll(async () => {
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    server = await startTestServer({ env: { ALLOW_PRIVATE_DESTINATIONS: 'off' } });
  });
  afterAll(async () => {
    await server?.close();
    http.close();
    tcp.close();
  });

  it('a webhook to 127.0.0.1 fails with the reason and is never sent', async () => {
    const token = server.adminToken;
    const { createNotificationChannel } = await gqlOk(server, token, `mutation($url: String!) { createNotificationChannel(input: { name: "inside", type: "webhook", config: { url: $url } }) { channel { id } } }`, { url: `http://127.0.0.1:${portOf(http)}/hook` });
    const test = await gql(server, token, `mutation($c: ID!) { testNotificationChannel(id: $c) { status } }`, { c: createNotificationChannel.channel.id });
    expect(test.errors?.[0].message).toMatch(/Destination 127\.0\.0\.1 is not allowed: .*loopback/);
    // The cloud metadata address is refused the same way (link-local), without a connection attempt.
    const metadata = await gqlOk(server, token, `mutation { createNotificationChannel(input: { name: "metadata", type: "webhook", config: { url: "http://169.254.169.254/latest/meta-data" } }) { channel { id } } }`);
    const refused = await gql(server, token, `mutation($c: ID!) { testNotificationChannel(id: $c) { status } }`, { c: metadata.createNotificationChannel.channel.id });
    expect(refused.errors?.[0].message).toMatch(/169\.254\.169\.254, a linkLocal address/);
    expect(connections).toBe(0);
  });

  it('an agent on a private address is unreachable by policy, over GraphQL and REST', async () => {
    const token = server.adminToken;
    const project = (await gqlOk(server, token, `mutation { createProject(input: { name: "agents" }) { id } }`)).createProject.id;
    const { body: agent } = await rest(server, token, 'POST', '/api/v1/agents', { name: 'inside', protocol: 'MCP', endpoint_url: `http://[::ffff:127.0.0.1]:${portOf(http)}/rpc`, project_id: project });
    const test = await gqlOk(server, token, `mutation($id: ID!) { testAgentConnection(id: $id) { ok error } }`, { id: agent.id });
    expect(test.testAgentConnection).toEqual({ ok: false, error: expect.stringMatching(/is not allowed: .*loopback/) });
    const routed = await rest(server, token, 'POST', '/api/v1/agent-gateway/route', { agent_id: agent.id, message: {} });
    expect(routed.body.error).toMatchObject({ code: -32001, message: expect.stringMatching(/is not allowed/) });
    expect(connections).toBe(0);
  });

  it('a PostgreSQL source on localhost is not connected to; its discovery fails with the reason', async () => {
    const created = await rest(server, server.adminToken, 'POST', '/v1/connections', { name: 'inside', source_type: 'postgres', config: { url: `postgres://postgres@localhost:${portOf(tcp)}/test` } });
    expect(created.body).toMatchObject({ discovery_status: 'failed', discovery_error: expect.stringMatching(/Destination localhost is not allowed: it resolves to .*loopback/) });
    expect(connections).toBe(0);
  });
});
