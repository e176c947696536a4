import DataLoader from 'dataloader';
import type { Context } from '../../src/context';
import { alignById, loader, requireIdentity } from '../../src/context';
import { ChatMessage, ChatReaction } from './entities';
import { countReactions, type ReactionCount } from './messages';

/** Messages by id in one query per request (tenant filter applies). */
export function chatMessageLoader(ctx: Context): DataLoader<string, ChatMessage | null> {
  return loader(ctx, 'chat.messageById', () =>
    new DataLoader<string, ChatMessage | null>(async (ids) => alignById(await ctx.em.find(ChatMessage, { id: { $in: [...ids] } }), ids)),
  );
}

/**
 * Messages as they were when an event was delivered, shared by every subscriber of that event
 * (keyed by its cursor). One cache per server (keyed by its event bus): cursors are unique only
 * within one database, and a process may run more than one server (tests, benchmarks).
 */
const messagesAtEvent = new WeakMap<object, Map<string, Promise<ChatMessage | null>>>();
const MESSAGES_AT_EVENT_KEPT = 2000;

/**
 * The message an event is about, read once for all of that event's subscribers: a room's fan-out
 * would otherwise read the same row once per subscriber. The key is the event's cursor, unique in
 * the log, and only subscribers who passed the stream's tenant and membership checks get here.
 */
export function messageAtEvent(ctx: Context, cursor: string, messageId: string): Promise<ChatMessage | null> {
  let cache = messagesAtEvent.get(ctx.bus);
  if (!cache) messagesAtEvent.set(ctx.bus, (cache = new Map()));
  let found = cache.get(cursor);
  if (!found) {
    found = chatMessageLoader(ctx).load(messageId);
    cache.set(cursor, found);
    if (cache.size > MESSAGES_AT_EVENT_KEPT) cache.delete(cache.keys().next().value as string);
  }
  return found;
}

/** Reaction counts of messages, as the caller sees them (`reacted`), in one query per request. */
export function chatReactionsLoader(ctx: Context): DataLoader<string, ReactionCount[]> {
  return loader(ctx, 'chat.reactionsByMessage', () =>
    new DataLoader<string, ReactionCount[]>(async (messageIds) => {
      const userId = requireIdentity(ctx).userId;
      const rows = await ctx.em.find(ChatReaction, { messageId: { $in: [...messageIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      const byMessage = new Map<string, ChatReaction[]>();
      for (const row of rows) byMessage.set(row.messageId, [...(byMessage.get(row.messageId) ?? []), row]);
      return messageIds.map((id) => countReactions(byMessage.get(id) ?? [], userId));
    }),
  );
}

/**
 * The caller's unread messages per room (after their read cursor, not deleted, not their own), in
 * one query per request: the count is derived from the read cursor, never stored.
 */
export function chatUnreadLoader(ctx: Context): DataLoader<string, number> {
  return loader(ctx, 'chat.unreadByRoom', () =>
    new DataLoader<string, number>(async (roomIds) => {
      const { tenantId, userId } = requireIdentity(ctx);
      const rows = (await ctx.em.getConnection().execute(
        `select m.room_id, count(*) as unread from chat_messages m
           join chat_members mb on mb.room_id = m.room_id and mb.user_id = ?
          where m.tenant_id = ? and m.room_id in (${roomIds.map(() => '?').join(', ')})
            and m.room_seq > mb.last_read_seq and m.deleted_at is null and m.sender_id <> ?
          group by m.room_id`,
        [userId, tenantId, ...roomIds, userId],
      )) as { room_id: string; unread: number | string }[];
      const counts = new Map(rows.map((r) => [r.room_id, Number(r.unread)]));
      return roomIds.map((id) => counts.get(id) ?? 0);
    }),
  );
}
