import { ConflictError } from '../../src/errors';
import { transitionsOf } from './transitions';

/**
 * Notebook statuses (lakesail's; `detached` is named by lakesail but nothing here produces it).
 * stopped → starting → running ⇄ idle → stopping → stopped.
 */
export const NOTEBOOK_STATUSES = ['stopped', 'starting', 'running', 'idle', 'stopping'] as const;
export type NotebookStatus = (typeof NOTEBOOK_STATUSES)[number];

/** Statuses in which a notebook's pods are up: it can be opened, record activity and execute cells. */
export const LIVE_NOTEBOOK_STATUSES: readonly NotebookStatus[] = ['running', 'idle'];

/** Every legal transition: action → the statuses it starts from → the status it ends in. */
export const NOTEBOOK_TRANSITIONS = {
  start: { from: ['stopped'], to: 'starting' },
  /** The start phase finished: the pods are up. */
  ready: { from: ['starting'], to: 'running' },
  /** No activity for the idle timeout. */
  go_idle: { from: ['running'], to: 'idle' },
  /** Activity (a heartbeat, an execution) on an idle notebook. */
  resume: { from: ['idle'], to: 'running' },
  /** By the user (running, idle; a starting one is abandoned), by the idle monitor (idle) or before a delete. */
  stop: { from: ['starting', 'running', 'idle'], to: 'stopping' },
  /** The stop phase finished, or a start phase failed. */
  stopped: { from: ['stopping', 'starting'], to: 'stopped' },
} as const satisfies Record<string, { from: readonly NotebookStatus[]; to: NotebookStatus }>;

export type NotebookAction = keyof typeof NOTEBOOK_TRANSITIONS;

/** Stable machine code of the 409 a notebook that is not running answers with (executing, opening, activity). */
export const NOTEBOOK_NOT_RUNNING = 'NOTEBOOK_NOT_RUNNING';

/** The status `action` leads to from `status`; CONFLICT (with the current status) when it is not allowed. */
export const notebookTransition = transitionsOf<NotebookStatus, typeof NOTEBOOK_TRANSITIONS>(NOTEBOOK_TRANSITIONS, 'a notebook');

/** CONFLICT with a stable reason unless the notebook's pods are up (running or idle). */
export function requireLive(status: string, what: string): void {
  if (!(LIVE_NOTEBOOK_STATUSES as readonly string[]).includes(status)) {
    throw new ConflictError(`Cannot ${what}: the notebook is ${status}; start it and wait until it is running`, { status, reason: NOTEBOOK_NOT_RUNNING });
  }
}
