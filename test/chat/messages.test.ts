import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';
import { createRoom, SEND, send } from './support';

const UNREAD = `query($id: ID!) { chatRoom(id: $id) { unreadCount lastMessageSeq } }`;

/** Messages: idempotent send, paging both ways, edits and deletes, reactions, read cursors, search; GraphQL and athena REST. */
describe('chat messages', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };
  let carol: { id: string; token: string };
  let roomId: string;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    [alice, bob, carol] = [await createUser(server, tenant), await createUser(server, tenant), await createUser(server, tenant)];
    roomId = await createRoom(server, alice.token, [bob.id]);
  });
  afterAll(() => server?.close());

  it('stores one message for a client message id sent twice, even at once', async () => {
    const first = await send(server, alice.token, roomId, 'hello', 'client-1');
    const again = await send(server, alice.token, roomId, 'hello (retry)', 'client-1');
    expect(again).toEqual(first);
    const racing = await Promise.all(Array.from({ length: 8 }, () => send(server, bob.token, roomId, 'race', 'client-2')));
    expect(new Set(racing.map((m) => m.id)).size).toBe(1);
    // The same client id from another sender is another message.
    const bobs = await send(server, bob.token, roomId, 'mine', 'client-1');
    expect(bobs.id).not.toBe(first.id);
    const viaRest = await rest(server, alice.token, 'POST', `/chat/rooms/${roomId}/messages`, { client_message_id: 'client-1', body_text: 'x' });
    expect(viaRest.status).toBe(201);
    expect(viaRest.body).toMatchObject({ status: 'success', data: { id: first.id, room_seq: first.roomSeq, client_message_id: 'client-1', attachments: [], reactions: [] } });
    const { chatRoom } = await gqlOk(server, alice.token, UNREAD, { id: roomId });
    expect(chatRoom.lastMessageSeq).toBe(3);
  });

  it('pages forward and backward in room order, over GraphQL and REST', async () => {
    const room = await createRoom(server, alice.token, [bob.id]);
    for (let i = 1; i <= 7; i++) await send(server, i % 2 ? alice.token : bob.token, room, `m${i}`);
    const page = `query($roomId: ID!, $first: Int, $after: String, $last: Int, $before: String) {
      chatMessages(roomId: $roomId, first: $first, after: $after, last: $last, before: $before) {
        nodes { bodyText roomSeq } totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;
    const p1 = (await gqlOk(server, bob.token, page, { roomId: room, first: 3 })).chatMessages;
    expect(p1.nodes.map((n: any) => n.bodyText)).toEqual(['m1', 'm2', 'm3']);
    expect(p1).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const p2 = (await gqlOk(server, bob.token, page, { roomId: room, first: 3, after: p1.pageInfo.endCursor })).chatMessages;
    expect(p2.nodes.map((n: any) => n.bodyText)).toEqual(['m4', 'm5', 'm6']);
    const newest = (await gqlOk(server, bob.token, page, { roomId: room, last: 2 })).chatMessages;
    expect(newest.nodes.map((n: any) => n.bodyText)).toEqual(['m6', 'm7']);
    expect(newest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const older = (await gqlOk(server, bob.token, page, { roomId: room, last: 10, before: newest.pageInfo.startCursor })).chatMessages;
    expect(older.nodes.map((n: any) => n.bodyText)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(older.pageInfo.hasPreviousPage).toBe(false);
    expect((await gql(server, bob.token, page, { roomId: room, after: 'nope' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const restNewest = await rest(server, bob.token, 'GET', `/chat/rooms/${room}/messages?limit=3`);
    expect(restNewest.body.items.map((m: any) => m.room_seq)).toEqual([5, 6, 7]);
    expect(restNewest.body.next_before_seq).toBe(5);
    const restOlder = await rest(server, bob.token, 'GET', `/chat/rooms/${room}/messages?limit=3&before_seq=${restNewest.body.next_before_seq}`);
    expect(restOlder.body.items.map((m: any) => m.room_seq)).toEqual([2, 3, 4]);
    const restForward = await rest(server, bob.token, 'GET', `/chat/rooms/${room}/messages?limit=2&after_seq=5`);
    expect(restForward.body.items.map((m: any) => m.body_text)).toEqual(['m6', 'm7']);
  });

  it('edits only by the sender, deletes by sender or owner into a tombstone', async () => {
    const room = await createRoom(server, alice.token, [bob.id]);
    const mine = await send(server, bob.token, room, 'typo');
    const edit = await rest(server, alice.token, 'PATCH', `/chat/rooms/${room}/messages/${mine.id}`, { body_text: 'not yours' });
    expect(edit.status).toBe(403);
    const edited = await rest(server, bob.token, 'PATCH', `/chat/rooms/${room}/messages/${mine.id}`, { body_text: 'fixed' });
    expect(edited.body).toMatchObject({ body_text: 'fixed', edited_at: expect.any(String) });
    expect((await rest(server, bob.token, 'PATCH', `/chat/rooms/${roomId}/messages/${mine.id}`, { body_text: 'wrong room' })).status).toBe(404);
    const deleted = await rest(server, alice.token, 'DELETE', `/chat/rooms/${room}/messages/${mine.id}`);
    expect(deleted.body).toEqual({ ok: true, message_id: mine.id });
    const list = await rest(server, bob.token, 'GET', `/chat/rooms/${room}/messages`);
    expect(list.body.items[0]).toMatchObject({ id: mine.id, room_seq: 1, body_text: null, deleted_at: expect.any(String) });
  });

  it('counts reactions per emoji and who reacted', async () => {
    const message = await send(server, alice.token, roomId, 'react to me');
    const add = (token: string, emoji: string) => rest(server, token, 'POST', `/chat/messages/${message.id}/reactions`, { emoji });
    await add(alice.token, '🎉');
    await add(alice.token, '🎉');
    await add(bob.token, '🎉');
    const summary = await add(bob.token, '👀');
    expect(summary.body).toEqual({ message_id: message.id, reactions: [{ emoji: '🎉', count: 2, reacted: true }, { emoji: '👀', count: 1, reacted: true }] });
    const removed = await rest(server, bob.token, 'DELETE', `/chat/messages/${message.id}/reactions/${encodeURIComponent('🎉')}`);
    expect(removed.body.reactions).toEqual([{ emoji: '🎉', count: 1, reacted: false }, { emoji: '👀', count: 1, reacted: true }]);
    const seen = await gqlOk(server, alice.token, `query($roomId: ID!) { chatMessages(roomId: $roomId, last: 1) { nodes { reactions { emoji count reacted } } } }`, { roomId });
    expect(seen.chatMessages.nodes[0].reactions).toEqual([{ emoji: '🎉', count: 1, reacted: true }, { emoji: '👀', count: 1, reacted: false }]);
    expect((await rest(server, carol.token, 'POST', `/chat/messages/${message.id}/reactions`, { emoji: '🎉' })).status).toBe(404);
  });

  it('derives unread counts from read cursors, which only move forward', async () => {
    const room = await createRoom(server, alice.token, [bob.id]);
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(await send(server, alice.token, room, `news ${i}`));
    await send(server, bob.token, room, 'my own message is never unread');
    expect((await gqlOk(server, bob.token, UNREAD, { id: room })).chatRoom.unreadCount).toBe(4);
    expect((await gqlOk(server, alice.token, UNREAD, { id: room })).chatRoom.unreadCount).toBe(1);
    const cursor = await rest(server, bob.token, 'POST', `/chat/rooms/${room}/read-cursor`, { message_id: sent[1].id });
    expect(cursor.body).toEqual({ room_id: room, user_id: bob.id, last_read_seq: 2, last_read_message_id: sent[1].id });
    const set = await gqlOk(server, bob.token, `mutation($roomId: ID!, $seq: Int) { setChatReadCursor(roomId: $roomId, seq: $seq) { lastReadSeq unreadCount } }`, { roomId: room, seq: 1 });
    expect(set.setChatReadCursor).toEqual({ lastReadSeq: 2, unreadCount: 2 });
    await gqlOk(server, bob.token, `mutation($id: ID!) { deleteChatMessage(messageId: $id) { id } }`, { id: sent[3].id }).catch(() => undefined);
    await gqlOk(server, alice.token, `mutation($id: ID!) { deleteChatMessage(messageId: $id) { id } }`, { id: sent[3].id });
    expect((await gqlOk(server, bob.token, UNREAD, { id: room })).chatRoom.unreadCount).toBe(1);
    const all = await gqlOk(server, bob.token, `mutation($roomId: ID!) { setChatReadCursor(roomId: $roomId) { lastReadSeq unreadCount } }`, { roomId: room });
    expect(all.setChatReadCursor).toEqual({ lastReadSeq: 5, unreadCount: 0 });
    const rooms = await gqlOk(server, bob.token, `{ chatRooms(first: 100) { nodes { id unreadCount } } }`);
    expect(rooms.chatRooms.nodes.find((r: any) => r.id === room).unreadCount).toBe(0);
  });

  it('searches words only in the caller\'s rooms', async () => {
    const secret = await createRoom(server, alice.token, [carol.id], 'secret');
    await send(server, alice.token, roomId, 'The quarterly forecast looks bright');
    await send(server, alice.token, secret, 'The quarterly forecast is confidential');
    const gone = await send(server, alice.token, roomId, 'quarterly forecast, deleted');
    await gqlOk(server, alice.token, `mutation($id: ID!) { deleteChatMessage(messageId: $id) { id } }`, { id: gone.id });
    const search = (token: string, body: Record<string, unknown>) => rest(server, token, 'POST', '/chat/messages/search', body);

    const bobs = await search(bob.token, { query: 'Quarterly FORECAST' });
    expect(bobs.body.items.map((h: any) => h.message.body_text)).toEqual(['The quarterly forecast looks bright']);
    expect(bobs.body.items[0].room_id).toBe(roomId);
    const alices = await search(alice.token, { query: 'forecast' });
    expect(alices.body.items.map((h: any) => h.message.body_text).sort()).toEqual(['The quarterly forecast is confidential', 'The quarterly forecast looks bright']);
    expect((await search(alice.token, { query: 'forecast', room_id: secret })).body.items).toHaveLength(1);
    expect((await search(bob.token, { query: 'confidential' })).body.items).toEqual([]);
    expect((await search(bob.token, { query: 'forecast', room_id: secret })).status).toBe(404);
    expect((await search(bob.token, { query: '" OR * NEAR( ) & | !' })).status).toBe(200);
    // Edits re-index.
    const edited = await send(server, bob.token, roomId, 'draft wording');
    await gqlOk(server, bob.token, `mutation($id: ID!) { editChatMessage(messageId: $id, input: { bodyText: "final wording" }) { id } }`, { id: edited.id });
    expect((await search(bob.token, { query: 'draft' })).body.items).toEqual([]);
    expect((await search(bob.token, { query: 'final' })).body.items.map((h: any) => h.message.id)).toEqual([edited.id]);
    const other = await createTenant(server);
    expect((await search(other.token, { query: 'forecast' })).body.items).toEqual([]);
  });

  it('manages rooms and members: owners only, a last owner stays, archived rooms take no messages', async () => {
    const created = await rest(server, alice.token, 'POST', '/chat/rooms', { kind: 'group', title: 'Team', member_user_ids: [bob.id] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'success', data: { kind: 'group', title: 'Team', organization_id: tenant.tenantId, created_by: alice.id, last_message_seq: 0 } });
    const room = created.body.data.id;
    expect((await rest(server, bob.token, 'PATCH', `/chat/rooms/${room}`, { title: 'Mine' })).status).toBe(403);
    expect((await rest(server, alice.token, 'PATCH', `/chat/rooms/${room}`, { title: 'Renamed' })).body.title).toBe('Renamed');
    const added = await rest(server, alice.token, 'POST', `/chat/rooms/${room}/members`, { user_ids: [carol.id] });
    expect(added.body).toEqual([expect.objectContaining({ room_id: room, user_id: carol.id, role: 'member', last_read_seq: 0, muted: false })]);
    expect((await rest(server, alice.token, 'POST', `/chat/rooms/${room}/members`, { user_ids: ['no-such-user'] })).status).toBe(404);
    const members = await rest(server, carol.token, 'GET', `/chat/rooms/${room}/members`);
    // The creator and the first members joined in one transaction: same time, any order among them.
    expect(members.body.map((m: any) => [m.user_id, m.role]).slice(0, 2)).toEqual(expect.arrayContaining([[alice.id, 'owner'], [bob.id, 'member']]));
    expect(members.body[2]).toMatchObject({ user_id: carol.id, role: 'member' });
    expect((await rest(server, alice.token, 'DELETE', `/chat/rooms/${room}/members/${alice.id}`)).status).toBe(409);
    expect((await rest(server, bob.token, 'DELETE', `/chat/rooms/${room}/members/${carol.id}`)).status).toBe(403);
    expect((await rest(server, carol.token, 'DELETE', `/chat/rooms/${room}/members/${carol.id}`)).body).toEqual({ ok: true, user_id: carol.id });
    expect((await rest(server, carol.token, 'GET', `/chat/rooms/${room}`)).status).toBe(404);
    const listed = await rest(server, bob.token, 'GET', '/chat/rooms?limit=100');
    expect(listed.body.items.map((r: any) => r.id)).toContain(room);
    expect((await rest(server, carol.token, 'GET', '/chat/rooms?limit=100')).body.items.map((r: any) => r.id)).not.toContain(room);
    const archived = await rest(server, alice.token, 'POST', `/chat/rooms/${room}/archive`);
    expect(archived.body.archived_at).toEqual(expect.any(String));
    expect((await rest(server, bob.token, 'POST', `/chat/rooms/${room}/messages`, { body_text: 'late' })).status).toBe(409);
    expect((await rest(server, bob.token, 'GET', '/chat/rooms')).body.items.map((r: any) => r.id)).not.toContain(room);
    expect((await rest(server, bob.token, 'GET', '/chat/rooms?include_archived=true')).body.items.map((r: any) => r.id)).toContain(room);
    const bad = await rest(server, alice.token, 'POST', '/chat/rooms', { kind: 'dm', member_user_ids: [bob.id, carol.id] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 'error', code: 'BAD_USER_INPUT', message: expect.any(String), error: expect.any(String) });
    const invalid = await rest(server, alice.token, 'POST', '/chat/rooms', { kind: 'lobby' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ status: 'error', code: 'BAD_USER_INPUT' });
    expect((await gql(server, alice.token, SEND, { roomId, input: {} })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
