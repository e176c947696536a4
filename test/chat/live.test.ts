import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, rest, subscribe, wsClient, type QueuedSubscription } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';
import { createRoom, ROOM_EVENTS, send } from './support';

/** Reads `count` events (failing on an error message). */
async function take(sub: QueuedSubscription, count: number): Promise<any[]> {
  const events: any[] = [];
  while (events.length < count) {
    const message = await sub.next(10_000);
    if (message.errors) throw new Error(JSON.stringify(message.errors));
    events.push(message.data!.chatMessageAdded);
  }
  return events;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

/** Chat over graphql-ws: members see one order, outsiders see nothing, a reconnect resumes exactly. */
describe('chat rooms, live', () => {
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

  it('two members each see every message of both, in the same order', async () => {
    const [aliceWs, bobWs] = [wsClient(server, alice.token), wsClient(server, bob.token)];
    const [aliceSub, bobSub] = [subscribe(aliceWs, ROOM_EVENTS, { roomId }), subscribe(bobWs, ROOM_EVENTS, { roomId })];
    await settle();
    // Concurrent sends from both: the room lock gives them one total order.
    await Promise.all(Array.from({ length: 20 }, (_, i) => send(server, i % 2 ? bob.token : alice.token, roomId, `message ${i}`)));
    const [seenByAlice, seenByBob] = [await take(aliceSub, 20), await take(bobSub, 20)];
    expect(seenByAlice.map((e) => e.messageId)).toEqual(seenByBob.map((e) => e.messageId));
    expect(seenByAlice.map((e) => e.roomSeq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(seenByAlice.every((e) => e.type === 'message_added' && e.message.roomSeq === e.roomSeq)).toBe(true);
    expect(new Set(seenByAlice.map((e) => e.message.bodyText)).size).toBe(20);
    // The list agrees with the stream.
    const list = await gql(server, bob.token, `query($roomId: ID!) { chatMessages(roomId: $roomId, first: 50) { nodes { id } totalCount } }`, { roomId });
    expect(list.data.chatMessages.nodes.map((n: any) => n.id)).toEqual(seenByAlice.map((e) => e.messageId));
    aliceSub.dispose();
    bobSub.dispose();
    await Promise.all([aliceWs.dispose(), bobWs.dispose()]);
  });

  it('a non-member gets nothing on the subscription, NOT_FOUND in GraphQL and 404 on REST', async () => {
    const carolWs = wsClient(server, carol.token);
    const carolSub = subscribe(carolWs, ROOM_EVENTS, { roomId });
    const first = await carolSub.next(5000);
    expect(first.data?.chatMessageAdded).toBeUndefined();
    expect(first.errors?.[0]?.extensions?.code ?? first.errors?.[0]?.message).toMatch(/NOT_FOUND|not found/);
    await send(server, alice.token, roomId, 'not for carol');
    expect(await carolSub.nothingWithin(500)).toBe(true);
    for (const [method, path, body] of [
      ['GET', `/chat/rooms/${roomId}`],
      ['GET', `/chat/rooms/${roomId}/messages`],
      ['POST', `/chat/rooms/${roomId}/messages`, { body_text: 'let me in' }],
      ['GET', `/chat/rooms/${roomId}/members`],
    ] as const) {
      const response = await rest(server, carol.token, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
    }
    expect((await gql(server, carol.token, `query($id: ID!) { chatRoom(id: $id) { id } }`, { id: roomId })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const otherTenant = await createTenant(server);
    expect((await rest(server, otherTenant.token, 'GET', `/chat/rooms/${roomId}`)).status).toBe(404);
    carolSub.dispose();
    await carolWs.dispose();
  });

  it('a client that reconnects with its last cursor gets every missed event exactly once, in order', async () => {
    const ws = wsClient(server, bob.token);
    const sub = subscribe(ws, ROOM_EVENTS, { roomId });
    await settle();
    const before = await send(server, alice.token, roomId, 'before the drop');
    const [seen] = await take(sub, 1);
    expect(seen.messageId).toBe(before.id);
    sub.dispose();
    await ws.dispose();

    // While bob is away: messages, an edit, a reaction, a delete.
    const missed = [];
    for (let i = 0; i < 5; i++) missed.push(await send(server, alice.token, roomId, `missed ${i}`));
    await gql(server, alice.token, `mutation($id: ID!) { editChatMessage(messageId: $id, input: { bodyText: "missed 0 (edited)" }) { id } }`, { id: missed[0].id });
    await gql(server, alice.token, `mutation($id: ID!) { addChatReaction(messageId: $id, emoji: "👍") { messageId } }`, { id: missed[1].id });
    await gql(server, alice.token, `mutation($id: ID!) { deleteChatMessage(messageId: $id) { id } }`, { id: missed[2].id });

    const again = wsClient(server, bob.token);
    const resumed = subscribe(again, ROOM_EVENTS, { roomId, after: seen.cursor });
    // Sent while the replay runs: must come once, after the replayed events.
    const live = send(server, alice.token, roomId, 'live after resume');
    const events = await take(resumed, 9);
    const sentLive = await live;
    expect(events.map((e) => e.type)).toEqual([
      'message_added', 'message_added', 'message_added', 'message_added', 'message_added', 'message_edited', 'reaction_added', 'message_deleted', 'message_added',
    ]);
    expect(events.slice(0, 5).map((e) => e.messageId)).toEqual(missed.map((m) => m.id));
    expect(events[6]).toMatchObject({ messageId: missed[1].id, emoji: '👍', userId: alice.id });
    expect(events[8].messageId).toBe(sentLive.id);
    expect(new Set(events.map((e) => e.cursor)).size).toBe(9);
    expect(await resumed.nothingWithin(500)).toBe(true);
    resumed.dispose();
    await again.dispose();
  });

  it('a member removed mid-stream gets the removal, then nothing more', async () => {
    const ws = wsClient(server, bob.token);
    const sub = subscribe(ws, ROOM_EVENTS, { roomId });
    await settle();
    await gql(server, alice.token, `mutation($roomId: ID!, $userId: ID!) { removeChatMember(roomId: $roomId, userId: $userId) { userId } }`, { roomId, userId: bob.id });
    const [removal] = await take(sub, 1);
    expect(removal).toMatchObject({ type: 'member_removed', userId: bob.id });
    await send(server, alice.token, roomId, 'after bob left');
    expect(await sub.nothingWithin(500)).toBe(true);
    expect((await rest(server, bob.token, 'GET', `/chat/rooms/${roomId}/messages`)).status).toBe(404);
    sub.dispose();
    await ws.dispose();
  });

  it('typing indicators reach the other members live and are not stored', async () => {
    const room = await createRoom(server, alice.token, [bob.id, carol.id]);
    const typing = `subscription($roomId: ID!) { chatTyping(roomId: $roomId) { roomId userId } }`;
    const [bobWs, aliceWs] = [wsClient(server, bob.token), wsClient(server, alice.token)];
    const [bobSub, aliceSub] = [subscribe(bobWs, typing, { roomId: room }), subscribe(aliceWs, typing, { roomId: room })];
    await settle();
    expect((await gql(server, alice.token, `mutation($roomId: ID!) { sendTyping(roomId: $roomId) }`, { roomId: room })).data.sendTyping).toBe(true);
    expect((await bobSub.next()).data?.chatTyping).toEqual({ roomId: room, userId: alice.id });
    expect(await aliceSub.nothingWithin(300)).toBe(true);
    const events = await server.orm.em.fork().getConnection().execute(`select count(*) as n from event_log where topic = 'chat_typing'`);
    expect(Number(events[0].n)).toBe(0);
    expect((await gql(server, (await createTenant(server)).token, `mutation($roomId: ID!) { sendTyping(roomId: $roomId) }`, { roomId: room })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    bobSub.dispose();
    aliceSub.dispose();
    await Promise.all([bobWs.dispose(), aliceWs.dispose()]);
  });
});
