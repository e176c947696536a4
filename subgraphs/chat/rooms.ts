import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { requireUsers } from '../../src/access/users';
import { ACTIVE_FILTER } from '../../src/db/orm';
import { BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { assertOrdinaryRoom, lockRoom, requireMember, requireOwner } from './access';
import { ChatMember, ChatMemberRole, ChatRoom, ChatRoomKind } from './entities';
import { CHAT_TOPIC, transactChat } from './events';
import type { AddChatMembersInput, CreateChatRoomInput, UpdateChatRoomInput } from './inputs';

/** The rooms the caller belongs to, oldest first (workspace sessions are listed by their workspace: see sessions.ts). */
export async function listChatRooms(ctx: Context, page: PageArgs, includeArchived = false): Promise<Page<ChatRoom>> {
  const identity = requireIdentity(ctx);
  const memberships = await ctx.em.find(ChatMember, { userId: identity.userId }, { fields: ['roomId'] });
  return paginate(ctx.em, ChatRoom, { id: { $in: memberships.map((m) => m.roomId) }, workspaceId: null }, page, {
    filters: includeArchived ? { [ACTIVE_FILTER]: false } : undefined,
  });
}

export async function getChatRoom(ctx: Context, id: string): Promise<ChatRoom> {
  return (await requireMember(ctx, id)).room;
}

export async function createChatRoom(ctx: Context, input: CreateChatRoomInput): Promise<ChatRoom> {
  const identity = requireIdentity(ctx);
  const others = (await requireUsers(ctx, input.memberUserIds ?? [])).filter((id) => id !== identity.userId);
  if (input.kind === ChatRoomKind.DM && others.length !== 1) {
    throw new BadInputError('A direct message room has you and exactly one other member', { field: 'memberUserIds' });
  }
  return transactChat(ctx, async (em, emit) => {
    const room = em.create(ChatRoom, { tenantId: identity.tenantId, kind: input.kind, title: input.title ?? null, createdById: identity.userId });
    const members = [
      { userId: identity.userId, role: ChatMemberRole.OWNER },
      ...others.map((userId) => ({ userId, role: ChatMemberRole.MEMBER })),
    ];
    for (const { userId, role } of members) {
      em.create(ChatMember, { tenantId: identity.tenantId, roomId: room.id, userId, role });
      emit(CHAT_TOPIC, 'member_added', room.id, { roomId: room.id, userId });
    }
    return room;
  });
}

export async function updateChatRoom(ctx: Context, id: string, input: UpdateChatRoomInput): Promise<ChatRoom> {
  const { room } = await requireOwner(ctx, id, 'change the room');
  return transactChat(ctx, async (em, emit) => {
    await lockRoom(em, room);
    if (input.title !== undefined) room.title = input.title;
    emit(CHAT_TOPIC, 'room_updated', room.id, { roomId: room.id });
    return room;
  });
}

/** Archived rooms stay readable by their members but take no new messages. */
export async function archiveChatRoom(ctx: Context, id: string): Promise<ChatRoom> {
  const { room } = await requireOwner(ctx, id, 'archive the room');
  if (room.archivedAt) return room;
  return transactChat(ctx, async (em, emit) => {
    await lockRoom(em, room);
    room.archivedAt = new Date();
    emit(CHAT_TOPIC, 'room_archived', room.id, { roomId: room.id });
    return room;
  });
}

export async function listChatMembers(ctx: Context, roomId: string): Promise<ChatMember[]> {
  await requireMember(ctx, roomId);
  return ctx.em.find(ChatMember, { roomId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

async function assertAnotherOwner(em: EntityManager, roomId: string): Promise<void> {
  if ((await em.count(ChatMember, { roomId, role: ChatMemberRole.OWNER })) <= 1) {
    throw new ConflictError('A room keeps at least one owner: make another member owner first');
  }
}

/** Adds users as members (owners only); with `role`, members already in the room get that role. */
export async function addChatMembers(ctx: Context, roomId: string, input: AddChatMembersInput): Promise<ChatMember[]> {
  const identity = requireIdentity(ctx);
  const { room } = await requireOwner(ctx, roomId, 'add members');
  assertOrdinaryRoom(room);
  if (room.kind === ChatRoomKind.DM) throw new ConflictError('A direct message room keeps its two members');
  const userIds = await requireUsers(ctx, input.userIds);
  return transactChat(ctx, async (em, emit) => {
    await lockRoom(em, room);
    const existing = await em.find(ChatMember, { roomId, userId: { $in: userIds } });
    const known = new Map(existing.map((m) => [m.userId, m]));
    const members: ChatMember[] = [];
    for (const userId of userIds) {
      const member = known.get(userId);
      if (!member) {
        emit(CHAT_TOPIC, 'member_added', roomId, { roomId, userId });
        members.push(em.create(ChatMember, { tenantId: identity.tenantId, roomId, userId, role: input.role ?? ChatMemberRole.MEMBER }));
        continue;
      }
      if (input.role && input.role !== member.role) {
        if (member.role === ChatMemberRole.OWNER) await assertAnotherOwner(em, roomId);
        member.role = input.role;
        emit(CHAT_TOPIC, 'member_updated', roomId, { roomId, userId });
      }
      members.push(member);
    }
    return members;
  });
}

/** Owners remove anyone; a member may remove themselves (leave). A room keeps at least one owner. */
export async function removeChatMember(ctx: Context, roomId: string, userId: string): Promise<ChatMember> {
  const identity = requireIdentity(ctx);
  const { room } = userId === identity.userId ? await requireMember(ctx, roomId) : await requireOwner(ctx, roomId, 'remove other members');
  assertOrdinaryRoom(room);
  const member = await ctx.em.findOne(ChatMember, { roomId, userId });
  if (!member) throw new NotFoundError('ChatMember', userId);
  return transactChat(ctx, async (em, emit) => {
    await lockRoom(em, room);
    if (member.role === ChatMemberRole.OWNER) await assertAnotherOwner(em, roomId);
    em.remove(member);
    emit(CHAT_TOPIC, 'member_removed', roomId, { roomId, userId });
    return member;
  });
}
