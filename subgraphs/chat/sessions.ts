import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { workspaceAccessOf, type WorkspaceAccessSnapshot } from '../../src/db/directory';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../src/errors';
import { mapPage, paginate, type Page, type PageArgs } from '../../src/pagination';
import { requireMember } from './access';
import { ChatMember, ChatMemberRole, ChatRoom, ChatRoomKind } from './entities';
import { CHAT_TOPIC, transactChat } from './events';

/**
 * Sessions of a workspace (workspaces-api's Session) are chat rooms linked to the workspace:
 * their messages are the room's messages, sent and read through the chat API. Who may use them
 * follows the workspace (owner and live share recipients), read from the workspaces domain's tables.
 */
export interface WorkspaceSessionView {
  room: ChatRoom;
  access: WorkspaceAccessSnapshot;
}

/** The caller's access to the workspace; NOT_FOUND for anyone who cannot see it, as in the workspaces domain. */
async function requireWorkspace(ctx: Context, workspaceId: string): Promise<WorkspaceAccessSnapshot> {
  const identity = requireIdentity(ctx);
  const access = await workspaceAccessOf(ctx.em, identity.tenantId, workspaceId, identity.userId);
  if (!access) throw new NotFoundError('Workspace', workspaceId);
  return access;
}

/** The sessions of a workspace the caller can see, oldest first. */
export async function listWorkspaceSessions(ctx: Context, workspaceId: string, page: PageArgs): Promise<Page<WorkspaceSessionView>> {
  const access = await requireWorkspace(ctx, workspaceId);
  return mapPage(await paginate(ctx.em, ChatRoom, { workspaceId }, page), (room) => ({ room, access }));
}

/** One session of a workspace (NOT_FOUND if it is not one of that workspace's). */
export async function getWorkspaceSession(ctx: Context, workspaceId: string, sessionId: string): Promise<WorkspaceSessionView> {
  await requireWorkspace(ctx, workspaceId);
  const { room, workspaceAccess } = await requireMember(ctx, sessionId).catch(() => {
    throw new NotFoundError('WorkspaceSession', sessionId);
  });
  if (room.workspaceId !== workspaceId || !workspaceAccess) throw new NotFoundError('WorkspaceSession', sessionId);
  return { room, access: workspaceAccess };
}

/** Opens a session in a workspace the caller may change (owner or write recipient, workspace active); they own its room. */
export async function createWorkspaceSession(ctx: Context, workspaceId: string, title: string | null | undefined): Promise<WorkspaceSessionView> {
  const identity = requireIdentity(ctx);
  const access = await requireWorkspace(ctx, workspaceId);
  if (access.access === 'read') throw new ForbiddenError('You have read-only access to this workspace');
  if (access.archived) throw new ConflictError('The workspace is archived: restore it to change it');
  if (title != null && (title.length < 1 || title.length > 200)) throw new BadInputError('title must be 1 to 200 characters', { field: 'title' });
  const room = await transactChat(ctx, async (em, emit) => {
    const created = em.create(ChatRoom, { tenantId: identity.tenantId, kind: ChatRoomKind.GROUP, title: title ?? null, createdById: identity.userId, workspaceId });
    em.create(ChatMember, { tenantId: identity.tenantId, roomId: created.id, userId: identity.userId, role: ChatMemberRole.OWNER });
    emit(CHAT_TOPIC, 'member_added', created.id, { roomId: created.id, userId: identity.userId });
    return created;
  });
  return { room, access };
}
