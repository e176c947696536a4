import { ConflictError } from '../../src/errors';

/** Cluster statuses (lakesail's pending, active, failed, destroyed, plus the in-between states of each long action). */
export const CLUSTER_STATUSES = ['pending', 'provisioning', 'active', 'updating', 'destroying', 'destroyed', 'failed'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** Every legal transition: action → the statuses it starts from → the status it ends in. */
export const CLUSTER_TRANSITIONS = {
  provision: { from: ['pending'], to: 'provisioning' },
  provisioned: { from: ['provisioning'], to: 'active' },
  update: { from: ['active'], to: 'updating' },
  updated: { from: ['updating'], to: 'active' },
  // A failed cluster may still hold infrastructure (lakesail), so it can be destroyed too.
  destroy: { from: ['active', 'failed'], to: 'destroying' },
  destroyed: { from: ['destroying'], to: 'destroyed' },
  fail: { from: ['provisioning', 'updating', 'destroying'], to: 'failed' },
} as const satisfies Record<string, { from: readonly ClusterStatus[]; to: ClusterStatus }>;

export type ClusterAction = keyof typeof CLUSTER_TRANSITIONS;

/** Statuses whose record may be deleted (lakesail: infrastructure destroyed first; a failed one may be deleted as is). */
export const DELETABLE_CLUSTER_STATUSES: readonly ClusterStatus[] = ['destroyed', 'failed'];

/** Statuses in which a long action is running on the driver. */
export const BUSY_CLUSTER_STATUSES: readonly ClusterStatus[] = ['provisioning', 'updating', 'destroying'];

/** The status `action` leads to from `status`; CONFLICT (with the current status) when it is not allowed. */
export function transition(status: string, action: ClusterAction, what = 'cluster'): ClusterStatus {
  const rule = CLUSTER_TRANSITIONS[action];
  if (!(rule.from as readonly string[]).includes(status)) {
    throw new ConflictError(`Cannot ${action} a ${what} that is ${status} (allowed from: ${rule.from.join(', ')})`, { status, action });
  }
  return rule.to;
}
