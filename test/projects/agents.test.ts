import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

/** A real HTTP agent endpoint: answers JSON-RPC like an MCP server would, and records what it got. */
function fakeAgent(): Promise<{ url: string; received: any[]; server: Server }> {
  const received: any[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const request = body ? JSON.parse(body) : {};
      received.push(request);
      res.setHeader('content-type', 'application/json');
      if (request.method === 'tools/list') {
        res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { tools: [{ name: 'sql', description: 'runs SQL' }] } }));
      } else if (request.method === 'fail') {
        res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'no such method' } }));
      } else {
        res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { echo: request.params } }));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc`, received, server })));
}

describe('agents, project agents and the agent gateway (datacovey)', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let agentEndpoint: Awaited<ReturnType<typeof fakeAgent>>;
  let projectId: string;
  let secondProjectId: string;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    agentEndpoint = await fakeAgent();
    projectId = (await rest(server, tenant.token, 'POST', '/api/v1/projects', { name: 'agents-home' })).body.id;
    secondProjectId = (await rest(server, tenant.token, 'POST', '/api/v1/projects', { name: 'agents-second' })).body.id;
  });
  afterAll(async () => {
    agentEndpoint?.server.close();
    await server?.close();
  });

  it('create (Org admin, needs a project, validates protocol and URL), get, list, update, rate limits, delete', async () => {
    const body = { name: 'sql-bot', protocol: 'MCP', endpoint_url: agentEndpoint.url, project_id: projectId, role: 'analyst', capabilities: { sql: true } };
    const editor = await createUser(server, tenant, 'DATASET_EDITOR');
    expect((await rest(server, editor.token, 'POST', '/api/v1/agents', body)).status).toBe(403);
    expect((await rest(server, tenant.token, 'POST', '/api/v1/agents', { ...body, protocol: 'SOAP' })).status).toBe(422);
    expect((await rest(server, tenant.token, 'POST', '/api/v1/agents', { ...body, endpoint_url: 'ftp://x' })).status).toBe(422);
    expect((await rest(server, tenant.token, 'POST', '/api/v1/agents', { ...body, project_id: 'nope' })).status).toBe(404);

    const created = await rest(server, tenant.token, 'POST', '/api/v1/agents', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'sql-bot', protocol: 'MCP', endpoint_url: agentEndpoint.url, capabilities: { sql: true }, agent_metadata: null,
      tenant_id: tenant.tenantId, status: 'active', archived_at: null, gateway_url: `/api/v1/agent-gateway/agents/${created.body.id}`,
    });
    const id = created.body.id;
    expect((await rest(server, tenant.token, 'GET', `/api/v1/agents/${id}`)).body.name).toBe('sql-bot');
    expect((await rest(server, tenant.token, 'GET', '/api/v1/agents?limit=10')).body.agents.map((a: any) => a.id)).toEqual([id]);
    const updated = await rest(server, tenant.token, 'PATCH', `/api/v1/agents/${id}`, { description: 'answers SQL', status: 'active' });
    expect(updated.body).toMatchObject({ description: 'answers SQL', name: 'sql-bot' });

    const limit = await rest(server, tenant.token, 'GET', `/api/v1/agents/${id}/rate-limit`);
    expect(limit.body).toMatchObject({ max_requests_per_second: '10', max_requests_per_minute: '600', max_requests_per_hour: '36000', agent_id: id });
    const newLimit = await rest(server, tenant.token, 'PUT', `/api/v1/agents/${id}/rate-limit`, { max_requests_per_second: '2', max_requests_per_minute: 100, max_requests_per_hour: 1000 });
    expect(newLimit.body).toMatchObject({ max_requests_per_second: '2', max_requests_per_minute: '100' });
    expect((await rest(server, tenant.token, 'PUT', `/api/v1/agents/${id}/rate-limit`, { max_requests_per_second: 1 })).status).toBe(422);

    const other = await createTenant(server);
    expect((await rest(server, other.token, 'GET', `/api/v1/agents/${id}`)).status).toBe(404);
  });

  it('project assignments: list, 409 on a duplicate, the last assignment stays', async () => {
    const { body: agent } = await rest(server, tenant.token, 'POST', '/api/v1/agents', { name: 'a2', protocol: 'A2A', endpoint_url: agentEndpoint.url, project_id: projectId });
    const listed = await rest(server, tenant.token, 'GET', `/api/v1/projects/${projectId}/agents`);
    expect(listed.body.agents.map((a: any) => a.agent_id)).toContain(agent.id);
    expect((await rest(server, tenant.token, 'POST', `/api/v1/projects/${projectId}/agents`, { agent_id: agent.id })).status).toBe(409);
    expect((await rest(server, tenant.token, 'DELETE', `/api/v1/projects/${projectId}/agents/${agent.id}`)).status).toBe(409);
    const assigned = await rest(server, tenant.token, 'POST', `/api/v1/projects/${secondProjectId}/agents`, { agent_id: agent.id, role: 'helper' });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ project_id: secondProjectId, agent_id: agent.id, role: 'helper', archived_at: null });
    expect((await rest(server, tenant.token, 'DELETE', `/api/v1/projects/${projectId}/agents/${agent.id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `/api/v1/projects/${projectId}/agents`)).body.agents.map((a: any) => a.agent_id)).not.toContain(agent.id);
    expect((await rest(server, tenant.token, 'DELETE', `/api/v1/agents/${agent.id}`)).status).toBe(204);
    expect((await rest(server, tenant.token, 'GET', `/api/v1/agents/${agent.id}`)).status).toBe(404);
  });

  it('gateway: routes JSON-RPC to the agent, returns its answer, enforces the per-second limit with 429', async () => {
    const { body: agent } = await rest(server, tenant.token, 'POST', '/api/v1/agents', { name: 'echo', protocol: 'MCP', endpoint_url: agentEndpoint.url, project_id: secondProjectId });
    await rest(server, tenant.token, 'PUT', `/api/v1/agents/${agent.id}/rate-limit`, { max_requests_per_second: 2, max_requests_per_minute: 100, max_requests_per_hour: 1000 });
    const routed = await rest(server, tenant.token, 'POST', '/api/v1/agent-gateway/route', { agent_id: agent.id, message: { params: { text: 'hi' } } });
    expect(routed.status).toBe(200);
    expect(routed.body).toEqual({ id: expect.any(String), result: { echo: { text: 'hi' } }, error: null });
    expect(agentEndpoint.received.at(-1)).toMatchObject({ jsonrpc: '2.0', method: 'message/send', params: { text: 'hi' }, id: routed.body.id });
    const failed = await rest(server, tenant.token, 'POST', '/api/v1/agent-gateway/route', { agent_id: agent.id, message: { method: 'fail' } });
    expect(failed.body.error).toEqual({ code: -32601, message: 'no such method' });
    const limited = await rest(server, tenant.token, 'POST', '/api/v1/agent-gateway/route', { agent_id: agent.id, message: { params: {} } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');

    const tools = await rest(server, tenant.token, 'GET', `/api/v1/agents/${agent.id}/tools`);
    expect(tools.body).toEqual([{ name: 'sql', description: 'runs SQL' }]);
    const test = await rest(server, tenant.token, 'POST', `/api/v1/agents/${agent.id}/test`);
    expect(test.body).toMatchObject({ ok: true, status_code: 200, error: null });

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fanout = await rest(server, tenant.token, 'POST', '/api/v1/agent-gateway/route-project', { project_id: secondProjectId, message: { params: { n: 1 } } });
    expect(Array.isArray(fanout.body)).toBe(true);
    expect(fanout.body.map((r: any) => r.result)).toContainEqual({ echo: { n: 1 } });
  });

  it('an unreachable agent answers with an error, not a 500', async () => {
    const { body: agent } = await rest(server, tenant.token, 'POST', '/api/v1/agents', { name: 'down', protocol: 'MCP', endpoint_url: 'http://127.0.0.1:9/rpc', project_id: projectId });
    const routed = await rest(server, tenant.token, 'POST', '/api/v1/agent-gateway/route', { agent_id: agent.id, message: {} });
    expect(routed.status).toBe(200);
    expect(routed.body.error).toMatchObject({ code: -32001 });
    const test = await gqlOk(server, tenant.token, `mutation($id: ID!) { testAgentConnection(id: $id) { ok error } }`, { id: agent.id });
    expect(test.testAgentConnection.ok).toBe(false);
    const tools = await gql(server, tenant.token, `query($id: ID!) { agentTools(id: $id) }`, { id: agent.id });
    expect(tools.errors?.[0].extensions?.code).toBe('BAD_GATEWAY');
  });
});
