import type { SubgraphModule } from '../../src/federation/module';
import { ChatMember, ChatMessage, ChatReaction, ChatRoom } from './entities';
import { ChatMessageResolver } from './messages.resolver';
import { chatRestRoutes } from './rest';
import { getChatRoom } from './rooms';
import { ChatMemberResolver, ChatRoomResolver } from './rooms.resolver';
import { WorkspaceSessionResolver } from './sessions.resolver';
import { workspaceSessionRestRoutes } from './rest-workspace-sessions';

/** Chat: rooms, members, messages in a total per-room order, reactions, read cursors, full-text search, live streams, and workspace sessions (rooms linked to a workspace). */
export const chatModule: SubgraphModule = {
  name: 'chat',
  resolvers: [ChatRoomResolver, ChatMemberResolver, ChatMessageResolver, WorkspaceSessionResolver],
  entities: [ChatRoom, ChatMember, ChatMessage, ChatReaction],
  referenceResolvers: {
    // A room resolves for its members only, as every other read does.
    ChatRoom: (ref, ctx) => getChatRoom(ctx, ref.id).catch(() => null),
  },
  restRoutes: [...chatRestRoutes, ...workspaceSessionRestRoutes],
  // PostgreSQL's tsvector GIN index for search (search.ts); SQLite's FTS5 table is outside the entities too.
  manualIndexes: ['chat_messages_search_index'],
};
