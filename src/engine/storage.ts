import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config';

/**
 * Where tenants' data files live: `DATA_DIR/files/<tenantId>/…`. Paths are built only from ids
 * the server generated, never from names users chose, so no request can point outside its tenant.
 */
export function tenantDir(config: Config, tenantId: string): string {
  return join(config.dataDir, 'files', tenantId);
}

/** The bytes of an upload. */
export function uploadFile(config: Config, tenantId: string, uploadId: string): string {
  return join(tenantDir(config, tenantId), 'uploads', uploadId);
}

/** The folder of a dataset's version files. */
export function datasetDir(config: Config, tenantId: string, datasetId: string): string {
  return join(tenantDir(config, tenantId), 'datasets', datasetId);
}

/** The Parquet file of one dataset version (`fileName` as recorded on the version). */
export function datasetVersionFile(config: Config, tenantId: string, datasetId: string, fileName: string): string {
  return join(datasetDir(config, tenantId, datasetId), fileName);
}

/** Creates the folder a file goes into and returns the file's path. */
export function prepareFile(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  return file;
}

/** An export's file (a query result's or a table's; `fileName` as recorded: `<exportId>.<ext>`). */
export function exportFile(config: Config, tenantId: string, fileName: string): string {
  return join(tenantDir(config, tenantId), 'exports', fileName);
}
