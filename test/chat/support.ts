import { gqlOk } from '../support/clients';
import type { TestServer } from '../support/server';

export const SEND = `mutation($roomId: ID!, $input: SendChatMessageInput!) {
  sendChatMessage(roomId: $roomId, input: $input) { id roomSeq bodyText senderId clientMessageId }
}`;

export const ROOM_EVENTS = `subscription($roomId: ID!, $after: String) {
  chatMessageAdded(roomId: $roomId, after: $after) { cursor type roomId messageId roomSeq userId emoji message { id roomSeq bodyText senderId } }
}`;

/** Creates a group room owned by `token`'s user with `memberIds` as members; returns its id. */
export async function createRoom(server: TestServer, token: string, memberIds: string[], title = 'room'): Promise<string> {
  const data = await gqlOk(server, token, `mutation($input: CreateChatRoomInput!) { createChatRoom(input: $input) { id } }`, {
    input: { kind: 'GROUP', title, memberUserIds: memberIds },
  });
  return data.createChatRoom.id;
}

export async function send(server: TestServer, token: string, roomId: string, bodyText: string, clientMessageId?: string) {
  return (await gqlOk(server, token, SEND, { roomId, input: { bodyText, clientMessageId } })).sendChatMessage as { id: string; roomSeq: number; bodyText: string };
}
