import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { publishEphemeral } from '../../src/events/bus';
import type { EventEnvelope } from '../../src/events/envelope';
import { eventStream } from '../../src/events/stream';
import { requireMember, roomStillReadable } from './access';
import { ChatMessage, UserReference } from './entities';
import { CHAT_TOPIC, CHAT_TYPING_TOPIC, type ChatEventPayload } from './events';
import { ChatMessagePageArgs, EditChatMessageInput, SendChatMessageInput } from './inputs';
import { chatReactionsLoader, chatUnreadLoader, messageAtEvent } from './loaders';
import * as messages from './messages';
import {
  ChatMessageConnection, ChatMessageEvent, ChatReactionCount, ChatReactionSummary, ChatReadCursor, ChatSearchHit, ChatTypingEvent,
} from './types';

const roomIdArg = () => Arg('roomId', () => ID, { description: 'Chat room id.' });
const messageIdArg = () => Arg('messageId', () => ID, { description: 'Chat message id.' });
const optionalRoomIdArg = () => Arg('roomId', () => ID, { nullable: true, description: 'The room the message must be in (NOT_FOUND otherwise).' });
const emojiArg = () => Arg('emoji', () => String, { description: 'The emoji, e.g. 👍.' });

/**
 * Whether each event of a room's stream may go to `userId`: yes while they are a member. The
 * stream carries membership changes in the room's order, so the check follows them event by
 * event (the removal itself is delivered, so the client learns it is out).
 */
function memberAccess(userId: string): (event: EventEnvelope) => boolean {
  let member = true;
  return (event) => {
    const payload = event.payload as ChatEventPayload;
    if (payload.userId === userId && event.type === 'member_added') member = true;
    if (payload.userId === userId && event.type === 'member_removed') {
      const wasMember = member;
      member = false;
      return wasMember;
    }
    return member;
  };
}

@Resolver(() => ChatMessage)
export class ChatMessageResolver {
  @Authorized()
  @Query(() => ChatMessageConnection, { description: 'A room\'s messages in room order, paged forward (`first`/`after`) or backward (`last`/`before`).' })
  chatMessages(@roomIdArg() roomId: string, @Args(() => ChatMessagePageArgs) page: ChatMessagePageArgs, @Ctx() ctx: Context) {
    return messages.listChatMessages(ctx, roomId, page);
  }

  @Authorized()
  @Query(() => [ChatSearchHit], { description: 'Full-text search over the messages of the rooms you belong to: every word must occur; best match first.' })
  async searchChatMessages(
    @Arg('query', () => String, { description: 'Words to find.' }) query: string,
    @Arg('roomId', () => ID, { nullable: true, description: 'Only this room.' }) roomId: string | undefined,
    @Arg('first', () => Int, { nullable: true, description: 'At most this many hits (default 50, at most 500).' }) first: number | undefined,
    @Ctx() ctx: Context,
  ): Promise<ChatSearchHit[]> {
    const found = await messages.searchChatMessages(ctx, query, roomId, first);
    return found.map((message) => ({ roomId: message.roomId, message }));
  }

  @Authorized()
  @Mutation(() => ChatMessage, { description: 'Send a message to a room you belong to; with a `clientMessageId` you already used, returns that first message.' })
  sendChatMessage(@roomIdArg() roomId: string, @Arg('input', () => SendChatMessageInput, { description: 'The message.' }) input: SendChatMessageInput, @Ctx() ctx: Context) {
    return messages.sendChatMessage(ctx, roomId, input);
  }

  @Authorized()
  @Mutation(() => ChatMessage, { description: 'Edit a message you sent.' })
  editChatMessage(
    @messageIdArg() messageId: string,
    @Arg('input', () => EditChatMessageInput, { description: 'Changes.' }) input: EditChatMessageInput,
    @optionalRoomIdArg() roomId: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return messages.editChatMessage(ctx, messageId, input, roomId);
  }

  @Authorized()
  @Mutation(() => ChatMessage, { description: 'Delete a message you sent (room owners: any message); it stays as a tombstone.' })
  deleteChatMessage(@messageIdArg() messageId: string, @optionalRoomIdArg() roomId: string | undefined, @Ctx() ctx: Context) {
    return messages.deleteChatMessage(ctx, messageId, roomId);
  }

  @Authorized()
  @Mutation(() => ChatReactionSummary, { description: 'React to a message with an emoji (once per emoji).' })
  addChatReaction(@messageIdArg() messageId: string, @emojiArg() emoji: string, @Ctx() ctx: Context) {
    return messages.addChatReaction(ctx, messageId, emoji);
  }

  @Authorized()
  @Mutation(() => ChatReactionSummary, { description: 'Take back your reaction with an emoji.' })
  removeChatReaction(@messageIdArg() messageId: string, @emojiArg() emoji: string, @Ctx() ctx: Context) {
    return messages.removeChatReaction(ctx, messageId, emoji);
  }

  @Authorized()
  @Mutation(() => ChatReadCursor, { description: 'Mark a room read up to a message or a sequence number (neither: everything). The cursor only moves forward.' })
  async setChatReadCursor(
    @roomIdArg() roomId: string,
    @Arg('seq', () => Int, { nullable: true, description: 'Read up to this sequence number.' }) seq: number | undefined,
    @Arg('messageId', () => ID, { nullable: true, description: 'Read up to this message.' }) messageId: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<ChatReadCursor> {
    const cursor = await messages.setChatReadCursor(ctx, roomId, { seq, messageId });
    return { ...cursor, unreadCount: await chatUnreadLoader(ctx).load(roomId) };
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Tell the room you are typing: pushed to its members on `chatTyping`, never stored.' })
  async sendTyping(@roomIdArg() roomId: string, @Ctx() ctx: Context): Promise<boolean> {
    const identity = requireIdentity(ctx);
    await requireMember(ctx, roomId);
    await publishEphemeral(ctx.bus, { tenantId: identity.tenantId, topic: CHAT_TYPING_TOPIC, type: 'typing', subjectId: roomId, payload: { roomId, userId: identity.userId } });
    return true;
  }

  @Subscription(() => ChatMessageEvent, {
    description: 'Everything that happens in a room you belong to, in the room\'s order: messages added, edited and deleted, reactions, members. With `after`, first replays every event since that cursor, so a client that resubscribes with its last cursor misses nothing and sees nothing twice.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const identity = requireIdentity(ctx);
      const { room } = await requireMember(ctx, args.roomId as string);
      return eventStream(ctx, { topic: CHAT_TOPIC, subjectId: args.roomId as string, after: args.after as string | undefined, accept: memberAccess(identity.userId), recheck: roomStillReadable(ctx, room) });
    },
  })
  async chatMessageAdded(
    @Root() event: EventEnvelope,
    @roomIdArg() _roomId: string,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event you received.' }) _after: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<ChatMessageEvent> {
    const payload = event.payload as ChatEventPayload;
    return {
      cursor: event.cursor,
      type: event.type,
      occurredAt: new Date(event.occurredAt),
      roomId: payload.roomId,
      messageId: payload.messageId ?? null,
      roomSeq: payload.roomSeq ?? null,
      userId: payload.userId ?? null,
      emoji: payload.emoji ?? null,
      message: payload.messageId ? await messageAtEvent(ctx, event.cursor, payload.messageId) : null,
    };
  }

  @Subscription(() => ChatTypingEvent, {
    description: 'Who is typing in a room you belong to (live only: no replay, nothing stored; your own typing is not echoed).',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const identity = requireIdentity(ctx);
      const { room } = await requireMember(ctx, args.roomId as string);
      return eventStream(ctx, { topic: CHAT_TYPING_TOPIC, subjectId: args.roomId as string, accept: (event) => (event.payload as { userId: string }).userId !== identity.userId, recheck: roomStillReadable(ctx, room) });
    },
  })
  chatTyping(@Root() event: EventEnvelope, @roomIdArg() _roomId: string): ChatTypingEvent {
    const payload = event.payload as { roomId: string; userId: string };
    return { roomId: payload.roomId, userId: payload.userId, occurredAt: new Date(event.occurredAt) };
  }

  @FieldResolver(() => [ChatReactionCount], { description: 'Reactions, one entry an emoji.' })
  reactions(@Root() message: ChatMessage, @Ctx() ctx: Context): Promise<ChatReactionCount[]> {
    return chatReactionsLoader(ctx).load(message.id);
  }

  @FieldResolver(() => UserReference, { description: 'Who sent it.' })
  sender(@Root() message: ChatMessage): UserReference {
    return { id: message.senderId };
  }
}
