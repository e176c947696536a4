import type { WebSocket, WebSocketServer } from 'ws';
import { CloseCode } from 'graphql-ws';

/** Messages only a server sends; graphql-ws treats one from a client as its own bug (4500) instead of the client's. */
const SERVER_ONLY_TYPES = new Set(['connection_ack', 'next', 'error']);

/**
 * Closes with 4400 (Bad request) a socket whose client sends a server-only message type, before
 * graphql-ws sees it: otherwise it logs an "internal error" and closes with 4500 for the client's
 * mistake. Register before `useServer`.
 */
export function guardClientFrames(wsServer: WebSocketServer): void {
  wsServer.on('connection', (socket: WebSocket) => {
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string, ...args: unknown[]) => {
      if (event === 'message' && isServerOnlyFrame(args[0])) {
        socket.close(CloseCode.BadRequest, 'Invalid message received');
        return false;
      }
      return emit(event, ...args);
    }) as typeof socket.emit;
  });
}

function isServerOnlyFrame(data: unknown): boolean {
  try {
    const message = JSON.parse(String(data)) as { type?: unknown } | null;
    return !!message && typeof message === 'object' && SERVER_ONLY_TYPES.has(String(message.type));
  } catch {
    return false; // not JSON: graphql-ws answers 4400 itself
  }
}
