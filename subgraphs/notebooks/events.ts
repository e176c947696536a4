import { transactWith } from '../../src/events/outbox';
import type { NotebookCellOutput } from './entities';

/** Event-log topic of notebooks: every status change, cell change and cell execution state. */
export const NOTEBOOK_TOPIC = 'notebook';
/** Event-log topic of sessions: every status change. */
export const SESSION_TOPIC = 'compute_session';
/** Event-log topic of workload configs. */
export const WORKLOAD_CONFIG_TOPIC = 'workload_config';

/**
 * What every notebook event carries: the notebook's status and who could see it when it
 * happened (owner and teams), so subscriptions check each event without a lookup.
 */
export interface NotebookEventPayload extends Record<string, unknown> {
  notebookId: string;
  status: string;
  ownerId: string;
  teamIds: string[];
  cellId?: string;
  executionStatus?: string;
  executionCount?: number;
  output?: NotebookCellOutput | null;
  errorMessage?: string | null;
  message?: string | null;
}

/** The notebooks domain's events: topic → payload. */
export type NotebookEvents = {
  [NOTEBOOK_TOPIC]: NotebookEventPayload;
  [SESSION_TOPIC]: { sessionId: string; status: string; ownerId: string; teamId: string | null; message?: string | null };
  [WORKLOAD_CONFIG_TOPIC]: { id: string; name: string };
};

/** `transact` for this domain: emits type-check against NotebookEvents. */
export const transactNotebooks = transactWith<NotebookEvents>();
