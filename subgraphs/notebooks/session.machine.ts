import { transitionsOf } from './transitions';

/** Session statuses (lakesail's). Terminal: closed, failed. */
export const SESSION_STATUSES = ['pending', 'active', 'idle', 'closed', 'failed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const TERMINAL_SESSION_STATUSES: readonly SessionStatus[] = ['closed', 'failed'];

/** Session endpoint types (lakesail's): Spark Connect over gRPC, or a Marimo UI over HTTP. */
export const ENDPOINT_TYPES = ['spark_connect', 'marimo'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];

/** Every legal transition: action → the statuses it starts from → the status it ends in. */
export const SESSION_TRANSITIONS = {
  /** Its compute is ready. */
  activate: { from: ['pending'], to: 'active' },
  close: { from: ['pending', 'active', 'idle'], to: 'closed' },
  /** Its compute could not be provided (e.g. the cluster is gone). */
  fail: { from: ['pending', 'active', 'idle'], to: 'failed' },
} as const satisfies Record<string, { from: readonly SessionStatus[]; to: SessionStatus }>;

export type SessionAction = keyof typeof SESSION_TRANSITIONS;

/** The status `action` leads to from `status`; CONFLICT (with the current status) when it is not allowed. */
export const sessionTransition = transitionsOf<SessionStatus, typeof SESSION_TRANSITIONS>(SESSION_TRANSITIONS, 'a session');
