import { lakesailDirection, lakesailList, PAGE_LIMIT_QUERY, pageFromPageLimit } from '../../src/rest/lakesail';
import { defineRoute, type RestRequest, type RestRoute } from '../../src/rest/route';
import {
  LakesailAddQueryTeamsDocument, LakesailCreateQueryDocument, LakesailDeleteQueryDocument, LakesailGetQueryDocument,
  LakesailListQueriesDocument, LakesailMyQueriesDocument, LakesailQueryTeamsDocument, LakesailRemoveQueryTeamDocument,
  LakesailUpdateQueryDocument, type LakesailQueryFragment, type SavedQueryFilter,
} from '../../src/generated/operations';

/** lakesail's query JSON: the SQL statement with its catalog and schema. */
const queryJson = (q: LakesailQueryFragment) => ({
  id: q.id, name: q.name, description: q.description ?? null, sql: q.current.sql, catalogId: q.catalogId ?? null, schema: q.schemaName ?? null,
  category: q.current.category, latestVersion: q.latestVersion, createdAt: q.createdAt, updatedAt: q.updatedAt,
});

/** "List my queries" sorts by updatedAt unless told otherwise. */
const filterOf = (req: RestRequest, teamId?: string, catalogId?: string): SavedQueryFilter => ({
  sortBy: req.query.sort === 'name' ? 'NAME' : 'UPDATED_AT',
  direction: lakesailDirection(req),
  teamId: teamId ?? null,
  catalogId: catalogId ?? null,
});

const BODY_PROPERTIES = {
  name: { type: 'string' }, sql: { type: 'string' }, description: { type: ['string', 'null'] }, catalogId: { type: ['string', 'null'] }, schema: { type: ['string', 'null'] },
};

/** lakesail queries under `/lakesail/api/v1`, on the same saved queries as hotdata's `/v1/queries`. */
export const restLakesailQueryRoutes: RestRoute[] = [
  defineRoute({
    profile: 'lakesail', tag: 'queries', method: 'get', path: '/queries/mine', summary: 'List my queries',
    query: { ...PAGE_LIMIT_QUERY, sort: { type: 'string', enum: ['name', 'updatedAt'], default: 'updatedAt' } },
    operation: LakesailMyQueriesDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: filterOf(req) }),
    response: (data, req) => lakesailList(req, data.mySavedQueries, queryJson),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'queries', method: 'get', path: '/queries', summary: 'List queries', query: PAGE_LIMIT_QUERY,
    operation: LakesailListQueriesDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: { sortBy: 'CREATED_AT' as const, teamId: null } }),
    response: (data, req) => lakesailList(req, data.savedQueries, queryJson),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'queries', method: 'post', path: '/queries', summary: 'Create a query', status: 201,
    body: { type: 'object', required: ['name', 'sql'], properties: { ...BODY_PROPERTIES, teamIds: { type: 'array', items: { type: 'string' } } } },
    operation: LakesailCreateQueryDocument,
    variables: (req) => ({
      input: {
        name: String(req.body.name), sql: String(req.body.sql), description: (req.body.description as string | null) ?? null,
        catalogId: (req.body.catalogId as string | null) ?? null, schemaName: (req.body.schema as string | null) ?? null, teamIds: (req.body.teamIds as string[] | undefined) ?? null,
      },
    }),
    response: (data) => queryJson(data.createSavedQuery),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'queries', method: 'get', path: '/queries/{queryId}', summary: 'Describe a query',
    operation: LakesailGetQueryDocument,
    variables: (req) => ({ id: req.params.queryId }),
    response: (data) => ({ ...queryJson(data.savedQuery), teamIds: data.savedQueryTeams.map((t) => t.teamId) }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'queries', method: 'patch', path: '/queries/{queryId}', summary: 'Update a query',
    body: { type: 'object', properties: { ...BODY_PROPERTIES, name: { type: ['string', 'null'] }, sql: { type: ['string', 'null'] } } },
    operation: LakesailUpdateQueryDocument,
    variables: (req) => ({
      id: req.params.queryId,
      input: {
        name: (req.body.name as string | null) ?? null, sql: (req.body.sql as string | null) ?? null,
        ...('description' in req.body ? { description: req.body.description as string | null } : {}),
        ...('catalogId' in req.body ? { catalogId: req.body.catalogId as string | null } : {}),
        ...('schema' in req.body ? { schemaName: req.body.schema as string | null } : {}),
      },
    }),
    response: (data) => queryJson(data.updateSavedQuery),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'queries', method: 'delete', path: '/queries/{queryId}', summary: 'Delete a query', status: 204,
    operation: LakesailDeleteQueryDocument,
    variables: (req) => ({ id: req.params.queryId }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'queries', method: 'get', path: '/queries/{queryId}/teams', summary: 'List query teams',
    operation: LakesailQueryTeamsDocument,
    variables: (req) => ({ id: req.params.queryId }),
    response: (data) => ({ items: data.savedQueryTeams }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'queries', method: 'post', path: '/queries/{queryId}/teams', summary: 'Add teams to a query',
    body: { type: 'object', required: ['teamIds'], properties: { teamIds: { type: 'array', minItems: 1, items: { type: 'string' } } } },
    operation: LakesailAddQueryTeamsDocument,
    variables: (req) => ({ id: req.params.queryId, input: { teamIds: req.body.teamIds as string[] } }),
    response: (data) => ({ items: data.addSavedQueryTeams }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'queries', method: 'delete', path: '/queries/{queryId}/teams/{teamId}', summary: 'Remove a team from a query', status: 204,
    operation: LakesailRemoveQueryTeamDocument,
    variables: (req) => ({ id: req.params.queryId, teamId: req.params.teamId }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'queries', method: 'get', path: '/teams/{teamId}/queries', summary: 'List team queries', query: PAGE_LIMIT_QUERY,
    operation: LakesailListQueriesDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: filterOf(req, req.params.teamId) }),
    response: (data, req) => lakesailList(req, data.savedQueries, queryJson),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'get', path: '/catalogs/{catalogId}/queries', summary: 'List queries that use a catalog', query: PAGE_LIMIT_QUERY,
    operation: LakesailListQueriesDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: filterOf(req, undefined, req.params.catalogId) }),
    response: (data, req) => lakesailList(req, data.savedQueries, queryJson),
  }),
];
