import { lakesailDirection, lakesailList, PAGE_LIMIT_QUERY, pageFromPageLimit } from '../../src/rest/lakesail';
import { defineRoute, type RestRequest, type RestRoute } from '../../src/rest/route';
import {
  LakesailAddCatalogTeamsDocument, LakesailCatalogTeamsDocument, LakesailCreateCatalogDocument, LakesailDisconnectCatalogDocument,
  LakesailGetCatalogDocument, LakesailListCatalogsDocument, LakesailMyCatalogsDocument, LakesailRemoveCatalogTeamDocument,
  LakesailUpdateCatalogDocument, type CatalogFilter, type LakesailCatalogFragment,
} from '../../src/generated/operations';

const SORT_QUERY = { ...PAGE_LIMIT_QUERY, sort: { type: 'string', enum: ['name', 'updatedAt'], default: 'name' } };
const filterOf = (req: RestRequest, teamId?: string): CatalogFilter => ({
  sortBy: req.query.sort === 'updatedAt' ? 'UPDATED_AT' : 'NAME',
  direction: lakesailDirection(req),
  teamId: teamId ?? null,
});
const catalog = (c: LakesailCatalogFragment) => c;
const TEAM_IDS = { type: 'array', minItems: 1, items: { type: 'string' } };

/** lakesail catalogs under `/lakesail/api/v1` (paths derived from its operation names). */
export const restCatalogRoutes: RestRoute[] = [
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'get', path: '/catalogs/mine', summary: 'List my catalogs', query: SORT_QUERY,
    operation: LakesailMyCatalogsDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: filterOf(req) }),
    response: (data, req) => lakesailList(req, data.myCatalogs, catalog),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'get', path: '/catalogs', summary: 'List catalogs', query: PAGE_LIMIT_QUERY,
    operation: LakesailListCatalogsDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: filterOf(req) }),
    response: (data, req) => lakesailList(req, data.catalogs, catalog),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'post', path: '/catalogs', summary: 'Create a catalog', status: 201,
    body: {
      type: 'object', required: ['name', 'provider'],
      properties: { name: { type: 'string' }, provider: { type: 'string' }, config: { type: ['object', 'null'] }, secretId: { type: ['string', 'null'] }, teamIds: { type: 'array', items: { type: 'string' } } },
    },
    operation: LakesailCreateCatalogDocument,
    variables: (req) => ({
      input: {
        name: String(req.body.name), provider: String(req.body.provider), config: req.body.config ?? null,
        secretId: (req.body.secretId as string | null) ?? null, teamIds: (req.body.teamIds as string[] | undefined) ?? null,
      },
    }),
    response: (data) => data.createCatalog,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'get', path: '/catalogs/{catalogId}', summary: 'Describe a catalog',
    operation: LakesailGetCatalogDocument,
    variables: (req) => ({ id: req.params.catalogId }),
    response: (data) => data.catalog,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'patch', path: '/catalogs/{catalogId}', summary: 'Update a catalog',
    body: { type: 'object', properties: { name: { type: ['string', 'null'] }, config: { type: ['object', 'null'] }, secretId: { type: ['string', 'null'] } } },
    operation: LakesailUpdateCatalogDocument,
    variables: (req) => ({
      id: req.params.catalogId,
      input: { name: (req.body.name as string | null) ?? null, config: req.body.config ?? null, ...('secretId' in req.body ? { secretId: req.body.secretId as string | null } : {}) },
    }),
    response: (data) => data.updateCatalog,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'delete', path: '/catalogs/{catalogId}', summary: 'Disconnect a catalog from the organization', status: 204,
    operation: LakesailDisconnectCatalogDocument,
    variables: (req) => ({ id: req.params.catalogId }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'get', path: '/catalogs/{catalogId}/teams', summary: 'List catalog teams',
    operation: LakesailCatalogTeamsDocument,
    variables: (req) => ({ id: req.params.catalogId }),
    response: (data) => ({ items: data.catalogTeams }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'post', path: '/catalogs/{catalogId}/teams', summary: 'Add teams to a catalog',
    body: { type: 'object', required: ['teamIds'], properties: { teamIds: TEAM_IDS } },
    operation: LakesailAddCatalogTeamsDocument,
    variables: (req) => ({ id: req.params.catalogId, input: { teamIds: req.body.teamIds as string[] } }),
    response: (data) => ({ items: data.addCatalogTeams }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'delete', path: '/catalogs/{catalogId}/teams/{teamId}', summary: 'Remove a team from a catalog', status: 204,
    operation: LakesailRemoveCatalogTeamDocument,
    variables: (req) => ({ id: req.params.catalogId, teamId: req.params.teamId }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'catalogs', method: 'get', path: '/teams/{teamId}/catalogs', summary: 'List team catalogs', query: PAGE_LIMIT_QUERY,
    operation: LakesailListCatalogsDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: filterOf(req, req.params.teamId) }),
    response: (data, req) => lakesailList(req, data.catalogs, catalog),
  }),
];
