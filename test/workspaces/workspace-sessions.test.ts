import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest, subscribe, wsClient, type QueuedSubscription } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

const API = '/api/v1/workspaces';
const ROOM_EVENTS = `subscription($roomId: ID!) { chatMessageAdded(roomId: $roomId) { type userId message { id bodyText senderId } } }`;
const SEND = `mutation($roomId: ID!, $text: String!) { sendChatMessage(roomId: $roomId, input: { bodyText: $text }) { id } }`;
const MESSAGES = `query($roomId: ID!) { chatMessages(roomId: $roomId) { nodes { bodyText senderId } } }`;
const SEARCH = `query($q: String!) { searchChatMessages(query: $q) { roomId } }`;

/** The message_added event of message `id` (skipping members joining the session and earlier messages). */
async function messageEvent(sub: QueuedSubscription, id: string, timeoutMs = 15_000): Promise<any> {
  for (;;) {
    const event = await sub.next(timeoutMs);
    if (event.errors) throw new Error(JSON.stringify(event.errors));
    const added = event.data!.chatMessageAdded;
    if (added.type === 'message_added' && added.message.id === id) return added;
  }
}

const codeOf = (response: { errors?: { extensions?: Record<string, any> }[] }) => response.errors?.[0]?.extensions?.code;

/** Workspace sessions are chat rooms whose audience is the workspace's: owner and share recipients, nobody else. */
describe('workspace sessions', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let writer: { id: string; token: string };
  let reader: { id: string; token: string };
  let outsider: { id: string; token: string };
  let workspaceId: string;
  let sessionId: string;
  const clients: ReturnType<typeof wsClient>[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    [writer, reader, outsider] = [await createUser(server, tenant), await createUser(server, tenant), await createUser(server, tenant)];
    workspaceId = (await rest(server, tenant.token, 'POST', API, { title: 'Support desk' })).body.workspace.id;
    await rest(server, tenant.token, 'PUT', `${API}/${workspaceId}/share`, { recipients: [{ userId: writer.id, access: 'write' }, { userId: reader.id, access: 'read' }] });
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await server?.close();
  });

  it('creates and pages sessions over GraphQL; a message one user sends reaches the other live and lists over REST', async () => {
    const created = await gqlOk(server, tenant.token, `mutation($workspaceId: ID!) {
      createWorkspaceSession(workspaceId: $workspaceId, title: "Triage") { id workspaceId title viewerAccess isShared sharedBy { id } shareRecipients { id } room { id workspaceId } }
    }`, { workspaceId });
    sessionId = created.createWorkspaceSession.id;
    expect(created.createWorkspaceSession).toMatchObject({
      workspaceId, title: 'Triage', viewerAccess: 'owner', isShared: true, sharedBy: { id: tenant.adminId }, room: { id: sessionId, workspaceId },
    });
    expect(created.createWorkspaceSession.shareRecipients.map((u: any) => u.id).sort()).toEqual([writer.id, reader.id].sort());
    await gqlOk(server, writer.token, `mutation($workspaceId: ID!) { createWorkspaceSession(workspaceId: $workspaceId) { id } }`, { workspaceId });

    const PAGE = `query($workspaceId: ID!, $after: String) { workspaceSessions(workspaceId: $workspaceId, first: 1, after: $after) { nodes { id viewerAccess } totalCount pageInfo { hasNextPage endCursor } } }`;
    const page1 = (await gqlOk(server, reader.token, PAGE, { workspaceId })).workspaceSessions;
    expect(page1).toMatchObject({ nodes: [{ id: sessionId, viewerAccess: 'read' }], totalCount: 2, pageInfo: { hasNextPage: true } });
    const page2 = (await gqlOk(server, reader.token, PAGE, { workspaceId, after: page1.pageInfo.endCursor })).workspaceSessions;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page2.nodes).toHaveLength(1);

    const client = wsClient(server, writer.token);
    clients.push(client);
    const writerSub = subscribe(client, ROOM_EVENTS, { roomId: sessionId });
    // The subscription is live once the writer gets anything the owner sends; how long that takes does not matter.
    for (let live = false; !live; ) {
      const ping = (await gqlOk(server, tenant.token, SEND, { roomId: sessionId, text: 'ping' })).sendChatMessage;
      live = await messageEvent(writerSub, ping.id, 1_000).then(() => true, () => false);
    }
    const sent = (await gqlOk(server, tenant.token, SEND, { roomId: sessionId, text: 'refund backlog is growing' })).sendChatMessage;
    expect(await messageEvent(writerSub, sent.id)).toMatchObject({ type: 'message_added', message: { id: sent.id, bodyText: 'refund backlog is growing', senderId: tenant.adminId } });

    const listed = await rest(server, writer.token, 'GET', `${API}/${workspaceId}/sessions/${sessionId}/messages`);
    expect(listed.body.items.at(-1)).toMatchObject({ id: sent.id, content: 'refund backlog is growing', createdBy: tenant.adminId });
    // Sessions are listed by their workspace, not among one's chat rooms.
    expect((await gqlOk(server, tenant.token, `{ chatRooms { nodes { id } } }`)).chatRooms.nodes).toEqual([]);
  });

  it('lets a read recipient read but not post or open sessions; members follow the share, not addChatMembers', async () => {
    expect((await gqlOk(server, reader.token, MESSAGES, { roomId: sessionId })).chatMessages.nodes.at(-1)).toMatchObject({ bodyText: 'refund backlog is growing' });
    expect(codeOf(await gql(server, reader.token, SEND, { roomId: sessionId, text: 'me too' }))).toBe('FORBIDDEN');
    expect((await rest(server, reader.token, 'POST', `${API}/${workspaceId}/sessions`)).status).toBe(403);
    expect(codeOf(await gql(server, reader.token, `mutation($w: ID!) { createWorkspaceSession(workspaceId: $w) { id } }`, { w: workspaceId }))).toBe('FORBIDDEN');
    expect((await gqlOk(server, reader.token, SEARCH, { q: 'backlog' })).searchChatMessages).toEqual([{ roomId: sessionId }]);
    const added = await gql(server, tenant.token, `mutation($roomId: ID!, $ids: [ID!]!) { addChatMembers(roomId: $roomId, input: { userIds: $ids }) { userId } }`, { roomId: sessionId, ids: [outsider.id] });
    expect(codeOf(added)).toBe('CONFLICT');
  });

  it('gives a user without a share NOT_FOUND / 404 everywhere, including after their share is revoked', async () => {
    for (const [query, variables] of [
      [`query($w: ID!) { workspaceSessions(workspaceId: $w) { totalCount } }`, { w: workspaceId }],
      [`query($w: ID!, $id: ID!) { workspaceSession(workspaceId: $w, id: $id) { id } }`, { w: workspaceId, id: sessionId }],
      [`mutation($w: ID!) { createWorkspaceSession(workspaceId: $w) { id } }`, { w: workspaceId }],
      [MESSAGES, { roomId: sessionId }],
      [SEND, { roomId: sessionId, text: 'hello?' }],
      [`query($id: ID!) { chatRoom(id: $id) { id } }`, { id: sessionId }],
    ] as [string, Record<string, unknown>][]) {
      expect(codeOf(await gql(server, outsider.token, query, variables))).toBe('NOT_FOUND');
    }
    for (const [method, path] of [['GET', '/sessions'], ['POST', '/sessions'], ['GET', `/sessions/${sessionId}/messages`]]) {
      const response = await rest(server, outsider.token, method, `${API}/${workspaceId}${path}`);
      expect(`${method} ${path} ${response.status}`).toBe(`${method} ${path} 404`);
    }
    expect((await rest(server, outsider.token, 'GET', `/chat/rooms/${sessionId}/messages`)).status).toBe(404);
    expect((await gqlOk(server, outsider.token, SEARCH, { q: 'backlog' })).searchChatMessages).toEqual([]);

    // The reader joined the room by reading it; dropping them from the share still shuts them out,
    // including the live stream they have open: the next message ends it with NOT_FOUND instead.
    const readerClient = wsClient(server, reader.token);
    clients.push(readerClient);
    const readerStream = subscribe(readerClient, ROOM_EVENTS, { roomId: sessionId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gqlOk(server, writer.token, SEND, { roomId: sessionId, text: 'before the revoke' });
    expect((await readerStream.next()).data?.chatMessageAdded.message.bodyText).toBe('before the revoke');
    await rest(server, tenant.token, 'PUT', `${API}/${workspaceId}/share`, { recipients: [{ userId: writer.id, access: 'write' }] });
    await gqlOk(server, writer.token, SEND, { roomId: sessionId, text: 'after the revoke' });
    const ended = await readerStream.next();
    expect(ended.data).toBeUndefined();
    expect(codeOf(ended)).toBe('NOT_FOUND');
    expect((await rest(server, reader.token, 'GET', `${API}/${workspaceId}/sessions/${sessionId}/messages`)).status).toBe(404);
    expect(codeOf(await gql(server, reader.token, MESSAGES, { roomId: sessionId }))).toBe('NOT_FOUND');
    expect((await gqlOk(server, reader.token, SEARCH, { q: 'backlog' })).searchChatMessages).toEqual([]);
    expect((await rest(server, writer.token, 'GET', `${API}/${workspaceId}/sessions`)).body.items).toHaveLength(2);
  });

  it('takes no messages while the workspace is archived (409), and again once restored', async () => {
    await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/archive`);
    expect(codeOf(await gql(server, writer.token, SEND, { roomId: sessionId, text: 'still there?' }))).toBe('CONFLICT');
    expect((await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/sessions`)).status).toBe(409);
    const before = (await rest(server, writer.token, 'GET', `${API}/${workspaceId}/sessions/${sessionId}/messages`)).body.items.length;
    await rest(server, tenant.token, 'POST', `${API}/${workspaceId}/restore`);
    await gqlOk(server, writer.token, SEND, { roomId: sessionId, text: 'back again' });
    const after = (await rest(server, tenant.token, 'GET', `${API}/${workspaceId}/sessions/${sessionId}/messages?limit=200`)).body.items;
    expect(after).toHaveLength(before + 1);
    expect(after.slice(-2).map((m: any) => m.content)).toEqual(['after the revoke', 'back again']);
  });
});
