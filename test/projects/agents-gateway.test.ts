import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

/**
 * A real HTTP server playing A2A agents: the agent card at /.well-known/agent.json, a JSON-RPC
 * endpoint at /a2a that echoes, and /broken that answers 500. It records every request.
 */
function fakeA2A(): Promise<{ base: string; received: { path: string; body: any }[]; server: Server }> {
  const received: { path: string; body: any }[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : undefined;
      received.push({ path: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && req.url === '/.well-known/agent.json') {
        res.end(JSON.stringify({ name: 'planner', skills: [{ id: 'plan', name: 'Plan a pipeline' }] }));
      } else if (req.url === '/broken') {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: 'down' }));
      } else {
        res.end(JSON.stringify({ jsonrpc: '2.0', id: body?.id, result: { agent: 'planner', method: body?.method, params: body?.params } }));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server })));
}

const CREATE = `mutation($input: CreateAgentInput!) { createAgent(input: $input) { id status gatewayUrl tenant { id } rateLimit { maxRequestsPerSecond maxRequestsPerMinute maxRequestsPerHour } } }`;

describe('agents over GraphQL, A2A agent cards and the gateway', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let a2a: Awaited<ReturnType<typeof fakeA2A>>;
  let projectId: string;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    a2a = await fakeA2A();
    projectId = (await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "planning" }) { id } }`)).createProject.id;
  });
  afterAll(async () => {
    a2a?.server.close();
    await server?.close();
  });

  const input = (extra: Record<string, unknown> = {}) => ({ name: 'planner', protocol: 'A2A', endpointUrl: `${a2a.base}/a2a`, projectId, ...extra });
  const events = async (subjectId: string) =>
    ((await server.orm.em.fork().getConnection().execute('select type from event_log where topic = ? and subject_id = ? order by id', ['agent', subjectId])) as { type: string }[]).map((e) => e.type);

  it('createAgent: Org admin only, validated input, default limits, a gateway URL; every change is an event', async () => {
    const editor = await createUser(server, tenant, 'DATASET_EDITOR');
    expect((await gql(server, editor.token, CREATE, { input: input() })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badProtocol = await gql(server, tenant.token, CREATE, { input: input({ protocol: 'GRPC' }) });
    expect(badProtocol.errors?.[0]).toMatchObject({ message: "protocol must be 'A2A' or 'MCP'", extensions: { code: 'BAD_USER_INPUT' } });
    const badUrl = await gql(server, tenant.token, CREATE, { input: input({ endpointUrl: 'javascript:alert(1)' }) });
    expect(badUrl.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gqlOk(server, tenant.token, `{ agents { totalCount } }`)).agents.totalCount).toBe(0);

    const { createAgent: agent } = await gqlOk(server, tenant.token, CREATE, { input: input() });
    expect(agent).toEqual({
      id: agent.id, status: 'active', gatewayUrl: `/api/v1/agent-gateway/agents/${agent.id}`, tenant: { id: tenant.tenantId },
      rateLimit: { maxRequestsPerSecond: 10, maxRequestsPerMinute: 600, maxRequestsPerHour: 36000 },
    });
    const assigned = await gqlOk(server, tenant.token, `query($p: ID!) { projectAgents(projectId: $p) { nodes { agentId projectId } } }`, { p: projectId });
    expect(assigned.projectAgents.nodes).toEqual([{ agentId: agent.id, projectId }]);

    // Any member may update; status is settable; the rate limit is replaced whole.
    const updated = await gqlOk(server, editor.token, `mutation($id: ID!) { updateAgent(id: $id, input: { description: "plans", status: "paused" }) { description status name } }`, { id: agent.id });
    expect(updated.updateAgent).toEqual({ description: 'plans', status: 'paused', name: 'planner' });
    const limits = await gqlOk(server, tenant.token, `mutation($id: ID!) { updateAgentRateLimit(id: $id, input: { maxRequestsPerSecond: 1, maxRequestsPerMinute: 5, maxRequestsPerHour: 50 }) { rateLimit { maxRequestsPerSecond } } }`, { id: agent.id });
    expect(limits.updateAgentRateLimit.rateLimit.maxRequestsPerSecond).toBe(1);
    const negative = await gql(server, tenant.token, `mutation($id: ID!) { updateAgentRateLimit(id: $id, input: { maxRequestsPerSecond: -1, maxRequestsPerMinute: 5, maxRequestsPerHour: 50 }) { id } }`, { id: agent.id });
    expect(negative.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // A paused agent receives nothing: routing to it is a conflict.
    const paused = await rest(server, tenant.token, 'POST', '/api/v1/agent-gateway/route', { agent_id: agent.id, message: { params: {} } });
    expect(paused.status).toBe(409);

    await gqlOk(server, tenant.token, `mutation($id: ID!) { deleteAgent(id: $id) { id } }`, { id: agent.id });
    expect((await gql(server, tenant.token, `query($id: ID!) { agent(id: $id) { id } }`, { id: agent.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gqlOk(server, tenant.token, `query($p: ID!) { projectAgents(projectId: $p) { totalCount } }`, { p: projectId })).projectAgents.totalCount).toBe(0);
    expect(await events(agent.id)).toEqual(['created', 'updated', 'rate_limit_updated', 'deleted']);
  });

  it('A2A: tools are the skills of the agent card; test connection reports HTTP failures; no card is 502', async () => {
    const { createAgent: agent } = await gqlOk(server, tenant.token, CREATE, { input: input({ name: 'carded' }) });
    expect((await gqlOk(server, tenant.token, `query($id: ID!) { agentTools(id: $id) }`, { id: agent.id })).agentTools).toEqual([{ id: 'plan', name: 'Plan a pipeline' }]);
    expect(a2a.received.at(-1)?.path).toBe('/.well-known/agent.json');

    const { createAgent: broken } = await gqlOk(server, tenant.token, CREATE, { input: input({ name: 'broken', endpointUrl: `${a2a.base}/broken` }) });
    const test = await rest(server, tenant.token, 'POST', `/api/v1/agents/${broken.id}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toEqual({ ok: false, status_code: 500, latency_ms: expect.any(Number), error: 'HTTP 500' });

    // An MCP agent whose endpoint does not list tools: a clear upstream error, 502 over REST.
    const { createAgent: mcp } = await gqlOk(server, tenant.token, CREATE, { input: input({ name: 'mcp-broken', protocol: 'MCP', endpointUrl: `${a2a.base}/broken` }) });
    const tools = await rest(server, tenant.token, 'GET', `/api/v1/agents/${mcp.id}/tools`);
    expect(tools.status).toBe(502);
    expect(tools.body).toEqual({ detail: expect.stringContaining(mcp.id) });
  });

  it("gateway_url routes a JSON-RPC message; the project fan-out skips inactive agents and reports a busy one's limit in its own entry", async () => {
    const { createProject: project } = await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "fanout" }) { id } }`);
    const make = async (name: string) => (await gqlOk(server, tenant.token, CREATE, { input: input({ name, projectId: project.id }) })).createAgent;
    const [first, busy, off] = [await make('first'), await make('busy'), await make('off')];
    await gqlOk(server, tenant.token, `mutation($id: ID!) { updateAgent(id: $id, input: { status: "disabled" }) { id } }`, { id: off.id });
    await gqlOk(server, tenant.token, `mutation($id: ID!) { updateAgentRateLimit(id: $id, input: { maxRequestsPerSecond: 1, maxRequestsPerMinute: 1, maxRequestsPerHour: 1 }) { id } }`, { id: busy.id });

    // The gateway URL takes the JSON-RPC message itself.
    const direct = await rest(server, tenant.token, 'POST', busy.gatewayUrl, { method: 'tasks/send', params: { goal: 'etl' } });
    expect(direct.status).toBe(200);
    expect(direct.body).toEqual({ id: expect.any(String), result: { agent: 'planner', method: 'tasks/send', params: { goal: 'etl' } }, error: null });
    expect(a2a.received.at(-1)?.body).toMatchObject({ jsonrpc: '2.0', id: direct.body.id, method: 'tasks/send' });

    const before = a2a.received.length;
    const fanout = await gqlOk(server, tenant.token, `mutation($p: ID!, $m: JSONObject!) { routeToProjectAgents(projectId: $p, message: $m) { agentId result error } }`, { p: project.id, m: { params: { n: 2 } } });
    const byAgent = Object.fromEntries(fanout.routeToProjectAgents.map((r: any) => [r.agentId, r]));
    expect(Object.keys(byAgent).sort()).toEqual([first.id, busy.id].sort());
    expect(byAgent[first.id]).toMatchObject({ result: { params: { n: 2 } }, error: null });
    expect(byAgent[busy.id]).toMatchObject({ result: null, error: { code: -32029, message: expect.stringContaining('per second') } });
    expect(a2a.received.length - before).toBe(1);

    // Other tenants cannot reach these agents or this project.
    const other = await createTenant(server);
    expect((await rest(server, other.token, 'POST', first.gatewayUrl, { params: {} })).status).toBe(404);
    expect((await rest(server, other.token, 'POST', '/api/v1/agent-gateway/route-project', { project_id: project.id, message: {} })).status).toBe(404);
    const { body: otherProject } = await rest(server, other.token, 'POST', '/api/v1/projects', { name: 'theirs' });
    expect((await rest(server, other.token, 'POST', `/api/v1/projects/${otherProject.id}/agents`, { agent_id: first.id })).status).toBe(404);
    expect((await rest(server, tenant.token, 'POST', '/api/v1/agent-gateway/route', { agent_id: first.id })).status).toBe(422);
  });

  it('project assignments over GraphQL: Org admin only, 409 twice, the last one stays', async () => {
    const { createProject: second } = await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "second-home" }) { id } }`);
    const { createAgent: agent } = await gqlOk(server, tenant.token, CREATE, { input: input({ name: 'mover' }) });
    const ASSIGN = `mutation($p: ID!, $a: ID!) { assignAgentToProject(projectId: $p, agentId: $a, role: "reviewer") { projectId agentId role } }`;
    const REMOVE = `mutation($p: ID!, $a: ID!) { removeAgentFromProject(projectId: $p, agentId: $a) { agentId archivedAt } }`;
    const member = await createUser(server, tenant);
    expect((await gql(server, member.token, ASSIGN, { p: second.id, a: agent.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gqlOk(server, tenant.token, ASSIGN, { p: second.id, a: agent.id })).assignAgentToProject).toEqual({ projectId: second.id, agentId: agent.id, role: 'reviewer' });
    expect((await gql(server, tenant.token, ASSIGN, { p: second.id, a: agent.id })).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await gql(server, member.token, REMOVE, { p: projectId, a: agent.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const removed = await gqlOk(server, tenant.token, REMOVE, { p: projectId, a: agent.id });
    expect(removed.removeAgentFromProject.archivedAt).not.toBeNull();
    const last = await gql(server, tenant.token, REMOVE, { p: second.id, a: agent.id });
    expect(last.errors?.[0]).toMatchObject({ message: expect.stringContaining('at least one project'), extensions: { code: 'CONFLICT' } });
    expect((await gql(server, tenant.token, REMOVE, { p: projectId, a: agent.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Re-assigning after a removal works.
    expect((await gqlOk(server, tenant.token, ASSIGN, { p: projectId, a: agent.id })).assignAgentToProject.agentId).toBe(agent.id);
    expect(await events(agent.id)).toEqual(['created', 'assigned', 'unassigned', 'assigned']);
  });
});
