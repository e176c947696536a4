import { BadInputError } from '../../src/errors';

/** An event type rules can match: `<topic>.<type>` of the event log. */
export interface EventTypeInfo {
  name: string;
  description: string;
  /** Shortcuts stand for several event types and are expanded when a rule is saved. */
  expandsTo?: string[];
}

const JOB_RUN_ENDS = ['job_run.succeeded', 'job_run.failed', 'job_run.timeout', 'job_run.cancelled'];
const QUERY_RUN_ENDS = ['query_run.succeeded', 'query_run.failed', 'query_run.cancelled'];

/** The catalogue of notifiable events (the domains' state changes; progress and log lines are not notifiable). */
export const EVENT_TYPES: EventTypeInfo[] = [
  ...['pending', 'ready', 'running', 'succeeded', 'failed', 'timeout', 'cancelled'].map((s) => ({ name: `job_run.${s}`, description: `A job run became ${s}.` })),
  { name: 'job_run.terminal', description: 'Any terminal status of a job run (succeeded, failed, timeout, cancelled).', expandsTo: JOB_RUN_ENDS },
  { name: 'job_run.failure', description: 'A job run failed or timed out.', expandsTo: ['job_run.failed', 'job_run.timeout'] },
  ...['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => ({ name: `query_run.${s}`, description: `A query run became ${s}.` })),
  { name: 'query_run.terminal', description: 'Any terminal status of a query run.', expandsTo: QUERY_RUN_ENDS },
  ...['created', 'updated', 'deleted', 'version_published', 'version_activated'].map((s) => ({ name: `job.${s}`, description: `A job was ${s.replace('_', ' ')}.` })),
  ...['created', 'updated', 'deleted'].map((s) => ({ name: `project.${s}`, description: `A project was ${s}.` })),
  ...['created', 'version_loaded', 'updated', 'deleted'].map((s) => ({ name: `dataset.${s}`, description: `A dataset was ${s.replace('_', ' ')}.` })),
  ...['pending', 'provisioning', 'active', 'updating', 'destroying', 'destroyed', 'failed', 'deleted'].map((s) => ({ name: `cluster.${s}`, description: `A cluster became ${s}.` })),
  ...['created', 'updated', 'deleted', 'revoked'].map((s) => ({ name: `secret.${s}`, description: `A secret was ${s} (never its value).` })),
];

const BY_NAME = new Map(EVENT_TYPES.map((t) => [t.name, t]));

/** Expands shortcuts and refuses unknown types (BAD_USER_INPUT naming them). */
export function expandEventTypes(names: string[]): string[] {
  const unknown = names.filter((n) => !BY_NAME.has(n));
  if (unknown.length) throw new BadInputError(`Unknown event type(s): ${unknown.join(', ')}; see notificationEventTypes`);
  return [...new Set(names.flatMap((n) => BY_NAME.get(n)!.expandsTo ?? [n]))];
}
