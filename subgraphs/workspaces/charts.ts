import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { quoteIdent, quoteString, type EngineColumn } from '../../src/engine/engine';
import { BadInputError, NotFoundError } from '../../src/errors';
import { getVisibleWorkspace, getWritableWorkspace } from './access';
import { WorkspaceChart, type Workspace } from './entities';
import { transactWorkspaces } from './events';
import type { CreateChartInput, UpdateChartInput } from './inputs';
import { backingDataset, emitWorkspace } from './workspaces';

/** The chart spec versions this server reads. */
export const CHART_SPEC_VERSION = 1;
export const CHART_KINDS = ['bar', 'line', 'area', 'pie', 'scatter', 'table'] as const;
export const CHART_AGGS: Record<string, (column: string) => string> = {
  sum: (c) => `sum(${c})`,
  avg: (c) => `avg(${c})`,
  min: (c) => `min(${c})`,
  max: (c) => `max(${c})`,
  count: (c) => `count(${c})`,
  count_distinct: (c) => `count(DISTINCT ${c})`,
};
const FILTER_OPS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', in: 'IN', contains: 'ILIKE' };
/** Most points a chart asks for. */
export const MAX_CHART_LIMIT = 10000;

/** A chart spec after validation (v=1). */
export interface ChartSpec {
  v: number;
  kind: string;
  title?: string;
  subtitle?: string;
  theme?: string;
  x: { column: string };
  y: { column: string; agg: string; label?: string }[];
  group?: { column: string } | null;
  filters: { column: string; op: string; value: unknown }[];
  sort?: { by: 'x' | 'y'; order: 'asc' | 'desc' } | null;
  limit: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, field: string): string => {
  if (typeof v !== 'string' || !v || v.length > 255) throw new BadInputError(`spec.${field} must be a non-empty string`);
  return v;
};

/** Validates a spec and fills its defaults; with `columns`, every column it names must exist. */
export function normalizeSpec(raw: Record<string, unknown>, columns?: EngineColumn[]): ChartSpec {
  const v = raw.v ?? CHART_SPEC_VERSION;
  if (v !== CHART_SPEC_VERSION) throw new BadInputError(`spec.v must be ${CHART_SPEC_VERSION}`);
  const kind = text(raw.kind, 'kind');
  if (!(CHART_KINDS as readonly string[]).includes(kind)) throw new BadInputError(`spec.kind must be one of ${CHART_KINDS.join(', ')}`);
  if (!isObject(raw.x)) throw new BadInputError('spec.x must be {column}');
  if (!Array.isArray(raw.y) || !raw.y.length || raw.y.length > 20) throw new BadInputError('spec.y must list 1 to 20 series');
  const y = raw.y.map((s, i) => {
    if (!isObject(s)) throw new BadInputError(`spec.y[${i}] must be {column, agg, label}`);
    const agg = s.agg === undefined ? 'sum' : text(s.agg, `y[${i}].agg`);
    if (!CHART_AGGS[agg]) throw new BadInputError(`spec.y[${i}].agg must be one of ${Object.keys(CHART_AGGS).join(', ')}`);
    return { column: text(s.column, `y[${i}].column`), agg, ...(s.label !== undefined ? { label: text(s.label, `y[${i}].label`) } : {}) };
  });
  const group = raw.group == null ? null : isObject(raw.group) ? { column: text(raw.group.column, 'group.column') } : null;
  if (raw.filters !== undefined && !Array.isArray(raw.filters)) throw new BadInputError('spec.filters must be a list');
  const filters = ((raw.filters as unknown[] | undefined) ?? []).map((f, i) => {
    if (!isObject(f)) throw new BadInputError(`spec.filters[${i}] must be {column, op, value}`);
    const op = f.op === undefined ? 'eq' : text(f.op, `filters[${i}].op`);
    if (!FILTER_OPS[op]) throw new BadInputError(`spec.filters[${i}].op must be one of ${Object.keys(FILTER_OPS).join(', ')}`);
    if (op === 'in' && (!Array.isArray(f.value) || !f.value.length)) throw new BadInputError(`spec.filters[${i}].value must be a non-empty list for in`);
    return { column: text(f.column, `filters[${i}].column`), op, value: f.value ?? null };
  });
  let sort: ChartSpec['sort'] = null;
  if (raw.sort != null) {
    if (!isObject(raw.sort)) throw new BadInputError('spec.sort must be {by, order}');
    const by = raw.sort.by ?? 'x';
    const order = raw.sort.order ?? 'asc';
    if ((by !== 'x' && by !== 'y') || (order !== 'asc' && order !== 'desc')) throw new BadInputError('spec.sort is {by: x|y, order: asc|desc}');
    sort = { by, order };
  }
  const limit = raw.limit ?? 1000;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_CHART_LIMIT) throw new BadInputError(`spec.limit must be 1 to ${MAX_CHART_LIMIT}`);
  const spec: ChartSpec = { v: CHART_SPEC_VERSION, kind, x: { column: text(raw.x.column, 'x.column') }, y, group, filters, sort, limit };
  for (const key of ['title', 'subtitle', 'theme'] as const) if (raw[key] != null) spec[key] = text(raw[key], key);
  if (columns) {
    const names = new Set(columns.map((c) => c.name));
    const named = [spec.x.column, ...y.map((s) => s.column), ...(group ? [group.column] : []), ...filters.map((f) => f.column)];
    const unknown = named.filter((c) => !names.has(c));
    if (unknown.length) throw new BadInputError(`spec names ${unknown.map((c) => `"${c}"`).join(', ')}, not columns of the backing table`);
  }
  return spec;
}

async function columnsOf(ctx: Context, workspace: Workspace): Promise<EngineColumn[] | undefined> {
  return workspace.backingDatasetId ? (await backingDataset(ctx, workspace.backingDatasetId)).columns : undefined;
}

export async function listCharts(ctx: Context, workspaceId: string): Promise<WorkspaceChart[]> {
  await getVisibleWorkspace(ctx, workspaceId);
  return ctx.em.find(WorkspaceChart, { workspaceId }, { orderBy: { position: 'asc', createdAt: 'asc' } });
}

export async function getChart(ctx: Context, workspaceId: string, chartId: string): Promise<WorkspaceChart> {
  await getVisibleWorkspace(ctx, workspaceId);
  const chart = await ctx.em.findOne(WorkspaceChart, { id: chartId, workspaceId });
  if (!chart) throw new NotFoundError('Chart', chartId);
  return chart;
}

/** Puts `chart` at `position` and renumbers the others 0…n-1 around it. */
async function reorder(em: EntityManager, workspaceId: string, chart: WorkspaceChart, position: number): Promise<void> {
  const others = (await em.find(WorkspaceChart, { workspaceId, id: { $ne: chart.id } }, { orderBy: { position: 'asc', createdAt: 'asc' } }));
  const at = Math.min(position, others.length);
  [...others.slice(0, at), chart, ...others.slice(at)].forEach((c, i) => (c.position = i));
}

export async function createChart(ctx: Context, workspaceId: string, input: CreateChartInput): Promise<WorkspaceChart> {
  const identity = requireIdentity(ctx);
  const { workspace } = await getWritableWorkspace(ctx, workspaceId);
  const spec = normalizeSpec(input.spec, await columnsOf(ctx, workspace));
  return transactWorkspaces(ctx, async (em, emit) => {
    const chart = em.create(WorkspaceChart, {
      tenantId: identity.tenantId, workspaceId, title: input.title ?? spec.title ?? null, spec: { ...spec }, position: 0,
      collapsed: input.collapsed ?? false, rendererConfig: input.rendererConfig ?? null, createdById: identity.userId, lastEditedById: identity.userId,
    });
    await reorder(em, workspaceId, chart, input.position ?? Number.MAX_SAFE_INTEGER);
    await emitWorkspace(em, emit, ctx, 'chart_created', workspace, { chartId: chart.id });
    return chart;
  });
}

export async function updateChart(ctx: Context, workspaceId: string, chartId: string, input: UpdateChartInput & { position?: number | null }): Promise<WorkspaceChart> {
  const { workspace } = await getWritableWorkspace(ctx, workspaceId);
  const chart = await getChart(ctx, workspaceId, chartId);
  const spec = input.spec ? normalizeSpec(input.spec, await columnsOf(ctx, workspace)) : undefined;
  return transactWorkspaces(ctx, async (em, emit) => {
    if (spec) chart.spec = { ...spec };
    if (input.title !== undefined) chart.title = input.title;
    if (input.collapsed != null) chart.collapsed = input.collapsed;
    if (input.rendererConfig !== undefined) chart.rendererConfig = input.rendererConfig;
    if (input.position != null) await reorder(em, workspaceId, chart, input.position);
    chart.lastEditedById = requireIdentity(ctx).userId;
    chart.updatedAt = new Date();
    await emitWorkspace(em, emit, ctx, 'chart_updated', workspace, { chartId });
    return chart;
  });
}

export async function deleteChart(ctx: Context, workspaceId: string, chartId: string): Promise<WorkspaceChart> {
  const { workspace } = await getWritableWorkspace(ctx, workspaceId);
  const chart = await getChart(ctx, workspaceId, chartId);
  return transactWorkspaces(ctx, async (em, emit) => {
    em.remove(chart);
    await emitWorkspace(em, emit, ctx, 'chart_deleted', workspace, { chartId });
    return chart;
  });
}

/** Aggregated points of a chart, computed on the SQL engine over the backing table. */
export interface ChartData {
  chartId: string;
  xColumn: string;
  yLabel: string;
  groupColumn: string | null;
  rows: { x: unknown; y: number | null; group: unknown }[];
  truncated: boolean;
}

function literal(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return quoteString(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

function condition(f: ChartSpec['filters'][number]): string {
  const column = quoteIdent(f.column);
  if (f.op === 'in') return `${column} IN (${(f.value as unknown[]).map(literal).join(', ')})`;
  if (f.op === 'contains') return `CAST(${column} AS VARCHAR) ILIKE ${quoteString(`%${String(f.value)}%`)}`;
  if (f.value === null) return f.op === 'neq' ? `${column} IS NOT NULL` : `${column} IS NULL`;
  return `${column} ${FILTER_OPS[f.op]} ${literal(f.value)}`;
}

/** Runs the chart's first series: `agg(y)` by x (and group), filtered, sorted, at most `limit` points. */
export async function chartData(ctx: Context, workspaceId: string, chartId: string, override: { limit?: number | null } = {}): Promise<ChartData> {
  const { workspace } = await getVisibleWorkspace(ctx, workspaceId);
  const chart = await getChart(ctx, workspaceId, chartId);
  const head = workspace.backingDatasetId ? await backingDataset(ctx, workspace.backingDatasetId) : undefined;
  const spec = normalizeSpec(chart.spec, head?.columns);
  const series = spec.y[0];
  const yLabel = series.label ?? `${series.agg}(${series.column})`;
  const empty = { chartId, xColumn: spec.x.column, yLabel, groupColumn: spec.group?.column ?? null, rows: [], truncated: false };
  if (!head?.table) return empty;
  const limit = Math.min(override.limit ?? spec.limit, MAX_CHART_LIMIT);
  const x = quoteIdent(spec.x.column);
  const group = spec.group ? quoteIdent(spec.group.column) : null;
  const where = spec.filters.length ? ` WHERE ${spec.filters.map(condition).join(' AND ')}` : '';
  const order = spec.sort?.by === 'y' ? `y ${spec.sort.order.toUpperCase()}, x` : `x ${(spec.sort?.order ?? 'asc').toUpperCase()}`;
  const sql = `SELECT ${x} AS x, ${CHART_AGGS[series.agg](quoteIdent(series.column))} AS y${group ? `, ${group} AS g` : ''}
    FROM ${quoteIdent(head.table.schema)}.${quoteIdent(head.table.name)}${where}
    GROUP BY ${x}${group ? `, ${group}` : ''} ORDER BY ${order}${group ? ', g' : ''}`;
  const result = await ctx.engine.query([head.table], sql, { maxRows: limit });
  const rows = result.rows.map((r) => ({ x: r[0], y: r[1] === null ? null : Number(r[1]), group: group ? r[2] : null }));
  return { ...empty, rows, truncated: result.truncated };
}
