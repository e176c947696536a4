import { MAX_PAGE_SIZE } from '../../src/pagination';
import { pageFromSkipLimit, putAndPatch, SKIP_LIMIT_QUERY } from '../../src/rest/paging';
import { defineRoute, type RestRequest, type RestRoute } from '../../src/rest/route';
import {
  DatacoveyCreateDatasetDocument, DatacoveyCreateQueryDocument, DatacoveyCreateTableDocument, DatacoveyDeleteDatasetDocument,
  DatacoveyDeleteQueryDocument, DatacoveyDeleteTableDocument, DatacoveyGetDatasetDocument, DatacoveyGetQueryDocument,
  DatacoveyGetTableDocument, DatacoveyListDatasetsDocument, DatacoveyListQueriesDocument, DatacoveyListTablesDocument,
  DatacoveyUpdateDatasetDocument, DatacoveyUpdateQueryDocument, DatacoveyUpdateTableDocument,
  type DatacoveyDatasetFragment, type DatacoveyQueryFragment, type DatacoveyTableFragment,
} from '../../src/generated/operations';
import { MAX_SQL_LENGTH } from './saved-queries';

/** datacovey's Dataset JSON (a project dataset here). */
export function datacoveyDataset(d: DatacoveyDatasetFragment) {
  return { name: d.name, description: d.description ?? null, id: d.id, tenant_id: d.tenant.id, project_id: d.projectId, created_at: d.createdAt, archived_at: d.archivedAt ?? null };
}

/** datacovey's Table JSON (a dataset of a project dataset; `schema` as declared). */
export function datacoveyTable(t: DatacoveyTableFragment) {
  return {
    name: t.tableName, schema: t.declaredSchema ?? null, id: t.id, tenant_id: t.tenant.id, dataset_id: t.projectDatasetId ?? null,
    created_at: t.createdAt, archived_at: t.archivedAt ?? null,
  };
}

/** datacovey's Query JSON (a saved query; its text is the latest version's SQL). */
export function datacoveyQuery(q: DatacoveyQueryFragment) {
  return { query_text: q.current.sql, id: q.id, tenant_id: q.tenant.id, project_id: q.projectId ?? null, created_at: q.createdAt, archived_at: q.archivedAt ?? null };
}

/** datacovey queries have no name: the start of their SQL on one line serves as one. */
export function queryName(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 60) || 'query';
}

const ID = { type: 'string', minLength: 1, maxLength: 36 };
const NULLABLE_ID = { type: ['string', 'null'], minLength: 1, maxLength: 36 };
const NAME = { type: 'string', minLength: 1, maxLength: 63 };
const SQL = { type: 'string', minLength: 1, maxLength: MAX_SQL_LENGTH };
const ALL = { first: MAX_PAGE_SIZE };
const idOf = (param: string) => (req: RestRequest) => ({ id: req.params[param] });
/** A body field as an input value: absent → omitted (left as is), else its value (null included). */
const given = (req: RestRequest, field: string, as: string = field) => (field in req.body ? { [as]: req.body[field] } : {});

const datasetRoutes: RestRoute[] = [
  defineRoute({
    profile: 'datacovey', tag: 'datasets', method: 'post', path: '/datasets', summary: 'Create Dataset', status: 201,
    body: { type: 'object', required: ['name', 'project_id'], properties: { name: NAME, description: { type: ['string', 'null'], maxLength: 10_000 }, project_id: ID } },
    operation: DatacoveyCreateDatasetDocument,
    variables: (req) => ({ input: { name: String(req.body.name), description: (req.body.description as string | null) ?? null, projectId: String(req.body.project_id) } }),
    response: (data) => datacoveyDataset(data.createProjectDataset),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'datasets', method: 'get', path: '/datasets', summary: 'List Datasets', query: SKIP_LIMIT_QUERY,
    operation: DatacoveyListDatasetsDocument,
    variables: pageFromSkipLimit,
    response: (data) => ({ datasets: data.projectDatasets.nodes.map(datacoveyDataset) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'datasets', method: 'get', path: '/datasets/{dataset_id}', summary: 'Get Dataset',
    operation: DatacoveyGetDatasetDocument,
    variables: idOf('dataset_id'),
    response: (data) => datacoveyDataset(data.projectDataset),
  }),
  ...putAndPatch({
    profile: 'datacovey', tag: 'datasets', path: '/datasets/{dataset_id}', summary: 'Update Dataset',
    body: { type: 'object', properties: { name: { ...NAME, type: ['string', 'null'] }, description: { type: ['string', 'null'], maxLength: 10_000 }, project_id: NULLABLE_ID } },
    operation: DatacoveyUpdateDatasetDocument,
    variables: (req) => ({
      id: req.params.dataset_id,
      input: { name: (req.body.name as string | null) ?? null, projectId: (req.body.project_id as string | null) ?? null, ...given(req, 'description') },
    }),
    response: (data) => datacoveyDataset(data.updateProjectDataset),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'datasets', method: 'delete', path: '/datasets/{dataset_id}', summary: 'Delete Dataset', status: 204,
    operation: DatacoveyDeleteDatasetDocument,
    variables: idOf('dataset_id'),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'datacovey', tag: 'datasets', method: 'get', path: '/projects/{project_id}/datasets', summary: 'List Datasets By Project',
    operation: DatacoveyListDatasetsDocument,
    variables: (req) => ({ ...ALL, filter: { projectId: req.params.project_id } }),
    response: (data) => ({ datasets: data.projectDatasets.nodes.map(datacoveyDataset) }),
  }),
];

const tableRoutes: RestRoute[] = [
  defineRoute({
    profile: 'datacovey', tag: 'tables', method: 'post', path: '/tables', summary: 'Create Table', status: 201,
    body: { type: 'object', required: ['name', 'schema', 'dataset_id'], properties: { name: NAME, schema: {}, dataset_id: ID } },
    operation: DatacoveyCreateTableDocument,
    variables: (req) => ({ input: { name: String(req.body.name), schema: req.body.schema ?? null, projectDatasetId: String(req.body.dataset_id) } }),
    response: (data) => datacoveyTable(data.createTable),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'tables', method: 'get', path: '/tables', summary: 'List Tables', query: SKIP_LIMIT_QUERY,
    operation: DatacoveyListTablesDocument,
    variables: (req) => ({ ...pageFromSkipLimit(req), filter: { inProjectDataset: true } }),
    response: (data) => ({ tables: data.datasets.nodes.map(datacoveyTable) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'tables', method: 'get', path: '/tables/{table_id}', summary: 'Get Table',
    operation: DatacoveyGetTableDocument,
    variables: idOf('table_id'),
    response: (data) => datacoveyTable(data.dataset),
  }),
  ...putAndPatch({
    profile: 'datacovey', tag: 'tables', path: '/tables/{table_id}', summary: 'Update Table',
    body: { type: 'object', properties: { name: { ...NAME, type: ['string', 'null'] }, schema: {}, dataset_id: NULLABLE_ID } },
    operation: DatacoveyUpdateTableDocument,
    variables: (req) => ({
      id: req.params.table_id,
      input: { name: (req.body.name as string | null) ?? null, schema: req.body.schema ?? null, projectDatasetId: (req.body.dataset_id as string | null) ?? null },
    }),
    response: (data) => datacoveyTable(data.updateTable),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'tables', method: 'delete', path: '/tables/{table_id}', summary: 'Delete Table', status: 204,
    operation: DatacoveyDeleteTableDocument,
    variables: idOf('table_id'),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'datacovey', tag: 'tables', method: 'get', path: '/datasets/{dataset_id}/tables', summary: 'List Tables By Dataset',
    operation: DatacoveyListTablesDocument,
    variables: (req) => ({ ...ALL, filter: { projectDatasetId: req.params.dataset_id } }),
    response: (data) => ({ tables: data.datasets.nodes.map(datacoveyTable) }),
  }),
];

const queryRoutes: RestRoute[] = [
  defineRoute({
    profile: 'datacovey', tag: 'query', method: 'post', path: '/queries', summary: 'Create Query', status: 201,
    body: { type: 'object', required: ['query_text', 'project_id'], properties: { query_text: SQL, project_id: ID } },
    operation: DatacoveyCreateQueryDocument,
    variables: (req) => ({ input: { name: queryName(String(req.body.query_text)), sql: String(req.body.query_text), projectId: String(req.body.project_id) } }),
    response: (data) => datacoveyQuery(data.createSavedQuery),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query', method: 'get', path: '/queries', summary: 'List Queries', query: { ...SKIP_LIMIT_QUERY, project_id: ID },
    operation: DatacoveyListQueriesDocument,
    variables: (req) => ({ ...pageFromSkipLimit(req), filter: { projectId: req.query.project_id ?? null } }),
    response: (data) => ({ queries: data.savedQueries.nodes.map(datacoveyQuery) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query', method: 'get', path: '/queries/{query_id}', summary: 'Get Query',
    operation: DatacoveyGetQueryDocument,
    variables: idOf('query_id'),
    response: (data) => datacoveyQuery(data.savedQuery),
  }),
  ...putAndPatch({
    profile: 'datacovey', tag: 'query', path: '/queries/{query_id}', summary: 'Update Query',
    body: { type: 'object', properties: { query_text: { ...SQL, type: ['string', 'null'] }, project_id: NULLABLE_ID } },
    operation: DatacoveyUpdateQueryDocument,
    variables: (req) => {
      const sql = (req.body.query_text as string | null) ?? null;
      return { id: req.params.query_id, input: { sql, ...(sql ? { name: queryName(sql) } : {}), ...given(req, 'project_id', 'projectId') } };
    },
    response: (data) => datacoveyQuery(data.updateSavedQuery),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'query', method: 'delete', path: '/queries/{query_id}', summary: 'Delete Query', status: 204,
    operation: DatacoveyDeleteQueryDocument,
    variables: idOf('query_id'),
    response: () => undefined,
  }),
];

/** datacovey `/api/v1` datasets (project datasets), tables (their datasets) and queries (saved queries; Run Query is a job). */
export const restDatacoveyRoutes: RestRoute[] = [...datasetRoutes, ...tableRoutes, ...queryRoutes];
