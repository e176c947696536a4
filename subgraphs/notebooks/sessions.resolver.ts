import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { DATASET_EDITOR } from '../../src/auth/roles';
import { Connection, PageArgs } from '../../src/pagination';
import { ComputeSession, WorkloadConfig } from './entities';
import * as sessions from './sessions';
import { ComputeSessionFilter, CreateComputeSessionInput, SessionConnectionInfo, SessionProxyToken } from './sessions';
import * as configs from './workload-configs';
import { CreateWorkloadConfigInput, UpdateWorkloadConfigInput, WorkloadConfigFilter } from './workload-configs';

export const ComputeSessionConnection = Connection(ComputeSession, 'ComputeSession');
export const WorkloadConfigConnection = Connection(WorkloadConfig, 'WorkloadConfig');

const sessionIdArg = () => Arg('sessionId', () => ID, { description: 'Session id.' });
const configIdArg = () => Arg('workloadConfigId', () => ID, { description: 'Workload config id.' });

@Resolver(() => ComputeSession)
export class ComputeSessionResolver {
  @Authorized()
  @Query(() => ComputeSessionConnection, { description: 'Sessions you own and those of your teams (all of them for an Org admin), newest first.' })
  computeSessions(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => ComputeSessionFilter, { nullable: true, description: 'Team, endpoint type, status.' }) filter: ComputeSessionFilter | undefined, @Ctx() ctx: Context) {
    return sessions.listComputeSessions(ctx, filter, page);
  }

  @Authorized()
  @Query(() => ComputeSession, { description: 'One session.' })
  computeSession(@sessionIdArg() id: string, @Ctx() ctx: Context) {
    return sessions.getComputeSession(ctx, id);
  }

  @Authorized()
  @Mutation(() => ComputeSession, { description: 'Create a session on a workload config: pending at once, active when its compute is ready (or failed with the reason).' })
  createComputeSession(@Arg('input', () => CreateComputeSessionInput, { description: 'The session.' }) input: CreateComputeSessionInput, @Ctx() ctx: Context) {
    return sessions.createComputeSession(ctx, input);
  }

  @Authorized()
  @Mutation(() => ComputeSession, { description: 'Close a session at once (closedAt set); the owner or an Org admin. CONFLICT when it is already closed or failed.' })
  closeComputeSession(@sessionIdArg() id: string, @Ctx() ctx: Context) {
    return sessions.closeComputeSession(ctx, id);
  }

  @Authorized()
  @Mutation(() => ComputeSession, { description: 'A new session (new id) with the workload config of a closed or failed one; its owner only. The original does not change.' })
  relaunchComputeSession(@sessionIdArg() id: string, @Ctx() ctx: Context) {
    return sessions.relaunchComputeSession(ctx, id);
  }

  @Authorized()
  @Mutation(() => SessionProxyToken, { description: "A short-lived signed JWT for the session's gRPC proxy; its owner only, while it is not closed or failed." })
  issueSessionProxyToken(
    @sessionIdArg() id: string,
    @Arg('ttlSeconds', () => Int, { nullable: true, description: `Lifetime, 60 to ${sessions.MAX_PROXY_TOKEN_TTL_SECONDS} s (default ${sessions.PROXY_TOKEN_TTL_SECONDS}).` }) ttlSeconds: number | undefined,
    @Ctx() ctx: Context,
  ) {
    return sessions.issueSessionProxyToken(ctx, id, ttlSeconds);
  }

  @FieldResolver(() => SessionConnectionInfo, { nullable: true, description: 'How to reach it: for its owner while it is not closed or failed; null for anyone else.' })
  connectionInfo(@Root() session: ComputeSession, @Ctx() ctx: Context) {
    return sessions.connectionInfoOf(ctx, session);
  }
}

@Resolver(() => WorkloadConfig)
export class WorkloadConfigResolver {
  @Authorized()
  @Query(() => WorkloadConfigConnection, { description: "Workload configs you may use (yours, those on your teams' clusters; all for an Org admin), by name." })
  workloadConfigs(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => WorkloadConfigFilter, { nullable: true, description: 'Team.' }) filter: WorkloadConfigFilter | undefined, @Ctx() ctx: Context) {
    return configs.listWorkloadConfigs(ctx, filter, page);
  }

  @Authorized()
  @Query(() => WorkloadConfig, { description: 'One workload config.' })
  workloadConfig(@configIdArg() id: string, @Ctx() ctx: Context) {
    return configs.getWorkloadConfig(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => WorkloadConfig, { description: 'Create a named workload config on a cluster of your tenant; a duplicate name is CONFLICT.' })
  createWorkloadConfig(@Arg('input', () => CreateWorkloadConfigInput, { description: 'The config.' }) input: CreateWorkloadConfigInput, @Ctx() ctx: Context) {
    return configs.createWorkloadConfig(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => WorkloadConfig, { description: 'Change name, description or settings; workloadType and clusterId are immutable (BAD_USER_INPUT when they differ).' })
  updateWorkloadConfig(@configIdArg() id: string, @Arg('input', () => UpdateWorkloadConfigInput, { description: 'Changes.' }) input: UpdateWorkloadConfigInput, @Ctx() ctx: Context) {
    return configs.updateWorkloadConfig(ctx, id, input);
  }
}
