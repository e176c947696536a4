import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { Connection, PageArgs } from '../../src/pagination';
import { QueryResult, QueryRun } from './entities';
import * as queryRuns from './query-runs';
import { QueryRunFilter } from './query-runs';

export const QueryRunConnection = Connection(QueryRun, 'QueryRun');
export const QueryResultConnection = Connection(QueryResult, 'QueryResult');

@Resolver(() => QueryRun)
export class QueryRunResolver {
  @Authorized()
  @Mutation(() => QueryRun, {
    description: 'Run one read-only SQL statement over your datasets (`table` or `datasets.table`, `projectDataset.table`) and wait for it; the run and its result are kept. Bad SQL is BAD_USER_INPUT (the failed run is kept too).',
  })
  executeSql(@Arg('sql', () => String, { description: 'One SELECT statement (DuckDB / PostgreSQL-style SQL).' }) sql: string, @Ctx() ctx: Context) {
    return queryRuns.executeSql(ctx, sql);
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

  @FieldResolver(() => QueryResult, { nullable: true, description: 'The persisted result (null until the run succeeded).' })
  result(@Root() run: QueryRun, @Ctx() ctx: Context) {
    return queryRuns.resultOf(ctx, run);
  }
}
