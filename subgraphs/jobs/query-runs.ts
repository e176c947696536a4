import { createHash, randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { IsIn, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { alignById, loader, requireIdentity } from '../../src/context';
import { savedQueryStatement, tenantTables } from '../../src/engine/tables';
import { AppError, BadInputError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { QUERY_RUN_STATUSES, QueryResult, QueryRun } from './entities';
import { QUERY_RUN_TOPIC, transactJobs } from './events';

/** Longest SQL a run accepts. */
export const MAX_SQL_LENGTH = 100_000;

@InputType({ description: 'Which query runs to list.' })
export class QueryRunFilter {
  @Field(() => [String], { nullable: true, description: `Only runs in these statuses (${QUERY_RUN_STATUSES.join(', ')}).` })
  @IsOptional()
  @IsIn(QUERY_RUN_STATUSES, { each: true, message: `status must be one of ${QUERY_RUN_STATUSES.join(', ')}` })
  statuses?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'Only runs of this saved query.' })
  @IsOptional()
  @MaxLength(36)
  savedQueryId?: string | null;
}

export const sqlHash = (sql: string) => createHash('sha256').update(sql.trim().replace(/\s+/g, ' ')).digest('hex');

/**
 * Runs SQL on the engine over the caller's datasets and records it: the run is written as
 * `running` first, then ends `succeeded` with its persisted result, or `failed` with the reason
 * (and the error is returned to the caller). Only the tenant's own tables are visible.
 */
export async function executeSql(ctx: Context, sql: string, savedQuery?: { id: string; version: number }): Promise<QueryRun> {
  const identity = requireIdentity(ctx);
  if (!sql.trim()) throw new BadInputError('sql is empty');
  if (sql.length > MAX_SQL_LENGTH) throw new BadInputError(`sql is longer than ${MAX_SQL_LENGTH} characters`);
  const started = performance.now();
  const run = await transactJobs(ctx, async (em, emit) => {
    const created = em.create(QueryRun, {
      tenantId: identity.tenantId, sqlText: sql, sqlHash: sqlHash(sql), userId: identity.userId,
      savedQueryId: savedQuery?.id ?? null, savedQueryVersion: savedQuery?.version ?? null,
    });
    emit(QUERY_RUN_TOPIC, 'running', created.id, { id: created.id, status: 'running' });
    return created;
  });
  try {
    const tables = await tenantTables(ctx.em, ctx.config, identity.tenantId);
    const output = await ctx.engine.query(tables, sql);
    return await transactJobs(ctx, async (em, emit) => {
      const result = em.create(QueryResult, {
        id: randomUUID(), tenantId: identity.tenantId, queryRunId: run.id, status: 'ready', columns: output.columns, rows: output.rows, rowCount: output.rowCount,
      });
      Object.assign(run, {
        status: 'succeeded', resultId: result.id, rowCount: output.rowCount, executionTimeMs: output.executionTimeMs, completedAt: new Date(),
        serverProcessingMs: Math.round(performance.now() - started),
        warningMessage: output.truncated ? `Result cut at ${output.rowCount} rows (QUERY_MAX_ROWS); add a LIMIT or aggregate` : null,
      });
      emit(QUERY_RUN_TOPIC, 'succeeded', run.id, { id: run.id, status: 'succeeded', resultId: result.id });
      return run;
    });
  } catch (error) {
    const message = error instanceof AppError ? error.message : 'Internal error';
    await transactJobs(ctx, async (_em, emit) => {
      Object.assign(run, { status: 'failed', errorMessage: message, completedAt: new Date(), serverProcessingMs: Math.round(performance.now() - started) });
      emit(QUERY_RUN_TOPIC, 'failed', run.id, { id: run.id, status: 'failed', errorMessage: message });
    });
    throw error;
  }
}

/** Executes the latest version of a saved query; the run records which query and version. */
export async function executeSavedQuery(ctx: Context, id: string): Promise<QueryRun> {
  const identity = requireIdentity(ctx);
  const statement = await savedQueryStatement(ctx.em, identity.tenantId, id);
  if (!statement) throw new NotFoundError('Saved query', id);
  return executeSql(ctx, statement.sql, { id, version: statement.version });
}

export async function getQueryRun(ctx: Context, id: string): Promise<QueryRun> {
  requireIdentity(ctx);
  const run = await ctx.em.findOne(QueryRun, { id });
  if (!run) throw new NotFoundError('Query run', id);
  return run;
}

export function listQueryRuns(ctx: Context, filter: QueryRunFilter | undefined, page: PageArgs): Promise<Page<QueryRun>> {
  requireIdentity(ctx);
  const where = {
    ...(filter?.statuses?.length ? { status: { $in: filter.statuses } } : {}),
    ...(filter?.savedQueryId ? { savedQueryId: filter.savedQueryId } : {}),
  };
  return paginate(ctx.em, QueryRun, where, page, { orderBy: { createdAt: 'desc' } });
}

export async function getQueryResult(ctx: Context, id: string): Promise<QueryResult> {
  requireIdentity(ctx);
  const result = await ctx.em.findOne(QueryResult, { id }, { populate: ['rows'] });
  if (!result) throw new NotFoundError('Result', id);
  return result;
}

export function listQueryResults(ctx: Context, page: PageArgs): Promise<Page<QueryResult>> {
  requireIdentity(ctx);
  return paginate(ctx.em, QueryResult, {}, page, { orderBy: { createdAt: 'desc' } });
}

/** A run's result, batched per request. */
export function resultOf(ctx: Context, run: QueryRun): Promise<QueryResult | null> | null {
  if (!run.resultId) return null;
  return loader(ctx, 'queryResultById', () => new DataLoader<string, QueryResult | null>(async (ids) => alignById(await ctx.em.find(QueryResult, { id: { $in: [...ids] } }, { populate: ['rows'] }), ids))).load(run.resultId);
}
