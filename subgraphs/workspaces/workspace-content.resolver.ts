import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../src/context';
import { SortDirection } from '../../src/pagination';
import * as charts from './charts';
import { MAX_CHART_LIMIT } from './charts';
import * as data from './data';
import { MAX_DATA_PAGE } from './data';
import { WorkspaceChart } from './entities';
import { CellEditInput, CreateChartInput, UpdateChartInput, UpsertShareInput } from './inputs';
import * as sharing from './sharing';
import { WorkspaceCellMutation, WorkspaceChartData, WorkspaceDataPage, WorkspaceShareView } from './types';

const workspaceArg = Arg('workspaceId', () => ID, { description: 'Workspace id.' });
const chartArg = Arg('chartId', () => ID, { description: 'Chart id.' });

@ArgsType()
class DataPageArgs {
  @Field(() => Int, { nullable: true, description: `Rows per page (1–${MAX_DATA_PAGE}, default 100).` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_DATA_PAGE)
  limit?: number | null;

  @Field(() => Int, { nullable: true, description: 'Rows to skip (default 0).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  offset?: number | null;

  @Field(() => SortDirection, { nullable: true, description: 'Order of the row identity columns (default asc).' })
  @IsOptional()
  @IsIn(Object.values(SortDirection))
  sort?: SortDirection | null;
}

/** Sharing, backing-table data and charts of a workspace. */
@Resolver()
export class WorkspaceContentResolver {
  @Authorized()
  @Query(() => WorkspaceShareView, { description: "A workspace's share (state not_shared until one is set)." })
  workspaceShare(@workspaceArg workspaceId: string, @Ctx() ctx: Context) {
    return sharing.getShare(ctx, workspaceId);
  }

  @Authorized()
  @Mutation(() => WorkspaceShareView, { description: "Set a workspace's share, replacing its recipients (owner only)." })
  upsertWorkspaceShare(@workspaceArg workspaceId: string, @Arg('input', () => UpsertShareInput, { description: 'Recipients and expiry.' }) input: UpsertShareInput, @Ctx() ctx: Context) {
    return sharing.upsertShare(ctx, workspaceId, input);
  }

  @Authorized()
  @Mutation(() => WorkspaceShareView, { description: 'Revoke the share: recipients lose access, the share stays as revoked (owner only).' })
  revokeWorkspaceShare(@workspaceArg workspaceId: string, @Ctx() ctx: Context) {
    return sharing.endShare(ctx, workspaceId, 'revoke');
  }

  @Authorized()
  @Mutation(() => WorkspaceShareView, { description: 'Clear the share: removed entirely, the workspace is not_shared (owner only).' })
  clearWorkspaceShare(@workspaceArg workspaceId: string, @Ctx() ctx: Context) {
    return sharing.endShare(ctx, workspaceId, 'clear');
  }

  @Authorized()
  @Query(() => WorkspaceDataPage, { description: "A page of the backing table's rows (its latest version), ordered by the row identity columns." })
  workspaceData(@workspaceArg workspaceId: string, @Args(() => DataPageArgs) page: DataPageArgs, @Ctx() ctx: Context) {
    return data.workspaceData(ctx, workspaceId, { limit: page.limit ?? 100, offset: page.offset ?? 0, sort: page.sort ?? SortDirection.ASC });
  }

  @Authorized()
  @Mutation(() => WorkspaceCellMutation, { description: 'Edit cells of the backing table; written through as a new dataset version.' })
  async updateWorkspaceCells(@workspaceArg workspaceId: string, @Arg('edits', () => [CellEditInput], { description: 'The cell edits.' }) edits: CellEditInput[], @Ctx() ctx: Context) {
    const result = await data.updateCells(ctx, workspaceId, edits);
    return { ...result, row: result.rows[0] ?? null };
  }

  @Authorized()
  @Query(() => [WorkspaceChart], { description: "A workspace's charts by position." })
  workspaceCharts(@workspaceArg workspaceId: string, @Ctx() ctx: Context) {
    return charts.listCharts(ctx, workspaceId);
  }

  @Authorized()
  @Query(() => WorkspaceChart, { description: 'One chart of a workspace.' })
  workspaceChart(@workspaceArg workspaceId: string, @chartArg chartId: string, @Ctx() ctx: Context) {
    return charts.getChart(ctx, workspaceId, chartId);
  }

  @Authorized()
  @Query(() => WorkspaceChartData, { description: "A chart's points, aggregated over the backing table on the SQL engine." })
  workspaceChartData(
    @workspaceArg workspaceId: string,
    @chartArg chartId: string,
    @Arg('limit', () => Int, { nullable: true, description: `At most this many points (1–${MAX_CHART_LIMIT}; default the spec's limit).` }) limit: number | undefined,
    @Ctx() ctx: Context,
  ) {
    return charts.chartData(ctx, workspaceId, chartId, { limit });
  }

  @Authorized()
  @Mutation(() => WorkspaceChart, { description: 'Add a chart to a workspace.' })
  createWorkspaceChart(@workspaceArg workspaceId: string, @Arg('input', () => CreateChartInput, { description: 'The chart.' }) input: CreateChartInput, @Ctx() ctx: Context) {
    return charts.createChart(ctx, workspaceId, input);
  }

  @Authorized()
  @Mutation(() => WorkspaceChart, { description: 'Change a chart.' })
  updateWorkspaceChart(
    @workspaceArg workspaceId: string,
    @chartArg chartId: string,
    @Arg('input', () => UpdateChartInput, { description: 'Changes.' }) input: UpdateChartInput,
    @Ctx() ctx: Context,
  ) {
    return charts.updateChart(ctx, workspaceId, chartId, input);
  }

  @Authorized()
  @Mutation(() => WorkspaceChart, { description: 'Move a chart to a position; the others shift around it.' })
  moveWorkspaceChart(
    @workspaceArg workspaceId: string,
    @chartArg chartId: string,
    @Arg('position', () => Int, { description: 'New position, from 0.' }) position: number,
    @Ctx() ctx: Context,
  ) {
    return charts.updateChart(ctx, workspaceId, chartId, { position: Math.max(0, position) });
  }

  @Authorized()
  @Mutation(() => WorkspaceChart, { description: 'Delete a chart.' })
  deleteWorkspaceChart(@workspaceArg workspaceId: string, @chartArg chartId: string, @Ctx() ctx: Context) {
    return charts.deleteChart(ctx, workspaceId, chartId);
  }
}
