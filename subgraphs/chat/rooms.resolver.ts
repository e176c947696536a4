import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { PageArgs } from '../../src/pagination';
import { ChatMember, ChatRoom, UserReference } from './entities';
import { AddChatMembersInput, CreateChatRoomInput, UpdateChatRoomInput } from './inputs';
import { chatUnreadLoader } from './loaders';
import * as rooms from './rooms';
import { ChatRoomConnection } from './types';

const roomIdArg = () => Arg('roomId', () => ID, { description: 'Chat room id.' });

@Resolver(() => ChatRoom)
export class ChatRoomResolver {
  @Authorized()
  @Query(() => ChatRoomConnection, { description: 'The chat rooms you are a member of, oldest first.' })
  chatRooms(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('includeArchived', () => Boolean, { nullable: true, description: 'Include archived rooms.' }) includeArchived: boolean | undefined,
    @Ctx() ctx: Context,
  ) {
    return rooms.listChatRooms(ctx, page, includeArchived ?? false);
  }

  @Authorized()
  @Query(() => ChatRoom, { description: 'A chat room you are a member of (NOT_FOUND for any other).' })
  chatRoom(@Arg('id', () => ID, { description: 'Chat room id.' }) id: string, @Ctx() ctx: Context) {
    return rooms.getChatRoom(ctx, id);
  }

  @Authorized()
  @Query(() => [ChatMember], { description: 'Members of a room you belong to, in the order they joined.' })
  chatMembers(@roomIdArg() roomId: string, @Ctx() ctx: Context) {
    return rooms.listChatMembers(ctx, roomId);
  }

  @Authorized()
  @Mutation(() => ChatRoom, { description: 'Create a chat room: you are its owner, the users you name its members.' })
  createChatRoom(@Arg('input', () => CreateChatRoomInput, { description: 'The room.' }) input: CreateChatRoomInput, @Ctx() ctx: Context) {
    return rooms.createChatRoom(ctx, input);
  }

  @Authorized()
  @Mutation(() => ChatRoom, { description: 'Change a room\'s title (owners only).' })
  updateChatRoom(
    @Arg('id', () => ID, { description: 'Chat room id.' }) id: string,
    @Arg('input', () => UpdateChatRoomInput, { description: 'Changes.' }) input: UpdateChatRoomInput,
    @Ctx() ctx: Context,
  ) {
    return rooms.updateChatRoom(ctx, id, input);
  }

  @Authorized()
  @Mutation(() => ChatRoom, { description: 'Archive a room (owners only): it stays readable and takes no new messages.' })
  archiveChatRoom(@Arg('id', () => ID, { description: 'Chat room id.' }) id: string, @Ctx() ctx: Context) {
    return rooms.archiveChatRoom(ctx, id);
  }

  @Authorized()
  @Mutation(() => [ChatMember], { description: 'Add users of your tenant to a room (owners only); with `role`, existing members get that role.' })
  addChatMembers(@roomIdArg() roomId: string, @Arg('input', () => AddChatMembersInput, { description: 'Who, and their role.' }) input: AddChatMembersInput, @Ctx() ctx: Context) {
    return rooms.addChatMembers(ctx, roomId, input);
  }

  @Authorized()
  @Mutation(() => ChatMember, { description: 'Remove a member (owners), or leave (anyone, with your own id). Returns the membership removed.' })
  removeChatMember(@roomIdArg() roomId: string, @Arg('userId', () => ID, { description: 'The member to remove.' }) userId: string, @Ctx() ctx: Context) {
    return rooms.removeChatMember(ctx, roomId, userId);
  }

  @FieldResolver(() => Int, { description: 'Messages others sent after your read cursor (deleted ones not counted).' })
  unreadCount(@Root() room: ChatRoom, @Ctx() ctx: Context): Promise<number> {
    return chatUnreadLoader(ctx).load(room.id);
  }

  @FieldResolver(() => ID, { description: 'The tenant (organization) that owns the room.' })
  tenantId(@Root() room: ChatRoom): string {
    return room.tenantId;
  }

  @FieldResolver(() => UserReference, { description: 'Who created the room.' })
  createdBy(@Root() room: ChatRoom): UserReference {
    return { id: room.createdById };
  }
}

@Resolver(() => ChatMember)
export class ChatMemberResolver {
  @FieldResolver(() => UserReference, { description: 'The member.' })
  user(@Root() member: ChatMember): UserReference {
    return { id: member.userId };
  }

  @FieldResolver(() => Date, { description: 'When they joined the room.' })
  joinedAt(@Root() member: ChatMember): Date {
    return member.createdAt;
  }
}
