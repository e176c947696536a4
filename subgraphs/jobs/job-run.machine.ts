import { ConflictError } from '../../src/errors';

/** Job run statuses (lakesail's pending, ready, failed, timeout, cancelled; running and succeeded for the work itself). */
export const JOB_RUN_STATUSES = ['pending', 'ready', 'running', 'succeeded', 'failed', 'timeout', 'cancelled'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/** Statuses a run ends in; only these may be deleted, and from some of them retried. */
export const TERMINAL_RUN_STATUSES: readonly JobRunStatus[] = ['succeeded', 'failed', 'timeout', 'cancelled'];

/** Every legal transition: action → the statuses it starts from → the status it ends in. */
export const JOB_RUN_TRANSITIONS = {
  release: { from: ['pending'], to: 'ready' },
  start: { from: ['ready', 'running'], to: 'running' }, // running → running: a recovered run starts again
  succeed: { from: ['running'], to: 'succeeded' },
  fail: { from: ['ready', 'running'], to: 'failed' },
  time_out: { from: ['ready', 'running'], to: 'timeout' },
  cancel: { from: ['pending', 'ready', 'running'], to: 'cancelled' },
  retry: { from: ['failed', 'timeout', 'cancelled'], to: 'ready' },
  retry_held: { from: ['failed', 'timeout', 'cancelled'], to: 'pending' },
} as const satisfies Record<string, { from: readonly JobRunStatus[]; to: JobRunStatus }>;

export type JobRunAction = keyof typeof JOB_RUN_TRANSITIONS;

/** The status `action` leads to from `status`; CONFLICT (with the current status) when it is not allowed. */
export function transition(status: string, action: JobRunAction): JobRunStatus {
  const rule = JOB_RUN_TRANSITIONS[action];
  if (!(rule.from as readonly string[]).includes(status)) {
    throw new ConflictError(`Cannot ${action.replace('_', ' ')} a job run that is ${status} (allowed from: ${rule.from.join(', ')})`, { status, action });
  }
  return rule.to;
}

export function canTransition(status: string, action: JobRunAction): boolean {
  return (JOB_RUN_TRANSITIONS[action].from as readonly string[]).includes(status);
}
