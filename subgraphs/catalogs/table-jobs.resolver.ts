import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DATASET_EDITOR } from '../../src/auth/roles';
import type { Context } from '../../src/context';
import { Connection, PageArgs } from '../../src/pagination';
import { SignedDownload } from '../../src/rest/signed-downloads';
import { TableJob, TenantReference } from './entities';
import * as tableJobs from './table-jobs';
import { CreateTableExportJobInput, CreateTableImportJobInput, TableJobFilter } from './table-jobs';

export const TableJobConnection = Connection(TableJob, 'TableJob');

@Resolver(() => TableJob)
export class TableJobResolver {
  @Authorized(DATASET_EDITOR)
  @Mutation(() => TableJob, { description: "Load an upload into a table as its next version, in the background (pending → running → done / failed). A table or upload not in your tenant is NOT_FOUND." })
  createTableImportJob(@Arg('input', () => CreateTableImportJobInput, { description: 'Table, upload and label.' }) input: CreateTableImportJobInput, @Ctx() ctx: Context) {
    return tableJobs.createTableImportJob(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => TableJob, { description: "Write a table's current version to a file in the background (pending → running → done / failed); AVRO and unknown formats are BAD_USER_INPUT." })
  createTableExportJob(@Arg('input', () => CreateTableExportJobInput, { description: 'Table, format, compression and label.' }) input: CreateTableExportJobInput, @Ctx() ctx: Context) {
    return tableJobs.createTableExportJob(ctx, input);
  }

  @Authorized()
  @Query(() => TableJobConnection, { description: "Your tenant's table imports and exports, oldest first." })
  tableJobs(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => TableJobFilter, { nullable: true, description: 'Kind and table.' }) filter: TableJobFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return tableJobs.listTableJobs(ctx, filter, page);
  }

  @Authorized()
  @Query(() => TableJob, { description: 'One table job.' })
  tableJob(
    @Arg('id', () => ID, { description: 'Table job id.' }) id: string,
    @Arg('kind', () => String, { nullable: true, description: 'Only a job of this kind (import or export); another kind is NOT_FOUND.' }) kind: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return tableJobs.getTableJob(ctx, id, kind ?? undefined);
  }

  @Authorized()
  @Query(() => SignedDownload, { description: "A fresh signed link to a done export job's file. CONFLICT for imports and unfinished exports." })
  tableJobDownload(@Arg('id', () => ID, { description: 'Table job id.' }) id: string, @Ctx() ctx: Context) {
    return tableJobs.tableJobDownload(ctx, id);
  }

  @FieldResolver(() => TenantReference, { description: 'The tenant that owns the job.' })
  tenant(@Root() job: TableJob): TenantReference {
    return { id: job.tenantId };
  }
}
