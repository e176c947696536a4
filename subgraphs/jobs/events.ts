import { transactWith } from '../../src/events/outbox';

/** Event-log topic of query runs (started, succeeded, failed). */
export const QUERY_RUN_TOPIC = 'query_run';

/** The jobs domain's events: topic → payload. */
export type JobEvents = {
  [QUERY_RUN_TOPIC]: { id: string; status: string; resultId?: string | null; errorMessage?: string | null };
};

/** `transact` for this domain: emits type-check against JobEvents. */
export const transactJobs = transactWith<JobEvents>();
