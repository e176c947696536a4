import { randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { nextVersionFile, recordEditedVersion, type DatasetHead } from '../../src/engine/dataset-versions';
import { quoteIdent, type EngineColumn } from '../../src/engine/engine';
import { BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import { getVisibleWorkspace, getWritableWorkspace, readOnlyReason, type ViewerAccess } from './access';
import { WorkspaceMode, type Workspace } from './entities';
import { DATASET_TOPIC, transactWorkspaces } from './events';
import type { CellEditInput } from './inputs';
import { backingDataset, emitWorkspace } from './workspaces';

/** Most rows one data page holds. */
export const MAX_DATA_PAGE = 5000;

/** A page of the backing table's rows, with what the caller may do to them. */
export interface WorkspaceDataPage {
  workspaceId: string;
  columns: EngineColumn[];
  items: Record<string, unknown>[];
  rowIdentityColumns: string[];
  mode: WorkspaceMode;
  isLive: boolean;
  canEdit: boolean;
  readOnlyReason: string | null;
  limit: number;
  offset: number;
  total: number;
  hasNext: boolean;
  backingTableName: string | null;
  backingTableScope: string | null;
  datasetVersion: number | null;
}

function editability(workspace: Workspace, access: ViewerAccess, head: DatasetHead | undefined): { canEdit: boolean; readOnlyReason: string | null } {
  const reason = readOnlyReason(workspace, access) ?? (!head?.table ? 'no_backing_table' : !workspace.rowIdentityColumns.length ? 'no_row_identity' : null);
  return { canEdit: reason === null, readOnlyReason: reason };
}

/** `limit` rows from `offset` of the backing table's latest version, ordered by the row identity columns. */
export async function workspaceData(ctx: Context, id: string, page: { limit: number; offset: number; sort: 'asc' | 'desc' }): Promise<WorkspaceDataPage> {
  const { workspace, access } = await getVisibleWorkspace(ctx, id);
  const limit = Math.min(Math.max(page.limit, 1), MAX_DATA_PAGE);
  const offset = Math.max(page.offset, 0);
  const head = workspace.backingDatasetId ? await backingDataset(ctx, workspace.backingDatasetId).catch(() => undefined) : undefined;
  const base = {
    workspaceId: id, rowIdentityColumns: workspace.rowIdentityColumns, mode: workspace.mode, isLive: workspace.mode === WorkspaceMode.OPERATIONAL,
    ...editability(workspace, access, head), limit, offset, backingTableName: workspace.backingTableName ?? null, backingTableScope: workspace.backingTableScope ?? null,
  };
  if (!head?.table) return { ...base, columns: [], items: [], total: 0, hasNext: false, datasetVersion: null };
  const direction = page.sort === 'desc' ? 'DESC' : 'ASC';
  const order = (workspace.rowIdentityColumns.length ? workspace.rowIdentityColumns : head.columns.map((c) => c.name))
    .filter((c) => head.columns.some((col) => col.name === c))
    .map((c) => `${quoteIdent(c)} ${direction}`);
  const sql = `SELECT * FROM ${quoteIdent(head.table.schema)}.${quoteIdent(head.table.name)}${order.length ? ` ORDER BY ${order.join(', ')}` : ''} LIMIT ${limit} OFFSET ${offset}`;
  const result = await ctx.engine.query([head.table], sql, { maxRows: limit });
  const items = result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
  return { ...base, columns: head.columns, items, total: head.rowCount, hasNext: offset + items.length < head.rowCount, datasetVersion: head.latestVersion };
}

/** Times a cell edit is applied again after another write took its version number. */
const EDIT_ATTEMPTS = 5;

/** Each edit names its row by exactly the identity columns and changes another column of the table. */
function checkEdits(edits: CellEditInput[], identityColumns: string[], head: DatasetHead): void {
  for (const edit of edits) {
    const keys = Object.keys(edit.rowKey);
    if (keys.length !== identityColumns.length || identityColumns.some((c) => !(c in edit.rowKey))) {
      throw new BadInputError(`rowKey must give exactly the row identity columns: ${identityColumns.join(', ')}`);
    }
    if (identityColumns.includes(edit.column)) throw new BadInputError(`${edit.column} identifies rows and cannot be edited`);
    if (!head.columns.some((c) => c.name === edit.column)) throw new BadInputError(`Unknown column "${edit.column}"`);
  }
}

/** What a cell edit did: its id and the edited rows as they now are. */
export interface CellMutation {
  mutationId: string;
  rows: Record<string, unknown>[];
  datasetVersion: number;
}

/**
 * Applies cell edits to the backing table and writes the result as the dataset's next version
 * (the old versions stay, immutable). Rows are named by the workspace's row identity columns;
 * concurrent edits each become a version of their own, in the order they commit.
 */
export async function updateCells(ctx: Context, id: string, edits: CellEditInput[]): Promise<CellMutation> {
  const identity = requireIdentity(ctx);
  const { workspace } = await getWritableWorkspace(ctx, id);
  if (!edits.length) throw new BadInputError('Send at least one cell edit');
  if (!workspace.backingDatasetId) throw new ConflictError('The workspace has no backing table to edit');
  const mutationId = randomUUID();
  const cells = edits.map((e) => ({ key: e.rowKey, column: e.column, value: e.newValue ?? null }));
  // Edits name rows by identity, not position, so an edit that lost the race for a version number
  // is simply applied again on the version that won.
  for (let attempt = 1; ; attempt++) {
    const head = await backingDataset(ctx, workspace.backingDatasetId);
    if (!head.table) throw new ConflictError('The backing table has no data yet');
    checkEdits(edits, workspace.rowIdentityColumns, head);
    const version = head.latestVersion + 1;
    const { file, fileName } = nextVersionFile(ctx.config, identity.tenantId, head.id, version);
    const written = await ctx.engine.editCells(head.table.file, cells, file);
    try {
      const missing = edits.filter((e) => !written.rows.some((row) => workspace.rowIdentityColumns.every((c) => String(row[c]) === String(e.rowKey[c]))));
      if (missing.length) throw new NotFoundError('Row', JSON.stringify(missing[0].rowKey));
      await transactWorkspaces(ctx, async (em, emit) => {
        await recordEditedVersion(em, {
          tenantId: identity.tenantId, datasetId: head.id, version, columns: written.columns, rowCount: written.rowCount, sizeBytes: statSync(file).size, fileName,
        });
        emit(DATASET_TOPIC, 'version_loaded', head.id, { id: head.id, name: head.tableName, version });
        await emitWorkspace(em, emit, ctx, 'cells_updated', workspace, {
          mutationId, datasetVersion: version, cells: edits.map((e) => ({ key: e.rowKey, column: e.column, newValue: e.newValue ?? null })),
        });
      });
      return { mutationId, rows: written.rows, datasetVersion: version };
    } catch (error) {
      rmSync(file, { force: true });
      if (!(error instanceof ConflictError) || attempt >= EDIT_ATTEMPTS) throw error;
    }
  }
}
