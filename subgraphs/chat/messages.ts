import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../src/errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageOfNodes, type Page } from '../../src/pagination';
import { assertCanPost, lockRoom, requireMember, requireMessage } from './access';
import { workspaceAccessOf } from '../../src/db/directory';
import { ACTIVE_FILTER } from '../../src/db/orm';
import { ChatMember, ChatMemberRole, ChatMessage, ChatReaction, ChatRoom } from './entities';
import type { Emit } from '../../src/events/outbox';
import { CHAT_TOPIC, transactChat, type ChatEvents, type ChatEventType } from './events';
import type { ChatMessagePageArgs, EditChatMessageInput, SendChatMessageInput } from './inputs';
import { searchMessageIds } from './search';

/** A message cursor is its room sequence number, opaque to clients. */
export function encodeSeqCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeSeqCursor(cursor: string): number {
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new BadInputError(`Invalid cursor "${cursor}": pass a startCursor or endCursor of a previous page`);
  return Number(match[1]);
}

/**
 * One page of a room's messages in room order. Sequences have no holes (deleted messages stay
 * as tombstones), so whether pages exist on either side follows from the page's own ends.
 */
export async function listChatMessages(ctx: Context, roomId: string, args: ChatMessagePageArgs): Promise<Page<ChatMessage>> {
  const { room } = await requireMember(ctx, roomId);
  const backward = args.last != null || args.before != null;
  const limit = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  let nodes: ChatMessage[];
  if (backward) {
    const before = args.before ? decodeSeqCursor(args.before) : Number.MAX_SAFE_INTEGER;
    nodes = (await ctx.em.find(ChatMessage, { roomId, roomSeq: { $lt: before } }, { orderBy: { roomSeq: 'desc' }, limit })).reverse();
  } else {
    const after = args.after ? decodeSeqCursor(args.after) : 0;
    nodes = await ctx.em.find(ChatMessage, { roomId, roomSeq: { $gt: after } }, { orderBy: { roomSeq: 'asc' }, limit });
  }
  const first = nodes[0]?.roomSeq;
  const last = nodes[nodes.length - 1]?.roomSeq;
  return pageOfNodes(nodes, {
    totalCount: room.lastMessageSeq,
    hasPreviousPage: first !== undefined ? first > 1 : backward && room.lastMessageSeq > 0 && limit > 0,
    hasNextPage: last !== undefined ? last < room.lastMessageSeq : !backward && (args.after ? decodeSeqCursor(args.after) : 0) < room.lastMessageSeq && limit > 0,
    cursorAt: (index) => encodeSeqCursor(nodes[index].roomSeq),
  });
}

/** Thrown inside the send transaction when the client message id was already used: rolls back, returns the first. */
class AlreadySent extends Error {
  constructor(readonly first: ChatMessage) {
    super('already sent');
  }
}

function emitMessage(emit: Emit<ChatEvents>, type: ChatEventType, message: ChatMessage): void {
  emit(CHAT_TOPIC, type, message.roomId, { roomId: message.roomId, messageId: message.id, roomSeq: message.roomSeq });
}

/**
 * Sends a message: the next room sequence number is taken under the room lock in the same
 * transaction that stores the message and logs `message_added`. A client message id the
 * sender already used returns the first message (the unique index settles a race).
 */
export async function sendChatMessage(ctx: Context, roomId: string, input: SendChatMessageInput): Promise<ChatMessage> {
  const identity = requireIdentity(ctx);
  const membership = await requireMember(ctx, roomId);
  const { room } = membership;
  assertCanPost(membership);
  const clientMessageId = input.clientMessageId ?? null;
  const sentBefore = () => ctx.em.fork().findOne(ChatMessage, { roomId, senderId: identity.userId, clientMessageId });
  if (clientMessageId) {
    const first = await sentBefore();
    if (first) return first;
  }
  if (room.archivedAt) throw new ConflictError('The room is archived: it takes no new messages');
  if (!input.bodyText?.trim() && input.bodyJson == null) throw new BadInputError('A message needs bodyText or bodyJson', { field: 'bodyText' });
  if (input.replyToMessageId && !(await ctx.em.findOne(ChatMessage, { id: input.replyToMessageId, roomId }))) {
    throw new NotFoundError('ChatMessage', input.replyToMessageId);
  }
  try {
    return await transactChat(ctx, async (em, emit) => {
      const roomSeq = await lockRoom(em, room, true);
      if (clientMessageId) {
        const first = await em.findOne(ChatMessage, { roomId, senderId: identity.userId, clientMessageId });
        if (first) throw new AlreadySent(first);
      }
      const message = em.create(ChatMessage, {
        tenantId: identity.tenantId,
        roomId,
        roomSeq,
        senderId: identity.userId,
        clientMessageId,
        bodyText: input.bodyText ?? null,
        bodyJson: input.bodyJson ?? null,
        replyToMessageId: input.replyToMessageId ?? null,
        metadataJson: input.metadataJson ?? null,
      });
      room.lastMessageId = message.id;
      room.lastMessageAt = message.createdAt;
      emitMessage(emit, 'message_added', message);
      return message;
    });
  } catch (error) {
    if (error instanceof AlreadySent) return error.first;
    if (clientMessageId && error instanceof UniqueConstraintViolationException) {
      const first = await sentBefore();
      if (first) return first;
    }
    throw error;
  }
}

/** Only the sender edits a message, and not once it is deleted. */
export async function editChatMessage(ctx: Context, messageId: string, input: EditChatMessageInput, roomId?: string | null): Promise<ChatMessage> {
  const identity = requireIdentity(ctx);
  const membership = await requireMessage(ctx, messageId, roomId);
  const { room, message } = membership;
  assertCanPost(membership);
  if (message.senderId !== identity.userId) throw new ForbiddenError('Only the sender may edit a message');
  if (message.deletedAt) throw new ConflictError('The message is deleted');
  return transactChat(ctx, async (em, emit) => {
    await lockRoom(em, room);
    if (input.bodyText !== undefined) message.bodyText = input.bodyText;
    if (input.bodyJson !== undefined) message.bodyJson = input.bodyJson;
    if (input.metadataJson !== undefined) message.metadataJson = input.metadataJson;
    if (!message.bodyText?.trim() && message.bodyJson == null) throw new BadInputError('A message needs bodyText or bodyJson', { field: 'bodyText' });
    message.editedAt = new Date();
    emitMessage(emit, 'message_edited', message);
    return message;
  });
}

/** The sender or a room owner deletes a message: it stays as a tombstone, its body and reactions go. */
export async function deleteChatMessage(ctx: Context, messageId: string, roomId?: string | null): Promise<ChatMessage> {
  const identity = requireIdentity(ctx);
  const membership = await requireMessage(ctx, messageId, roomId);
  const { room, member, message } = membership;
  assertCanPost(membership);
  if (message.senderId !== identity.userId && member.role !== ChatMemberRole.OWNER) {
    throw new ForbiddenError('Only the sender or a room owner may delete a message');
  }
  if (message.deletedAt) return message;
  return transactChat(ctx, async (em, emit) => {
    await lockRoom(em, room);
    Object.assign(message, { deletedAt: new Date(), bodyText: null, bodyJson: null, metadataJson: null });
    await em.nativeDelete(ChatReaction, { messageId });
    emitMessage(emit, 'message_deleted', message);
    return message;
  });
}

/** Reactions on a message, one entry an emoji: how many, and whether `userId` is among them. */
export interface ReactionCount {
  emoji: string;
  count: number;
  reacted: boolean;
}

export function countReactions(reactions: ChatReaction[], userId: string): ReactionCount[] {
  const counts = new Map<string, ReactionCount>();
  for (const r of reactions) {
    const entry = counts.get(r.emoji) ?? { emoji: r.emoji, count: 0, reacted: false };
    entry.count += 1;
    entry.reacted ||= r.userId === userId;
    counts.set(r.emoji, entry);
  }
  return [...counts.values()];
}

export interface ReactionSummary {
  messageId: string;
  reactions: ReactionCount[];
}

async function reactionSummary(ctx: Context, messageId: string): Promise<ReactionSummary> {
  const reactions = await ctx.em.find(ChatReaction, { messageId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return { messageId, reactions: countReactions(reactions, requireIdentity(ctx).userId) };
}

/** Adds the caller's reaction; adding the same emoji twice is one reaction. */
export async function addChatReaction(ctx: Context, messageId: string, emoji: string): Promise<ReactionSummary> {
  const identity = requireIdentity(ctx);
  const { room, message } = await requireMessage(ctx, messageId);
  if (message.deletedAt) throw new ConflictError('The message is deleted');
  await transactChat(ctx, async (em, emit) => {
    await lockRoom(em, room);
    if (await em.findOne(ChatReaction, { messageId, userId: identity.userId, emoji })) return;
    em.create(ChatReaction, { tenantId: identity.tenantId, messageId, roomId: room.id, userId: identity.userId, emoji });
    emit(CHAT_TOPIC, 'reaction_added', room.id, { roomId: room.id, messageId, roomSeq: message.roomSeq, userId: identity.userId, emoji });
  });
  return reactionSummary(ctx, messageId);
}

/** Removes the caller's reaction with `emoji` (nothing to remove is not an error). */
export async function removeChatReaction(ctx: Context, messageId: string, emoji: string): Promise<ReactionSummary> {
  const identity = requireIdentity(ctx);
  const { room, message } = await requireMessage(ctx, messageId);
  await transactChat(ctx, async (em, emit) => {
    await lockRoom(em, room);
    if (!(await em.nativeDelete(ChatReaction, { messageId, userId: identity.userId, emoji }))) return;
    emit(CHAT_TOPIC, 'reaction_removed', room.id, { roomId: room.id, messageId, roomSeq: message.roomSeq, userId: identity.userId, emoji });
  });
  return reactionSummary(ctx, messageId);
}

/** Where a member has read up to in a room, and what is left unread. */
export interface ReadCursor {
  roomId: string;
  userId: string;
  lastReadSeq: number;
  lastReadMessageId: string | null;
}

export function readCursorOf(member: ChatMember): ReadCursor {
  return { roomId: member.roomId, userId: member.userId, lastReadSeq: member.lastReadSeq, lastReadMessageId: member.lastReadMessageId ?? null };
}

/**
 * Advances the caller's read cursor to a message, a sequence number, or (neither given) the
 * latest message. It never moves back and never past the latest message.
 */
export async function setChatReadCursor(ctx: Context, roomId: string, target: { seq?: number | null; messageId?: string | null }): Promise<ReadCursor> {
  const { room, member } = await requireMember(ctx, roomId);
  let seq = Math.min(target.seq ?? room.lastMessageSeq, room.lastMessageSeq);
  if (target.messageId) {
    const message = await ctx.em.findOne(ChatMessage, { id: target.messageId, roomId });
    if (!message) throw new NotFoundError('ChatMessage', target.messageId);
    seq = message.roomSeq;
  }
  if (seq > member.lastReadSeq) {
    const message = target.messageId ? { id: target.messageId } : await ctx.em.findOne(ChatMessage, { roomId, roomSeq: seq }, { fields: ['id'] });
    // Conditional, so two devices marking read at once never move the cursor back.
    await ctx.em.nativeUpdate(ChatMember, { id: member.id, lastReadSeq: { $lt: seq } }, { lastReadSeq: seq, lastReadMessageId: message?.id ?? null });
    await ctx.em.refresh(member);
  }
  return readCursorOf(member);
}

/** Messages of rooms the caller belongs to whose text has every word of `query`, best match first. */
export async function searchChatMessages(ctx: Context, query: string, roomId: string | null | undefined, first: number | null | undefined): Promise<ChatMessage[]> {
  const identity = requireIdentity(ctx);
  if (roomId) await requireMember(ctx, roomId);
  const ids = await searchMessageIds(ctx.em, {
    tenantId: identity.tenantId,
    userId: identity.userId,
    query,
    roomId,
    limit: Math.min(first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  });
  if (!ids.length) return [];
  const found = await ctx.em.find(ChatMessage, { id: { $in: ids } });
  // Membership rows of a workspace session outlive a revoked share: the workspace decides who still sees it.
  const sessions = await ctx.em.find(ChatRoom, { id: { $in: [...new Set(found.map((m) => m.roomId))] }, workspaceId: { $ne: null } }, { filters: { [ACTIVE_FILTER]: false } });
  const hidden = new Set<string>();
  for (const room of sessions) {
    if (!(await workspaceAccessOf(ctx.em, identity.tenantId, room.workspaceId!, identity.userId))) hidden.add(room.id);
  }
  const byId = new Map(found.filter((m) => !hidden.has(m.roomId)).map((m) => [m.id, m]));
  return ids.map((id) => byId.get(id)).filter((m): m is ChatMessage => !!m);
}
