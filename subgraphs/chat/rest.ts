import { MAX_PAGE_SIZE } from '../../src/pagination';
import { offsetPage } from '../../src/rest/paging';
import { defineRoute, type JsonSchema, type RestRoute } from '../../src/rest/route';
import {
  AthenaAddChatMembersDocument, AthenaAddChatReactionDocument, AthenaArchiveChatRoomDocument, AthenaChatMembersDocument, AthenaChatMessagesDocument,
  AthenaChatRoomDocument, AthenaChatRoomsDocument, AthenaCreateChatRoomDocument, AthenaDeleteChatMessageDocument, AthenaEditChatMessageDocument,
  AthenaRemoveChatMemberDocument, AthenaRemoveChatReactionDocument, AthenaSearchChatMessagesDocument, AthenaSendChatMessageDocument,
  AthenaSetChatReadCursorDocument, AthenaUpdateChatRoomDocument,
  type AthenaChatMemberFragment, type AthenaChatMessageFragment, type AthenaChatReactionsFragment, type AthenaChatRoomFragment,
  type ChatMemberRole, type ChatRoomKind,
} from '../../src/generated/operations';
import { encodeSeqCursor } from './messages';

/** athena-rs's ChatRoom JSON. */
export function athenaChatRoom(r: AthenaChatRoomFragment) {
  return {
    id: r.id,
    organization_id: r.tenantId,
    kind: r.kind.toLowerCase(),
    title: r.title ?? null,
    created_by: r.createdById,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    archived_at: r.archivedAt ?? null,
    last_message_id: r.lastMessageId ?? null,
    last_message_seq: r.lastMessageSeq,
    last_message_at: r.lastMessageAt ?? null,
    version: r.version,
  };
}

/** athena-rs's ChatMessage JSON (attachments are not stored yet: always empty). */
export function athenaChatMessage(m: AthenaChatMessageFragment) {
  return {
    id: m.id,
    room_id: m.roomId,
    room_seq: m.roomSeq,
    sender_id: m.senderId,
    client_message_id: m.clientMessageId ?? null,
    body_text: m.bodyText ?? null,
    body_json: m.bodyJson ?? null,
    reply_to_message_id: m.replyToMessageId ?? null,
    created_at: m.createdAt,
    edited_at: m.editedAt ?? null,
    deleted_at: m.deletedAt ?? null,
    metadata_json: m.metadataJson ?? null,
    attachments: [],
    reactions: m.reactions,
  };
}

/** athena-rs's ChatMember JSON. */
export function athenaChatMember(m: AthenaChatMemberFragment) {
  return {
    room_id: m.roomId,
    user_id: m.userId,
    role: m.role.toLowerCase(),
    joined_at: m.joinedAt,
    last_read_seq: m.lastReadSeq,
    last_read_message_id: m.lastReadMessageId ?? null,
    muted: m.muted,
    notification_mode: null,
    hidden_at: null,
  };
}

/** athena-rs's ChatReactionSummary JSON. */
function athenaReactions(s: AthenaChatReactionsFragment) {
  return { message_id: s.messageId, reactions: s.reactions };
}

/** athena-rs wraps only its two create responses in `{status, message, data}`. */
function created(message: string, data: unknown) {
  return { status: 'success', message, data };
}

const JSON_OBJECT: JsonSchema = { type: ['object', 'null'], additionalProperties: true };
const LIMIT: JsonSchema = { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 };
const SEQ: JsonSchema = { type: 'integer', minimum: 0 };
const common = { profile: 'athena', tag: 'Chat' } as const;
const upper = <T extends string>(value: unknown): T | undefined => (typeof value === 'string' ? (value.toUpperCase() as T) : undefined);

export const chatRestRoutes: RestRoute[] = [
  defineRoute({
    ...common, method: 'get', path: '/chat/rooms', summary: 'List chat rooms',
    query: { limit: LIMIT, offset: { type: 'integer', minimum: 0, default: 0 }, include_archived: { type: 'boolean', default: false } },
    operation: AthenaChatRoomsDocument,
    variables: (req) => ({ ...offsetPage(Number(req.query.offset ?? 0), Number(req.query.limit ?? 50)), includeArchived: String(req.query.include_archived) === 'true' }),
    response: (data) => ({ items: data.chatRooms.nodes.map(athenaChatRoom) }),
  }),
  defineRoute({
    ...common, method: 'post', path: '/chat/rooms', summary: 'Create a chat room', status: 201,
    body: {
      type: 'object', required: ['kind'],
      properties: { kind: { type: 'string', enum: ['dm', 'group', 'channel'] }, title: { type: ['string', 'null'], maxLength: 200 }, member_user_ids: { type: 'array', items: { type: 'string' }, maxItems: 1000 } },
    },
    operation: AthenaCreateChatRoomDocument,
    variables: (req) => ({
      input: { kind: upper<ChatRoomKind>(req.body.kind)!, title: (req.body.title as string | null) ?? null, memberUserIds: (req.body.member_user_ids as string[] | undefined) ?? [] },
    }),
    response: (data) => created('Chat room created', athenaChatRoom(data.createChatRoom)),
  }),
  defineRoute({
    ...common, method: 'get', path: '/chat/rooms/{room_id}', summary: 'Get one chat room',
    operation: AthenaChatRoomDocument,
    variables: (req) => ({ id: req.params.room_id }),
    response: (data) => athenaChatRoom(data.chatRoom),
  }),
  defineRoute({
    ...common, method: 'patch', path: '/chat/rooms/{room_id}', summary: 'Update one chat room',
    body: { type: 'object', properties: { title: { type: ['string', 'null'], maxLength: 200 } } },
    operation: AthenaUpdateChatRoomDocument,
    variables: (req) => ({ id: req.params.room_id, input: 'title' in req.body ? { title: req.body.title as string | null } : {} }),
    response: (data) => athenaChatRoom(data.updateChatRoom),
  }),
  defineRoute({
    ...common, method: 'post', path: '/chat/rooms/{room_id}/archive', summary: 'Archive one chat room',
    operation: AthenaArchiveChatRoomDocument,
    variables: (req) => ({ id: req.params.room_id }),
    response: (data) => athenaChatRoom(data.archiveChatRoom),
  }),
  defineRoute({
    ...common, method: 'get', path: '/chat/rooms/{room_id}/messages', summary: 'List room messages',
    query: { limit: LIMIT, before_seq: SEQ, after_seq: SEQ },
    operation: AthenaChatMessagesDocument,
    // after_seq reads forward; otherwise the page ends before before_seq (default: the newest messages).
    variables: (req) => {
      const limit = Number(req.query.limit ?? 50);
      if (req.query.after_seq !== undefined) return { roomId: req.params.room_id, first: limit, after: encodeSeqCursor(Number(req.query.after_seq)) };
      return { roomId: req.params.room_id, last: limit, before: req.query.before_seq !== undefined ? encodeSeqCursor(Number(req.query.before_seq)) : null };
    },
    response: (data) => {
      const items = data.chatMessages.nodes.map(athenaChatMessage);
      return { items, next_before_seq: data.chatMessages.pageInfo.hasPreviousPage && items.length ? items[0].room_seq : null };
    },
  }),
  defineRoute({
    ...common, method: 'post', path: '/chat/rooms/{room_id}/messages', summary: 'Send one chat message', status: 201,
    body: {
      type: 'object',
      properties: {
        client_message_id: { type: ['string', 'null'], maxLength: 200 }, body_text: { type: ['string', 'null'], maxLength: 20000 }, body_json: JSON_OBJECT,
        reply_to_message_id: { type: ['string', 'null'] }, metadata_json: JSON_OBJECT, attachments: { type: 'array', maxItems: 0 },
      },
    },
    operation: AthenaSendChatMessageDocument,
    variables: (req) => ({
      roomId: req.params.room_id,
      input: {
        clientMessageId: (req.body.client_message_id as string | null) ?? null, bodyText: (req.body.body_text as string | null) ?? null,
        bodyJson: req.body.body_json ?? null, replyToMessageId: (req.body.reply_to_message_id as string | null) ?? null, metadataJson: req.body.metadata_json ?? null,
      },
    }),
    response: (data) => created('Chat message sent', athenaChatMessage(data.sendChatMessage)),
  }),
  defineRoute({
    ...common, method: 'patch', path: '/chat/rooms/{room_id}/messages/{message_id}', summary: 'Edit one chat message',
    body: { type: 'object', properties: { body_text: { type: ['string', 'null'], maxLength: 20000 }, body_json: JSON_OBJECT, metadata_json: JSON_OBJECT } },
    operation: AthenaEditChatMessageDocument,
    variables: (req) => ({
      roomId: req.params.room_id,
      messageId: req.params.message_id,
      input: {
        ...('body_text' in req.body ? { bodyText: req.body.body_text as string | null } : {}),
        ...('body_json' in req.body ? { bodyJson: req.body.body_json } : {}),
        ...('metadata_json' in req.body ? { metadataJson: req.body.metadata_json } : {}),
      },
    }),
    response: (data) => athenaChatMessage(data.editChatMessage),
  }),
  defineRoute({
    ...common, method: 'delete', path: '/chat/rooms/{room_id}/messages/{message_id}', summary: 'Delete one chat message',
    operation: AthenaDeleteChatMessageDocument,
    variables: (req) => ({ roomId: req.params.room_id, messageId: req.params.message_id }),
    response: (data) => ({ ok: true, message_id: data.deleteChatMessage.id }),
  }),
  defineRoute({
    ...common, method: 'post', path: '/chat/rooms/{room_id}/read-cursor', summary: 'Advance one room read cursor',
    body: { type: 'object', properties: { message_id: { type: ['string', 'null'] }, seq: { type: ['integer', 'null'], minimum: 0, maximum: 2147483647 } } },
    operation: AthenaSetChatReadCursorDocument,
    variables: (req) => ({ roomId: req.params.room_id, seq: (req.body.seq as number | null) ?? null, messageId: (req.body.message_id as string | null) ?? null }),
    response: (data) => {
      const c = data.setChatReadCursor;
      return { room_id: c.roomId, user_id: c.userId, last_read_seq: c.lastReadSeq, last_read_message_id: c.lastReadMessageId ?? null };
    },
  }),
  defineRoute({
    ...common, method: 'get', path: '/chat/rooms/{room_id}/members', summary: 'List room members',
    operation: AthenaChatMembersDocument,
    variables: (req) => ({ roomId: req.params.room_id }),
    response: (data) => data.chatMembers.map(athenaChatMember),
  }),
  defineRoute({
    ...common, method: 'post', path: '/chat/rooms/{room_id}/members', summary: 'Add room members',
    body: {
      type: 'object', required: ['user_ids'],
      properties: { user_ids: { type: 'array', items: { type: 'string' }, maxItems: 1000 }, role: { type: ['string', 'null'], enum: ['owner', 'member', null] } },
    },
    operation: AthenaAddChatMembersDocument,
    variables: (req) => ({ roomId: req.params.room_id, input: { userIds: req.body.user_ids as string[], role: upper<ChatMemberRole>(req.body.role) ?? null } }),
    response: (data) => data.addChatMembers.map(athenaChatMember),
  }),
  defineRoute({
    ...common, method: 'delete', path: '/chat/rooms/{room_id}/members/{user_id}', summary: 'Remove one room member',
    operation: AthenaRemoveChatMemberDocument,
    variables: (req) => ({ roomId: req.params.room_id, userId: req.params.user_id }),
    response: (data) => ({ ok: true, user_id: data.removeChatMember.userId }),
  }),
  defineRoute({
    ...common, method: 'post', path: '/chat/messages/{message_id}/reactions', summary: 'Add one message reaction',
    body: { type: 'object', required: ['emoji'], properties: { emoji: { type: 'string', minLength: 1, maxLength: 64 } } },
    operation: AthenaAddChatReactionDocument,
    variables: (req) => ({ messageId: req.params.message_id, emoji: String(req.body.emoji) }),
    response: (data) => athenaReactions(data.addChatReaction),
  }),
  defineRoute({
    ...common, method: 'delete', path: '/chat/messages/{message_id}/reactions/{emoji}', summary: 'Remove one message reaction',
    operation: AthenaRemoveChatReactionDocument,
    variables: (req) => ({ messageId: req.params.message_id, emoji: req.params.emoji }),
    response: (data) => athenaReactions(data.removeChatReaction),
  }),
  defineRoute({
    ...common, method: 'post', path: '/chat/messages/search', summary: 'Search chat messages',
    body: {
      type: 'object', required: ['query'],
      properties: { query: { type: 'string', maxLength: 1000 }, room_id: { type: ['string', 'null'] }, limit: { type: ['integer', 'null'], minimum: 1, maximum: MAX_PAGE_SIZE } },
    },
    operation: AthenaSearchChatMessagesDocument,
    variables: (req) => ({ query: String(req.body.query), roomId: (req.body.room_id as string | null) ?? null, first: (req.body.limit as number | null) ?? null }),
    response: (data) => ({ items: data.searchChatMessages.map((hit) => ({ room_id: hit.roomId, message: athenaChatMessage(hit.message) })) }),
  }),
];
