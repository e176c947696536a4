import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { DATASET_EDITOR } from '../../src/auth/roles';
import { Connection, PageArgs } from '../../src/pagination';
import * as datasets from './datasets';
import { CreateDatasetInput, DatasetFilter, DatasetSourceInput, UpdateDatasetInput } from './datasets';
import { Dataset, DatasetVersion, TenantReference } from './entities';
import { TableColumn } from '../../src/engine/table-column';
import * as tables from './tables';
import { CreateTableInput, UpdateTableInput } from './tables';

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
  @Mutation(() => Dataset, { description: 'Create a table in a project dataset: with a schema, version 1 is an empty table of its columns. A taken name is CONFLICT; a bad schema BAD_USER_INPUT.' })
  createTable(@Arg('input', () => CreateTableInput, { description: 'Name, project dataset and schema.' }) input: CreateTableInput, @Ctx() ctx: Context) {
    return tables.createTable(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Dataset, { description: "Rename a table, move it to another project dataset, or declare a new schema (a new version with the data cast to it). Delete it with deleteDataset." })
  updateTable(
    @Arg('id', () => ID, { description: 'Table (dataset) id.' }) id: string,
    @Arg('input', () => UpdateTableInput, { description: 'Changes.' }) input: UpdateTableInput,
    @Ctx() ctx: Context,
  ) {
    return tables.updateTable(ctx, id, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Dataset, { description: 'Soft delete a dataset (or table): it leaves lists and SQL.' })
  deleteDataset(@Arg('id', () => ID, { description: 'Dataset id.' }) id: string, @Ctx() ctx: Context) {
    return datasets.deleteDataset(ctx, id);
  }

  @FieldResolver(() => [TableColumn], { description: 'Columns of the version queries read (pinned, else latest).' })
  columns(@Root() dataset: Dataset, @Ctx() ctx: Context) {
    return datasets.columnsOf(ctx, dataset);
  }

  @FieldResolver(() => TenantReference, { description: 'The tenant that owns the dataset.' })
  tenant(@Root() dataset: Dataset): TenantReference {
    return { id: dataset.tenantId };
  }
}
