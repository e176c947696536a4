import { MAX_PAGE_SIZE } from '../../src/pagination';
import { pageFromSkipLimit, putAndPatch, SKIP_LIMIT_QUERY } from '../../src/rest/paging';
import { defineRoute, type JsonSchema, type RestRoute } from '../../src/rest/route';
import {
  AssignAgentToProjectDocument, CreateAgentDocument, DeleteAgentDocument, GetAgentDocument, GetAgentRateLimitDocument,
  GetAgentToolsDocument, ListAgentsDocument, ListProjectAgentsDocument, RemoveAgentFromProjectDocument, RouteToAgentDocument,
  RouteToProjectAgentsDocument, TestAgentConnectionDocument, UpdateAgentDocument, UpdateAgentRateLimitDocument,
  type DatacoveyAgentFragment, type DatacoveyAgentRateLimitFragment, type DatacoveyProjectAgentFragment, type UpdateAgentInput,
} from '../../src/generated/operations';

/** datacovey's Agent JSON. */
export function datacoveyAgent(a: DatacoveyAgentFragment) {
  return {
    name: a.name, description: a.description ?? null, protocol: a.protocol, endpoint_url: a.endpointUrl,
    capabilities: a.capabilities ?? null, agent_metadata: a.agentMetadata ?? null, id: a.id, tenant_id: a.tenant.id,
    status: a.status, created_at: a.createdAt, archived_at: a.archivedAt ?? null, gateway_url: a.gatewayUrl,
  };
}

/** datacovey's AgentRateLimit JSON: the limits are strings in its responses. */
export function datacoveyRateLimit(r: DatacoveyAgentRateLimitFragment) {
  return {
    max_requests_per_second: String(r.maxRequestsPerSecond),
    max_requests_per_minute: String(r.maxRequestsPerMinute),
    max_requests_per_hour: String(r.maxRequestsPerHour),
    id: r.id,
    agent_id: r.agentId,
  };
}

export function datacoveyProjectAgent(p: DatacoveyProjectAgentFragment) {
  return { project_id: p.projectId, agent_id: p.agentId, role: p.role ?? null, created_at: p.createdAt, archived_at: p.archivedAt ?? null };
}

const OBJECT_OR_NULL: JsonSchema = { type: ['object', 'null'] };
const LIMIT: JsonSchema = { type: ['integer', 'string'], pattern: '^[0-9]+$', minimum: 0 };

export const agentRestRoutes: RestRoute[] = [
  defineRoute({
    profile: 'datacovey', tag: 'agents', method: 'post', path: '/agents', summary: 'Create Agent', status: 201,
    body: {
      type: 'object', required: ['name', 'protocol', 'endpoint_url', 'project_id'],
      properties: {
        name: { type: 'string' }, description: { type: ['string', 'null'] }, protocol: { type: 'string' }, endpoint_url: { type: 'string' },
        capabilities: OBJECT_OR_NULL, agent_metadata: OBJECT_OR_NULL, project_id: { type: 'string' }, role: { type: ['string', 'null'] },
      },
    },
    operation: CreateAgentDocument,
    variables: (req) => ({
      input: {
        name: String(req.body.name), description: (req.body.description as string | null) ?? null, protocol: String(req.body.protocol),
        endpointUrl: String(req.body.endpoint_url), capabilities: req.body.capabilities ?? null, agentMetadata: req.body.agent_metadata ?? null,
        projectId: String(req.body.project_id), role: (req.body.role as string | null) ?? null,
      },
    }),
    response: (data) => datacoveyAgent(data.createAgent),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'agents', method: 'get', path: '/agents', summary: 'List Agents', query: SKIP_LIMIT_QUERY,
    operation: ListAgentsDocument,
    variables: pageFromSkipLimit,
    response: (data) => ({ agents: data.agents.nodes.map(datacoveyAgent) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'agents', method: 'get', path: '/agents/{agent_id}', summary: 'Get Agent',
    operation: GetAgentDocument,
    variables: (req) => ({ id: req.params.agent_id }),
    response: (data) => datacoveyAgent(data.agent),
  }),
  ...putAndPatch({
    profile: 'datacovey', tag: 'agents', path: '/agents/{agent_id}', summary: 'Update Agent',
    body: {
      type: 'object',
      properties: {
        name: { type: ['string', 'null'] }, description: { type: ['string', 'null'] }, protocol: { type: ['string', 'null'] },
        endpoint_url: { type: ['string', 'null'] }, capabilities: OBJECT_OR_NULL, agent_metadata: OBJECT_OR_NULL, status: { type: ['string', 'null'] },
      },
    },
    operation: UpdateAgentDocument,
    variables: (req) => {
      const renames: Record<string, keyof UpdateAgentInput> = {
        name: 'name', description: 'description', protocol: 'protocol', endpoint_url: 'endpointUrl',
        capabilities: 'capabilities', agent_metadata: 'agentMetadata', status: 'status',
      };
      const input: Record<string, unknown> = {};
      for (const [from, to] of Object.entries(renames)) if (from in req.body) input[to] = req.body[from];
      return { id: req.params.agent_id, input: input as UpdateAgentInput };
    },
    response: (data) => datacoveyAgent(data.updateAgent),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'agents', method: 'delete', path: '/agents/{agent_id}', summary: 'Delete Agent', status: 204,
    operation: DeleteAgentDocument,
    variables: (req) => ({ id: req.params.agent_id }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'datacovey', tag: 'agents', method: 'post', path: '/agents/{agent_id}/test', summary: 'Test Agent Connection',
    operation: TestAgentConnectionDocument,
    variables: (req) => ({ id: req.params.agent_id }),
    response: (data) => {
      const t = data.testAgentConnection;
      return { ok: t.ok, status_code: t.statusCode ?? null, latency_ms: t.latencyMs, error: t.error ?? null };
    },
  }),
  defineRoute({
    profile: 'datacovey', tag: 'agents', method: 'get', path: '/agents/{agent_id}/tools', summary: 'Get Agent Tools',
    operation: GetAgentToolsDocument,
    variables: (req) => ({ id: req.params.agent_id }),
    response: (data) => data.agentTools,
  }),
  defineRoute({
    profile: 'datacovey', tag: 'agents', method: 'get', path: '/agents/{agent_id}/rate-limit', summary: 'Get Agent Rate Limit',
    operation: GetAgentRateLimitDocument,
    variables: (req) => ({ id: req.params.agent_id }),
    response: (data) => datacoveyRateLimit(data.agent.rateLimit),
  }),
  ...putAndPatch({
    profile: 'datacovey', tag: 'agents', path: '/agents/{agent_id}/rate-limit', summary: 'Update Agent Rate Limit',
    body: {
      type: 'object', required: ['max_requests_per_second', 'max_requests_per_minute', 'max_requests_per_hour'],
      properties: { max_requests_per_second: LIMIT, max_requests_per_minute: LIMIT, max_requests_per_hour: LIMIT },
    },
    operation: UpdateAgentRateLimitDocument,
    variables: (req) => ({
      id: req.params.agent_id,
      input: {
        maxRequestsPerSecond: Number(req.body.max_requests_per_second),
        maxRequestsPerMinute: Number(req.body.max_requests_per_minute),
        maxRequestsPerHour: Number(req.body.max_requests_per_hour),
      },
    }),
    response: (data) => datacoveyRateLimit(data.updateAgentRateLimit.rateLimit),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'project-agents', method: 'post', path: '/projects/{project_id}/agents', summary: 'Assign Agent To Project', status: 201,
    body: { type: 'object', required: ['agent_id'], properties: { agent_id: { type: 'string' }, role: { type: ['string', 'null'] } } },
    operation: AssignAgentToProjectDocument,
    variables: (req) => ({ projectId: req.params.project_id, agentId: String(req.body.agent_id), role: (req.body.role as string | null) ?? null }),
    response: (data) => datacoveyProjectAgent(data.assignAgentToProject),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'project-agents', method: 'get', path: '/projects/{project_id}/agents', summary: 'List Project Agents',
    operation: ListProjectAgentsDocument,
    variables: (req) => ({ projectId: req.params.project_id, first: MAX_PAGE_SIZE }),
    response: (data) => ({ agents: data.projectAgents.nodes.map(datacoveyProjectAgent) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'project-agents', method: 'delete', path: '/projects/{project_id}/agents/{agent_id}', summary: 'Remove Agent From Project', status: 204,
    operation: RemoveAgentFromProjectDocument,
    variables: (req) => ({ projectId: req.params.project_id, agentId: req.params.agent_id }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'datacovey', tag: 'agent-gateway', method: 'post', path: '/agent-gateway/route', summary: 'Route To Agent',
    body: { type: 'object', required: ['agent_id', 'message'], properties: { agent_id: { type: 'string' }, message: { type: 'object' }, project_id: { type: ['string', 'null'] } } },
    operation: RouteToAgentDocument,
    variables: (req) => ({ agentId: String(req.body.agent_id), message: req.body.message }),
    response: (data) => data.routeToAgent,
  }),
  // The agent's gateway_url: the body is the message itself, so callers can treat it as the agent's own endpoint.
  defineRoute({
    profile: 'datacovey', tag: 'agent-gateway', method: 'post', path: '/agent-gateway/agents/{agent_id}', summary: 'Agent Gateway Endpoint',
    body: { type: 'object' },
    operation: RouteToAgentDocument,
    variables: (req) => ({ agentId: req.params.agent_id, message: req.body }),
    response: (data) => data.routeToAgent,
  }),
  defineRoute({
    profile: 'datacovey', tag: 'agent-gateway', method: 'post', path: '/agent-gateway/route-project', summary: 'Route To Project Agents',
    body: { type: 'object', required: ['project_id', 'message'], properties: { project_id: { type: 'string' }, message: { type: 'object' } } },
    operation: RouteToProjectAgentsDocument,
    variables: (req) => ({ projectId: String(req.body.project_id), message: req.body.message }),
    response: (data) => data.routeToProjectAgents,
  }),
];
