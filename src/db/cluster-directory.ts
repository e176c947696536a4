import type { EntityManager } from '@mikro-orm/core';

/**
 * The clusters domain's facts the notebooks domain needs (workload configs run on clusters), read
 * straight from its tables with the tenant named, as directory.ts does, so no subgraph imports another.
 */
export async function clusterSnapshot(em: EntityManager, tenantId: string, id: string): Promise<{ id: string; name: string; status: string } | undefined> {
  const rows = (await em.getConnection().execute('select id, name, status from clusters where tenant_id = ? and id = ? and archived_at is null', [tenantId, id])) as {
    id: string; name: string; status: string;
  }[];
  return rows[0];
}

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
