import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { DATASET_EDITOR } from '../../src/auth/roles';
import { Connection, PageArgs } from '../../src/pagination';
import { ProjectDataset, TenantReference } from './entities';
import * as projectDatasets from './project-datasets';
import { CreateProjectDatasetInput, ProjectDatasetFilter, UpdateProjectDatasetInput } from './project-datasets';

export const ProjectDatasetConnection = Connection(ProjectDataset, 'ProjectDataset');

@Resolver(() => ProjectDataset)
export class ProjectDatasetResolver {
  @Authorized()
  @Query(() => ProjectDatasetConnection, { description: "Your tenant's project datasets, oldest first." })
  projectDatasets(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ProjectDatasetFilter, { nullable: true, description: 'Project.' }) filter: ProjectDatasetFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return projectDatasets.listProjectDatasets(ctx, filter, page);
  }

  @Authorized()
  @Query(() => ProjectDataset, { description: 'One project dataset.' })
  projectDataset(@Arg('id', () => ID, { description: 'Project dataset id.' }) id: string, @Ctx() ctx: Context) {
    return projectDatasets.getProjectDataset(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => ProjectDataset, { description: 'Create a project dataset in one of your projects. A name in use is CONFLICT; a reserved one BAD_USER_INPUT.' })
  createProjectDataset(@Arg('input', () => CreateProjectDatasetInput, { description: 'Name, description and project.' }) input: CreateProjectDatasetInput, @Ctx() ctx: Context) {
    return projectDatasets.createProjectDataset(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => ProjectDataset, { description: 'Rename (its tables follow to the new schema), describe, or move a project dataset to another project.' })
  updateProjectDataset(
    @Arg('id', () => ID, { description: 'Project dataset id.' }) id: string,
    @Arg('input', () => UpdateProjectDatasetInput, { description: 'Changes.' }) input: UpdateProjectDatasetInput,
    @Ctx() ctx: Context,
  ) {
    return projectDatasets.updateProjectDataset(ctx, id, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => ProjectDataset, { description: 'Soft delete a project dataset and its tables.' })
  deleteProjectDataset(@Arg('id', () => ID, { description: 'Project dataset id.' }) id: string, @Ctx() ctx: Context) {
    return projectDatasets.deleteProjectDataset(ctx, id);
  }

  @FieldResolver(() => TenantReference, { description: 'The tenant that owns the project dataset.' })
  tenant(@Root() dataset: ProjectDataset): TenantReference {
    return { id: dataset.tenantId };
  }
}
