import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import type { EventEnvelope } from '../../src/events/envelope';
import { eventStream } from '../../src/events/stream';
import { Connection, PageArgs } from '../../src/pagination';
import { accessOf, getVisibleWorkspace, readOnlyReason, recipientsLoader, shareLoader } from './access';
import { Workspace, WorkspaceStatus, WorkspaceTag } from './entities';
import { WORKSPACE_TOPIC, type WorkspaceEventPayload } from './events';
import { CreateWorkspaceInput, TagInput, UpdateWorkspaceInput, WorkspaceFilter } from './inputs';
import { tagsLoader, userLoader } from './loaders';
import {
  WorkspaceActivityItem, WorkspaceChangeEvent, WorkspaceCreateResult, WorkspaceShareRecipientView, WorkspaceTableCandidate, WorkspaceUser,
} from './types';
import * as workspaces from './workspaces';

export const WorkspaceConnection = Connection(Workspace, 'Workspace');

const idArg = Arg('id', () => ID, { description: 'Workspace id.' });

@Resolver(() => Workspace)
export class WorkspaceResolver {
  @Authorized()
  @Query(() => WorkspaceConnection, { description: 'Workspaces you own or that were shared with you: active ones unless filtered otherwise.' })
  workspaces(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => WorkspaceFilter, { nullable: true, description: 'Status, tags, shared-with-me.' }) filter: WorkspaceFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return workspaces.listWorkspaces(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Workspace, { description: 'One workspace you own or that was shared with you (NOT_FOUND otherwise).' })
  async workspace(@idArg id: string, @Ctx() ctx: Context) {
    return (await getVisibleWorkspace(ctx, id)).workspace;
  }

  @Authorized()
  @Query(() => [WorkspaceTableCandidate], { description: 'Tables a workspace can be backed by: the datasets of your tenant.' })
  workspaceTableCandidates(@Ctx() ctx: Context) {
    return workspaces.tableCandidates(ctx);
  }

  @Authorized()
  @Query(() => [WorkspaceActivityItem], { description: "A workspace's activity feed, newest first." })
  workspaceActivity(
    @idArg id: string,
    @Arg('limit', () => Int, { nullable: true, description: 'How many items (1–200, default 50).' }) limit: number | undefined,
    @Ctx() ctx: Context,
  ) {
    return workspaces.workspaceActivity(ctx, id, limit ?? 50);
  }

  @Authorized()
  @Mutation(() => WorkspaceCreateResult, { description: 'Create a workspace you own, optionally backed by a dataset.' })
  createWorkspace(@Arg('input', () => CreateWorkspaceInput, { description: 'The workspace.' }) input: CreateWorkspaceInput, @Ctx() ctx: Context) {
    return workspaces.createWorkspace(ctx, input);
  }

  @Authorized()
  @Mutation(() => Workspace, { description: 'Change a workspace (owner or write access, not archived).' })
  updateWorkspace(@idArg id: string, @Arg('input', () => UpdateWorkspaceInput, { description: 'Changes.' }) input: UpdateWorkspaceInput, @Ctx() ctx: Context) {
    return workspaces.updateWorkspace(ctx, id, input);
  }

  @Authorized()
  @Mutation(() => Workspace, { description: 'Archive a workspace: read-only and out of the default list (owner only).' })
  archiveWorkspace(@idArg id: string, @Ctx() ctx: Context) {
    return workspaces.setWorkspaceStatus(ctx, id, WorkspaceStatus.ARCHIVED);
  }

  @Authorized()
  @Mutation(() => Workspace, { description: 'Restore an archived workspace (owner only).' })
  restoreWorkspace(@idArg id: string, @Ctx() ctx: Context) {
    return workspaces.setWorkspaceStatus(ctx, id, WorkspaceStatus.ACTIVE);
  }

  @Authorized()
  @Mutation(() => Workspace, { description: 'Delete a workspace with its share, tags and charts; its backing dataset stays (owner only).' })
  deleteWorkspace(@idArg id: string, @Ctx() ctx: Context) {
    return workspaces.deleteWorkspace(ctx, id);
  }

  @Authorized()
  @Mutation(() => [WorkspaceTag], { description: "Replace a workspace's tags (new names become tags of your tenant)." })
  setWorkspaceTags(@idArg id: string, @Arg('tags', () => [TagInput], { description: 'The whole new tag set.' }) tags: TagInput[], @Ctx() ctx: Context) {
    return workspaces.setWorkspaceTags(ctx, id, tags);
  }

  @Subscription(() => WorkspaceChangeEvent, {
    description: 'Changes in one workspace (cell edits, charts, sharing, tags, archive), for its owner and share recipients; each event is checked against who could see the workspace when it happened. With `after`, replays what happened since that cursor first.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const { userId } = requireIdentity(ctx);
      await getVisibleWorkspace(ctx, args.workspaceId as string);
      return eventStream(ctx, {
        topic: WORKSPACE_TOPIC,
        after: args.after as string | undefined,
        subjectId: args.workspaceId as string,
        accept: (event) => (event.payload as WorkspaceEventPayload).viewerIds?.includes(userId) ?? false,
      });
    },
  })
  workspaceChanged(
    @Root() event: EventEnvelope,
    @Arg('workspaceId', () => ID, { description: 'The workspace.' }) _workspaceId: string,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event you received.' }) _after: string | undefined,
  ): WorkspaceChangeEvent {
    const payload = event.payload as WorkspaceEventPayload;
    return {
      cursor: event.cursor, type: event.type, occurredAt: new Date(event.occurredAt), workspaceId: event.subjectId, actorId: payload.actorId,
      chartId: payload.chartId ?? null, mutationId: payload.mutationId ?? null, cells: payload.cells ?? null, datasetVersion: payload.datasetVersion ?? null,
    };
  }

  @FieldResolver(() => String, { description: 'Your access: owner, write or read.' })
  async viewerAccess(@Root() workspace: Workspace, @Ctx() ctx: Context): Promise<string> {
    return (await accessOf(ctx, workspace)) ?? 'read';
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may change it (owner or write access, and not archived).' })
  async canWrite(@Root() workspace: Workspace, @Ctx() ctx: Context): Promise<boolean> {
    return readOnlyReason(workspace, await accessOf(ctx, workspace)) === null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why you may not change it: archived or shared_read_only; null when you may.' })
  async readOnlyReason(@Root() workspace: Workspace, @Ctx() ctx: Context): Promise<string | null> {
    return readOnlyReason(workspace, await accessOf(ctx, workspace));
  }

  @FieldResolver(() => WorkspaceUser, { nullable: true, description: 'Its owner.' })
  owner(@Root() workspace: Workspace, @Ctx() ctx: Context) {
    return userLoader(ctx).load(workspace.ownerId);
  }

  @FieldResolver(() => Boolean, { description: 'Whether a live share gives it to anyone.' })
  async isShared(@Root() workspace: Workspace, @Ctx() ctx: Context): Promise<boolean> {
    return (await recipientsLoader(ctx).load(workspace.id)).length > 0;
  }

  @FieldResolver(() => WorkspaceUser, { nullable: true, description: 'Who shared it (null while not shared).' })
  async sharedBy(@Root() workspace: Workspace, @Ctx() ctx: Context) {
    const [share, recipients] = await Promise.all([shareLoader(ctx).load(workspace.id), recipientsLoader(ctx).load(workspace.id)]);
    return share && recipients.length ? userLoader(ctx).load(share.sharedById) : null;
  }

  @FieldResolver(() => [WorkspaceShareRecipientView], { description: 'Who it is shared with, and how.' })
  async shareRecipients(@Root() workspace: Workspace, @Ctx() ctx: Context): Promise<WorkspaceShareRecipientView[]> {
    return (await recipientsLoader(ctx).load(workspace.id)).map((r) => ({ userId: r.userId, access: r.access }));
  }

  @FieldResolver(() => [WorkspaceTag], { description: 'Its tags, by name.' })
  tags(@Root() workspace: Workspace, @Ctx() ctx: Context) {
    return tagsLoader(ctx).load(workspace.id);
  }
}

@Resolver(() => WorkspaceShareRecipientView)
export class WorkspaceShareRecipientResolver {
  @FieldResolver(() => WorkspaceUser, { nullable: true, description: 'The user (null if removed from the tenant).' })
  user(@Root() recipient: WorkspaceShareRecipientView, @Ctx() ctx: Context) {
    return userLoader(ctx).load(recipient.userId);
  }
}
