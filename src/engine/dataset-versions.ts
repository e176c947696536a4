import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config';
import { dateFromSql } from '../db/directory';
import { ConflictError } from '../errors';
import type { EngineColumn, EngineTable } from './engine';
import { datasetVersionFile, prepareFile } from './storage';

/** A dataset at its latest version, as other domains (workspaces) read and write it. */
export interface DatasetHead {
  id: string;
  label: string;
  schemaName: string;
  tableName: string;
  sourceType: string;
  latestVersion: number;
  columns: EngineColumn[];
  rowCount: number;
  updatedAt: Date;
  /** The engine table of the latest version (absent while the dataset has no version). */
  table?: EngineTable;
}

interface HeadRow {
  id: string; label: string; schema_name: string; table_name: string; source_type: string; latest_version: number;
  columns: string | EngineColumn[] | null; row_count: number | string | null; file_name: string | null; updated_at: unknown;
}

function toHead(config: Config, tenantId: string, r: HeadRow): DatasetHead {
  const columns = (typeof r.columns === 'string' ? JSON.parse(r.columns) : r.columns) ?? [];
  return {
    id: r.id, label: r.label, schemaName: r.schema_name, tableName: r.table_name, sourceType: r.source_type,
    latestVersion: Number(r.latest_version), columns, rowCount: Number(r.row_count ?? 0),
    updatedAt: dateFromSql(r.updated_at) as Date,
    table: r.file_name ? { schema: r.schema_name, name: r.table_name, file: datasetVersionFile(config, tenantId, r.id, r.file_name) } : undefined,
  };
}

const HEAD_SQL = `select d.id, d.label, d.schema_name, d.table_name, d.source_type, d.latest_version, d.updated_at, v.columns, v.row_count, v.file_name
   from datasets d
   left join dataset_versions v on v.dataset_id = d.id and v.tenant_id = d.tenant_id and v.version = d.latest_version
  where d.tenant_id = ? and d.archived_at is null`;

/**
 * Active datasets of the tenant at their latest version (the catalogs domain's tables, read with
 * the tenant named), so workspaces can back themselves by one without importing that subgraph.
 */
export async function datasetHeads(em: EntityManager, config: Config, tenantId: string, id?: string): Promise<DatasetHead[]> {
  const rows = (await em.getConnection().execute(`${HEAD_SQL}${id ? ' and d.id = ?' : ''} order by d.created_at`, id ? [tenantId, id] : [tenantId])) as HeadRow[];
  return rows.map((r) => toHead(config, tenantId, r));
}

/** A fresh Parquet path for a dataset's `version` (its folder created): a new name per write, so two writes racing for one version never share a file. Catalogs and workspaces both write versions through it. */
export function nextVersionFile(config: Config, tenantId: string, datasetId: string, version: number): { file: string; fileName: string } {
  const fileName = `v${version}-${randomUUID()}.parquet`;
  return { file: prepareFile(datasetVersionFile(config, tenantId, datasetId, fileName)), fileName };
}

/**
 * Records `version` of a dataset written outside the catalogs domain (an edit), inside the caller's
 * transaction: the same rows catalogs' `recordVersion` writes, by plain SQL. The dataset advances
 * only if its latest version is still `version - 1`; otherwise another write won and this is CONFLICT.
 */
export async function recordEditedVersion(
  em: EntityManager,
  v: { tenantId: string; datasetId: string; version: number; columns: EngineColumn[]; rowCount: number; sizeBytes: number; fileName: string },
): Promise<void> {
  const connection = em.getConnection();
  const trx = em.getTransactionContext();
  const now = em.getPlatform().processDateProperty(new Date());
  const advanced = (await connection.execute(
    'update datasets set latest_version = ?, source_type = ?, updated_at = ? where tenant_id = ? and id = ? and latest_version = ?',
    [v.version, 'edit', now, v.tenantId, v.datasetId, v.version - 1], 'run', trx,
  )) as { affectedRows?: number; rowCount?: number } | number;
  const changed = typeof advanced === 'number' ? advanced : (advanced.affectedRows ?? advanced.rowCount ?? 0);
  if (!changed) throw new ConflictError(`Dataset ${v.datasetId} changed while this edit was written; reload and retry`);
  await connection.execute(
    `insert into dataset_versions (id, created_at, updated_at, tenant_id, dataset_id, version, source_type, upload_id, format, columns, row_count, file_name, size_bytes)
     values (?, ?, ?, ?, ?, ?, 'edit', null, 'parquet', ?, ?, ?, ?)`,
    [randomUUID(), now, now, v.tenantId, v.datasetId, v.version, JSON.stringify(v.columns), v.rowCount, v.fileName, v.sizeBytes], 'run', trx,
  );
}
