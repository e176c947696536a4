import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import type { Context } from '../../src/context';
import { ORG_ADMIN } from '../../src/auth/roles';
import { Connection, PageArgs } from '../../src/pagination';
import { AgentConnectionTest, AgentRouteResponse, listTools, routeMessage, routeToAgents, testConnection } from './agent-gateway';
import * as agents from './agents';
import { TenantReference } from './entities';
import { Agent, AgentRateLimit, AgentRateLimitInput, CreateAgentInput, ProjectAgent, UpdateAgentInput } from './agents';

export const AgentConnection = Connection(Agent, 'Agent');
export const ProjectAgentConnection = Connection(ProjectAgent, 'ProjectAgent');

@Resolver(() => Agent)
export class AgentResolver {
  @Authorized()
  @Query(() => AgentConnection, { description: "Your tenant's agents." })
  agents(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return agents.listAgents(ctx, page);
  }

  @Authorized()
  @Query(() => Agent, { description: 'One agent of your tenant.' })
  agent(@Arg('id', () => ID, { description: 'Agent id.' }) id: string, @Ctx() ctx: Context) {
    return agents.getAgent(ctx, id);
  }

  @Authorized()
  @Query(() => ProjectAgentConnection, { description: 'Agents assigned to a project.' })
  projectAgents(
    @Arg('projectId', () => ID, { description: 'Project id.' }) projectId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return agents.listProjectAgents(ctx, projectId, page);
  }

  @Authorized()
  @Query(() => [GraphQLJSON], { description: "Tools the agent offers: MCP `tools/list`, or the skills of an A2A agent card." })
  async agentTools(@Arg('id', () => ID, { description: 'Agent id.' }) id: string, @Ctx() ctx: Context) {
    return listTools(ctx.config, await agents.getAgent(ctx, id));
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => Agent, { description: 'Register an agent and assign it to a project (Org admin).' })
  createAgent(@Arg('input', () => CreateAgentInput, { description: 'The agent.' }) input: CreateAgentInput, @Ctx() ctx: Context) {
    return agents.createAgent(ctx, input);
  }

  @Authorized()
  @Mutation(() => Agent, { description: 'Change an agent.' })
  updateAgent(
    @Arg('id', () => ID, { description: 'Agent id.' }) id: string,
    @Arg('input', () => UpdateAgentInput, { description: 'Changes.' }) input: UpdateAgentInput,
    @Ctx() ctx: Context,
  ) {
    return agents.updateAgent(ctx, id, input);
  }

  @Authorized()
  @Mutation(() => Agent, { description: 'Soft delete an agent and its project assignments.' })
  deleteAgent(@Arg('id', () => ID, { description: 'Agent id.' }) id: string, @Ctx() ctx: Context) {
    return agents.deleteAgent(ctx, id);
  }

  @Authorized()
  @Mutation(() => AgentConnectionTest, { description: 'Call the agent endpoint and report whether it answers.' })
  async testAgentConnection(@Arg('id', () => ID, { description: 'Agent id.' }) id: string, @Ctx() ctx: Context) {
    return testConnection(ctx.config, await agents.getAgent(ctx, id));
  }

  @Authorized()
  @Mutation(() => Agent, { description: "Replace an agent's request limits." })
  updateAgentRateLimit(
    @Arg('id', () => ID, { description: 'Agent id.' }) id: string,
    @Arg('input', () => AgentRateLimitInput, { description: 'The three limits.' }) input: AgentRateLimitInput,
    @Ctx() ctx: Context,
  ) {
    return agents.updateRateLimit(ctx, id, input);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => ProjectAgent, { description: 'Assign an agent to a project (Org admin).' })
  assignAgentToProject(
    @Arg('projectId', () => ID, { description: 'Project id.' }) projectId: string,
    @Arg('agentId', () => ID, { description: 'Agent id.' }) agentId: string,
    @Arg('role', () => String, { nullable: true, description: 'Role of the agent in the project.' }) role: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return agents.assignAgent(ctx, projectId, agentId, role);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => ProjectAgent, { description: "Remove an agent from a project (Org admin); an agent's last project cannot be removed." })
  removeAgentFromProject(
    @Arg('projectId', () => ID, { description: 'Project id.' }) projectId: string,
    @Arg('agentId', () => ID, { description: 'Agent id.' }) agentId: string,
    @Ctx() ctx: Context,
  ) {
    return agents.removeAgent(ctx, projectId, agentId);
  }

  @Authorized()
  @Mutation(() => AgentRouteResponse, { description: "Send a message to one agent as JSON-RPC 2.0 and return its answer; the agent's rate limits apply." })
  async routeToAgent(
    @Arg('agentId', () => ID, { description: 'Agent id.' }) agentId: string,
    @Arg('message', () => GraphQLJSONObject, { description: 'The message (method and params, or params alone).' }) message: Record<string, unknown>,
    @Ctx() ctx: Context,
  ) {
    return routeMessage(ctx.config, await agents.getAgent(ctx, agentId), message);
  }

  @Authorized()
  @Mutation(() => [AgentRouteResponse], { description: 'Send a message to every active agent of a project; one answer each.' })
  async routeToProjectAgents(
    @Arg('projectId', () => ID, { description: 'Project id.' }) projectId: string,
    @Arg('message', () => GraphQLJSONObject, { description: 'The message.' }) message: Record<string, unknown>,
    @Ctx() ctx: Context,
  ) {
    return routeToAgents(ctx.config, await agents.activeAgentsOfProject(ctx, projectId), message);
  }

  @FieldResolver(() => TenantReference, { description: 'The tenant that owns the agent.' })
  tenant(@Root() agent: Agent): TenantReference {
    return { id: agent.tenantId };
  }

  @FieldResolver(() => AgentRateLimit, { description: 'Request limits of the agent.' })
  rateLimit(@Root() agent: Agent): AgentRateLimit {
    return agents.rateLimitOf(agent);
  }

  @FieldResolver(() => String, { description: 'Where callers reach this agent through the gateway.' })
  gatewayUrl(@Root() agent: Agent, @Ctx() ctx: Context): string {
    return `${ctx.config.restBasePaths.datacovey}/agent-gateway/agents/${agent.id}`;
  }
}
