import { OFFSET_LIMIT_QUERY, offsetEnvelope, pageFromOffset } from '../../src/rest/hotdata';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  HotdataCreateSavedQueryDocument, HotdataDeleteSavedQueryDocument, HotdataGetSavedQueryDocument, HotdataListSavedQueriesDocument,
  HotdataSavedQueryVersionsDocument, HotdataUpdateSavedQueryDocument, type HotdataQueryVersionFragment, type HotdataSavedQueryFragment,
} from '../../src/generated/operations';


const versionJson = (v: HotdataQueryVersionFragment, categoryOverride?: string | null, tableSize?: string | null) => ({
  category: categoryOverride ?? v.category, has_aggregation: v.hasAggregation, has_group_by: v.hasGroupBy, has_join: v.hasJoin,
  has_limit: v.hasLimit, has_order_by: v.hasOrderBy, has_predicate: v.hasPredicate, num_tables: v.numTables,
  sql: v.sql, sql_hash: v.sqlHash, table_size: tableSize ?? null,
});

/** hotdata's SavedQuery object. */
function savedQueryJson(q: HotdataSavedQueryFragment) {
  return {
    ...versionJson(q.current, q.categoryOverride, q.tableSizeOverride),
    created_at: q.createdAt, description: q.description ?? '', id: q.id, latest_version: q.latestVersion, name: q.name, tags: q.tags, updated_at: q.updatedAt,
  };
}

const TAGS = { type: ['array', 'null'], items: { type: 'string' } };

/** hotdata `/v1/queries`: saved, versioned, classified queries (execute arrives with the SQL engine). */
export const restSavedQueryRoutes: RestRoute[] = [
  defineRoute({
    profile: 'hotdata', tag: 'saved-queries', method: 'get', path: '/queries', summary: 'List saved queries', query: OFFSET_LIMIT_QUERY,
    operation: HotdataListSavedQueriesDocument,
    variables: pageFromOffset,
    response: (data, req) => ({
      ...offsetEnvelope(req, data.savedQueries),
      queries: data.savedQueries.nodes.map((q) => ({
        created_at: q.createdAt, description: q.description ?? '', id: q.id, latest_version: q.latestVersion, name: q.name, tags: q.tags, updated_at: q.updatedAt,
      })),
    }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'saved-queries', method: 'post', path: '/queries', summary: 'Create saved query', status: 201,
    body: { type: 'object', required: ['name', 'sql'], properties: { name: { type: 'string' }, sql: { type: 'string' }, description: { type: ['string', 'null'] }, tags: TAGS } },
    operation: HotdataCreateSavedQueryDocument,
    variables: (req) => ({ input: { name: String(req.body.name), sql: String(req.body.sql), description: (req.body.description as string | null) ?? null, tags: (req.body.tags as string[] | null) ?? null } }),
    response: (data) => savedQueryJson(data.createSavedQuery),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'saved-queries', method: 'get', path: '/queries/{id}', summary: 'Get saved query',
    operation: HotdataGetSavedQueryDocument,
    variables: (req) => ({ id: req.params.id }),
    response: (data) => savedQueryJson(data.savedQuery),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'saved-queries', method: 'put', path: '/queries/{id}', summary: 'Update saved query',
    body: {
      type: 'object',
      properties: {
        name: { type: ['string', 'null'] }, sql: { type: ['string', 'null'] }, description: { type: ['string', 'null'] }, tags: TAGS,
        category_override: { type: ['string', 'null'] }, table_size_override: { type: ['string', 'null'] },
      },
    },
    operation: HotdataUpdateSavedQueryDocument,
    variables: (req) => ({
      id: req.params.id,
      input: {
        name: (req.body.name as string | null) ?? null, sql: (req.body.sql as string | null) ?? null, tags: (req.body.tags as string[] | null) ?? null,
        ...('description' in req.body ? { description: req.body.description as string | null } : {}),
        ...('category_override' in req.body ? { categoryOverride: req.body.category_override as string | null } : {}),
        ...('table_size_override' in req.body ? { tableSizeOverride: req.body.table_size_override as string | null } : {}),
      },
    }),
    response: (data) => savedQueryJson(data.updateSavedQuery),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'saved-queries', method: 'delete', path: '/queries/{id}', summary: 'Delete saved query', status: 204,
    operation: HotdataDeleteSavedQueryDocument,
    variables: (req) => ({ id: req.params.id }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'hotdata', tag: 'saved-queries', method: 'get', path: '/queries/{id}/versions', summary: 'List saved query versions', query: OFFSET_LIMIT_QUERY,
    operation: HotdataSavedQueryVersionsDocument,
    variables: (req) => ({ id: req.params.id, ...pageFromOffset(req) }),
    response: (data, req) => ({
      ...offsetEnvelope(req, data.savedQueryVersions), saved_query_id: req.params.id,
      versions: data.savedQueryVersions.nodes.map((v) => ({ ...versionJson(v), created_at: v.createdAt, version: v.version })),
    }),
  }),
];
