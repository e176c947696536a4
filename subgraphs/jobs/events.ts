import { transactWith } from '../../src/events/outbox';

/** Event-log topic of query runs (queued, running, succeeded, failed, cancelled). */
export const QUERY_RUN_TOPIC = 'query_run';
/** Event-log topic of jobs and their versions. */
export const JOB_TOPIC = 'job';
/** Event-log topic of job runs: every state change, progress step and log line. */
export const JOB_RUN_TOPIC = 'job_run';

/** What every job run event carries: enough to show and to check access without a lookup. */
export interface JobRunEventPayload extends Record<string, unknown> {
  runId: string;
  jobId: string;
  status: string;
  /** Teams of the job when the event happened (access of non-admin subscribers). */
  teamIds: string[];
  progress?: number;
  message?: string | null;
  queryRunId?: string;
  resultId?: string | null;
}

/** The jobs domain's events: topic → payload. */
export type JobEvents = {
  [QUERY_RUN_TOPIC]: { id: string; status: string; resultId?: string | null; errorMessage?: string | null };
  [JOB_TOPIC]: { id: string; name: string; version?: number };
  [JOB_RUN_TOPIC]: JobRunEventPayload;
};

/** `transact` for this domain: emits type-check against JobEvents. */
export const transactJobs = transactWith<JobEvents>();
