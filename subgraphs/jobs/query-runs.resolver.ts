import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { Connection, PageArgs } from '../../src/pagination';
import { QueryResult, QueryResultExport, QueryRun, SavedQueryReference, TenantReference } from './entities';
import { exportsOf } from './query-exports';
import * as queryRuns from './query-runs';
import { QueryResultPage, QueryRunFilter } from './query-runs';

export const QueryRunConnection = Connection(QueryRun, 'QueryRun');
export const QueryResultConnection = Connection(QueryResult, 'QueryResult');

@Resolver(() => QueryRun)
export class QueryRunResolver {
  @Authorized()
  @Mutation(() => QueryRun, {
    description: 'Run one read-only SQL statement over your datasets (`table` or `datasets.table`, `projectDataset.table`), inline or in the background; the run and its result are kept. Bad SQL is BAD_USER_INPUT (the failed run is kept too).',
  })
  executeSql(
    @Arg('sql', () => String, { description: 'One SELECT statement (DuckDB / PostgreSQL-style SQL).' }) sql: string,
    @Arg('async', () => Boolean, { nullable: true, description: 'Run in the background and answer at once with the queued run; poll `queryRun` or cancel it. Default false.' }) async: boolean | undefined,
    @Arg('asyncAfterMs', () => Int, { nullable: true, description: 'With async: wait up to this many ms (at least 1000) for the run to finish before answering.' }) asyncAfterMs: number | undefined,
    @Ctx() ctx: Context,
  ) {
    return queryRuns.executeSql(ctx, sql, { async, asyncAfterMs });
  }

  @Authorized()
  @Mutation(() => QueryRun, {
    description: "Run SQL in the background on behalf of a saved query (the text given, not necessarily the saved one); answers at once with the queued run. NOT_FOUND when the query is not in your tenant.",
  })
  runQuery(
    @Arg('queryId', () => ID, { description: 'The saved query the run is recorded under.' }) queryId: string,
    @Arg('sql', () => String, { description: 'One SELECT statement to run.' }) sql: string,
    @Ctx() ctx: Context,
  ) {
    return queryRuns.runQuery(ctx, queryId, sql);
  }

  @Authorized()
  @Mutation(() => QueryRun, { description: 'Stop a queued or running background query run; it ends cancelled. CONFLICT if it already ended or runs inline.' })
  cancelQueryRun(@Arg('id', () => ID, { description: 'Query run id.' }) id: string, @Ctx() ctx: Context) {
    return queryRuns.cancelQueryRun(ctx, id);
  }

  @Authorized()
  @Mutation(() => QueryRun, { description: 'Run the latest version of a saved query and wait for it.' })
  executeSavedQuery(@Arg('id', () => ID, { description: 'Saved query id.' }) id: string, @Ctx() ctx: Context) {
    return queryRuns.executeSavedQuery(ctx, id);
  }

  @Authorized()
  @Query(() => QueryRunConnection, { description: 'Your tenant\'s query runs, newest first.' })
  queryRuns(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => QueryRunFilter, { nullable: true, description: 'Statuses and saved query.' }) filter: QueryRunFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return queryRuns.listQueryRuns(ctx, filter, page);
  }

  @Authorized()
  @Query(() => QueryRun, { description: 'One query run.' })
  queryRun(@Arg('id', () => ID, { description: 'Query run id.' }) id: string, @Ctx() ctx: Context) {
    return queryRuns.getQueryRun(ctx, id);
  }

  @Authorized()
  @Query(() => QueryResultConnection, { description: 'Persisted results, newest first (rows are read one result at a time).' })
  queryResults(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return queryRuns.listQueryResults(ctx, page);
  }

  @Authorized()
  @Query(() => QueryResult, { description: 'One persisted result with its rows.' })
  queryResult(@Arg('id', () => ID, { description: 'Result id.' }) id: string, @Ctx() ctx: Context) {
    return queryRuns.getQueryResult(ctx, id);
  }

  @Authorized()
  @Query(() => QueryResultPage, { description: "A page of a succeeded run's persisted rows. CONFLICT while the run is queued or running, or when it ended without a result." })
  queryRunResultPage(
    @Arg('id', () => ID, { description: 'Query run id.' }) id: string,
    @Arg('page', () => Int, { defaultValue: 1, description: 'Page number, from 1.' }) page: number,
    @Arg('pageSize', () => Int, { defaultValue: 50, description: `Rows per page, 1 to ${queryRuns.MAX_RESULT_PAGE_SIZE}.` }) pageSize: number,
    @Ctx() ctx: Context,
  ) {
    return queryRuns.queryResultPage(ctx, id, page, pageSize);
  }

  @Authorized()
  @Query(() => String, { description: "A succeeded run's whole persisted result as CSV text with a header row. CONFLICT while the run is queued or running, or when it ended without a result." })
  queryRunResultCsv(@Arg('id', () => ID, { description: 'Query run id.' }) id: string, @Ctx() ctx: Context) {
    return queryRuns.queryResultCsv(ctx, id);
  }

  @FieldResolver(() => TenantReference, { description: 'The tenant that owns the run.' })
  tenant(@Root() run: QueryRun): TenantReference {
    return { id: run.tenantId };
  }

  @FieldResolver(() => [QueryResultExport], { description: 'Files exported from its result, oldest first.' })
  exports(@Root() run: QueryRun, @Ctx() ctx: Context) {
    return exportsOf(ctx, run);
  }

  @FieldResolver(() => QueryResult, { nullable: true, description: 'The persisted result (null until the run succeeded).' })
  result(@Root() run: QueryRun, @Ctx() ctx: Context) {
    return queryRuns.resultOf(ctx, run);
  }
}

@Resolver(() => SavedQueryReference)
export class SavedQueryRunsResolver {
  @Authorized()
  @FieldResolver(() => QueryRunConnection, { description: 'Its runs (datacovey query jobs), newest first.' })
  runs(@Root() savedQuery: SavedQueryReference, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return queryRuns.runsOfSavedQuery(ctx, savedQuery.id, page);
  }
}
