import type { EntityManager } from '@mikro-orm/core';

/** A cluster as other domains see it: enough to decide whether work may run on it. */
export interface ClusterState {
  id: string;
  name: string;
  status: string;
}

/**
 * A cluster of the tenant that is not deleted (the clusters domain's table), read by plain SQL so
 * that jobs (and notebooks) need not import the clusters subgraph.
 */
export async function clusterState(em: EntityManager, tenantId: string, clusterId: string): Promise<ClusterState | undefined> {
  const rows = (await em.getConnection().execute('select id, name, status from clusters where tenant_id = ? and id = ? and archived_at is null', [tenantId, clusterId])) as ClusterState[];
  return rows[0];
}

/** Cluster statuses that lead to `active` on their own: work on such a cluster waits rather than fails. */
export const CLUSTER_STATUSES_BECOMING_ACTIVE = ['pending', 'provisioning', 'updating'];
