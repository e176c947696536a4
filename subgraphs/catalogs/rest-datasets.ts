import { MAX_PAGE_SIZE } from '../../src/pagination';
import { OFFSET_LIMIT_QUERY, offsetEnvelope, pageFromOffset } from '../../src/rest/hotdata';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  HotdataCreateDatasetDocument, HotdataCreateUploadDocument, HotdataDatasetVersionsDocument, HotdataDeleteDatasetDocument,
  HotdataGetDatasetDocument, HotdataListDatasetsDocument, HotdataListUploadsDocument, HotdataLoadDatasetVersionDocument,
  HotdataUpdateDatasetDocument, type DatasetSourceInput, type HotdataDatasetFragment, type HotdataUploadFragment,
} from '../../src/generated/operations';
import { UPLOAD_STATUSES } from './entities';


const uploadJson = (u: HotdataUploadFragment) => ({ content_type: u.contentType ?? null, created_at: u.createdAt, id: u.id, size_bytes: u.sizeBytes, status: u.status });
const datasetJson = (d: HotdataDatasetFragment) => ({
  created_at: d.createdAt, id: d.id, label: d.label, latest_version: d.latestVersion, pinned_version: d.pinnedVersion ?? null,
  schema_name: d.schemaName, table_name: d.tableName, updated_at: d.updatedAt,
});

/**
 * hotdata's DatasetSource is not spelled out by its doc; accepted here:
 * `{"upload_id": "…", "format": "csv"}`, `{"inline": "a,b\n1,2", "format": "csv"}`,
 * `{"inline": {"content": "…", "format": "json"}}` and `{"inline": {"rows": [{…}]}}` (or `{"rows": […]}`).
 */
const SOURCE = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['upload', 'inline'] },
    upload_id: { type: 'string', maxLength: 36 },
    format: { type: 'string', enum: ['csv', 'json', 'parquet'] },
    inline: {
      oneOf: [
        { type: 'string' },
        { type: 'object', properties: { content: { type: 'string' }, format: { type: 'string', enum: ['csv', 'json'] }, rows: { type: 'array', items: { type: 'object' } } } },
      ],
    },
    rows: { type: 'array', items: { type: 'object' } },
  },
};

function sourceInput(source: Record<string, any>): DatasetSourceInput {
  const inline = typeof source.inline === 'string' ? { content: source.inline } : ((source.inline ?? {}) as Record<string, any>);
  return {
    uploadId: source.upload_id ?? null,
    content: inline.content ?? null,
    rows: inline.rows ?? source.rows ?? null,
    format: inline.format ?? source.format ?? null,
  };
}

/** hotdata `/v1/files` (raw-byte uploads) and `/v1/datasets` (versioned datasets built from them or inline data). */
export const restDatasetRoutes: RestRoute[] = [
  defineRoute({
    profile: 'hotdata', tag: 'uploads', method: 'get', path: '/files', summary: 'List uploads',
    query: { status: { type: 'string', enum: [...UPLOAD_STATUSES] } },
    operation: HotdataListUploadsDocument,
    variables: (req) => ({ first: MAX_PAGE_SIZE, filter: req.query.status ? { status: req.query.status } : null }),
    response: (data) => ({ uploads: data.uploads.nodes.map(uploadJson) }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'uploads', method: 'post', path: '/files', summary: 'Upload file', status: 201, rawBody: true,
    query: { streaming: { type: 'boolean' } },
    operation: HotdataCreateUploadDocument,
    response: (data) => uploadJson(data.createUpload),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'datasets', method: 'get', path: '/datasets', summary: 'List datasets', query: OFFSET_LIMIT_QUERY,
    operation: HotdataListDatasetsDocument,
    variables: pageFromOffset,
    response: (data, req) => ({ ...offsetEnvelope(req, data.datasets), datasets: data.datasets.nodes.map(datasetJson) }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'datasets', method: 'post', path: '/datasets', summary: 'Create dataset', status: 201,
    body: {
      type: 'object', required: ['label', 'source'],
      properties: { label: { type: 'string', minLength: 1, maxLength: 200 }, table_name: { type: ['string', 'null'], maxLength: 63 }, source: SOURCE },
    },
    operation: HotdataCreateDatasetDocument,
    variables: (req) => ({
      input: { label: String(req.body.label), tableName: (req.body.table_name as string | null) ?? null, source: sourceInput(req.body.source as Record<string, any>) },
    }),
    response: (data) => {
      const d = data.createDataset;
      return { created_at: d.createdAt, id: d.id, label: d.label, schema_name: d.schemaName, status: 'ready', table_name: d.tableName };
    },
  }),
  defineRoute({
    profile: 'hotdata', tag: 'datasets', method: 'get', path: '/datasets/{id}', summary: 'Get dataset',
    operation: HotdataGetDatasetDocument,
    variables: (req) => ({ id: req.params.id }),
    response: (data) => ({
      ...datasetJson(data.dataset), source_type: data.dataset.sourceType,
      columns: data.dataset.columns.map((c) => ({ data_type: c.dataType, name: c.name, nullable: c.nullable })),
    }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'datasets', method: 'put', path: '/datasets/{id}', summary: 'Update dataset',
    body: {
      type: 'object',
      properties: { label: { type: ['string', 'null'], maxLength: 200 }, table_name: { type: ['string', 'null'], maxLength: 63 }, pinned_version: { type: ['integer', 'null'], minimum: 1 } },
    },
    operation: HotdataUpdateDatasetDocument,
    variables: (req) => ({
      id: req.params.id,
      input: {
        label: (req.body.label as string | null) ?? null, tableName: (req.body.table_name as string | null) ?? null,
        // Present and null unpins; absent leaves the pin alone.
        ...('pinned_version' in req.body ? { pinnedVersion: req.body.pinned_version as number | null } : {}),
      },
    }),
    response: (data) => {
      const d = data.updateDataset;
      return { id: d.id, label: d.label, latest_version: d.latestVersion, pinned_version: d.pinnedVersion ?? null, table_name: d.tableName, updated_at: d.updatedAt };
    },
  }),
  defineRoute({
    profile: 'hotdata', tag: 'datasets', method: 'delete', path: '/datasets/{id}', summary: 'Delete dataset', status: 204,
    operation: HotdataDeleteDatasetDocument,
    variables: (req) => ({ id: req.params.id }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'hotdata', tag: 'datasets', method: 'get', path: '/datasets/{id}/versions', summary: 'List dataset versions', query: OFFSET_LIMIT_QUERY,
    operation: HotdataDatasetVersionsDocument,
    variables: (req) => ({ id: req.params.id, ...pageFromOffset(req) }),
    response: (data, req) => ({
      ...offsetEnvelope(req, data.datasetVersions), dataset_id: req.params.id,
      versions: data.datasetVersions.nodes.map((v) => ({ created_at: v.createdAt, id: v.id, source_type: v.sourceType, version: v.version, row_count: v.rowCount })),
    }),
  }),
  // Not in hotdata's doc, which names versions but no way to add one: loads new data as the next version.
  defineRoute({
    profile: 'hotdata', tag: 'datasets', method: 'post', path: '/datasets/{id}/versions', summary: 'Load a new dataset version', status: 201,
    body: { type: 'object', required: ['source'], properties: { source: SOURCE } },
    operation: HotdataLoadDatasetVersionDocument,
    variables: (req) => ({ id: req.params.id, source: sourceInput(req.body.source as Record<string, any>) }),
    response: (data) => datasetJson(data.loadDatasetVersion),
  }),
];
