import { IsIn, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { EXPORT_COMPRESSIONS, EXPORT_FORMATS, exportExpiry, exportSettings, writeExportFile, type ExportCompression, type ExportFormat } from '../../src/engine/exports';
import { datasetVersionFile } from '../../src/engine/storage';
import { ConflictError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { recordTask } from '../../src/queue/record-task';
import { enqueueTask } from '../../src/queue/task';
import { signedDownloadPath, type SignedDownload } from '../../src/rest/signed-downloads';
import { loadDatasetVersion, readVersionOf } from './datasets';
import { DatasetVersion, TABLE_JOB_KINDS, TableJob } from './entities';
import { getTable } from './tables';
import { getUpload } from './uploads';

/** Task kind that runs a table import or export. */
export const TABLE_JOB_TASK = 'table_job';

@InputType({ description: "An import: an upload loaded as the table's next version." })
export class CreateTableImportJobInput {
  @Field(() => ID, { description: 'The table.' })
  @MaxLength(36)
  tableId!: string;
  @Field(() => ID, { description: 'The upload to load (CSV, JSON or Parquet; detected from its bytes).' })
  @MaxLength(36)
  uploadId!: string;
  @Field(() => String, { nullable: true, description: 'A free-text label kept with the job (datacovey sends a `status`).' })
  @IsOptional()
  @MaxLength(200)
  label?: string | null;
}

@InputType({ description: "An export: the table's current version written to a file." })
export class CreateTableExportJobInput {
  @Field(() => ID, { description: 'The table.' })
  @MaxLength(36)
  tableId!: string;
  @Field(() => String, { nullable: true, description: `File format: ${EXPORT_FORMATS.join(', ')}. Default CSV.` })
  @IsOptional()
  format?: string | null;
  @Field(() => String, { nullable: true, description: `Compression: ${EXPORT_COMPRESSIONS.join(', ')}. Default NONE.` })
  @IsOptional()
  compression?: string | null;
  @Field(() => String, { nullable: true, description: 'A free-text label kept with the job (datacovey sends a `status`).' })
  @IsOptional()
  @MaxLength(200)
  label?: string | null;
}

@InputType({ description: 'Which table jobs to list.' })
export class TableJobFilter {
  @Field(() => String, { nullable: true, description: `Only this kind: ${TABLE_JOB_KINDS.join(' or ')}.` })
  @IsOptional()
  @IsIn(TABLE_JOB_KINDS, { message: `kind must be one of ${TABLE_JOB_KINDS.join(', ')}` })
  kind?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only jobs of this table (NOT_FOUND when it is not yours).' })
  @IsOptional()
  @MaxLength(36)
  tableId?: string | null;
}

async function enqueueTableJob(ctx: Context, fields: Partial<TableJob> & { kind: string; tableId: string }): Promise<TableJob> {
  const identity = requireIdentity(ctx);
  const job = await ctx.em.transactional(async (em) => {
    const created = em.create(TableJob, { tenantId: identity.tenantId, ...fields });
    enqueueTask(em, { tenantId: identity.tenantId, kind: TABLE_JOB_TASK, subjectId: created.id, actor: { userId: identity.userId, roles: identity.roles }, timeoutMs: 10 * 60_000, maxAttempts: 3 });
    return created;
  });
  ctx.tasks.wake();
  return job;
}

export async function createTableImportJob(ctx: Context, input: CreateTableImportJobInput): Promise<TableJob> {
  await getTable(ctx, input.tableId);
  await getUpload(ctx, input.uploadId);
  return enqueueTableJob(ctx, { kind: 'import', tableId: input.tableId, uploadId: input.uploadId, label: input.label ?? null });
}

export async function createTableExportJob(ctx: Context, input: CreateTableExportJobInput): Promise<TableJob> {
  const settings = exportSettings(input.format ?? 'CSV', input.compression ?? 'NONE');
  await getTable(ctx, input.tableId);
  return enqueueTableJob(ctx, { kind: 'export', tableId: input.tableId, ...settings, label: input.label ?? null });
}

export async function getTableJob(ctx: Context, id: string, kind?: string): Promise<TableJob> {
  requireIdentity(ctx);
  const job = await ctx.em.findOne(TableJob, { id, ...(kind ? { kind } : {}) });
  if (!job) throw new NotFoundError(kind === 'export' ? 'Export job' : kind === 'import' ? 'Import job' : 'Table job', id);
  return job;
}

export async function listTableJobs(ctx: Context, filter: TableJobFilter | undefined, page: PageArgs): Promise<Page<TableJob>> {
  requireIdentity(ctx);
  if (filter?.tableId) await getTable(ctx, filter.tableId);
  const where = { ...(filter?.kind ? { kind: filter.kind } : {}), ...(filter?.tableId ? { tableId: filter.tableId } : {}) };
  return paginate(ctx.em, TableJob, where, page, { orderBy: { createdAt: 'asc' } });
}

/** A signed link to a done export's file; CONFLICT for imports and unfinished exports. */
export async function tableJobDownload(ctx: Context, id: string): Promise<SignedDownload> {
  const job = await getTableJob(ctx, id);
  if (job.kind !== 'export' || job.status !== 'done' || !job.fileName) throw new ConflictError(`Table job ${id} has no file (${job.kind}, status ${job.status})`, { status: job.status });
  const offeredUntil = exportExpiry(ctx.config, job.createdAt);
  if (offeredUntil.getTime() <= Date.now()) throw new NotFoundError('Export file', id);
  return signedDownloadPath(ctx.config, { tenantId: job.tenantId, exportId: job.id, fileName: job.fileName }, offeredUntil);
}

/** Import: the upload becomes the next version. Export: the version queries read goes to a file. */
async function performTableJob(ctx: Context, job: TableJob): Promise<Partial<TableJob>> {
  if (job.kind === 'import') {
    const table = await loadDatasetVersion(ctx, job.tableId, { uploadId: job.uploadId });
    return { version: table.latestVersion };
  }
  const table = await getTable(ctx, job.tableId);
  const version = readVersionOf(table);
  if (version === null) throw new ConflictError(`Table ${table.id} has no data to export`);
  const row = await ctx.em.findOneOrFail(DatasetVersion, { datasetId: table.id, version });
  const written = await writeExportFile(
    ctx.engine, ctx.config, { tenantId: job.tenantId, exportId: job.id, format: job.format as ExportFormat, compression: job.compression as ExportCompression },
    { parquetFile: datasetVersionFile(ctx.config, job.tenantId, table.id, row.fileName) },
  );
  return { version, ...written };
}

/** Table imports and exports on the task runner: pending → running → done, or failed with the reason. */
export const tableJobTask = recordTask(TableJob, performTableJob);
