import { MAX_PAGE_SIZE } from '../../src/pagination';
import { EXPORT_COMPRESSIONS, EXPORT_FORMATS } from '../../src/engine/exports';
import { pageFromSkipLimit, SKIP_LIMIT_QUERY } from '../../src/rest/paging';
import { signedUrlJson } from '../../src/rest/signed-downloads';
import { defineRoute, type RestRequest, type RestRoute } from '../../src/rest/route';
import {
  DatacoveyCreateExportJobDocument, DatacoveyCreateImportJobDocument, DatacoveyDownloadTableJobDocument, DatacoveyGetTableJobDocument,
  DatacoveyListTableJobsDocument, type DatacoveyTableJobFragment,
} from '../../src/generated/operations';

/**
 * datacovey's ImportJob / ExportJob JSON. `status` is the job's own (pending, running, done,
 * failed); the `status` the client sent is kept as `label`. The fields after `archived_at` are ours.
 */
function datacoveyTableJob(j: DatacoveyTableJobFragment) {
  return {
    status: j.status, id: j.id, tenant_id: j.tenant.id, table_id: j.tableId, created_at: j.createdAt, archived_at: j.archivedAt ?? null,
    label: j.label ?? null, ...(j.kind === 'import' ? { upload_id: j.uploadId ?? null } : { format: j.format ?? null, compression: j.compression ?? null }),
    version: j.version ?? null, error_message: j.errorMessage ?? null, completed_at: j.completedAt ?? null,
  };
}

const ID = { type: 'string', minLength: 1, maxLength: 36 };
const LABEL = { type: 'string', maxLength: 200 };

/** The four datacovey routes of one kind (Create, List, Get, List By Table); `name` is `import` or `export`. */
function tableJobRoutes(kind: 'import' | 'export', create: RestRoute): RestRoute[] {
  const tag = `${kind}_jobs`;
  const title = kind === 'import' ? 'Import' : 'Export';
  const list = (data: { tableJobs: { nodes: DatacoveyTableJobFragment[] } }) => ({ [tag]: data.tableJobs.nodes.map(datacoveyTableJob) });
  return [
    create,
    defineRoute({
      profile: 'datacovey', tag, method: 'get', path: `/${kind}-jobs`, summary: `List ${title} Jobs`, query: SKIP_LIMIT_QUERY,
      operation: DatacoveyListTableJobsDocument,
      variables: (req) => ({ ...pageFromSkipLimit(req), filter: { kind } }),
      response: list,
    }),
    defineRoute({
      profile: 'datacovey', tag, method: 'get', path: `/${kind}-jobs/{job_id}`, summary: `Get ${title} Job`,
      operation: DatacoveyGetTableJobDocument,
      variables: (req) => ({ id: req.params.job_id, kind }),
      response: (data) => datacoveyTableJob(data.tableJob),
    }),
    defineRoute({
      profile: 'datacovey', tag, method: 'get', path: `/tables/{table_id}/${kind}-jobs`, summary: `List ${title} Jobs By Table`,
      operation: DatacoveyListTableJobsDocument,
      variables: (req) => ({ first: MAX_PAGE_SIZE, filter: { kind, tableId: req.params.table_id } }),
      response: list,
    }),
  ];
}

/** datacovey `/api/v1` import jobs (an upload loaded into a table) and export jobs (a table written to a file). */
export const restDatacoveyTableJobRoutes: RestRoute[] = [
  ...tableJobRoutes('import', defineRoute({
    profile: 'datacovey', tag: 'import_jobs', method: 'post', path: '/import-jobs', summary: 'Create Import Job', status: 201,
    body: { type: 'object', required: ['status', 'table_id', 'upload_id'], properties: { status: LABEL, table_id: ID, upload_id: ID } },
    operation: DatacoveyCreateImportJobDocument,
    variables: (req: RestRequest) => ({ input: { tableId: String(req.body.table_id), uploadId: String(req.body.upload_id), label: String(req.body.status) } }),
    response: (data) => datacoveyTableJob(data.createTableImportJob),
  })),
  ...tableJobRoutes('export', defineRoute({
    profile: 'datacovey', tag: 'export_jobs', method: 'post', path: '/export-jobs', summary: 'Create Export Job', status: 201,
    body: {
      type: 'object', required: ['status', 'table_id'],
      properties: { status: LABEL, table_id: ID, format: { type: 'string', enum: [...EXPORT_FORMATS, 'AVRO'] }, compression: { type: 'string', enum: [...EXPORT_COMPRESSIONS] } },
    },
    operation: DatacoveyCreateExportJobDocument,
    variables: (req: RestRequest) => ({
      input: { tableId: String(req.body.table_id), label: String(req.body.status), format: (req.body.format as string | undefined) ?? null, compression: (req.body.compression as string | undefined) ?? null },
    }),
    response: (data) => datacoveyTableJob(data.createTableExportJob),
  })),
  defineRoute({
    profile: 'datacovey', tag: 'export_jobs', method: 'get', path: '/export-jobs/{job_id}/download', summary: 'Download Export Job',
    operation: DatacoveyDownloadTableJobDocument,
    variables: (req) => ({ id: req.params.job_id }),
    response: (data, req) => signedUrlJson(data.tableJobDownload, req),
  }),
];
