import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config';
import type { EngineTable } from './engine';
import { datasetVersionFile } from './storage';

/**
 * The tables a tenant's SQL may read: each active dataset at its pinned (else latest) version.
 * Read straight from the catalogs domain's tables with the tenant named explicitly, so the
 * engine's callers (query runs, notebooks, charts) need not import that subgraph.
 */
export async function tenantTables(em: EntityManager, config: Config, tenantId: string): Promise<EngineTable[]> {
  const rows = (await em.getConnection().execute(
    `select d.id, d.schema_name, d.table_name, v.file_name
       from datasets d
       join dataset_versions v on v.dataset_id = d.id and v.tenant_id = d.tenant_id and v.version = coalesce(d.pinned_version, d.latest_version)
      where d.tenant_id = ? and d.archived_at is null`,
    [tenantId],
  )) as { id: string; schema_name: string; table_name: string; file_name: string }[];
  return rows.map((r) => ({ schema: r.schema_name, name: r.table_name, file: datasetVersionFile(config, tenantId, r.id, r.file_name) }));
}

/** The SQL of a saved query's latest version (the catalogs domain's), for executing it by id. */
export async function savedQueryStatement(em: EntityManager, tenantId: string, id: string): Promise<{ sql: string; version: number } | undefined> {
  const rows = (await em.getConnection().execute(
    `select v.sql, v.version
       from saved_queries q
       join saved_query_versions v on v.saved_query_id = q.id and v.tenant_id = q.tenant_id and v.version = q.latest_version
      where q.tenant_id = ? and q.id = ? and q.archived_at is null`,
    [tenantId, id],
  )) as { sql: string; version: number }[];
  return rows[0] ? { sql: rows[0].sql, version: Number(rows[0].version) } : undefined;
}
