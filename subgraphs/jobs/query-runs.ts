import { createHash, randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { IsIn, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { TableColumn } from '../../src/engine/table-column';
import type { Context } from '../../src/context';
import { alignById, loader, requireIdentity } from '../../src/context';
import { savedQueryStatement, tenantTables } from '../../src/engine/tables';
import { AppError, BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import type { TaskHandler } from '../../src/queue/runner';
import { enqueueTask } from '../../src/queue/task';
import { paginate, pagesByParent, type Page, type PageArgs } from '../../src/pagination';
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

/** Task kind of a query run executed in the background (`async`). */
export const QUERY_RUN_TASK = 'query_run';

/** How to wait for a query: inline (default), or in the background with an optional wait. */
export interface ExecuteOptions {
  /** Run in the background and answer at once (or after `asyncAfterMs`) with the run, queued or running. */
  async?: boolean | null;
  /** With `async`: wait up to this many ms (≥ 1000) for the run to finish before answering. */
  asyncAfterMs?: number | null;
}

/**
 * Runs SQL on the engine over the caller's datasets and records it. Inline, the run is written
 * `running`, then ends `succeeded` with its persisted result or `failed` with the reason (and the
 * error goes to the caller). With `async`, the run is written `queued` together with its task in
 * the durable queue, and the runner executes it. Only the tenant's own tables are visible.
 */
export async function executeSql(ctx: Context, sql: string, options: ExecuteOptions = {}, savedQuery?: { id: string; version: number }): Promise<QueryRun> {
  const identity = requireIdentity(ctx);
  if (!sql.trim()) throw new BadInputError('sql is empty');
  if (sql.length > MAX_SQL_LENGTH) throw new BadInputError(`sql is longer than ${MAX_SQL_LENGTH} characters`);
  if (options.asyncAfterMs != null && options.asyncAfterMs < 1000) throw new BadInputError('asyncAfterMs must be at least 1000');
  const status = options.async ? 'queued' : 'running';
  const run = await transactJobs(ctx, async (em, emit) => {
    const created = em.create(QueryRun, {
      tenantId: identity.tenantId, sqlText: sql, sqlHash: sqlHash(sql), userId: identity.userId, status,
      savedQueryId: savedQuery?.id ?? null, savedQueryVersion: savedQuery?.version ?? null,
    });
    if (options.async) {
      enqueueTask(em, {
        tenantId: identity.tenantId, kind: QUERY_RUN_TASK, subjectId: created.id, actor: { userId: identity.userId, roles: identity.roles },
        // The engine stops the query at its own timeout; the task's is a backstop.
        timeoutMs: ctx.config.queryTimeoutMs + 5000, maxAttempts: 3,
      });
    }
    emit(QUERY_RUN_TOPIC, status, created.id, { id: created.id, status });
    return created;
  });
  if (!options.async) return performQueryRun(ctx, run);
  ctx.tasks.wake();
  return options.asyncAfterMs ? waitForRun(ctx, run.id, options.asyncAfterMs) : run;
}

/** Polls a run until it ends or `ms` pass, and returns it as it is then. */
async function waitForRun(ctx: Context, id: string, ms: number): Promise<QueryRun> {
  const deadline = Date.now() + ms;
  for (;;) {
    const run = await ctx.em.findOneOrFail(QueryRun, { id }, { refresh: true });
    if (TERMINAL.has(run.status) || Date.now() >= deadline) return run;
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, deadline - Date.now())));
  }
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Executes a recorded `running` run on the engine and records how it ended. An abort (`signal`: cancelled
 * or timed out) is left to the task runner, which settles the run through `queryRunTask.settle`.
 */
export async function performQueryRun(ctx: Context, run: QueryRun, signal?: AbortSignal): Promise<QueryRun> {
  const started = performance.now();
  try {
    const tables = await tenantTables(ctx.em, ctx.config, run.tenantId);
    const output = await ctx.engine.query(tables, run.sqlText, { signal });
    return await transactJobs(ctx, async (em, emit) => {
      const result = em.create(QueryResult, {
        id: randomUUID(), tenantId: run.tenantId, queryRunId: run.id, status: 'ready', columns: output.columns, rows: output.rows, rowCount: output.rowCount,
      });
      Object.assign(run, {
        status: 'succeeded', resultId: result.id, rowCount: output.rowCount, executionTimeMs: output.executionTimeMs, completedAt: new Date(),
        serverProcessingMs: Math.round(performance.now() - started), errorMessage: null,
        warningMessage: output.truncated ? `Result cut at ${output.rowCount} rows (QUERY_MAX_ROWS); add a LIMIT or aggregate` : null,
      });
      emit(QUERY_RUN_TOPIC, 'succeeded', run.id, { id: run.id, status: 'succeeded', resultId: result.id });
      return run;
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    // Our own failures are retried by the runner when in the background; inline, and for the caller's errors, the run ends here.
    if (!(error instanceof AppError) && signal) throw error;
    await endRun(ctx, run, 'failed', error instanceof AppError ? error.message : 'Internal error', started);
    throw error;
  }
}

/** Ends a run that did not succeed (failed, cancelled, timed out), unless it already ended. */
async function endRun(ctx: Context, run: QueryRun, status: string, message: string, started?: number): Promise<void> {
  await transactJobs(ctx, async (em, emit) => {
    Object.assign(run, {
      status, errorMessage: message, completedAt: new Date(), ...(started !== undefined ? { serverProcessingMs: Math.round(performance.now() - started) } : {}),
    });
    emit(QUERY_RUN_TOPIC, status, run.id, { id: run.id, status, errorMessage: message });
  });
}

/** Background query runs: executed by the task runner, settled when they end without success. */
export const queryRunTask: TaskHandler = {
  async run(ctx, task, signal) {
    const run = await ctx.em.findOne(QueryRun, { id: task.subjectId });
    if (!run || TERMINAL.has(run.status)) return;
    // Every attempt announces itself, also a retry or a recovery after its runner died.
    await transactJobs(ctx, async (_em, emit) => {
      run.status = 'running';
      emit(QUERY_RUN_TOPIC, 'running', run.id, { id: run.id, status: 'running' });
    });
    await performQueryRun(ctx, run, signal);
  },
  async settle(ctx, task, outcome) {
    const run = await ctx.em.findOne(QueryRun, { id: task.subjectId });
    if (!run || TERMINAL.has(run.status)) return;
    // A timed-out query run is a failed one in hotdata's statuses, with the reason.
    await endRun(ctx, run, outcome.status === 'cancelled' ? 'cancelled' : 'failed', outcome.message);
  },
};

/** Stops a queued or running background query run; it ends `cancelled`. */
export async function cancelQueryRun(ctx: Context, id: string): Promise<QueryRun> {
  const run = await getQueryRun(ctx, id);
  if (TERMINAL.has(run.status)) throw new ConflictError(`Query run ${id} already ended (${run.status})`, { status: run.status });
  if (!(await ctx.tasks.cancel(run.id))) throw new ConflictError(`Query run ${id} is not running in the background; only async runs can be cancelled`, { status: run.status });
  // The engine stops within moments; on a saturated machine it has taken over 5 s (CI).
  return waitForRun(ctx, id, 15_000);
}

/** The latest statement of one of the tenant's saved queries; NOT_FOUND for any other id. */
async function requireSavedQuery(ctx: Context, id: string): Promise<{ sql: string; version: number }> {
  const statement = await savedQueryStatement(ctx.em, requireIdentity(ctx).tenantId, id);
  if (!statement) throw new NotFoundError('Saved query', id);
  return statement;
}

/** Executes the latest version of a saved query; the run records which query and version. */
export async function executeSavedQuery(ctx: Context, id: string): Promise<QueryRun> {
  const statement = await requireSavedQuery(ctx, id);
  return executeSql(ctx, statement.sql, {}, { id, version: statement.version });
}

/**
 * Runs `sql` in the background on behalf of a saved query (datacovey's Run Query: the text is the
 * caller's, not necessarily the saved one); the run records the query and its latest version.
 */
export async function runQuery(ctx: Context, queryId: string, sql: string): Promise<QueryRun> {
  const identity = requireIdentity(ctx);
  const statement = await savedQueryStatement(ctx.em, identity.tenantId, queryId);
  if (!statement) throw new NotFoundError('Query', queryId);
  return executeSql(ctx, sql, { async: true }, { id: queryId, version: statement.version });
}

/** Most rows one result page holds. */
export const MAX_RESULT_PAGE_SIZE = 200;

@ObjectType({ description: "One page of a finished query run's persisted rows." })
export class QueryResultPage {
  @Field(() => [TableColumn], { description: 'Columns, in order.' })
  columns!: TableColumn[];
  @Field(() => GraphQLJSON, { description: 'Rows of this page as arrays in column order.' })
  rows!: unknown[][];
  @Field(() => Int, { description: 'Rows in the whole result.' })
  totalRows!: number;
  @Field(() => Int, { description: 'This page, from 1.' })
  page!: number;
  @Field(() => Int, { description: 'Rows per page.' })
  pageSize!: number;
  @Field(() => Int, { description: 'Pages in all (0 for an empty result).' })
  totalPages!: number;
}

/** The persisted result of a succeeded run, rows loaded; CONFLICT while it is queued or running, or when it ended without one. */
async function finishedResult(ctx: Context, id: string): Promise<QueryResult> {
  const run = await getQueryRun(ctx, id);
  if (run.status !== 'succeeded' || !run.resultId) {
    const why = TERMINAL.has(run.status) ? `it ended ${run.status}${run.errorMessage ? `: ${run.errorMessage}` : ''}` : `it is still ${run.status}; poll it until it is done`;
    throw new ConflictError(`Query job ${id} has no results: ${why}`, { status: run.status });
  }
  return ctx.em.findOneOrFail(QueryResult, { id: run.resultId }, { populate: ['rows'] });
}

/** A page of a succeeded run's rows. */
export async function queryResultPage(ctx: Context, id: string, page: number, pageSize: number): Promise<QueryResultPage> {
  if (!Number.isInteger(page) || page < 1) throw new BadInputError('page must be an integer of at least 1');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_RESULT_PAGE_SIZE) throw new BadInputError(`page_size must be between 1 and ${MAX_RESULT_PAGE_SIZE}`);
  const result = await finishedResult(ctx, id);
  const rows = result.rows ?? [];
  return {
    columns: result.columns ?? [], rows: rows.slice((page - 1) * pageSize, page * pageSize), totalRows: rows.length, page, pageSize,
    totalPages: Math.ceil(rows.length / pageSize),
  };
}

/** A CSV field: quoted when it holds a comma, quote or line break; objects as JSON; null as empty. */
const csvField = (value: unknown) => {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A succeeded run's whole persisted result as CSV text with a header (results are capped at QUERY_MAX_ROWS). */
export async function queryResultCsv(ctx: Context, id: string): Promise<string> {
  const result = await finishedResult(ctx, id);
  const lines = [(result.columns ?? []).map((c) => csvField(c.name)), ...(result.rows ?? []).map((row) => row.map(csvField))];
  return lines.map((fields) => `${fields.join(',')}\n`).join('');
}

export async function getQueryRun(ctx: Context, id: string): Promise<QueryRun> {
  requireIdentity(ctx);
  const run = await ctx.em.findOne(QueryRun, { id });
  if (!run) throw new NotFoundError('Query run', id);
  return run;
}

/** A saved query's runs, newest first: one batch (two SQL statements) for every saved query of a request. */
export function runsOfSavedQuery(ctx: Context, savedQueryId: string, page: PageArgs): Promise<Page<QueryRun>> {
  requireIdentity(ctx);
  return loader(ctx, `jobs.runsOfSavedQuery.${page.first ?? ''}.${page.after ?? ''}`, () =>
    new DataLoader<string, Page<QueryRun>>((ids) => pagesByParent(ctx.em, QueryRun, 'savedQueryId', ids, page, { property: 'createdAt', direction: 'desc' })),
  ).load(savedQueryId);
}

/** The tenant's query runs; a saved query in the filter that is not the tenant's is NOT_FOUND, not an empty list. */
export async function listQueryRuns(ctx: Context, filter: QueryRunFilter | undefined, page: PageArgs): Promise<Page<QueryRun>> {
  requireIdentity(ctx);
  if (filter?.savedQueryId) await requireSavedQuery(ctx, filter.savedQueryId);
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
