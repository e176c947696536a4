import type { EntityManager } from '@mikro-orm/core';
import { IsIn, IsInt, IsOptional, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { tenantTables } from '../../src/engine/tables';
import { AppError, BadInputError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import type { TaskHandler } from '../../src/queue/runner';
import { enqueueTask } from '../../src/queue/task';
import { CELL_TYPES, Notebook, NotebookCell } from './entities';
import { transactNotebooks } from './events';
import { requireLive } from './notebook.machine';
import { emitNotebook, getOwnedNotebook, getVisibleNotebook, notebookTeamIds, touchNotebook } from './notebooks';

/** Task kind that executes one cell on the engine. */
export const NOTEBOOK_CELL_TASK = 'notebook_cell';
/** Most rows a cell's output keeps (and its event carries); QUERY_MAX_ROWS caps it further. */
export const CELL_OUTPUT_MAX_ROWS = 1000;
/** Longest cell source. */
export const MAX_CELL_SOURCE = 100_000;

@InputType({ description: 'A new cell.' })
export class CreateNotebookCellInput {
  @Field(() => String, { nullable: true, description: `Kind: ${CELL_TYPES.join(' or ')} (default sql).` })
  @IsOptional()
  @IsIn(CELL_TYPES, { message: `cellType must be one of ${CELL_TYPES.join(', ')}` })
  cellType?: string | null;
  @Field(() => String, { description: 'Source text.' })
  @MaxLength(MAX_CELL_SOURCE)
  source!: string;
  @Field(() => Int, { nullable: true, description: 'Place to insert it at, from 0 (default: last); later cells move down.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number | null;
}

@InputType({ description: 'Changes to a cell.' })
export class UpdateNotebookCellInput {
  @Field(() => String, { nullable: true, description: 'New kind.' })
  @IsOptional()
  @IsIn(CELL_TYPES, { message: `cellType must be one of ${CELL_TYPES.join(', ')}` })
  cellType?: string | null;
  @Field(() => String, { nullable: true, description: 'New source.' })
  @IsOptional()
  @MaxLength(MAX_CELL_SOURCE)
  source?: string | null;
  @Field(() => Int, { nullable: true, description: 'New place, from 0; the cells between move.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number | null;
}

export async function listNotebookCells(ctx: Context, notebookId: string, page: PageArgs): Promise<Page<NotebookCell>> {
  await getVisibleNotebook(ctx, notebookId);
  return paginate(ctx.em, NotebookCell, { notebookId }, page, { orderBy: { position: 'asc' } });
}

export async function getNotebookCell(ctx: Context, notebookId: string, cellId: string): Promise<NotebookCell> {
  const cell = await ctx.em.findOne(NotebookCell, { id: cellId, notebookId });
  if (!cell) throw new NotFoundError('Cell', cellId);
  return cell;
}

/** Moves the other cells so that positions stay 0..n-1 with `cell` at `target`. */
async function place(em: EntityManager, cell: NotebookCell, target: number | null | undefined): Promise<void> {
  const others = (await em.find(NotebookCell, { notebookId: cell.notebookId, id: { $ne: cell.id } }, { orderBy: { position: 'asc' } }));
  const at = Math.min(target ?? others.length, others.length);
  others.splice(at, 0, cell);
  others.forEach((c, index) => (c.position = index));
}

export async function createNotebookCell(ctx: Context, notebookId: string, input: CreateNotebookCellInput): Promise<NotebookCell> {
  const notebook = await getOwnedNotebook(ctx, notebookId);
  const teamIds = await notebookTeamIds(ctx.em, notebookId);
  return transactNotebooks(ctx, async (em, emit) => {
    const cell = em.create(NotebookCell, { tenantId: notebook.tenantId, notebookId, cellType: input.cellType ?? 'sql', source: input.source, position: 0 });
    await place(em, cell, input.position);
    emitNotebook(emit, notebook, teamIds, 'cell_created', { cellId: cell.id });
    return cell;
  });
}

export async function updateNotebookCell(ctx: Context, notebookId: string, cellId: string, input: UpdateNotebookCellInput): Promise<NotebookCell> {
  const notebook = await getOwnedNotebook(ctx, notebookId);
  const cell = await getNotebookCell(ctx, notebookId, cellId);
  const teamIds = await notebookTeamIds(ctx.em, notebookId);
  return transactNotebooks(ctx, async (em, emit) => {
    if (input.cellType) cell.cellType = input.cellType;
    if (input.source != null) cell.source = input.source;
    if (input.position != null) await place(em, cell, input.position);
    emitNotebook(emit, notebook, teamIds, 'cell_updated', { cellId });
    return cell;
  });
}

export async function deleteNotebookCell(ctx: Context, notebookId: string, cellId: string): Promise<NotebookCell> {
  const notebook = await getOwnedNotebook(ctx, notebookId);
  const cell = await getNotebookCell(ctx, notebookId, cellId);
  const teamIds = await notebookTeamIds(ctx.em, notebookId);
  await transactNotebooks(ctx, async (em, emit) => {
    em.remove(cell);
    const rest = await em.find(NotebookCell, { notebookId, id: { $ne: cellId } }, { orderBy: { position: 'asc' } });
    rest.forEach((c, index) => (c.position = index));
    emitNotebook(emit, notebook, teamIds, 'cell_deleted', { cellId });
  });
  await ctx.tasks.cancel(cellId).catch(() => false);
  return cell;
}

/**
 * Queues a SQL cell's execution on a running (or idle: it resumes) notebook and answers at once
 * with the cell `queued`; the runner executes it and every state (queued, running, succeeded,
 * failed) with the output goes out on `notebookChanged`. A stopped notebook is CONFLICT
 * (reason NOTEBOOK_NOT_RUNNING); executing counts as activity.
 */
export async function executeNotebookCell(ctx: Context, notebookId: string, cellId: string): Promise<NotebookCell> {
  const identity = requireIdentity(ctx);
  const notebook = await getOwnedNotebook(ctx, notebookId);
  const cell = await getNotebookCell(ctx, notebookId, cellId);
  requireLive(notebook.status, 'execute a cell');
  if (cell.cellType !== 'sql') throw new BadInputError(`Only sql cells execute; this one is ${cell.cellType}`);
  if (!cell.source.trim()) throw new BadInputError('The cell is empty');
  await transactNotebooks(ctx, async (em, emit) => {
    await touchNotebook(ctx, notebook, em, emit);
    Object.assign(cell, { executionStatus: 'queued', executionCount: cell.executionCount + 1, errorMessage: null });
    enqueueTask(em, {
      tenantId: notebook.tenantId, kind: NOTEBOOK_CELL_TASK, subjectId: cell.id, actor: { userId: identity.userId, roles: identity.roles },
      payload: { notebookId, execution: cell.executionCount }, timeoutMs: ctx.config.queryTimeoutMs + 5000, maxAttempts: 2,
    });
    emitNotebook(emit, notebook, await notebookTeamIds(em, notebookId), 'cell_queued', { cellId, executionStatus: 'queued', executionCount: cell.executionCount });
  });
  ctx.tasks.wake();
  return cell;
}

/** Ends the cell's execution with `changes` and pushes its state (and output) to subscribers. */
async function endExecution(ctx: Context, notebook: Notebook, cell: NotebookCell, changes: Partial<NotebookCell>): Promise<void> {
  const teamIds = await notebookTeamIds(ctx.em, notebook.id);
  await transactNotebooks(ctx, async (_em, emit) => {
    Object.assign(cell, changes, { executedAt: new Date() });
    emitNotebook(emit, notebook, teamIds, `cell_${cell.executionStatus}`, {
      cellId: cell.id, executionStatus: cell.executionStatus!, executionCount: cell.executionCount, output: cell.output ?? null, errorMessage: cell.errorMessage ?? null,
    });
  });
}

/**
 * Executes a queued cell on the engine over the tenant's datasets (the tables POST /v1/query
 * reads), provided its notebook is still running or idle; the output keeps at most
 * CELL_OUTPUT_MAX_ROWS rows. The user's SQL errors fail the cell with the reason.
 */
export const notebookCellTask: TaskHandler = {
  async run(ctx, task, signal) {
    const cell = await ctx.em.findOne(NotebookCell, { id: task.subjectId });
    if (!cell || cell.executionCount !== task.payload.execution || !['queued', 'running'].includes(cell.executionStatus ?? '')) return;
    const notebook = await ctx.em.findOne(Notebook, { id: cell.notebookId });
    if (!notebook) return;
    if (!['running', 'idle'].includes(notebook.status)) {
      await endExecution(ctx, notebook, cell, { executionStatus: 'failed', errorMessage: `The notebook is ${notebook.status}; start it and run the cell again` });
      return;
    }
    const teamIds = await notebookTeamIds(ctx.em, notebook.id);
    await transactNotebooks(ctx, async (_em, emit) => {
      cell.executionStatus = 'running';
      emitNotebook(emit, notebook, teamIds, 'cell_running', { cellId: cell.id, executionStatus: 'running', executionCount: cell.executionCount });
    });
    try {
      const tables = await tenantTables(ctx.em, ctx.config, notebook.tenantId);
      const result = await ctx.engine.query(tables, cell.source, { signal, maxRows: Math.min(CELL_OUTPUT_MAX_ROWS, ctx.config.queryMaxRows) });
      await endExecution(ctx, notebook, cell, {
        executionStatus: 'succeeded', executionTimeMs: result.executionTimeMs, errorMessage: null,
        output: { columns: result.columns, rows: result.rows, rowCount: result.rowCount, truncated: result.truncated },
      });
    } catch (error) {
      if (signal.aborted || !(error instanceof AppError)) throw error; // the runner retries or settles it
      await endExecution(ctx, notebook, cell, { executionStatus: 'failed', errorMessage: error.message, output: null });
    }
  },
  async settle(ctx, task, outcome) {
    const cell = await ctx.em.findOne(NotebookCell, { id: task.subjectId });
    if (!cell || cell.executionCount !== task.payload.execution || !['queued', 'running'].includes(cell.executionStatus ?? '')) return;
    const notebook = await ctx.em.findOne(Notebook, { id: cell.notebookId });
    if (notebook) await endExecution(ctx, notebook, cell, { executionStatus: 'failed', errorMessage: outcome.message, output: null });
  },
};
