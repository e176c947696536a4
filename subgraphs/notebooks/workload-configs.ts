import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLJSON } from 'graphql-scalars';
import { IsIn, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { clusterIdsOfTeams, clusterState } from '../../src/db/clusters';
import { teamIdsOfUser } from '../../src/db/directory';
import { BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { WORKLOAD_TYPES, WorkloadConfig } from './entities';
import { transactNotebooks, WORKLOAD_CONFIG_TOPIC } from './events';

@InputType({ description: 'A new named workload config.' })
export class CreateWorkloadConfigInput {
  @Field(() => String, { description: 'Name, unique in your tenant.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { nullable: true, description: 'What it is for.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => String, { description: `What it runs: ${WORKLOAD_TYPES.join(' or ')} (immutable).` })
  @IsIn(WORKLOAD_TYPES, { message: `workloadType must be one of ${WORKLOAD_TYPES.join(', ')}` })
  workloadType!: string;
  @Field(() => ID, { description: 'The cluster it runs on, one of your tenant (immutable).' })
  @MaxLength(36)
  clusterId!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Resources and engine settings, kept as given.' })
  @IsOptional()
  settings?: unknown;
}

@InputType({ description: 'Changes to a workload config: name, description and settings (workloadType and clusterId are immutable).' })
export class UpdateWorkloadConfigInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'New description.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'New settings.' })
  @IsOptional()
  settings?: unknown;
  @Field(() => String, { nullable: true, description: 'Immutable: only its current value is accepted.' })
  @IsOptional()
  workloadType?: string | null;
  @Field(() => ID, { nullable: true, description: 'Immutable: only its current value is accepted.' })
  @IsOptional()
  clusterId?: string | null;
}

@InputType({ description: 'Which workload configs to list.' })
export class WorkloadConfigFilter {
  @Field(() => ID, { nullable: true, description: 'Only configs whose cluster is linked to this team.' })
  @IsOptional()
  @MaxLength(36)
  teamId?: string | null;
}

/** Configs the caller may use: an Org admin's, every one; others', those they created and those on their teams' clusters. */
async function visibleWhere(ctx: Context): Promise<Record<string, unknown>> {
  const identity = requireIdentity(ctx);
  if (hasRole(identity.roles, ORG_ADMIN)) return {};
  const clusterIds = await clusterIdsOfTeams(ctx.em, identity.tenantId, await teamIdsOfUser(ctx.em, identity.tenantId, identity.userId));
  return { $or: [{ createdBy: identity.userId }, { clusterId: { $in: clusterIds } }] };
}

/** A workload config the caller may use; any other is NOT_FOUND. */
export async function getWorkloadConfig(ctx: Context, id: string): Promise<WorkloadConfig> {
  const config = await ctx.em.findOne(WorkloadConfig, { $and: [{ id }, await visibleWhere(ctx)] });
  if (!config) throw new NotFoundError('Workload config', id);
  return config;
}

export async function listWorkloadConfigs(ctx: Context, filter: WorkloadConfigFilter | undefined, page: PageArgs): Promise<Page<WorkloadConfig>> {
  const identity = requireIdentity(ctx);
  const where: Record<string, unknown>[] = [await visibleWhere(ctx)];
  if (filter?.teamId) where.push({ clusterId: { $in: await clusterIdsOfTeams(ctx.em, identity.tenantId, [filter.teamId]) } });
  return paginate<WorkloadConfig>(ctx.em, WorkloadConfig, { $and: where }, page, { orderBy: { name: 'asc' } });
}

/** The cluster must be one of the caller's tenant (the clusters domain's table). */
async function checkCluster(ctx: Context, clusterId: string): Promise<void> {
  if (!(await clusterState(ctx.em, requireIdentity(ctx).tenantId, clusterId))) throw new NotFoundError('Cluster', clusterId);
}

const nameTaken = (name: string) => new ConflictError(`A workload config named "${name}" already exists`);

export async function createWorkloadConfig(ctx: Context, input: CreateWorkloadConfigInput): Promise<WorkloadConfig> {
  const identity = requireIdentity(ctx);
  await checkCluster(ctx, input.clusterId);
  if (await ctx.em.count(WorkloadConfig, { name: input.name })) throw nameTaken(input.name);
  try {
    return await transactNotebooks(ctx, async (em, emit) => {
      const created = em.create(WorkloadConfig, {
        tenantId: identity.tenantId, name: input.name, description: input.description ?? null, workloadType: input.workloadType, clusterId: input.clusterId,
        settings: input.settings ?? null, createdBy: identity.userId,
      });
      emit(WORKLOAD_CONFIG_TOPIC, 'created', created.id, { id: created.id, name: created.name });
      return created;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw nameTaken(input.name);
    throw error;
  }
}

/** Name, description and settings; workloadType and clusterId only as they are (BAD_USER_INPUT otherwise). */
export async function updateWorkloadConfig(ctx: Context, id: string, input: UpdateWorkloadConfigInput): Promise<WorkloadConfig> {
  const config = await getWorkloadConfig(ctx, id);
  for (const field of ['workloadType', 'clusterId'] as const) {
    if (input[field] != null && input[field] !== config[field]) throw new BadInputError(`${field} of a workload config cannot change (it is ${config[field]})`, { field });
  }
  if (input.name && input.name !== config.name && (await ctx.em.count(WorkloadConfig, { name: input.name }))) throw nameTaken(input.name);
  return transactNotebooks(ctx, async (_em, emit) => {
    if (input.name) config.name = input.name;
    if (input.description !== undefined) config.description = input.description;
    if (input.settings !== undefined) config.settings = input.settings;
    emit(WORKLOAD_CONFIG_TOPIC, 'updated', config.id, { id: config.id, name: config.name });
    return config;
  });
}
