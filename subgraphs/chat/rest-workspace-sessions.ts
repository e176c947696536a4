import { MAX_PAGE_SIZE } from '../../src/pagination';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  WsCreateSessionDocument, WsSessionMessagesDocument, WsSessionsDocument, type WsSessionFragment, type WsSessionMessagesQuery, type WsSessionUserFragment,
} from '../../src/generated/operations';

/** workspaces-api's UserRef (no profile pictures are stored). */
function userRef(u: WsSessionUserFragment | null | undefined) {
  if (!u) return null;
  const [firstName = '', ...rest] = u.name.trim().split(/\s+/);
  return { email: u.email, firstName, id: u.id, lastName: rest.join(' '), profilePictureUrl: null };
}

/** workspaces-api's Session: a chat room of the workspace. There are no agents or turns, so their fields are null. */
function sessionJson(s: WsSessionFragment) {
  return {
    activeTurnId: null,
    activeTurnLastEventSeq: null,
    activeTurnStatus: null,
    agentSpec: null,
    agentSpecId: null,
    createdAt: s.createdAt,
    id: s.id,
    isShared: s.isShared,
    lastTurnStatus: null,
    scope: { documentId: null, kind: 'general', workspaceId: s.workspaceId },
    shareRecipients: s.shareRecipients.map(userRef),
    sharedBy: userRef(s.sharedBy),
    title: s.title ?? null,
    updatedAt: s.updatedAt,
    viewerAccess: s.viewerAccess,
    workspaceId: s.workspaceId,
  };
}

/** workspaces-api's Message: a chat message of the session's room, sent by a user (deleted ones have no content). */
function messageJson(m: WsSessionMessagesQuery['chatMessages']['nodes'][number]) {
  return {
    cancelled: false,
    content: m.bodyText ?? null,
    createdAt: m.createdAt,
    createdBy: m.senderId,
    durationSeconds: null,
    error: null,
    format: m.bodyJson == null ? 'text' : 'json',
    id: m.id,
    rawData: m.bodyJson ?? {},
    role: 'user',
    threadId: m.roomId,
    turnId: null,
    updatedAt: m.deletedAt ?? m.editedAt ?? m.createdAt,
  };
}

const base = { profile: 'workspaces', tag: 'workspaces' } as const;

/** workspaces-api's session endpoints, served by chat: a workspace's sessions are its chat rooms. */
export const workspaceSessionRestRoutes: RestRoute[] = [
  defineRoute({
    ...base, method: 'get', path: '/workspaces/{workspaceId}/sessions', summary: 'List Workspace Sessions',
    operation: WsSessionsDocument,
    variables: (req) => ({ workspaceId: req.params.workspaceId, first: MAX_PAGE_SIZE }),
    response: (data) => ({ items: data.workspaceSessions.nodes.map(sessionJson) }),
  }),
  defineRoute({
    ...base, method: 'post', path: '/workspaces/{workspaceId}/sessions', summary: 'Create Workspace Session', status: 201,
    // The doc sends no body; a title is accepted.
    body: { type: 'object', properties: { title: { type: ['string', 'null'], minLength: 1, maxLength: 200 } } },
    operation: WsCreateSessionDocument,
    variables: (req) => ({ workspaceId: req.params.workspaceId, title: (req.body.title as string | null | undefined) ?? null }),
    response: (data) => sessionJson(data.createWorkspaceSession),
  }),
  defineRoute({
    ...base, method: 'get', path: '/workspaces/{workspaceId}/sessions/{sessionId}/messages', summary: 'List Workspace Session Messages',
    query: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, cursor: { type: 'string', maxLength: 200 } },
    operation: WsSessionMessagesDocument,
    variables: (req) => ({ workspaceId: req.params.workspaceId, sessionId: req.params.sessionId, first: Number(req.query.limit ?? 50), after: req.query.cursor ?? null }),
    response: (data) => ({
      items: data.chatMessages.nodes.map(messageJson),
      nextCursor: data.chatMessages.pageInfo.hasNextPage ? (data.chatMessages.pageInfo.endCursor ?? null) : null,
    }),
  }),
];
