import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../src/pagination';
import { ChatMessage, ChatRoom, UserReference } from './entities';

export const ChatRoomConnection = Connection(ChatRoom, 'ChatRoom');
export const ChatMessageConnection = Connection(ChatMessage, 'ChatMessage');

@ObjectType({ description: 'How many members reacted to a message with one emoji.' })
export class ChatReactionCount {
  @Field(() => String, { description: 'The emoji.' })
  emoji!: string;
  @Field(() => Int, { description: 'How many members reacted with it.' })
  count!: number;
  @Field(() => Boolean, { description: 'Whether you are one of them.' })
  reacted!: boolean;
}

@ObjectType({ description: 'The reactions on a message after a reaction was added or removed.' })
export class ChatReactionSummary {
  @Field(() => ID, { description: 'The message.' })
  messageId!: string;
  @Field(() => [ChatReactionCount], { description: 'One entry an emoji, in the order they were first used.' })
  reactions!: ChatReactionCount[];
}

@ObjectType({ description: 'Where you have read up to in a room.' })
export class ChatReadCursor {
  @Field(() => ID, { description: 'The room.' })
  roomId!: string;
  @Field(() => ID, { description: 'You.' })
  userId!: string;
  @Field(() => Int, { description: 'Sequence number of the last message read.' })
  lastReadSeq!: number;
  @Field(() => ID, { nullable: true, description: 'Id of the last message read.' })
  lastReadMessageId?: string | null;
  @Field(() => Int, { description: 'Messages after the cursor that others sent and nobody deleted.' })
  unreadCount!: number;
}

@ObjectType({ description: 'A message found by `searchChatMessages`.' })
export class ChatSearchHit {
  @Field(() => ID, { description: 'Its room.' })
  roomId!: string;
  @Field(() => ChatMessage, { description: 'The message.' })
  message!: ChatMessage;
}

@ObjectType({ description: 'Something that happened in a room, as pushed by `chatMessageAdded`: messages added, edited or deleted, reactions, members and room changes, in the room\'s order.' })
export class ChatMessageEvent {
  @Field(() => String, { description: 'Event cursor: resubscribe with `after` set to it to get everything after this event, exactly once.' })
  cursor!: string;
  @Field(() => String, {
    description: 'What happened: message_added, message_edited, message_deleted, reaction_added, reaction_removed, member_added, member_updated, member_removed, room_updated or room_archived.',
  })
  type!: string;
  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;
  @Field(() => ID, { description: 'The room.' })
  roomId!: string;
  @Field(() => ID, { nullable: true, description: 'The message it is about (message and reaction events).' })
  messageId?: string | null;
  @Field(() => Int, { nullable: true, description: 'That message\'s sequence number in the room.' })
  roomSeq?: number | null;
  @Field(() => ID, { nullable: true, description: 'Who reacted, or the member added, updated or removed.' })
  userId?: string | null;
  @Field(() => String, { nullable: true, description: 'The emoji of a reaction event.' })
  emoji?: string | null;
  @Field(() => ChatMessage, { nullable: true, description: 'The message as it is now (deleted ones as tombstones).' })
  message?: ChatMessage | null;
}

@ObjectType({ description: 'Someone is typing in a room (pushed live by `chatTyping`, never stored).' })
export class ChatTypingEvent {
  @Field(() => ID, { description: 'The room.' })
  roomId!: string;
  @Field(() => ID, { description: 'Who is typing.' })
  userId!: string;
  @Field(() => Date, { description: 'When they said so.' })
  occurredAt!: Date;
}

@ObjectType({ description: "A session of a workspace (workspaces-api's Session): a chat room open to everyone who can see the workspace." })
export class WorkspaceSession {
  @Field(() => ID, { description: 'Session id (the id of its chat room).' })
  id!: string;
  @Field(() => ID, { description: 'The workspace.' })
  workspaceId!: string;
  @Field(() => String, { nullable: true, description: 'Title, if any.' })
  title?: string | null;
  @Field(() => ChatRoom, { description: 'Its chat room: send and read its messages with the chat API (`sendChatMessage`, `chatMessages`, `chatMessageAdded`).' })
  room!: ChatRoom;
  @Field(() => String, { description: "Your access, the workspace's: owner, write or read (read: you may read, not post)." })
  viewerAccess!: string;
  @Field(() => Boolean, { description: 'Whether the workspace is shared with anyone.' })
  isShared!: boolean;
  @Field(() => UserReference, { nullable: true, description: 'Who shared the workspace (null while not shared).' })
  sharedBy?: UserReference | null;
  @Field(() => [UserReference], { description: "The workspace's share recipients." })
  shareRecipients!: UserReference[];
  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;
  @Field(() => Date, { description: 'When it last changed: its latest message, or its creation.' })
  updatedAt!: Date;
}

export const WorkspaceSessionConnection = Connection(WorkspaceSession, 'WorkspaceSession');
