import { transactWith } from '../../src/events/outbox';

/** Event-log topic of clusters: every status change and phase step. */
export const CLUSTER_TOPIC = 'cluster';
/** Event-log topic of cloud connections and networks. */
export const CLOUD_TOPIC = 'cloud';

/** What every cluster event carries: enough to show and to check access without a lookup. */
export interface ClusterEventPayload extends Record<string, unknown> {
  clusterId: string;
  name: string;
  status: string;
  /** Teams granted the cluster when the event happened (access of non-admin subscribers). */
  teamIds: string[];
  phase?: string | null;
  stepsDone?: number | null;
  steps?: number | null;
  message?: string | null;
  operationId?: string | null;
}

/** The clusters domain's events: topic → payload. */
export type ClusterEvents = {
  [CLUSTER_TOPIC]: ClusterEventPayload;
  [CLOUD_TOPIC]: { id: string; kind: 'connection' | 'network'; status: string; message?: string | null; phase?: string | null };
};

/** `transact` for this domain: emits type-check against ClusterEvents. */
export const transactClusters = transactWith<ClusterEvents>();
