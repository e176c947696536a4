import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { AppError, ConflictError, TooManyRequestsError, UpstreamError } from '../../src/errors';
import type { Config } from '../../src/config';
import { assertPublicDestination } from '../../src/outbound';
import type { Agent } from './agents';

/** What reaching an agent needs of the configuration: whether private addresses are allowed. */
type Outbound = Pick<Config, 'allowPrivateDestinations'>;

/** How long the gateway waits for an agent. */
export const AGENT_TIMEOUT_MS = 5000;

/** datacovey's AgentRouteResponse: a JSON-RPC 2.0 response from the agent (or the gateway's error). */
@ObjectType({ description: "An agent's answer to a routed message (a JSON-RPC 2.0 response)." })
export class AgentRouteResponse {
  @Field(() => ID, { description: 'JSON-RPC id of the exchange.' })
  id!: string;
  @Field(() => ID, { description: 'The agent that answered.' })
  agentId!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: "The agent's result." })
  result?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The error, from the agent or from reaching it ({code, message}).' })
  error?: unknown;
}

@ObjectType({ description: 'Outcome of reaching an agent endpoint.' })
export class AgentConnectionTest {
  @Field(() => Boolean, { description: 'The endpoint answered with a 2xx status.' })
  ok!: boolean;
  @Field(() => Number, { nullable: true, description: 'HTTP status it answered with.' })
  statusCode?: number | null;
  @Field(() => Number, { description: 'Round-trip time in milliseconds.' })
  latencyMs!: number;
  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  error?: string | null;
}

/** Sliding one-second, one-minute and one-hour windows per agent, in this process. */
const usage = new Map<string, number[]>();

function admit(agent: Agent): void {
  const now = Date.now();
  const stamps = (usage.get(agent.id) ?? []).filter((t) => now - t < 3_600_000);
  const within = (ms: number) => stamps.filter((t) => now - t < ms).length;
  const limits: [number, number, string][] = [
    [1000, agent.maxRequestsPerSecond, 'second'],
    [60_000, agent.maxRequestsPerMinute, 'minute'],
    [3_600_000, agent.maxRequestsPerHour, 'hour'],
  ];
  for (const [ms, max, unit] of limits) {
    if (within(ms) >= max) throw new TooManyRequestsError(`Agent ${agent.id} allows ${max} requests per ${unit}`, Math.ceil(ms / 1000));
  }
  stamps.push(now);
  usage.set(agent.id, stamps);
}

async function postJson(outbound: Outbound, url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  await assertPublicDestination(outbound, url);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(AGENT_TIMEOUT_MS),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

/**
 * Sends `message` to the agent as a JSON-RPC 2.0 request: `method` and `params` taken from the
 * message when it has them, otherwise `message/send` with the message as params.
 */
export async function routeMessage(outbound: Outbound, agent: Agent, message: Record<string, unknown>): Promise<AgentRouteResponse> {
  if (agent.status !== 'active') throw new ConflictError(`Agent ${agent.id} is ${agent.status}, not active`);
  admit(agent);
  const id = randomUUID();
  const request = {
    jsonrpc: '2.0',
    id,
    method: typeof message.method === 'string' ? message.method : 'message/send',
    params: message.params ?? message,
  };
  try {
    const { status, json } = await postJson(outbound, agent.endpointUrl, request);
    const reply = (json ?? {}) as { result?: unknown; error?: unknown };
    if (status < 200 || status >= 300) {
      return { id, agentId: agent.id, result: null, error: reply.error ?? { code: -32000, message: `Agent answered HTTP ${status}` } };
    }
    if (!json) return { id, agentId: agent.id, result: null, error: { code: -32700, message: 'Agent answered with no JSON' } };
    return { id, agentId: agent.id, result: reply.result ?? null, error: reply.error ?? null };
  } catch (error) {
    return { id, agentId: agent.id, result: null, error: { code: -32001, message: `Agent unreachable: ${(error as Error).message}` } };
  }
}

/**
 * Sends `message` to each agent; an agent that refuses at the gateway (its rate limit) gets an
 * error entry of its own, code -32029, so one busy agent does not fail the whole fan-out.
 */
export async function routeToAgents(outbound: Outbound, agents: Agent[], message: Record<string, unknown>): Promise<AgentRouteResponse[]> {
  return Promise.all(
    agents.map(async (agent) => {
      try {
        return await routeMessage(outbound, agent, message);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return { id: randomUUID(), agentId: agent.id, result: null, error: { code: -32029, message: error.message } };
      }
    }),
  );
}

/** Reaches the endpoint with a JSON-RPC ping and reports status and latency (never throws). */
export async function testConnection(outbound: Outbound, agent: Agent): Promise<AgentConnectionTest> {
  const started = performance.now();
  try {
    const { status } = await postJson(outbound, agent.endpointUrl, { jsonrpc: '2.0', id: randomUUID(), method: 'ping' });
    return { ok: status >= 200 && status < 300, statusCode: status, latencyMs: Math.round(performance.now() - started), error: status >= 300 ? `HTTP ${status}` : null };
  } catch (error) {
    return { ok: false, statusCode: null, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/** MCP: `tools/list` over JSON-RPC. A2A: the skills of the agent card at `/.well-known/agent.json`. */
export async function listTools(outbound: Outbound, agent: Agent): Promise<unknown[]> {
  try {
    if (agent.protocol === 'MCP') {
      const { json } = await postJson(outbound, agent.endpointUrl, { jsonrpc: '2.0', id: randomUUID(), method: 'tools/list', params: {} });
      const tools = (json as { result?: { tools?: unknown[] } } | undefined)?.result?.tools;
      if (Array.isArray(tools)) return tools;
    } else {
      const cardUrl = new URL('/.well-known/agent.json', agent.endpointUrl);
      await assertPublicDestination(outbound, cardUrl);
      const card = await fetch(cardUrl, { signal: AbortSignal.timeout(AGENT_TIMEOUT_MS) });
      const skills = card.ok ? ((await card.json()) as { skills?: unknown[] }).skills : undefined;
      if (Array.isArray(skills)) return skills;
    }
  } catch (error) {
    throw new UpstreamError(`Could not read the tools of agent ${agent.id}: ${(error as Error).message}`);
  }
  throw new UpstreamError(`Agent ${agent.id} did not list any tools`);
}
