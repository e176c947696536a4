import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { DATASET_EDITOR } from '../../src/auth/roles';
import { Connection, PageArgs } from '../../src/pagination';
import * as datasets from './datasets';
import { CreateDatasetInput, DatasetFilter, DatasetSourceInput, UpdateDatasetInput } from './datasets';
import { Dataset, DatasetVersion } from './entities';
import { TableColumn } from '../../src/engine/table-column';

export const DatasetConnection = Connection(Dataset, 'Dataset');
export const DatasetVersionConnection = Connection(DatasetVersion, 'DatasetVersion');

@Resolver(() => Dataset)
export class DatasetResolver {
  @Authorized()
  @Query(() => DatasetConnection, { description: "Your tenant's datasets, oldest first." })
  datasets(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => DatasetFilter, { nullable: true, description: 'Project dataset or schema.' }) filter: DatasetFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return datasets.listDatasets(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Dataset, { description: 'One dataset.' })
  dataset(@Arg('id', () => ID, { description: 'Dataset id.' }) id: string, @Ctx() ctx: Context) {
    return datasets.getDataset(ctx, id);
  }

  @Authorized()
  @Query(() => DatasetVersionConnection, { description: 'Versions of a dataset, newest first.' })
  datasetVersions(@Arg('id', () => ID, { description: 'Dataset id.' }) id: string, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return datasets.listVersions(ctx, id, page);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Dataset, { description: 'Create a dataset from an upload or inline data (version 1). A duplicate table name is CONFLICT; unreadable data is BAD_USER_INPUT and stores nothing.' })
  createDataset(@Arg('input', () => CreateDatasetInput, { description: 'Label, table name and source.' }) input: CreateDatasetInput, @Ctx() ctx: Context) {
    return datasets.createDataset(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Dataset, { description: 'Load new data into a dataset as its next version.' })
  loadDatasetVersion(
    @Arg('id', () => ID, { description: 'Dataset id.' }) id: string,
    @Arg('source', () => DatasetSourceInput, { description: 'The data.' }) source: DatasetSourceInput,
    @Ctx() ctx: Context,
  ) {
    return datasets.loadDatasetVersion(ctx, id, source);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Dataset, { description: 'Rename, relabel, or pin a dataset to a version.' })
  updateDataset(
    @Arg('id', () => ID, { description: 'Dataset id.' }) id: string,
    @Arg('input', () => UpdateDatasetInput, { description: 'Changes.' }) input: UpdateDatasetInput,
    @Ctx() ctx: Context,
  ) {
    return datasets.updateDataset(ctx, id, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Dataset, { description: 'Soft delete a dataset: it leaves lists and SQL.' })
  deleteDataset(@Arg('id', () => ID, { description: 'Dataset id.' }) id: string, @Ctx() ctx: Context) {
    return datasets.deleteDataset(ctx, id);
  }

  @FieldResolver(() => [TableColumn], { description: 'Columns of the version queries read (pinned, else latest).' })
  columns(@Root() dataset: Dataset, @Ctx() ctx: Context) {
    return datasets.columnsOf(ctx, dataset);
  }
}
