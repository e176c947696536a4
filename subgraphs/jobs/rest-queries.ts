import { MAX_PAGE_SIZE } from '../../src/pagination';
import { OFFSET_LIMIT_QUERY, offsetEnvelope, pageFromOffset } from '../../src/rest/hotdata';
import { defineRoute, type RestRequest, type RestRoute } from '../../src/rest/route';
import {
  HotdataExecuteSavedQueryDocument, HotdataExecuteSqlDocument, HotdataGetQueryRunDocument, HotdataGetResultDocument,
  HotdataListQueryRunsDocument, HotdataListResultsDocument, type HotdataExecutionFragment, type HotdataQueryRunFragment,
} from '../../src/generated/operations';

/** hotdata's 200 body of `POST /v1/query` and `POST /v1/queries/{id}/execute`. */
const executionJson = (run: HotdataExecutionFragment) => ({
  columns: run.result?.columns?.map((c) => c.name) ?? [],
  execution_time_ms: run.executionTimeMs ?? 0,
  nullable: run.result?.columns?.map((c) => c.nullable) ?? [],
  query_run_id: run.id,
  result_id: run.resultId ?? null,
  row_count: run.rowCount ?? 0,
  rows: run.result?.rows ?? [],
  warning: run.warningMessage ?? null,
});

const queryRunJson = (r: HotdataQueryRunFragment) => ({
  completed_at: r.completedAt ?? null, created_at: r.createdAt, error_message: r.errorMessage ?? null, execution_time_ms: r.executionTimeMs ?? null,
  id: r.id, result_id: r.resultId ?? null, row_count: r.rowCount ?? null, saved_query_id: r.savedQueryId ?? null,
  saved_query_version: r.savedQueryVersion ?? null, server_processing_ms: r.serverProcessingMs ?? null, snapshot_id: r.id,
  sql_hash: r.sqlHash, sql_text: r.sqlText, status: r.status, trace_id: null, user_public_id: r.userId ?? null, warning_message: r.warningMessage ?? null,
});

const LIMIT = { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 };

/** hotdata `/v1/query` (synchronous), saved query execute, `/v1/query-runs` and `/v1/results`. */
export const restQueryRoutes: RestRoute[] = [
  defineRoute({
    profile: 'hotdata', tag: 'query', method: 'post', path: '/query', summary: 'Execute SQL query',
    body: {
      type: 'object', required: ['sql'],
      properties: { sql: { type: 'string', minLength: 1 }, async: { type: 'boolean' }, async_after_ms: { type: ['integer', 'null'], minimum: 1000 } },
    },
    operation: HotdataExecuteSqlDocument,
    // async_after_ms is ignored unless async is true (hotdata's rule).
    variables: (req) => ({ sql: String(req.body.sql), async: req.body.async === true, asyncAfterMs: req.body.async === true ? ((req.body.async_after_ms as number | null) ?? null) : null }),
    // Done: the rows inline (200). Still queued or running, or ended without rows: where to poll (202).
    status: (data) => (data.executeSql.status === 'succeeded' ? 200 : 202),
    response: (data, req) =>
      data.executeSql.status === 'succeeded'
        ? executionJson(data.executeSql)
        : { query_run_id: data.executeSql.id, reason: data.executeSql.errorMessage ?? null, status: data.executeSql.status, status_url: `${req.basePath}/query-runs/${data.executeSql.id}` },
  }),
  defineRoute({
    profile: 'hotdata', tag: 'saved-queries', method: 'post', path: '/queries/{id}/execute', summary: 'Execute saved query',
    operation: HotdataExecuteSavedQueryDocument,
    variables: (req) => ({ id: req.params.id }),
    response: (data) => executionJson(data.executeSavedQuery),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'query-runs', method: 'get', path: '/query-runs', summary: 'List query runs',
    query: { limit: LIMIT, cursor: { type: 'string' }, status: { type: 'string', maxLength: 200 }, saved_query_id: { type: 'string' } },
    operation: HotdataListQueryRunsDocument,
    variables: (req: RestRequest) => ({
      first: Number(req.query.limit ?? 100), after: req.query.cursor || null,
      filter: {
        statuses: req.query.status ? req.query.status.split(',').map((s) => s.trim()) : null,
        savedQueryId: req.query.saved_query_id || null,
      },
    }),
    response: (data, req) => ({
      count: data.queryRuns.nodes.length, has_more: data.queryRuns.pageInfo.hasNextPage, limit: Number(req.query.limit ?? 100),
      next_cursor: data.queryRuns.pageInfo.hasNextPage ? data.queryRuns.pageInfo.endCursor : null,
      query_runs: data.queryRuns.nodes.map(queryRunJson),
    }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'query-runs', method: 'get', path: '/query-runs/{id}', summary: 'Get query run',
    operation: HotdataGetQueryRunDocument,
    variables: (req) => ({ id: req.params.id }),
    response: (data) => queryRunJson(data.queryRun),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'results', method: 'get', path: '/results', summary: 'List results',
    query: OFFSET_LIMIT_QUERY,
    operation: HotdataListResultsDocument,
    variables: pageFromOffset,
    response: (data, req) => ({
      ...offsetEnvelope(req, data.queryResults),
      results: data.queryResults.nodes.map((r) => ({ created_at: r.createdAt, error_message: r.errorMessage ?? null, id: r.id, status: r.status })),
    }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'results', method: 'get', path: '/results/{id}', summary: 'Get result',
    operation: HotdataGetResultDocument,
    variables: (req) => ({ id: req.params.id }),
    response: (data) => {
      const r = data.queryResult;
      return {
        columns: r.columns?.map((c) => c.name) ?? null, error_message: r.errorMessage ?? null, nullable: r.columns?.map((c) => c.nullable) ?? null,
        result_id: r.id, row_count: r.rowCount ?? null, rows: r.rows ?? null, status: r.status,
      };
    },
  }),
];
