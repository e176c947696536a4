import DataLoader from 'dataloader';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../src/context';
import { alignById, loader, requireIdentity } from '../../src/context';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { TeamGrant, TeamIdsInput } from '../../src/access/team-grants';
import { teamIdsOfUser } from '../../src/db/directory';
import type { EventEnvelope } from '../../src/events/envelope';
import { eventStream } from '../../src/events/stream';
import { Connection, PageArgs } from '../../src/pagination';
import * as cells from './cells';
import { CreateNotebookCellInput, UpdateNotebookCellInput } from './cells';
import { Notebook, NotebookCell, NotebookCellOutput, WorkloadConfig } from './entities';
import { NOTEBOOK_TOPIC, type NotebookEventPayload } from './events';
import * as notebooks from './notebooks';
import { CreateNotebookInput, NotebookFilter, NotebookOpenUrl, UpdateNotebookInput } from './notebooks';

export const NotebookConnection = Connection(Notebook, 'Notebook');
export const NotebookCellConnection = Connection(NotebookCell, 'NotebookCell');

@ObjectType({ description: 'A change to a notebook, as pushed by `notebookChanged`: a status change, a cell change, or a cell execution state with its output.' })
export class NotebookChangeEvent {
  @Field(() => String, { description: 'Event cursor: resubscribe with `after` set to it to resume after this event.' })
  cursor!: string;
  @Field(() => String, {
    description: 'What happened: a status (starting, running, idle, stopping, stopped), created, updated, deleted, teams_added, team_removed, cell_created, cell_updated, cell_deleted, or an execution state (cell_queued, cell_running, cell_succeeded, cell_failed).',
  })
  type!: string;
  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;
  @Field(() => ID, { description: 'The notebook.' })
  notebookId!: string;
  @Field(() => String, { description: 'The notebook status when it happened.' })
  status!: string;
  @Field(() => ID, { nullable: true, description: 'The cell it is about.' })
  cellId?: string | null;
  @Field(() => String, { nullable: true, description: 'The cell execution state: queued, running, succeeded or failed.' })
  executionStatus?: string | null;
  @Field(() => Int, { nullable: true, description: 'Which execution of the cell.' })
  executionCount?: number | null;
  @Field(() => NotebookCellOutput, { nullable: true, description: 'The output of a succeeded execution.' })
  output?: NotebookCellOutput | null;
  @Field(() => String, { nullable: true, description: 'Why an execution failed.' })
  errorMessage?: string | null;
  @Field(() => String, { nullable: true, description: 'Why it changed (e.g. idle timeout).' })
  message?: string | null;
}

const notebookIdArg = () => Arg('notebookId', () => ID, { description: 'Notebook id.' });
const cellIdArg = () => Arg('cellId', () => ID, { description: 'Cell id.' });

@Resolver(() => Notebook)
export class NotebookResolver {
  @Authorized()
  @Query(() => NotebookConnection, { description: 'Notebooks you own or that are shared with your teams (all of them for an Org admin), newest first; `filter.teamId` lists a team\'s notebooks.' })
  notebooks(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => NotebookFilter, { nullable: true, description: 'Team.' }) filter: NotebookFilter | undefined, @Ctx() ctx: Context) {
    return notebooks.listNotebooks(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Notebook, { description: 'One notebook.' })
  notebook(@notebookIdArg() id: string, @Ctx() ctx: Context) {
    return notebooks.getVisibleNotebook(ctx, id);
  }

  @Authorized()
  @Mutation(() => Notebook, { description: 'Create a notebook on a workload config; it starts stopped.' })
  createNotebook(@Arg('input', () => CreateNotebookInput, { description: 'The notebook.' }) input: CreateNotebookInput, @Ctx() ctx: Context) {
    return notebooks.createNotebook(ctx, input);
  }

  @Authorized()
  @Mutation(() => Notebook, { description: 'Change display name, description, idle timeout, or (only while stopped; CONFLICT otherwise) the workload config. Owner or Org admin.' })
  updateNotebook(@notebookIdArg() id: string, @Arg('input', () => UpdateNotebookInput, { description: 'Changes.' }) input: UpdateNotebookInput, @Ctx() ctx: Context) {
    return notebooks.updateNotebook(ctx, id, input);
  }

  @Authorized()
  @Mutation(() => Notebook, { description: 'Delete a notebook with its cells and team grants; one that is not stopped goes stopping → stopped first.' })
  deleteNotebook(@notebookIdArg() id: string, @Ctx() ctx: Context) {
    return notebooks.deleteNotebook(ctx, id);
  }

  @Authorized()
  @Mutation(() => Notebook, { description: 'stopped → starting (at once) → running (when its pods are up). CONFLICT, with the current status, unless stopped.' })
  startNotebook(@notebookIdArg() id: string, @Ctx() ctx: Context) {
    return notebooks.startNotebook(ctx, id);
  }

  @Authorized()
  @Mutation(() => Notebook, { description: 'running or idle (or starting) → stopping (at once) → stopped (when its pods are gone). CONFLICT, with the current status, otherwise.' })
  stopNotebook(@notebookIdArg() id: string, @Ctx() ctx: Context) {
    return notebooks.stopNotebook(ctx, id);
  }

  @Authorized()
  @Mutation(() => NotebookOpenUrl, { description: 'A short-lived signed URL (JWT, 5 minutes) to embed the notebook as an iframe; running or idle only (CONFLICT, reason NOTEBOOK_NOT_RUNNING).' })
  openNotebook(@notebookIdArg() id: string, @Ctx() ctx: Context) {
    return notebooks.openNotebook(ctx, id);
  }

  @Authorized()
  @Mutation(() => Notebook, { description: 'Presence heartbeat (e.g. every 60 s while it is open): resets the idle timeout, and an idle notebook is running again. Running or idle only.' })
  recordNotebookActivity(@notebookIdArg() id: string, @Ctx() ctx: Context) {
    return notebooks.recordNotebookActivity(ctx, id);
  }

  @Authorized()
  @Query(() => [TeamGrant], { description: 'Teams a notebook is shared with.' })
  notebookTeams(@notebookIdArg() id: string, @Ctx() ctx: Context) {
    return notebooks.notebookTeams(ctx, id);
  }

  @Authorized()
  @Mutation(() => [TeamGrant], { description: 'Share a notebook with teams (their members view and open it); returns all its teams.' })
  addNotebookTeams(@notebookIdArg() id: string, @Arg('input', () => TeamIdsInput, { description: 'Teams to add.' }) input: TeamIdsInput, @Ctx() ctx: Context) {
    return notebooks.addNotebookTeams(ctx, id, input.teamIds);
  }

  @Authorized()
  @Mutation(() => TeamGrant, { description: "Revoke a team's access to a notebook." })
  removeNotebookTeam(@notebookIdArg() id: string, @Arg('teamId', () => ID, { description: 'Team id.' }) teamId: string, @Ctx() ctx: Context) {
    return notebooks.removeNotebookTeam(ctx, id, teamId);
  }

  @Authorized()
  @Query(() => NotebookCellConnection, { description: 'Cells of a notebook, in order.' })
  notebookCells(@notebookIdArg() id: string, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return cells.listNotebookCells(ctx, id, page);
  }

  @Authorized()
  @Mutation(() => NotebookCell, { description: 'Add a cell (at the end, or at `position`).' })
  createNotebookCell(@notebookIdArg() id: string, @Arg('input', () => CreateNotebookCellInput, { description: 'The cell.' }) input: CreateNotebookCellInput, @Ctx() ctx: Context) {
    return cells.createNotebookCell(ctx, id, input);
  }

  @Authorized()
  @Mutation(() => NotebookCell, { description: "Change a cell's kind, source or place." })
  updateNotebookCell(@notebookIdArg() id: string, @cellIdArg() cellId: string, @Arg('input', () => UpdateNotebookCellInput, { description: 'Changes.' }) input: UpdateNotebookCellInput, @Ctx() ctx: Context) {
    return cells.updateNotebookCell(ctx, id, cellId, input);
  }

  @Authorized()
  @Mutation(() => NotebookCell, { description: 'Delete a cell; the cells after it move up.' })
  deleteNotebookCell(@notebookIdArg() id: string, @cellIdArg() cellId: string, @Ctx() ctx: Context) {
    return cells.deleteNotebookCell(ctx, id, cellId);
  }

  @Authorized()
  @Mutation(() => NotebookCell, {
    description: 'Run a SQL cell on the SQL engine over your datasets: answers at once with the cell queued; the states and output arrive on notebookChanged. CONFLICT (reason NOTEBOOK_NOT_RUNNING) unless the notebook is running or idle.',
  })
  executeNotebookCell(@notebookIdArg() id: string, @cellIdArg() cellId: string, @Ctx() ctx: Context) {
    return cells.executeNotebookCell(ctx, id, cellId);
  }

  @Subscription(() => NotebookChangeEvent, {
    description: 'Everything that happens to one notebook, in order: status changes, cell changes, and each execution state with its output. With `after`, replays what happened since that cursor first. Each event goes only to who could see the notebook when it happened.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const identity = requireIdentity(ctx);
      await notebooks.getVisibleNotebook(ctx, args.notebookId as string);
      const teams = hasRole(identity.roles, ORG_ADMIN) ? undefined : new Set(await teamIdsOfUser(ctx.em, identity.tenantId, identity.userId));
      return eventStream(ctx, {
        topic: NOTEBOOK_TOPIC,
        after: args.after as string | undefined,
        subjectId: args.notebookId as string,
        accept: (event) => {
          const payload = event.payload as NotebookEventPayload;
          return !teams || payload.ownerId === identity.userId || payload.teamIds.some((t) => teams.has(t));
        },
      });
    },
  })
  notebookChanged(
    @Root() event: EventEnvelope,
    @Arg('notebookId', () => ID, { description: 'The notebook.' }) _notebookId: string,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event you received.' }) _after: string | undefined,
  ): NotebookChangeEvent {
    const payload = event.payload as NotebookEventPayload;
    return {
      cursor: event.cursor, type: event.type, occurredAt: new Date(event.occurredAt), notebookId: payload.notebookId, status: payload.status,
      cellId: payload.cellId ?? null, executionStatus: payload.executionStatus ?? null, executionCount: payload.executionCount ?? null,
      output: payload.output ?? null, errorMessage: payload.errorMessage ?? null, message: payload.message ?? null,
    };
  }

  @FieldResolver(() => WorkloadConfig, { nullable: true, description: 'The workload config its pods run with.' })
  workloadConfig(@Root() notebook: Notebook, @Ctx() ctx: Context) {
    return loader(ctx, 'workloadConfigById', () => new DataLoader<string, WorkloadConfig | null>(async (ids) => alignById(await ctx.em.find(WorkloadConfig, { id: { $in: [...ids] } }), ids))).load(
      notebook.workloadConfigId,
    );
  }

  @FieldResolver(() => [ID], { description: 'Teams it is shared with.' })
  teamIds(@Root() notebook: Notebook, @Ctx() ctx: Context) {
    return loader(ctx, 'notebookTeamIds', () => new DataLoader<string, string[]>(async (ids) => {
      const grants = await ctx.em.find(TeamGrant, { resourceType: 'notebook', resourceId: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } });
      return ids.map((id) => grants.filter((g) => g.resourceId === id).map((g) => g.teamId));
    })).load(notebook.id);
  }
}
