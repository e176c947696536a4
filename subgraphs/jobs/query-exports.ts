import DataLoader from 'dataloader';
import type { Context } from '../../src/context';
import { loader, requireIdentity } from '../../src/context';
import { exportExpiry, exportSettings, writeExportFile, type ExportCompression, type ExportFormat } from '../../src/engine/exports';
import { ConflictError, NotFoundError } from '../../src/errors';
import { recordTask } from '../../src/queue/record-task';
import { enqueueTask } from '../../src/queue/task';
import { signedDownloadPath, type SignedDownload } from '../../src/rest/signed-downloads';
import { QueryResult, QueryResultExport, QueryRun } from './entities';
import { getQueryRun } from './query-runs';

/** Task kind that writes a query result export's file. */
export const QUERY_EXPORT_TASK = 'query_result_export';

/** Asks for a file of a succeeded run's result; the task runner writes it (status pending → running → done / failed). */
export async function createQueryResultExport(ctx: Context, queryRunId: string, format: string, compression: string): Promise<QueryResultExport> {
  const identity = requireIdentity(ctx);
  const settings = exportSettings(format, compression);
  const run = await getQueryRun(ctx, queryRunId);
  if (run.status !== 'succeeded') throw new ConflictError(`Query job ${run.id} has no result to export (status ${run.status})`, { status: run.status });
  const created = await ctx.em.transactional(async (em) => {
    const exported = em.create(QueryResultExport, { tenantId: identity.tenantId, queryRunId: run.id, ...settings, expiresAt: exportExpiry(ctx.config, new Date()) });
    enqueueTask(em, { tenantId: identity.tenantId, kind: QUERY_EXPORT_TASK, subjectId: exported.id, actor: { userId: identity.userId, roles: identity.roles }, timeoutMs: 5 * 60_000, maxAttempts: 3 });
    return exported;
  });
  ctx.tasks.wake();
  return created;
}

export async function getQueryResultExport(ctx: Context, id: string): Promise<QueryResultExport> {
  requireIdentity(ctx);
  const exported = await ctx.em.findOne(QueryResultExport, { id });
  if (!exported) throw new NotFoundError('Export', id);
  return exported;
}

/** The exports of one run (NOT_FOUND when the run is not the caller's), oldest first. */
export async function listQueryResultExports(ctx: Context, queryRunId: string): Promise<QueryResultExport[]> {
  await getQueryRun(ctx, queryRunId);
  return ctx.em.find(QueryResultExport, { queryRunId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** A run's exports, batched per request. */
export function exportsOf(ctx: Context, run: QueryRun): Promise<QueryResultExport[]> {
  return loader(ctx, 'queryExportsByRun', () => new DataLoader<string, QueryResultExport[]>(async (ids) => {
    const all = await ctx.em.find(QueryResultExport, { queryRunId: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return ids.map((id) => all.filter((e) => e.queryRunId === id));
  })).load(run.id);
}

/** A short-lived signed URL path of a written export's file; CONFLICT until it is done, NOT_FOUND once expired. */
export async function queryResultExportDownload(ctx: Context, id: string): Promise<SignedDownload> {
  const exported = await getQueryResultExport(ctx, id);
  if (exported.status !== 'done' || !exported.fileName) throw new ConflictError(`Export ${id} is not ready (status ${exported.status})`, { status: exported.status });
  if (exported.expiresAt.getTime() <= Date.now()) throw new NotFoundError('Export file', id);
  return signedDownloadPath(ctx.config, { tenantId: exported.tenantId, exportId: exported.id, fileName: exported.fileName }, exported.expiresAt);
}

/** Query result exports on the task runner: the result's rows written to the export's file. */
export const queryExportTask = recordTask(QueryResultExport, async (ctx, exported) => {
  const run = await ctx.em.findOneOrFail(QueryRun, { id: exported.queryRunId });
  const result = run.resultId ? await ctx.em.findOne(QueryResult, { id: run.resultId }, { populate: ['rows'] }) : null;
  if (!result) throw new ConflictError(`Query job ${run.id} has no persisted result`);
  return writeExportFile(
    ctx.engine, ctx.config, { tenantId: exported.tenantId, exportId: exported.id, format: exported.format as ExportFormat, compression: exported.compression as ExportCompression },
    { rows: result.rows ?? [], columns: result.columns ?? [] },
  );
});
