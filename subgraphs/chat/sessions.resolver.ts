import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../src/context';
import { mapPage, PageArgs, type Page } from '../../src/pagination';
import * as sessions from './sessions';
import { WorkspaceSession, WorkspaceSessionConnection } from './types';

const workspaceIdArg = () => Arg('workspaceId', () => ID, { description: 'Workspace id.' });

function sessionOf({ room, access }: sessions.WorkspaceSessionView): WorkspaceSession {
  return {
    id: room.id,
    workspaceId: room.workspaceId!,
    title: room.title ?? null,
    room,
    viewerAccess: access.access,
    isShared: access.recipientIds.length > 0,
    sharedBy: access.sharedById ? { id: access.sharedById } : null,
    shareRecipients: access.recipientIds.map((id) => ({ id })),
    createdAt: room.createdAt,
    updatedAt: room.lastMessageAt ?? room.updatedAt,
  };
}

/** Sessions of workspaces: chat rooms linked to a workspace (sessions.ts). */
@Resolver(() => WorkspaceSession)
export class WorkspaceSessionResolver {
  @Authorized()
  @Query(() => WorkspaceSessionConnection, { description: 'The sessions of a workspace you can see, oldest first (NOT_FOUND for a workspace you cannot see).' })
  async workspaceSessions(@workspaceIdArg() workspaceId: string, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context): Promise<Page<WorkspaceSession>> {
    return mapPage(await sessions.listWorkspaceSessions(ctx, workspaceId, page), sessionOf);
  }

  @Authorized()
  @Query(() => WorkspaceSession, { description: 'One session of a workspace you can see.' })
  async workspaceSession(@workspaceIdArg() workspaceId: string, @Arg('id', () => ID, { description: 'Session id.' }) id: string, @Ctx() ctx: Context) {
    return sessionOf(await sessions.getWorkspaceSession(ctx, workspaceId, id));
  }

  @Authorized()
  @Mutation(() => WorkspaceSession, { description: 'Open a session in a workspace you may change (owner or write share, not archived).' })
  async createWorkspaceSession(
    @workspaceIdArg() workspaceId: string,
    @Arg('title', () => String, { nullable: true, description: 'Title.' }) title: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return sessionOf(await sessions.createWorkspaceSession(ctx, workspaceId, title));
  }
}
