import { lakesailList, lakesailListOf, lakesailTokenList, PAGE_LIMIT_QUERY, pageFromPageLimit, pageFromToken, TOKEN_LIMIT_QUERY } from '../../src/rest/lakesail';
import { defineRoute, type RestRequest, type RestRoute } from '../../src/rest/route';
import {
  LakesailAddNotebookTeamsDocument, LakesailCloseSessionDocument, LakesailCreateNotebookCellDocument, LakesailCreateNotebookDocument,
  LakesailCreateSessionDocument, LakesailCreateWorkloadConfigDocument, LakesailDeleteNotebookCellDocument, LakesailDeleteNotebookDocument,
  LakesailExecuteNotebookCellDocument, LakesailGetNotebookDocument, LakesailGetSessionDocument, LakesailGetWorkloadConfigDocument,
  LakesailIssueSessionProxyTokenDocument, LakesailListNotebooksDocument, LakesailListSessionsDocument, LakesailListWorkloadConfigsDocument,
  LakesailNotebookCellsDocument, LakesailNotebookTeamsDocument, LakesailOpenNotebookDocument, LakesailRecordNotebookActivityDocument,
  LakesailRelaunchSessionDocument, LakesailRemoveNotebookTeamDocument, LakesailStartNotebookDocument, LakesailStopNotebookDocument,
  LakesailUpdateNotebookCellDocument, LakesailUpdateNotebookDocument, LakesailUpdateWorkloadConfigDocument,
} from '../../src/generated/operations';
import { CELL_TYPES, WORKLOAD_TYPES } from './entities';
import { ENDPOINT_TYPES, SESSION_STATUSES } from './session.machine';

/** A lakesail route under `tag`: the answer is the operation's one field unless `response` maps it; 204s send none. */
function route<TData, TVariables>(tag: string, definition: Omit<RestRoute<TData, TVariables>, 'profile' | 'tag'>): RestRoute {
  return defineRoute<TData, TVariables>({ profile: 'lakesail', tag, ...definition });
}
const notebookRoute = <TData, TVariables>(definition: Omit<RestRoute<TData, TVariables>, 'profile' | 'tag'>) => route('notebooks', definition);
const sessionRoute = <TData, TVariables>(definition: Omit<RestRoute<TData, TVariables>, 'profile' | 'tag'>) => route('sessions', definition);
const configRoute = <TData, TVariables>(definition: Omit<RestRoute<TData, TVariables>, 'profile' | 'tag'>) => route('workload-configs', definition);

const notebookIdOf = (req: RestRequest) => ({ notebookId: req.params.notebookId });
const cellIdsOf = (req: RestRequest) => ({ notebookId: req.params.notebookId, cellId: req.params.cellId });
const sessionIdOf = (req: RestRequest) => ({ sessionId: req.params.sessionId });
const TEAM_IDS_BODY = { type: 'object', required: ['teamIds'], properties: { teamIds: { type: 'array', minItems: 1, items: { type: 'string' } } } };
const nullableString = { type: ['string', 'null'] };
const idleTimeout = { type: ['integer', 'null'], minimum: 1 };
/** Only the fields the body holds: an absent one keeps its value. */
const present = (body: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in body).map((k) => [k, body[k]]));

/** A notebook list (all you may see, or a team's), `{items, page, limit, total}`. */
const listNotebooks = (path: string, summary: string, teamId: (req: RestRequest) => string | null) =>
  notebookRoute({
    method: 'get', path, summary, query: PAGE_LIMIT_QUERY,
    operation: LakesailListNotebooksDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: { teamId: teamId(req) } }),
    response: (data, req) => lakesailList(req, data.notebooks, (n) => n),
  });

const notebookRoutes: RestRoute[] = [
  listNotebooks('/notebooks', 'List notebooks', () => null),
  notebookRoute({
    method: 'post', path: '/notebooks', summary: 'Create a notebook', status: 201,
    body: {
      type: 'object', required: ['displayName', 'workloadConfigId'],
      properties: { displayName: { type: 'string' }, description: nullableString, workloadConfigId: { type: 'string' }, idleTimeoutSeconds: idleTimeout, teamIds: { type: ['array', 'null'], items: { type: 'string' } } },
    },
    operation: LakesailCreateNotebookDocument,
    variables: (req) => ({ input: present(req.body, ['displayName', 'description', 'workloadConfigId', 'idleTimeoutSeconds', 'teamIds']) as never }),
  }),
  notebookRoute({
    method: 'get', path: '/notebooks/{notebookId}', summary: 'Describe a notebook',
    operation: LakesailGetNotebookDocument,
    variables: notebookIdOf,
  }),
  notebookRoute({
    method: 'patch', path: '/notebooks/{notebookId}', summary: 'Update a notebook',
    body: { type: 'object', properties: { displayName: nullableString, description: nullableString, idleTimeoutSeconds: idleTimeout, workloadConfigId: nullableString } },
    operation: LakesailUpdateNotebookDocument,
    variables: (req) => ({ notebookId: req.params.notebookId, input: present(req.body, ['displayName', 'description', 'idleTimeoutSeconds', 'workloadConfigId']) }),
  }),
  notebookRoute({ method: 'delete', path: '/notebooks/{notebookId}', summary: 'Delete a notebook', status: 204, operation: LakesailDeleteNotebookDocument, variables: notebookIdOf }),
  notebookRoute({ method: 'post', path: '/notebooks/{notebookId}/start', summary: 'Start a notebook', status: 202, operation: LakesailStartNotebookDocument, variables: notebookIdOf }),
  notebookRoute({ method: 'post', path: '/notebooks/{notebookId}/stop', summary: 'Stop a notebook', status: 202, operation: LakesailStopNotebookDocument, variables: notebookIdOf }),
  notebookRoute({ method: 'post', path: '/notebooks/{notebookId}/open', summary: 'Open a notebook', operation: LakesailOpenNotebookDocument, variables: notebookIdOf }),
  notebookRoute({ method: 'post', path: '/notebooks/{notebookId}/activity', summary: 'Record notebook activity', status: 204, operation: LakesailRecordNotebookActivityDocument, variables: notebookIdOf }),
  notebookRoute({
    method: 'get', path: '/notebooks/{notebookId}/teams', summary: 'List notebook teams', query: PAGE_LIMIT_QUERY,
    operation: LakesailNotebookTeamsDocument,
    variables: notebookIdOf,
    response: (data, req) => lakesailListOf(req, data.notebookTeams),
  }),
  notebookRoute({
    method: 'post', path: '/notebooks/{notebookId}/teams', summary: 'Add teams to a notebook', body: TEAM_IDS_BODY,
    operation: LakesailAddNotebookTeamsDocument,
    variables: (req) => ({ notebookId: req.params.notebookId, input: { teamIds: req.body.teamIds as string[] } }),
    response: (data) => ({ items: data.addNotebookTeams }),
  }),
  notebookRoute({
    method: 'delete', path: '/notebooks/{notebookId}/teams/{teamId}', summary: 'Remove a team from a notebook', status: 204,
    operation: LakesailRemoveNotebookTeamDocument,
    variables: (req) => ({ notebookId: req.params.notebookId, teamId: req.params.teamId }),
  }),
  listNotebooks('/teams/{teamId}/notebooks', 'List team notebooks', (req) => req.params.teamId),
  notebookRoute({
    method: 'get', path: '/notebooks/{notebookId}/cells', summary: 'List notebook cells', query: PAGE_LIMIT_QUERY,
    operation: LakesailNotebookCellsDocument,
    variables: (req) => ({ notebookId: req.params.notebookId, ...pageFromPageLimit(req) }),
    response: (data, req) => lakesailList(req, data.notebookCells, (c) => c),
  }),
  notebookRoute({
    method: 'post', path: '/notebooks/{notebookId}/cells', summary: 'Create a notebook cell', status: 201,
    body: { type: 'object', required: ['source'], properties: { source: { type: 'string' }, cellType: { type: ['string', 'null'], enum: [...CELL_TYPES, null] }, position: { type: ['integer', 'null'], minimum: 0 } } },
    operation: LakesailCreateNotebookCellDocument,
    variables: (req) => ({ notebookId: req.params.notebookId, input: present(req.body, ['source', 'cellType', 'position']) as never }),
  }),
  notebookRoute({
    method: 'patch', path: '/notebooks/{notebookId}/cells/{cellId}', summary: 'Update a notebook cell',
    body: { type: 'object', properties: { source: nullableString, cellType: { type: ['string', 'null'], enum: [...CELL_TYPES, null] }, position: { type: ['integer', 'null'], minimum: 0 } } },
    operation: LakesailUpdateNotebookCellDocument,
    variables: (req) => ({ ...cellIdsOf(req), input: present(req.body, ['source', 'cellType', 'position']) }),
  }),
  notebookRoute({ method: 'delete', path: '/notebooks/{notebookId}/cells/{cellId}', summary: 'Delete a notebook cell', status: 204, operation: LakesailDeleteNotebookCellDocument, variables: cellIdsOf }),
  notebookRoute({
    method: 'post', path: '/notebooks/{notebookId}/cells/{cellId}/execute', summary: 'Execute a notebook cell', status: 202,
    operation: LakesailExecuteNotebookCellDocument,
    variables: cellIdsOf,
  }),
];

const sessionRoutes: RestRoute[] = [
  sessionRoute({
    method: 'get', path: '/sessions', summary: 'List sessions',
    query: { ...TOKEN_LIMIT_QUERY, teamId: { type: 'string' }, endpointType: { type: 'string', enum: [...ENDPOINT_TYPES] }, status: { type: 'string', enum: [...SESSION_STATUSES] } },
    operation: LakesailListSessionsDocument,
    variables: (req) => ({ ...pageFromToken(req), filter: { teamId: req.query.teamId ?? null, endpointType: req.query.endpointType ?? null, status: req.query.status ?? null } }),
    response: (data) => lakesailTokenList(data.computeSessions, (s) => s),
  }),
  sessionRoute({
    method: 'post', path: '/sessions', summary: 'Create a session', status: 201,
    body: { type: 'object', required: ['workloadConfigId'], properties: { workloadConfigId: { type: 'string' }, endpointType: { type: ['string', 'null'], enum: [...ENDPOINT_TYPES, null] }, teamId: nullableString, name: nullableString } },
    operation: LakesailCreateSessionDocument,
    variables: (req) => ({ input: present(req.body, ['workloadConfigId', 'endpointType', 'teamId', 'name']) as never }),
  }),
  sessionRoute({ method: 'get', path: '/sessions/{sessionId}', summary: 'Describe a session', operation: LakesailGetSessionDocument, variables: sessionIdOf }),
  sessionRoute({ method: 'post', path: '/sessions/{sessionId}/close', summary: 'Close a session', operation: LakesailCloseSessionDocument, variables: sessionIdOf }),
  sessionRoute({
    method: 'post', path: '/sessions/{sessionId}/proxy-token', summary: 'Issue a session proxy token',
    body: { type: 'object', properties: { ttlSeconds: { type: ['integer', 'null'] } } },
    operation: LakesailIssueSessionProxyTokenDocument,
    variables: (req) => ({ sessionId: req.params.sessionId, ttlSeconds: (req.body.ttlSeconds as number | null) ?? null }),
  }),
  sessionRoute({ method: 'post', path: '/sessions/{sessionId}/relaunch', summary: 'Relaunch a closed session', status: 201, operation: LakesailRelaunchSessionDocument, variables: sessionIdOf }),
];

const CONFIG_PROPERTIES = { name: { type: 'string' }, description: nullableString, workloadType: { type: 'string', enum: [...WORKLOAD_TYPES] }, clusterId: { type: 'string' }, settings: {} };

const configRoutes: RestRoute[] = [
  configRoute({
    method: 'get', path: '/workload-configs', summary: 'List workload configs', query: { ...TOKEN_LIMIT_QUERY, teamId: { type: 'string' } },
    operation: LakesailListWorkloadConfigsDocument,
    variables: (req) => ({ ...pageFromToken(req), filter: { teamId: req.query.teamId ?? null } }),
    response: (data) => lakesailTokenList(data.workloadConfigs, (c) => c),
  }),
  configRoute({
    method: 'post', path: '/workload-configs', summary: 'Create a workload config', status: 201,
    body: { type: 'object', required: ['name', 'workloadType', 'clusterId'], properties: CONFIG_PROPERTIES },
    operation: LakesailCreateWorkloadConfigDocument,
    variables: (req) => ({ input: present(req.body, Object.keys(CONFIG_PROPERTIES)) as never }),
  }),
  configRoute({
    method: 'get', path: '/workload-configs/{workloadConfigId}', summary: 'Describe a workload config',
    operation: LakesailGetWorkloadConfigDocument,
    variables: (req) => ({ workloadConfigId: req.params.workloadConfigId }),
  }),
  configRoute({
    method: 'patch', path: '/workload-configs/{workloadConfigId}', summary: 'Update a workload config (name, description, settings)',
    body: { type: 'object', properties: { ...CONFIG_PROPERTIES, name: nullableString, workloadType: nullableString, clusterId: nullableString } },
    operation: LakesailUpdateWorkloadConfigDocument,
    variables: (req) => ({ workloadConfigId: req.params.workloadConfigId, input: present(req.body, Object.keys(CONFIG_PROPERTIES)) }),
  }),
];

/** lakesail notebooks (with cells), sessions and workload configs under `/lakesail/api/v1` (paths derived from its operation names). */
export const restNotebookRoutes: RestRoute[] = [...notebookRoutes, ...sessionRoutes, ...configRoutes];
