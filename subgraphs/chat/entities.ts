import { Entity, Index, Property, Unique, type Opt } from '@mikro-orm/core';
import { GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArchivableEntity, TenantScopedEntity } from '../../src/db/base-entities';

/** A user as this subgraph knows it: a reference the tenants subgraph resolves. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User', { description: 'A member of a tenant (resolved by the tenants subgraph).' })
export class UserReference {
  @Field(() => ID, { description: 'User id.' })
  id!: string;
}

export enum ChatRoomKind {
  DM = 'dm',
  GROUP = 'group',
  CHANNEL = 'channel',
}
registerEnumType(ChatRoomKind, { name: 'ChatRoomKind', description: 'What a room is for: a direct message, a group, or a channel.' });

export enum ChatMemberRole {
  OWNER = 'owner',
  MEMBER = 'member',
}
registerEnumType(ChatMemberRole, {
  name: 'ChatMemberRole',
  description: 'A member\'s role: owners rename, archive and manage members; members read and write.',
});

/** A chat room; `lastMessageSeq` is the per-room counter that orders its messages. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A chat room. Only its members see it; to everyone else it does not exist.' })
@Entity({ tableName: 'chat_rooms' })
@Index({ properties: ['tenantId', 'workspaceId', 'createdAt', 'id'] })
export class ChatRoom extends ArchivableEntity {
  @Field(() => ChatRoomKind, { description: 'Direct message, group or channel.' })
  @Property({ type: 'string', length: 16 })
  kind!: ChatRoomKind;

  @Field(() => String, { nullable: true, description: 'Title, if any.' })
  @Property({ type: 'string', length: 200, nullable: true })
  title?: string | null = null;

  @Field(() => ID, { description: 'Id of the user who created the room.' })
  @Property({ type: 'string', length: 36 })
  createdById!: string;

  /** Set for a workspace session: who may use the room then follows the workspace's owner and share, not its member rows. */
  @Field(() => ID, { nullable: true, description: 'The workspace this room is a session of (null for an ordinary room).' })
  @Property({ type: 'string', length: 36, nullable: true })
  workspaceId?: string | null = null;

  @Field(() => Int, { description: 'Sequence number of the latest message (0 before the first); every message gets the next one.' })
  @Property({ type: 'integer' })
  lastMessageSeq: Opt<number> = 0;

  @Field(() => ID, { nullable: true, description: 'Id of the latest message.' })
  @Property({ type: 'string', length: 36, nullable: true })
  lastMessageId?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When the latest message was sent.' })
  @Property({ type: 'datetime', nullable: true })
  lastMessageAt?: Date | null = null;

  @Field(() => Int, { description: 'Bumped by every change in the room (messages, edits, reactions, members, room itself).' })
  @Property({ type: 'integer' })
  version: Opt<number> = 0;
}

/** A user's membership of a room; the read cursor lives on it. */
@ObjectType({ description: 'A member of a chat room, with their read cursor.' })
@Entity({ tableName: 'chat_members' })
@Unique({ properties: ['roomId', 'userId'] })
@Index({ properties: ['tenantId', 'userId'] })
export class ChatMember extends TenantScopedEntity {
  @Field(() => ID, { description: 'The room.' })
  @Property({ type: 'string', length: 36 })
  roomId!: string;

  @Field(() => ID, { description: 'The member (a user of the tenant).' })
  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Field(() => ChatMemberRole, { description: 'Owner or member.' })
  @Property({ type: 'string', length: 16 })
  role!: ChatMemberRole;

  @Field(() => Int, { description: 'Sequence number of the last message this member has read (0: none).' })
  @Property({ type: 'integer' })
  lastReadSeq: Opt<number> = 0;

  @Field(() => ID, { nullable: true, description: 'Id of the last message this member has read.' })
  @Property({ type: 'string', length: 36, nullable: true })
  lastReadMessageId?: string | null = null;

  @Field(() => Boolean, { description: 'Whether the member muted the room.' })
  @Property({ type: 'boolean' })
  muted: Opt<boolean> = false;
}

/**
 * A message. `(roomId, roomSeq)` is unique: the sequence is assigned in the send transaction
 * while the room row is locked. `(roomId, senderId, clientMessageId)` is unique: a resend is one row.
 */
@ObjectType({ description: 'A chat message. Deleted messages stay as tombstones (`deletedAt` set, body cleared) so the sequence has no holes.' })
@Entity({ tableName: 'chat_messages' })
@Unique({ properties: ['roomId', 'roomSeq'] })
@Unique({ properties: ['roomId', 'senderId', 'clientMessageId'] })
export class ChatMessage extends TenantScopedEntity {
  @Field(() => ID, { description: 'The room.' })
  @Property({ type: 'string', length: 36 })
  roomId!: string;

  @Field(() => Int, { description: 'Position in the room: 1, 2, 3… — the total, stable order of the room\'s messages.' })
  @Property({ type: 'integer' })
  roomSeq!: number;

  @Field(() => ID, { description: 'Id of the user who sent it.' })
  @Property({ type: 'string', length: 36 })
  senderId!: string;

  @Field(() => String, { nullable: true, description: 'The sender\'s own id for the message: sending it again returns the first message.' })
  @Property({ type: 'string', length: 200, nullable: true })
  clientMessageId?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Text (searchable).' })
  @Property({ type: 'text', nullable: true })
  bodyText?: string | null = null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Structured body, as the client sent it.' })
  @Property({ type: 'json', nullable: true })
  bodyJson?: Record<string, unknown> | null = null;

  @Field(() => ID, { nullable: true, description: 'The message this one replies to (same room).' })
  @Property({ type: 'string', length: 36, nullable: true })
  replyToMessageId?: string | null = null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Free-form client metadata.' })
  @Property({ type: 'json', nullable: true })
  metadataJson?: Record<string, unknown> | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was last edited.' })
  @Property({ type: 'datetime', nullable: true })
  editedAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was deleted; null while it stands.' })
  @Property({ type: 'datetime', nullable: true })
  deletedAt?: Date | null = null;
}

/** One user's reaction with one emoji to one message. */
@Entity({ tableName: 'chat_reactions' })
@Unique({ properties: ['messageId', 'userId', 'emoji'] })
export class ChatReaction extends TenantScopedEntity {
  @Property({ type: 'string', length: 36 })
  messageId!: string;

  @Property({ type: 'string', length: 36 })
  roomId!: string;

  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Property({ type: 'string', length: 64 })
  emoji!: string;
}
