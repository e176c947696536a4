import { offsetPage } from '../../src/rest/paging';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import { GetOperationDocument, ListOperationsDocument, type OperationStatusFragment } from '../../src/generated/operations';

/** Task statuses as hotdata's Job spells them (it shows pending and running; the ends are ours). */
const HOTDATA_STATUS: Record<string, string> = { queued: 'pending', running: 'running', succeeded: 'succeeded', failed: 'failed', timeout: 'failed', cancelled: 'cancelled' };
const FROM_HOTDATA: Record<string, string[]> = { pending: ['queued'], running: ['running'], succeeded: ['succeeded'], failed: ['failed', 'timeout'], cancelled: ['cancelled'] };

const hotdataJob = (o: OperationStatusFragment) => ({
  attempts: o.attempts, completed_at: o.completedAt ?? null, created_at: o.createdAt, error_message: o.errorMessage ?? null,
  id: o.id, job_type: o.kind, result: o.result ?? null, status: HOTDATA_STATUS[o.status] ?? o.status,
});

/** hotdata `/v1/jobs` and lakesail's async operation status, both over the task queue. */
export const restOperationRoutes: RestRoute[] = [
  defineRoute({
    profile: 'hotdata', tag: 'jobs', method: 'get', path: '/jobs', summary: 'List jobs',
    query: {
      job_type: { type: 'string', maxLength: 64 }, status: { type: 'string', maxLength: 200 },
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, offset: { type: 'integer', minimum: 0, default: 0 },
    },
    operation: ListOperationsDocument,
    variables: (req) => ({
      ...offsetPage(Number(req.query.offset ?? 0), Number(req.query.limit ?? 50)),
      filter: {
        kinds: req.query.job_type ? [req.query.job_type] : null,
        // Comma-separated hotdata statuses; an unknown one reaches the API as is and is refused there.
        statuses: req.query.status ? req.query.status.split(',').flatMap((s) => FROM_HOTDATA[s.trim()] ?? [s.trim()]) : null,
      },
    }),
    response: (data) => ({ jobs: data.operations.nodes.map(hotdataJob) }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'jobs', method: 'get', path: '/jobs/{id}', summary: 'Get job status',
    operation: GetOperationDocument,
    variables: (req) => ({ id: req.params.id }),
    response: (data) => hotdataJob(data.operation),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'operations', method: 'get', path: '/operations/{operationId}', summary: 'Get async operation status',
    operation: GetOperationDocument,
    variables: (req) => ({ id: req.params.operationId }),
    response: (data) => {
      const o = data.operation;
      return { id: o.id, type: o.kind, resourceId: o.subjectId, status: o.status, attempts: o.attempts, result: o.result ?? null, error: o.errorMessage ?? null, createdAt: o.createdAt, completedAt: o.completedAt ?? null };
    },
  }),
];
