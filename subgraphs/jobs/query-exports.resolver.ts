import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SignedDownload } from '../../src/rest/signed-downloads';
import type { Context } from '../../src/context';
import { EXPORT_COMPRESSIONS, EXPORT_FORMATS } from '../../src/engine/exports';
import { QueryResultExport, TenantReference } from './entities';
import * as queryExports from './query-exports';

@Resolver(() => QueryResultExport)
export class QueryResultExportResolver {
  @Authorized()
  @Mutation(() => QueryResultExport, {
    description: "Export a succeeded query run's result to a file, written in the background (pending → running → done / failed). AVRO and unknown formats are BAD_USER_INPUT; a run without a result is CONFLICT.",
  })
  createQueryResultExport(
    @Arg('queryRunId', () => ID, { description: 'The query run (datacovey: query job).' }) queryRunId: string,
    @Arg('format', () => String, { defaultValue: 'CSV', description: `File format: ${EXPORT_FORMATS.join(', ')}.` }) format: string,
    @Arg('compression', () => String, { defaultValue: 'GZIP', description: `Compression: ${EXPORT_COMPRESSIONS.join(', ')}.` }) compression: string,
    @Ctx() ctx: Context,
  ) {
    return queryExports.createQueryResultExport(ctx, queryRunId, format, compression);
  }

  @Authorized()
  @Query(() => QueryResultExport, { description: 'One query result export.' })
  queryResultExport(@Arg('id', () => ID, { description: 'Export id.' }) id: string, @Ctx() ctx: Context) {
    return queryExports.getQueryResultExport(ctx, id);
  }

  @Authorized()
  @Query(() => [QueryResultExport], { description: "A query run's exports, oldest first." })
  queryResultExports(@Arg('queryRunId', () => ID, { description: 'Query run id.' }) queryRunId: string, @Ctx() ctx: Context) {
    return queryExports.listQueryResultExports(ctx, queryRunId);
  }

  @Authorized()
  @Query(() => SignedDownload, { description: "A fresh signed link to a done export's file. CONFLICT until it is done; NOT_FOUND once it expired." })
  queryResultExportDownload(@Arg('id', () => ID, { description: 'Export id.' }) id: string, @Ctx() ctx: Context) {
    return queryExports.queryResultExportDownload(ctx, id);
  }

  @FieldResolver(() => TenantReference, { description: 'The tenant that owns the export.' })
  tenant(@Root() exported: QueryResultExport): TenantReference {
    return { id: exported.tenantId };
  }
}
