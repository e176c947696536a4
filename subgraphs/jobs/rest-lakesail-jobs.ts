import { BadInputError } from '../../src/errors';
import {
  lakesailDirection, lakesailList, lakesailListOf, lakesailTokenList, PAGE_LIMIT_QUERY, pageFromPageLimit, pageFromToken, TOKEN_LIMIT_QUERY,
} from '../../src/rest/lakesail';
import { defineRoute, type RestRequest, type RestRoute } from '../../src/rest/route';
import {
  LakesailActivateJobVersionDocument, LakesailAddJobTeamsDocument, LakesailCancelJobRunDocument, LakesailCreateJobDocument,
  LakesailCreateJobDraftDocument, LakesailCreateJobRunDocument, LakesailCreateJobVersionDocument, LakesailDeleteJobDocument,
  LakesailDeleteJobRunDocument, LakesailDiscardJobDraftDocument, LakesailGetJobDocument, LakesailJobDraftDocument, LakesailJobRunDocument,
  LakesailJobRunsDocument, LakesailJobTeamsDocument, LakesailJobVersionDocument, LakesailJobVersionsDocument, LakesailListJobsDocument,
  LakesailMyJobsDocument, LakesailPublishJobDraftDocument, LakesailReleaseJobRunDocument, LakesailRemoveJobTeamDocument,
  LakesailRetryJobRunDocument, LakesailUpdateJobDocument, LakesailUpdateJobDraftDocument, type JobConfigInput, type JobFilter,
  type LakesailJobFragment,
} from '../../src/generated/operations';

/** A jobs route (lakesail profile, `jobs` tag): the answer is the operation's one field unless `response` maps it; 204s send none. */
function jobRoute<TData, TVariables>(route: Omit<RestRoute<TData, TVariables>, 'profile' | 'tag'>): RestRoute {
  return defineRoute<TData, TVariables>({ profile: 'lakesail', tag: 'jobs', ...route });
}

/** The list JSON of a job; describe adds `teamIds` and every single-job answer its `active` version config. */
const job = (j: LakesailJobFragment) => j;

const SORT_FIELDS = { jobKey: 'JOB_KEY', createdAt: 'CREATED_AT', lastRunAt: 'LAST_RUN_AT' } as const;
const MY_JOBS_QUERY = { ...PAGE_LIMIT_QUERY, sort: { type: 'string', enum: Object.keys(SORT_FIELDS), default: 'lastRunAt' } };

const filterOf = (req: RestRequest, scope: Pick<JobFilter, 'teamId' | 'clusterId'> = {}): JobFilter => ({
  sortBy: SORT_FIELDS[(req.query.sort ?? 'lastRunAt') as keyof typeof SORT_FIELDS] ?? 'LAST_RUN_AT',
  direction: lakesailDirection(req),
  teamId: scope.teamId ?? null,
  clusterId: scope.clusterId ?? null,
});

/** A job list over `jobs`, optionally scoped to a team or a cluster. */
const listJobs = (path: string, summary: string, scope: (req: RestRequest) => Pick<JobFilter, 'teamId' | 'clusterId'> = () => ({})) =>
  jobRoute({
    method: 'get', path, summary, query: PAGE_LIMIT_QUERY,
    operation: LakesailListJobsDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: filterOf(req, scope(req)) }),
    response: (data, req) => lakesailList(req, data.jobs, job),
  });

const CONFIG_PROPERTIES = {
  queryIds: { type: 'array', minItems: 1, items: { type: 'string' } },
  clusterId: { type: ['string', 'null'] },
  schedule: { type: ['string', 'null'] },
  timeoutMs: { type: ['integer', 'null'] },
  settings: {},
};
const CONFIG_BODY = { type: 'object', properties: CONFIG_PROPERTIES };

/** Only the configuration fields the body holds: an absent one keeps its current value, `null` clears it. */
function configOf(body: Record<string, unknown>): JobConfigInput {
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(CONFIG_PROPERTIES)) if (key in body) config[key] = body[key];
  return config as JobConfigInput;
}

/** `{version}` in a path is an int32 from 1 (lakesail). */
function versionParam(req: RestRequest): number {
  const version = req.params.version;
  if (!/^[1-9]\d{0,8}$/.test(version)) throw new BadInputError(`Job version must be a positive integer, not "${version}"`);
  return Number(version);
}

const jobIdOf = (req: RestRequest) => ({ jobId: req.params.jobId });
const runIdsOf = (req: RestRequest) => ({ jobId: req.params.jobId, runId: req.params.runId });

/** lakesail jobs, versions, drafts, team access and job runs under `/lakesail/api/v1` (paths derived from its operation names). */
export const restLakesailJobRoutes: RestRoute[] = [
  jobRoute({
    method: 'get', path: '/jobs/mine', summary: 'List my jobs', query: MY_JOBS_QUERY,
    operation: LakesailMyJobsDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: filterOf(req) }),
    response: (data, req) => lakesailList(req, data.myJobs, job),
  }),
  listJobs('/jobs', 'List jobs'),
  jobRoute({
    method: 'post', path: '/jobs', summary: 'Create a job', status: 201,
    body: {
      type: 'object', required: ['name', 'teamIds', 'queryIds'],
      properties: {
        ...CONFIG_PROPERTIES, name: { type: 'string' }, jobKey: { type: ['string', 'null'] }, description: { type: ['string', 'null'] },
        teamIds: { type: 'array', minItems: 1, items: { type: 'string' } },
      },
    },
    operation: LakesailCreateJobDocument,
    variables: (req) => ({
      input: {
        ...configOf(req.body), name: String(req.body.name), jobKey: (req.body.jobKey as string | null) ?? null,
        description: (req.body.description as string | null) ?? null, teamIds: req.body.teamIds as string[],
      },
    }),
  }),
  jobRoute({
    method: 'get', path: '/jobs/{jobId}', summary: 'Describe a job',
    operation: LakesailGetJobDocument,
    variables: jobIdOf,
    response: (data) => ({ ...data.job, teamIds: data.jobTeams.map((t) => t.teamId) }),
  }),
  jobRoute({
    method: 'patch', path: '/jobs/{jobId}', summary: 'Update a job',
    body: { type: 'object', properties: { name: { type: ['string', 'null'] }, description: { type: ['string', 'null'] } } },
    operation: LakesailUpdateJobDocument,
    variables: (req) => ({
      jobId: req.params.jobId,
      input: { name: (req.body.name as string | null) ?? null, ...('description' in req.body ? { description: req.body.description as string | null } : {}) },
    }),
  }),
  jobRoute({
    method: 'delete', path: '/jobs/{jobId}', summary: 'Delete a job', status: 204,
    operation: LakesailDeleteJobDocument,
    variables: jobIdOf,
  }),
  jobRoute({
    method: 'post', path: '/jobs/{jobId}/versions/activate', summary: 'Activate a job version',
    body: { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1, maximum: 2 ** 31 - 1 } } },
    operation: LakesailActivateJobVersionDocument,
    variables: (req) => ({ jobId: req.params.jobId, version: Number(req.body.version) }),
  }),
  jobRoute({
    method: 'get', path: '/jobs/{jobId}/draft', summary: 'Describe the draft version of a job',
    operation: LakesailJobDraftDocument,
    variables: jobIdOf,
  }),
  jobRoute({
    method: 'post', path: '/jobs/{jobId}/draft', summary: 'Create a new draft version for a job', status: 201, body: CONFIG_BODY,
    operation: LakesailCreateJobDraftDocument,
    variables: (req) => ({ jobId: req.params.jobId, input: configOf(req.body) }),
  }),
  jobRoute({
    method: 'patch', path: '/jobs/{jobId}/draft', summary: 'Update the draft version of a job', body: CONFIG_BODY,
    operation: LakesailUpdateJobDraftDocument,
    variables: (req) => ({ jobId: req.params.jobId, input: configOf(req.body) }),
  }),
  jobRoute({
    method: 'delete', path: '/jobs/{jobId}/draft', summary: 'Discard the draft version of a job', status: 204,
    operation: LakesailDiscardJobDraftDocument,
    variables: jobIdOf,
  }),
  jobRoute({
    method: 'post', path: '/jobs/{jobId}/draft/publish', summary: 'Publish the draft version of a job',
    operation: LakesailPublishJobDraftDocument,
    variables: jobIdOf,
  }),
  jobRoute({
    method: 'get', path: '/jobs/{jobId}/teams', summary: 'List job teams', query: PAGE_LIMIT_QUERY,
    operation: LakesailJobTeamsDocument,
    variables: jobIdOf,
    response: (data, req) => lakesailListOf(req, data.jobTeams),
  }),
  jobRoute({
    method: 'post', path: '/jobs/{jobId}/teams', summary: 'Add teams to a job',
    body: { type: 'object', required: ['teamIds'], properties: { teamIds: { type: 'array', minItems: 1, items: { type: 'string' } } } },
    operation: LakesailAddJobTeamsDocument,
    variables: (req) => ({ jobId: req.params.jobId, input: { teamIds: req.body.teamIds as string[] } }),
    response: (data) => ({ items: data.addJobTeams }),
  }),
  jobRoute({
    method: 'delete', path: '/jobs/{jobId}/teams/{teamId}', summary: 'Remove a team from a job', status: 204,
    operation: LakesailRemoveJobTeamDocument,
    variables: (req) => ({ jobId: req.params.jobId, teamId: req.params.teamId }),
  }),
  jobRoute({
    method: 'get', path: '/jobs/{jobId}/versions', summary: 'List job versions', query: PAGE_LIMIT_QUERY,
    operation: LakesailJobVersionsDocument,
    variables: (req) => ({ jobId: req.params.jobId, ...pageFromPageLimit(req) }),
    response: (data, req) => lakesailList(req, data.jobVersions, (v) => v),
  }),
  jobRoute({
    method: 'post', path: '/jobs/{jobId}/versions', summary: 'Create a job version', status: 201, body: CONFIG_BODY,
    operation: LakesailCreateJobVersionDocument,
    variables: (req) => ({ jobId: req.params.jobId, input: configOf(req.body) }),
  }),
  jobRoute({
    method: 'get', path: '/jobs/{jobId}/versions/{version}', summary: 'Describe a job version',
    operation: LakesailJobVersionDocument,
    variables: (req) => ({ jobId: req.params.jobId, version: versionParam(req) }),
  }),
  listJobs('/teams/{teamId}/jobs', 'List team jobs', (req) => ({ teamId: req.params.teamId })),
  listJobs('/clusters/{clusterId}/jobs', 'List jobs on a cluster', (req) => ({ clusterId: req.params.clusterId })),
  jobRoute({
    method: 'get', path: '/jobs/runs/mine', summary: 'List my job runs', query: TOKEN_LIMIT_QUERY,
    operation: LakesailJobRunsDocument,
    variables: (req) => ({ ...pageFromToken(req), filter: null }),
    response: (data) => lakesailTokenList(data.jobRuns, (r) => r),
  }),
  jobRoute({
    method: 'get', path: '/jobs/{jobId}/runs', summary: 'List job runs', query: TOKEN_LIMIT_QUERY,
    operation: LakesailJobRunsDocument,
    variables: (req) => ({ ...pageFromToken(req), filter: { jobId: req.params.jobId } }),
    response: (data) => lakesailTokenList(data.jobRuns, (r) => r),
  }),
  jobRoute({
    method: 'post', path: '/jobs/{jobId}/runs', summary: 'Create a job run', status: 201,
    body: { type: 'object', properties: { hold: { type: ['boolean', 'null'] }, parameters: {} } },
    operation: LakesailCreateJobRunDocument,
    variables: (req) => ({ jobId: req.params.jobId, input: { hold: (req.body.hold as boolean | null) ?? null, parameters: req.body.parameters ?? null } }),
  }),
  jobRoute({
    method: 'get', path: '/jobs/{jobId}/runs/{runId}', summary: 'Describe a job run',
    operation: LakesailJobRunDocument,
    variables: runIdsOf,
  }),
  jobRoute({
    method: 'delete', path: '/jobs/{jobId}/runs/{runId}', summary: 'Delete a job run', status: 204,
    operation: LakesailDeleteJobRunDocument,
    variables: runIdsOf,
  }),
  jobRoute({
    method: 'post', path: '/jobs/{jobId}/runs/{runId}/release', summary: 'Release a pending job run for execution',
    operation: LakesailReleaseJobRunDocument,
    variables: runIdsOf,
  }),
  jobRoute({
    method: 'post', path: '/jobs/{jobId}/runs/{runId}/retry', summary: 'Retry a job run',
    body: { type: 'object', properties: { hold: { type: ['boolean', 'null'] } } },
    operation: LakesailRetryJobRunDocument,
    variables: (req) => ({ ...runIdsOf(req), hold: (req.body.hold as boolean | null) ?? null }),
  }),
  jobRoute({
    method: 'post', path: '/jobs/{jobId}/runs/{runId}/cancel', summary: 'Cancel a job run',
    operation: LakesailCancelJobRunDocument,
    variables: runIdsOf,
  }),
];
