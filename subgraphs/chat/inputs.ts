import { ArrayMaxSize, IsIn, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { GraphQLJSON } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { MAX_PAGE_SIZE } from '../../src/pagination';
import { ChatMemberRole, ChatRoomKind } from './entities';

@InputType({ description: 'A new chat room.' })
export class CreateChatRoomInput {
  @Field(() => ChatRoomKind, { description: 'Direct message (you and exactly one other user), group or channel.' })
  @IsIn(Object.values(ChatRoomKind))
  kind!: ChatRoomKind;

  @Field(() => String, { nullable: true, description: 'Title.' })
  @IsOptional()
  @Length(1, 200, { message: 'title must be 1 to 200 characters' })
  title?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Users to add as members besides you (you become the owner).' })
  @IsOptional()
  @ArrayMaxSize(1000)
  memberUserIds?: string[] | null;
}

@InputType({ description: 'Changes to a chat room; omitted fields stay as they are.' })
export class UpdateChatRoomInput {
  @Field(() => String, { nullable: true, description: 'New title (null clears it).' })
  @IsOptional()
  @Length(1, 200, { message: 'title must be 1 to 200 characters' })
  title?: string | null;
}

@InputType({ description: 'A message to send.' })
export class SendChatMessageInput {
  @Field(() => String, { nullable: true, description: 'Your id for this message: sending the same id again returns the first message instead of a second one.' })
  @IsOptional()
  @Length(1, 200, { message: 'clientMessageId must be 1 to 200 characters' })
  clientMessageId?: string | null;

  @Field(() => String, { nullable: true, description: 'Text. A message needs text or a structured body.' })
  @IsOptional()
  @MaxLength(20000)
  bodyText?: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Structured body.' })
  @IsOptional()
  bodyJson?: Record<string, unknown> | null;

  @Field(() => ID, { nullable: true, description: 'A message of the same room this one replies to.' })
  @IsOptional()
  replyToMessageId?: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Free-form client metadata.' })
  @IsOptional()
  metadataJson?: Record<string, unknown> | null;
}

@InputType({ description: 'Changes to a message you sent; omitted fields stay as they are.' })
export class EditChatMessageInput {
  @Field(() => String, { nullable: true, description: 'New text.' })
  @IsOptional()
  @MaxLength(20000)
  bodyText?: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'New structured body.' })
  @IsOptional()
  bodyJson?: Record<string, unknown> | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'New metadata.' })
  @IsOptional()
  metadataJson?: Record<string, unknown> | null;
}

@InputType({ description: 'Members to add to a room.' })
export class AddChatMembersInput {
  @Field(() => [ID], { description: 'Users of your tenant to add; those already members keep their role.' })
  @ArrayMaxSize(1000)
  userIds!: string[];

  @Field(() => ChatMemberRole, { nullable: true, description: 'Role for the new members. Default MEMBER.' })
  @IsOptional()
  @IsIn(Object.values(ChatMemberRole))
  role?: ChatMemberRole | null;
}

/**
 * Cursor paging in both directions over a room's messages, always returned in room order:
 * `first`/`after` reads forward, `last`/`before` reads backward (no arguments: from the start).
 */
@ArgsType()
export class ChatMessagePageArgs {
  @Field(() => Int, { nullable: true, description: `Messages after \`after\` (1–${MAX_PAGE_SIZE}); reads forward.` })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Read forward from after this cursor (an `endCursor`).' })
  @IsOptional()
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Messages before \`before\` (1–${MAX_PAGE_SIZE}); reads backward (without \`before\`: the newest).` })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Read backward from before this cursor (a `startCursor`).' })
  @IsOptional()
  before?: string | null;
}
