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

/** Statuses in which a cluster runs workloads (an update rolls nodes but keeps serving). */
export const CLUSTER_SERVING_STATUSES = ['active', 'updating'];

/** Ids of the clusters linked to any of `teamIds` (the clusters domain shares clusters with teams through team grants). */
export async function clusterIdsOfTeams(em: EntityManager, tenantId: string, teamIds: string[]): Promise<string[]> {
  if (!teamIds.length) return [];
  const rows = (await em.getConnection().execute(
    `select distinct resource_id from team_grants where tenant_id = ? and resource_type = 'cluster' and team_id in (${teamIds.map(() => '?').join(', ')})`,
    [tenantId, ...teamIds],
  )) as { resource_id: string }[];
  return rows.map((r) => r.resource_id);
}
