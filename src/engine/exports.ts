import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createDeflate } from 'node:zlib';
import type { Config } from '../config';
import { BadInputError } from '../errors';
import { stagingDir } from '../rest/staged-body';
import type { SqlEngine } from './engine';
import type { PeriodicTask } from '../queue/runner';
import { exportFile, prepareFile } from './storage';

/** File formats an export is written in (datacovey's ExportFormat without AVRO, which the engine cannot write). */
export const EXPORT_FORMATS = ['CSV', 'JSON', 'PARQUET'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** How an export file is compressed (datacovey's ExportCompression). */
export const EXPORT_COMPRESSIONS = ['GZIP', 'DEFLATE', 'NONE'] as const;
export type ExportCompression = (typeof EXPORT_COMPRESSIONS)[number];
/** Export statuses: pending, then running, ending done or failed. */
export const EXPORT_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
/** Formats datacovey names that the engine cannot write. */
const UNSUPPORTED_FORMATS = new Set(['AVRO']);

const EXTENSIONS = { CSV: 'csv', JSON: 'json', PARQUET: 'parquet' } as const satisfies Record<ExportFormat, string>;

/** Checks a format and compression, case-insensitively; AVRO and unknown values are BAD_USER_INPUT. */
export function exportSettings(format: string, compression: string): { format: ExportFormat; compression: ExportCompression } {
  const f = format.toUpperCase();
  const c = compression.toUpperCase();
  if (UNSUPPORTED_FORMATS.has(f)) throw new BadInputError(`${f} exports are not supported; use ${EXPORT_FORMATS.join(', ')}`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(f)) throw new BadInputError(`format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (!(EXPORT_COMPRESSIONS as readonly string[]).includes(c)) throw new BadInputError(`compression must be one of ${EXPORT_COMPRESSIONS.join(', ')}`);
  return { format: f as ExportFormat, compression: c as ExportCompression };
}

/** What to export: rows in column order with their columns, or a Parquet file (a dataset version). */
export type ExportData = { rows: unknown[][]; columns: { name: string; dataType: string }[] } | { parquetFile: string };

/**
 * Writes `data` to the tenant's export file `<exportId>.<ext>` and returns its name and size.
 * Rows are first dumped as JSON lines into the staging folder for the engine to read. GZIP is
 * DuckDB's (a `.gz` file for CSV and JSON, the column codec inside a Parquet file); DuckDB has
 * no DEFLATE, so that file is compressed afterwards with zlib (`.deflate`, zlib format, any format).
 */
export async function writeExportFile(
  engine: SqlEngine, config: Config, target: { tenantId: string; exportId: string; format: ExportFormat; compression: ExportCompression }, data: ExportData,
): Promise<{ fileName: string; sizeBytes: number }> {
  const extension = EXTENSIONS[target.format];
  mkdirSync(stagingDir(config), { recursive: true });
  const dump = join(stagingDir(config), `${randomUUID()}.jsonl`);
  const staged = join(stagingDir(config), `${randomUUID()}.${extension}`);
  try {
    if ('rows' in data) {
      const lines = data.rows.map((row) => JSON.stringify(Object.fromEntries(data.columns.map((c, i) => [c.name, row[i]]))));
      await writeFile(dump, lines.length ? `${lines.join('\n')}\n` : '');
    }
    const source = 'rows' in data ? { file: dump, format: 'json' as const, columns: data.columns } : { file: data.parquetFile, format: 'parquet' as const };
    await engine.write(source, staged, extension, target.compression === 'GZIP' ? 'gzip' : 'uncompressed');
    const suffix = target.compression === 'DEFLATE' ? '.deflate' : target.compression === 'GZIP' && target.format !== 'PARQUET' ? '.gz' : '';
    const fileName = `${target.exportId}.${extension}${suffix}`;
    const file = prepareFile(exportFile(config, target.tenantId, fileName));
    if (target.compression === 'DEFLATE') await pipeline(createReadStream(staged), createDeflate(), createWriteStream(file));
    else renameSync(staged, file);
    return { fileName, sizeBytes: statSync(file).size };
  } finally {
    rmSync(dump, { force: true });
    rmSync(staged, { force: true });
  }
}

/** When an export asked for at `askedAt` stops being offered (EXPORT_RETENTION_SECONDS later; 7 days by default). */
export function exportExpiry(config: Config, askedAt: Date): Date {
  return new Date(askedAt.getTime() + config.exportRetentionSeconds * 1000);
}

/**
 * Deletes export files (query results' and tables') once they are no longer offered, in every
 * process that runs tasks: a file is written after its export was asked for, so a file older than
 * the retention belongs to an expired export. Its record stays; its download answers 404.
 * It reads only the files, never the database, so domains need not report what they wrote.
 */
export function exportFileSweeper(config: Config): PeriodicTask {
  const retentionMs = config.exportRetentionSeconds * 1000;
  return {
    name: 'export-file-sweeper',
    everyMs: Math.min(retentionMs, 60 * 60 * 1000),
    run: async () => {
      const root = join(config.dataDir, 'files');
      for (const folder of listDir(root).map((tenant) => join(root, tenant, 'exports'))) {
        for (const file of listDir(folder).map((name) => join(folder, name))) {
          const stat = statSync(file, { throwIfNoEntry: false });
          if (stat && Date.now() - stat.mtimeMs >= retentionMs) rmSync(file, { force: true });
        }
      }
    },
  };
}

/** The names in a folder; none when it does not exist (yet). */
function listDir(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
