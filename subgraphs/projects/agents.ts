import { randomUUID } from 'node:crypto';
import { Entity, Index, Property, type Opt } from '@mikro-orm/core';
import { IsIn, IsObject, IsOptional, IsUrl, Length, Max, MaxLength, Min } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { ArchivableEntity } from '../../src/db/base-entities';
import { ConflictError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { AGENT_TOPIC, transactProjects } from './events';
import { getProject } from './projects.service';

export const AGENT_PROTOCOLS = ['A2A', 'MCP'] as const;
export type AgentProtocol = (typeof AGENT_PROTOCOLS)[number];

/** Rate limits a new agent gets until they are set. */
export const DEFAULT_RATE_LIMIT = { perSecond: 10, perMinute: 600, perHour: 36_000 };

/** An external AI agent (A2A or MCP over JSON-RPC) registered by a tenant and assigned to projects. */
@ObjectType({ description: 'An external AI agent your tenant registered; it speaks A2A or MCP at its endpoint.' })
@Entity({ tableName: 'agents' })
export class Agent extends ArchivableEntity {
  @Field(() => String, { description: 'Display name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the agent does.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => String, { description: "Protocol: 'A2A' or 'MCP'." })
  @Property({ type: 'string', length: 8 })
  protocol!: AgentProtocol;

  @Field(() => String, { description: 'JSON-RPC endpoint of the agent (http or https).' })
  @Property({ type: 'string', length: 2000 })
  endpointUrl!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Capabilities the agent declares.' })
  @Property({ type: 'json', nullable: true })
  capabilities?: Record<string, unknown> | null = null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Free-form metadata.' })
  @Property({ type: 'json', nullable: true })
  agentMetadata?: Record<string, unknown> | null = null;

  @Field(() => String, { description: 'Status, e.g. active or disabled (only active agents receive messages).' })
  @Property({ type: 'string', length: 32 })
  status: Opt<string> = 'active';

  @Property({ type: 'string', length: 36 })
  rateLimitId: Opt<string> = randomUUID();

  @Property({ type: 'integer' })
  maxRequestsPerSecond: Opt<number> = DEFAULT_RATE_LIMIT.perSecond;

  @Property({ type: 'integer' })
  maxRequestsPerMinute: Opt<number> = DEFAULT_RATE_LIMIT.perMinute;

  @Property({ type: 'integer' })
  maxRequestsPerHour: Opt<number> = DEFAULT_RATE_LIMIT.perHour;
}

/** An agent's assignment to a project (datacovey's ProjectAgent: no id of its own). */
@ObjectType({ description: 'An agent assigned to a project.' })
@Entity({ tableName: 'project_agents' })
@Index({ properties: ['projectId', 'agentId'] })
@Index({ properties: ['tenantId', 'projectId', 'createdAt', 'id'] })
export class ProjectAgent extends ArchivableEntity {
  @Field(() => ID, { description: 'The project.' })
  @Property({ type: 'string', length: 36 })
  projectId!: string;

  @Field(() => ID, { description: 'The agent.' })
  @Property({ type: 'string', length: 36 })
  agentId!: string;

  @Field(() => String, { nullable: true, description: 'Role of the agent in the project (free text).' })
  @Property({ type: 'string', length: 200, nullable: true })
  role?: string | null = null;
}

@ObjectType({ description: "An agent's request limits." })
export class AgentRateLimit {
  @Field(() => ID, { description: 'Id of the limit record.' })
  id!: string;
  @Field(() => ID, { description: 'The agent.' })
  agentId!: string;
  @Field(() => Int, { description: 'Requests allowed per second.' })
  maxRequestsPerSecond!: number;
  @Field(() => Int, { description: 'Requests allowed per minute.' })
  maxRequestsPerMinute!: number;
  @Field(() => Int, { description: 'Requests allowed per hour.' })
  maxRequestsPerHour!: number;
}

@InputType({ description: 'A new agent and its first project assignment (every agent belongs to at least one project).' })
export class CreateAgentInput {
  @Field(() => String, { description: 'Display name.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { nullable: true, description: 'What the agent does.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => String, { description: "'A2A' or 'MCP'." })
  @IsIn(AGENT_PROTOCOLS, { message: "protocol must be 'A2A' or 'MCP'" })
  protocol!: AgentProtocol;
  @Field(() => String, { description: 'JSON-RPC endpoint URL (http or https).' })
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'endpointUrl must be an http(s) URL' })
  @MaxLength(2000)
  endpointUrl!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Capabilities.' })
  @IsOptional()
  @IsObject()
  capabilities?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Metadata.' })
  @IsOptional()
  @IsObject()
  agentMetadata?: Record<string, unknown> | null;
  @Field(() => ID, { description: 'Project to assign the agent to.' })
  projectId!: string;
  @Field(() => String, { nullable: true, description: 'Role of the agent in that project.' })
  @IsOptional()
  @MaxLength(200)
  role?: string | null;
}

@InputType({ description: 'Changes to an agent; omitted fields stay as they are.' })
export class UpdateAgentInput {
  @Field(() => String, { nullable: true, description: 'Display name.' })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'Description.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => String, { nullable: true, description: "'A2A' or 'MCP'." })
  @IsOptional()
  @IsIn(AGENT_PROTOCOLS, { message: "protocol must be 'A2A' or 'MCP'" })
  protocol?: AgentProtocol | null;
  @Field(() => String, { nullable: true, description: 'Endpoint URL.' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'endpointUrl must be an http(s) URL' })
  endpointUrl?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Capabilities.' })
  @IsOptional()
  @IsObject()
  capabilities?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Metadata.' })
  @IsOptional()
  @IsObject()
  agentMetadata?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: 'Status (active receives messages).' })
  @IsOptional()
  @Length(1, 32)
  status?: string | null;
}

@InputType({ description: "An agent's request limits (all three replace the current ones)." })
export class AgentRateLimitInput {
  @Field(() => Int, { description: 'Requests per second.' })
  @Min(0)
  @Max(1_000_000)
  maxRequestsPerSecond!: number;
  @Field(() => Int, { description: 'Requests per minute.' })
  @Min(0)
  @Max(1_000_000)
  maxRequestsPerMinute!: number;
  @Field(() => Int, { description: 'Requests per hour.' })
  @Min(0)
  @Max(100_000_000)
  maxRequestsPerHour!: number;
}

export function rateLimitOf(agent: Agent): AgentRateLimit {
  return {
    id: agent.rateLimitId, agentId: agent.id, maxRequestsPerSecond: agent.maxRequestsPerSecond,
    maxRequestsPerMinute: agent.maxRequestsPerMinute, maxRequestsPerHour: agent.maxRequestsPerHour,
  };
}

export async function getAgent(ctx: Context, id: string): Promise<Agent> {
  requireIdentity(ctx);
  const agent = await ctx.em.findOne(Agent, { id });
  if (!agent) throw new NotFoundError('Agent', id);
  return agent;
}

export async function listAgents(ctx: Context, page: PageArgs): Promise<Page<Agent>> {
  requireIdentity(ctx);
  return paginate(ctx.em, Agent, {}, page);
}

export async function createAgent(ctx: Context, input: CreateAgentInput): Promise<Agent> {
  const identity = requireIdentity(ctx);
  await getProject(ctx, input.projectId);
  return transactProjects(ctx, async (em, emit) => {
    const { projectId, role, ...fields } = input;
    const agent = em.create(Agent, { ...fields, tenantId: identity.tenantId });
    em.create(ProjectAgent, { tenantId: identity.tenantId, projectId, agentId: agent.id, role: role ?? null });
    emit(AGENT_TOPIC, 'created', agent.id, { id: agent.id, name: agent.name });
    return agent;
  });
}

export async function updateAgent(ctx: Context, id: string, input: UpdateAgentInput): Promise<Agent> {
  const agent = await getAgent(ctx, id);
  return transactProjects(ctx, async (_em, emit) => {
    for (const [key, value] of Object.entries(input)) {
      if (value !== undefined && (value !== null || key === 'description' || key === 'capabilities' || key === 'agentMetadata')) {
        (agent as unknown as Record<string, unknown>)[key] = value;
      }
    }
    emit(AGENT_TOPIC, 'updated', agent.id, { id: agent.id, name: agent.name });
    return agent;
  });
}

/** Soft delete, with its project assignments. */
export async function deleteAgent(ctx: Context, id: string): Promise<Agent> {
  const agent = await getAgent(ctx, id);
  return transactProjects(ctx, async (em, emit) => {
    agent.archivedAt = new Date();
    for (const assignment of await em.find(ProjectAgent, { agentId: id })) assignment.archivedAt = agent.archivedAt;
    emit(AGENT_TOPIC, 'deleted', agent.id, { id: agent.id, name: agent.name });
    return agent;
  });
}

export async function updateRateLimit(ctx: Context, id: string, input: AgentRateLimitInput): Promise<Agent> {
  const agent = await getAgent(ctx, id);
  return transactProjects(ctx, async (_em, emit) => {
    Object.assign(agent, input);
    emit(AGENT_TOPIC, 'rate_limit_updated', agent.id, { id: agent.id, name: agent.name });
    return agent;
  });
}

export async function listProjectAgents(ctx: Context, projectId: string, page: PageArgs): Promise<Page<ProjectAgent>> {
  await getProject(ctx, projectId);
  return paginate(ctx.em, ProjectAgent, { projectId }, page);
}

/** The active agents assigned to a project (the gateway's fan-out targets). */
export async function activeAgentsOfProject(ctx: Context, projectId: string): Promise<Agent[]> {
  await getProject(ctx, projectId);
  const assignments = await ctx.em.find(ProjectAgent, { projectId });
  if (!assignments.length) return [];
  return ctx.em.find(Agent, { id: { $in: assignments.map((a) => a.agentId) }, status: 'active' }, { orderBy: { createdAt: 'asc' } });
}

export async function assignAgent(ctx: Context, projectId: string, agentId: string, role?: string | null): Promise<ProjectAgent> {
  const identity = requireIdentity(ctx);
  await getProject(ctx, projectId);
  await getAgent(ctx, agentId);
  if (await ctx.em.findOne(ProjectAgent, { projectId, agentId })) throw new ConflictError('The agent is already assigned to this project');
  return transactProjects(ctx, async (em, emit) => {
    const assignment = em.create(ProjectAgent, { tenantId: identity.tenantId, projectId, agentId, role: role ?? null });
    emit(AGENT_TOPIC, 'assigned', agentId, { id: agentId, projectId });
    return assignment;
  });
}

/** An agent keeps at least one project: removing its last assignment is refused. */
export async function removeAgent(ctx: Context, projectId: string, agentId: string): Promise<ProjectAgent> {
  await getProject(ctx, projectId);
  const assignment = await ctx.em.findOne(ProjectAgent, { projectId, agentId });
  if (!assignment) throw new NotFoundError('Project agent assignment');
  if ((await ctx.em.count(ProjectAgent, { agentId })) <= 1) {
    throw new ConflictError('Agents must have at least one project assignment: assign it elsewhere or delete the agent');
  }
  return transactProjects(ctx, async (_em, emit) => {
    assignment.archivedAt = new Date();
    emit(AGENT_TOPIC, 'unassigned', agentId, { id: agentId, projectId });
    return assignment;
  });
}
