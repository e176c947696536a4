import { MAX_PAGE_SIZE } from '../../src/pagination';
import { pageFromSkipLimit, SKIP_LIMIT_QUERY } from '../../src/rest/paging';
import { signedUrlJson } from '../../src/rest/signed-downloads';
import { defineRoute, type RestRequest, type RestRoute } from '../../src/rest/route';
import {
  DatacoveyCancelQueryDocument, DatacoveyCreateExportDocument, DatacoveyDownloadExportDocument, DatacoveyDownloadQueryResultDocument, DatacoveyGetExportDocument,
  DatacoveyGetQueryJobDocument, DatacoveyGetQueryJobResultsDocument, DatacoveyListExportsDocument, DatacoveyListQueryJobsDocument,
  DatacoveyRunQueryDocument, type DatacoveyQueryExportFragment, type DatacoveyQueryJobFragment,
} from '../../src/generated/operations';
import { EXPORT_COMPRESSIONS, EXPORT_FORMATS } from '../../src/engine/exports';
import { MAX_SQL_LENGTH, MAX_RESULT_PAGE_SIZE } from './query-runs';

/** datacovey's job statuses (BigQuery's): a query run that ended in any way is DONE, a failure carries `error_result`. */
const JOB_STATUS: Record<string, string> = { queued: 'PENDING', running: 'RUNNING', succeeded: 'DONE', failed: 'DONE', cancelled: 'DONE' };

/** datacovey's QueryResultExport JSON; `gcs_path` is the file's name in the tenant's files, `signed_url` comes from Download Export. */
function datacoveyExport(e: DatacoveyQueryExportFragment) {
  return {
    id: e.id, query_job_id: e.queryRunId, tenant_id: e.tenant.id, status: e.status, format: e.format, compression: e.compression, gcs_path: e.fileName ?? null,
    signed_url: null, error_message: e.errorMessage ?? null, created_at: e.createdAt, completed_at: e.completedAt ?? null, expires_at: e.expiresAt,
  };
}

/** datacovey's QueryJob JSON: a query run. BigQuery statistics we do not have are null. */
function datacoveyQueryJob(j: DatacoveyQueryJobFragment) {
  const failed = j.status === 'failed' || j.status === 'cancelled';
  return {
    id: j.id, tenant_id: j.tenant.id, query_id: j.savedQueryId ?? null, running_job_id: j.id, status: JOB_STATUS[j.status] ?? j.status,
    error_result: failed ? { reason: j.status === 'cancelled' ? 'stopped' : 'invalidQuery', message: j.errorMessage ?? j.status } : null, error_details: null,
    created: j.createdAt, started: null, ended: j.completedAt ?? null, total_rows: j.rowCount ?? null, total_bytes_processed: null, total_slot_ms: null,
    cache_hit: null, dml_stats: null, query_plan: null, timeline: null, destination_table: null, num_dml_affected_rows: null, script_statistics: null,
    session_info: null, transaction_info: null, reservation_usage: null, created_at: j.createdAt, updated_at: j.updatedAt, private_row_count: null,
    exports: j.exports.map(datacoveyExport),
  };
}

const ID = { type: 'string', minLength: 1, maxLength: 36 };
const jobIdOf = (req: RestRequest) => ({ id: req.params.job_id });
const exportIdOf = (req: RestRequest) => ({ id: req.params.export_id });

const queryJobRoutes: RestRoute[] = [
  defineRoute({
    profile: 'datacovey', tag: 'query', method: 'post', path: '/query/run', summary: 'Run Query',
    body: { type: 'object', required: ['query_id', 'query_text'], properties: { query_id: ID, query_text: { type: 'string', minLength: 1, maxLength: MAX_SQL_LENGTH } } },
    operation: DatacoveyRunQueryDocument,
    variables: (req) => ({ queryId: String(req.body.query_id), sql: String(req.body.query_text) }),
    response: (data) => ({ job_id: data.runQuery.id }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query', method: 'post', path: '/query/cancel', summary: 'Cancel Query',
    body: { type: 'object', required: ['job_id'], properties: { job_id: ID } },
    operation: DatacoveyCancelQueryDocument,
    variables: (req) => ({ id: String(req.body.job_id) }),
    response: (data) => ({ job_id: data.cancelQueryRun.id, status: data.cancelQueryRun.status }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query', method: 'get', path: '/query/{job_id}/download', summary: 'Download Query Result', contentType: 'text/csv; charset=utf-8',
    operation: DatacoveyDownloadQueryResultDocument,
    variables: jobIdOf,
    response: (data) => data.queryRunResultCsv,
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query_jobs', method: 'get', path: '/query-jobs', summary: 'List Query Jobs', query: SKIP_LIMIT_QUERY,
    operation: DatacoveyListQueryJobsDocument,
    variables: pageFromSkipLimit,
    response: (data) => ({ query_jobs: data.queryRuns.nodes.map(datacoveyQueryJob) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query_jobs', method: 'get', path: '/query-jobs/{job_id}', summary: 'Get Query Job',
    operation: DatacoveyGetQueryJobDocument,
    variables: jobIdOf,
    response: (data) => datacoveyQueryJob(data.queryRun),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query_jobs', method: 'get', path: '/queries/{query_id}/query-jobs', summary: 'List Query Jobs By Query',
    operation: DatacoveyListQueryJobsDocument,
    variables: (req) => ({ first: MAX_PAGE_SIZE, filter: { savedQueryId: req.params.query_id } }),
    response: (data) => ({ query_jobs: data.queryRuns.nodes.map(datacoveyQueryJob) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query_jobs', method: 'get', path: '/query-jobs/{job_id}/results', summary: 'Get Query Job Results',
    query: { page: { type: 'integer', minimum: 1, default: 1 }, page_size: { type: 'integer', minimum: 1, maximum: MAX_RESULT_PAGE_SIZE, default: 50 } },
    operation: DatacoveyGetQueryJobResultsDocument,
    variables: (req) => ({ id: req.params.job_id, page: Number(req.query.page ?? 1), pageSize: Number(req.query.page_size ?? 50) }),
    response: (data) => {
      const r = data.queryRunResultPage;
      const names = r.columns.map((c) => c.name);
      return {
        rows: (r.rows as unknown[][]).map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]]))), columns: names, column_privacy: {},
        total_rows: r.totalRows, page: r.page, page_size: r.pageSize, total_pages: r.totalPages,
      };
    },
  }),
];

const exportRoutes: RestRoute[] = [
  defineRoute({
    profile: 'datacovey', tag: 'query_result_exports', method: 'post', path: '/query-jobs/{job_id}/exports', summary: 'Create Export', status: 201,
    // AVRO is in datacovey's enum and passes validation; the operation answers that it is unsupported (400).
    body: { type: 'object', properties: { format: { type: 'string', enum: [...EXPORT_FORMATS, 'AVRO'], default: 'CSV' }, compression: { type: 'string', enum: [...EXPORT_COMPRESSIONS], default: 'GZIP' } } },
    operation: DatacoveyCreateExportDocument,
    variables: (req) => ({ queryRunId: req.params.job_id, format: String(req.body.format ?? 'CSV'), compression: String(req.body.compression ?? 'GZIP') }),
    response: (data) => datacoveyExport(data.createQueryResultExport),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query_result_exports', method: 'get', path: '/query-jobs/{job_id}/exports', summary: 'List Exports',
    operation: DatacoveyListExportsDocument,
    variables: (req) => ({ queryRunId: req.params.job_id }),
    response: (data) => ({ exports: data.queryResultExports.map(datacoveyExport) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query_result_exports', method: 'get', path: '/exports/{export_id}', summary: 'Get Export',
    operation: DatacoveyGetExportDocument,
    variables: exportIdOf,
    response: (data) => datacoveyExport(data.queryResultExport),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query_result_exports', method: 'get', path: '/exports/{export_id}/download', summary: 'Download Export',
    operation: DatacoveyDownloadExportDocument,
    variables: exportIdOf,
    response: (data, req) => signedUrlJson(data.queryResultExportDownload, req),
  }),
];

/** datacovey `/api/v1` query jobs (query runs), query result exports, Run Query and Cancel Query. */
export const restDatacoveyQueryJobRoutes: RestRoute[] = [...queryJobRoutes, ...exportRoutes];
