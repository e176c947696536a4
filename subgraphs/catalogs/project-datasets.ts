import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { projectSnapshot } from '../../src/db/directory';
import { DEFAULT_SCHEMA, IDENTIFIER, IDENTIFIER_RULE, RESERVED_SCHEMAS } from '../../src/engine/engine';
import { BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { Dataset, ProjectDataset } from './entities';
import { DATASET_TOPIC, transactCatalogs } from './events';


@InputType({ description: 'A new project dataset: a named group of tables in a project.' })
export class CreateProjectDatasetInput {
  @Field(() => String, { description: 'Name: a SQL identifier, unique in your tenant; SQL reaches its tables as `name.table`.' })
  @Matches(IDENTIFIER, { message: `name ${IDENTIFIER_RULE}` })
  name!: string;
  @Field(() => String, { nullable: true, description: 'What it holds.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => ID, { description: 'The project it belongs to (one of your tenant).' })
  @Length(1, 36)
  projectId!: string;
}

@InputType({ description: 'Changes to a project dataset; omitted fields stay as they are.' })
export class UpdateProjectDatasetInput {
  @Field(() => String, { nullable: true, description: 'New name (its tables move to the new schema with it).' })
  @IsOptional()
  @Matches(IDENTIFIER, { message: `name ${IDENTIFIER_RULE}` })
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => ID, { nullable: true, description: 'Move it to this project (one of your tenant).' })
  @IsOptional()
  @Length(1, 36)
  projectId?: string | null;
}

@InputType({ description: 'Which project datasets to list.' })
export class ProjectDatasetFilter {
  @Field(() => ID, { nullable: true, description: 'Only those of this project.' })
  @IsOptional()
  @MaxLength(36)
  projectId?: string | null;
}

export async function getProjectDataset(ctx: Context, id: string): Promise<ProjectDataset> {
  requireIdentity(ctx);
  const dataset = await ctx.em.findOne(ProjectDataset, { id });
  if (!dataset) throw new NotFoundError('Dataset', id);
  return dataset;
}

/** NOT_FOUND unless `projectId` is an active project of the caller's tenant. */
export async function assertProjectExists(ctx: Context, projectId: string): Promise<void> {
  const { tenantId } = requireIdentity(ctx);
  if (!(await projectSnapshot(ctx.em, tenantId, projectId))) throw new NotFoundError('Project', projectId);
}

/** A usable, free name: not a reserved schema, not `datasets`, not another active project dataset's. */
async function assertNameFree(ctx: Context, name: string, exceptId?: string): Promise<void> {
  if (RESERVED_SCHEMAS.has(name.toLowerCase()) || name.toLowerCase() === DEFAULT_SCHEMA) throw new BadInputError(`"${name}" is a reserved schema name`);
  const existing = await ctx.em.findOne(ProjectDataset, { name, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (existing) throw new ConflictError(`A dataset named ${name} already exists`, { existingId: existing.id });
}

export async function listProjectDatasets(ctx: Context, filter: ProjectDatasetFilter | undefined, page: PageArgs): Promise<Page<ProjectDataset>> {
  requireIdentity(ctx);
  if (filter?.projectId) await assertProjectExists(ctx, filter.projectId);
  return paginate(ctx.em, ProjectDataset, filter?.projectId ? { projectId: filter.projectId } : {}, page, { orderBy: { createdAt: 'asc' } });
}

export async function createProjectDataset(ctx: Context, input: CreateProjectDatasetInput): Promise<ProjectDataset> {
  const identity = requireIdentity(ctx);
  await assertNameFree(ctx, input.name);
  await assertProjectExists(ctx, input.projectId);
  return transactCatalogs(ctx, async (em, emit) => {
    const dataset = em.create(ProjectDataset, { tenantId: identity.tenantId, name: input.name, description: input.description ?? null, projectId: input.projectId });
    emit(DATASET_TOPIC, 'project_dataset_created', dataset.id, { id: dataset.id, name: dataset.name });
    return dataset;
  });
}

/** A rename moves its tables to the new schema in the same transaction. */
export async function updateProjectDataset(ctx: Context, id: string, input: UpdateProjectDatasetInput): Promise<ProjectDataset> {
  const dataset = await getProjectDataset(ctx, id);
  const rename = input.name != null && input.name !== dataset.name;
  if (rename) await assertNameFree(ctx, input.name as string, id);
  if (input.projectId != null) await assertProjectExists(ctx, input.projectId);
  return transactCatalogs(ctx, async (em, emit) => {
    if (rename) {
      for (const table of await em.find(Dataset, { projectDatasetId: id })) table.schemaName = input.name as string;
      dataset.name = input.name as string;
    }
    if (input.description !== undefined) dataset.description = input.description;
    if (input.projectId != null) dataset.projectId = input.projectId;
    emit(DATASET_TOPIC, 'project_dataset_updated', id, { id, name: dataset.name });
    return dataset;
  });
}

/** Soft delete, with its tables: they leave lists and SQL. */
export async function deleteProjectDataset(ctx: Context, id: string): Promise<ProjectDataset> {
  const dataset = await getProjectDataset(ctx, id);
  return transactCatalogs(ctx, async (em, emit) => {
    const now = new Date();
    for (const table of await em.find(Dataset, { projectDatasetId: id })) table.archivedAt = now;
    dataset.archivedAt = now;
    emit(DATASET_TOPIC, 'project_dataset_deleted', id, { id, name: dataset.name });
    return dataset;
  });
}
