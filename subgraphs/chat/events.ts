import { transactWith } from '../../src/events/outbox';

/** Event-log topic of everything that happens in a room (subject: the room id); `chatMessageAdded` streams it. */
export const CHAT_TOPIC = 'chat';
/** Bus-only topic of typing indicators (never written to the event log). */
export const CHAT_TYPING_TOPIC = 'chat_typing';

/** What happened in a room, in the order the room's lock gave it. */
export type ChatEventType =
  | 'message_added'
  | 'message_edited'
  | 'message_deleted'
  | 'reaction_added'
  | 'reaction_removed'
  | 'member_added'
  | 'member_updated'
  | 'member_removed'
  | 'room_updated'
  | 'room_archived';

/** Payload of a chat event: the room, and the message or member it is about. */
export type ChatEventPayload = {
  roomId: string;
  messageId?: string;
  roomSeq?: number;
  /** The member added or removed, or who reacted. */
  userId?: string;
  emoji?: string;
};

/** The chat domain's events: topic → payload. */
export type ChatEvents = {
  [CHAT_TOPIC]: ChatEventPayload;
};

/** `transact` for this domain: emits type-check against ChatEvents. */
export const transactChat = transactWith<ChatEvents>();
