import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { workspaceAccessOf, type WorkspaceAccessSnapshot } from '../../src/db/directory';
import { ACTIVE_FILTER } from '../../src/db/orm';
import { ConflictError, ForbiddenError, NotFoundError } from '../../src/errors';
import { ChatMember, ChatMemberRole, ChatMessage, ChatRoom } from './entities';
import { CHAT_TOPIC, transactChat } from './events';

/** A room the caller belongs to, with the caller's membership. */
export interface Membership {
  room: ChatRoom;
  member: ChatMember;
  /** For a workspace session: the caller's access to its workspace. */
  workspaceAccess?: WorkspaceAccessSnapshot;
}

/**
 * The room if the caller is a member (archived rooms included). Anyone else, and any id of
 * another tenant, gets NOT_FOUND: a non-member cannot tell a room exists.
 *
 * A workspace session is open to whoever can see its workspace (owner and live share recipients),
 * and to nobody else whatever member rows exist; such a user joins the room the first time they use it,
 * so read cursors and unread counts work for them as for any member.
 */
export async function requireMember(ctx: Context, roomId: string): Promise<Membership> {
  const identity = requireIdentity(ctx);
  const [room, member] = await Promise.all([
    ctx.em.findOne(ChatRoom, { id: roomId }, { filters: { [ACTIVE_FILTER]: false } }),
    ctx.em.findOne(ChatMember, { roomId, userId: identity.userId }),
  ]);
  if (!room?.workspaceId) {
    if (!room || !member) throw new NotFoundError('ChatRoom', roomId);
    return { room, member };
  }
  const workspaceAccess = await workspaceAccessOf(ctx.em, identity.tenantId, room.workspaceId, identity.userId);
  if (!workspaceAccess) throw new NotFoundError('ChatRoom', roomId);
  return { room, member: member ?? (await joinWorkspaceSession(ctx, room, workspaceAccess)), workspaceAccess };
}

/** Makes a user who can see a session's workspace a member of its room (the workspace owner as an owner). */
async function joinWorkspaceSession(ctx: Context, room: ChatRoom, access: WorkspaceAccessSnapshot): Promise<ChatMember> {
  const identity = requireIdentity(ctx);
  try {
    return await transactChat(ctx, async (em, emit) => {
      await lockRoom(em, room);
      const role = access.access === 'owner' ? ChatMemberRole.OWNER : ChatMemberRole.MEMBER;
      const member = em.create(ChatMember, { tenantId: identity.tenantId, roomId: room.id, userId: identity.userId, role });
      emit(CHAT_TOPIC, 'member_added', room.id, { roomId: room.id, userId: identity.userId });
      return member;
    });
  } catch (error) {
    // Two first requests at once: the other one joined.
    const joined = error instanceof UniqueConstraintViolationException && (await ctx.em.fork().findOne(ChatMember, { roomId: room.id, userId: identity.userId }));
    if (!joined) throw error;
    return ctx.em.merge(joined);
  }
}

/** Posting into a workspace session is editing the workspace: owner and write recipients, while it is active. */
export function assertCanPost(membership: Membership): void {
  const access = membership.workspaceAccess;
  if (!access) return;
  if (access.access === 'read') throw new ForbiddenError('You have read-only access to this workspace');
  if (access.archived) throw new ConflictError('The workspace is archived: restore it to change it');
}

/** Members of a workspace session follow the workspace's share; they are not added or removed by hand. */
export function assertOrdinaryRoom(room: ChatRoom): void {
  if (room.workspaceId) throw new ConflictError("A workspace session's members follow the workspace's share: change the share instead");
}

/** Like requireMember, and the caller must own the room (FORBIDDEN otherwise: members know it exists). */
export async function requireOwner(ctx: Context, roomId: string, action: string): Promise<Membership> {
  const membership = await requireMember(ctx, roomId);
  if (membership.member.role !== ChatMemberRole.OWNER) throw new ForbiddenError(`Only a room owner may ${action}`);
  return membership;
}

/** A message of a room the caller belongs to (and of `roomId`, when given); NOT_FOUND otherwise. */
export async function requireMessage(ctx: Context, messageId: string, roomId?: string | null): Promise<Membership & { message: ChatMessage }> {
  const message = await ctx.em.findOne(ChatMessage, { id: messageId });
  if (!message || (roomId && message.roomId !== roomId)) throw new NotFoundError('ChatMessage', messageId);
  const membership = await requireMember(ctx, message.roomId).catch(() => {
    throw new NotFoundError('ChatMessage', messageId);
  });
  return { ...membership, message };
}

/**
 * Locks the room row for the rest of the transaction and bumps its version (and, for a new
 * message, its sequence). Every transaction that emits a room event goes through here, so the
 * room's events enter the log in the order the lock grants it, on PostgreSQL (row lock) and on
 * SQLite (one writer) alike; the sequence is assigned under that lock, so it is gap-free and total.
 */
export async function lockRoom(em: EntityManager, room: ChatRoom, nextSeq = false): Promise<number> {
  const rows = (await em
    .getConnection()
    .execute(
      `update chat_rooms set ${nextSeq ? 'last_message_seq = last_message_seq + 1, ' : ''}version = version + 1 where id = ? returning last_message_seq, version, archived_at`,
      [room.id],
      'all',
      em.getTransactionContext(),
    )) as { last_message_seq: number | string; version: number | string; archived_at: unknown }[];
  if (!rows[0]) throw new NotFoundError('ChatRoom', room.id);
  // Checked under the lock too, so a send racing an archive cannot slip in after it.
  if (nextSeq && rows[0].archived_at != null) throw new ConflictError('The room is archived: it takes no new messages');
  // Keep the managed entity in step with the row, so a later flush writes the same values back.
  room.lastMessageSeq = Number(rows[0].last_message_seq);
  room.version = Number(rows[0].version);
  return room.lastMessageSeq;
}

/**
 * Whether the caller may still read `room`, asked of every event its live stream sends.
 * Workspace sessions follow the workspace's share, which changes outside the room's own events,
 * so a revoked reader's stream ends (NOT_FOUND) at the next event instead of carrying on until
 * they reconnect. Other rooms follow membership in their own events (see `memberAccess`).
 */
export function roomStillReadable(ctx: Context, room: ChatRoom): (() => Promise<void>) | undefined {
  const identity = requireIdentity(ctx);
  if (!room.workspaceId) return undefined;
  const workspaceId = room.workspaceId;
  return async () => {
    if (!(await workspaceAccessOf(ctx.em, identity.tenantId, workspaceId, identity.userId))) throw new NotFoundError('ChatRoom', room.id);
  };
}
