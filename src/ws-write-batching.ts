import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Bytes a socket may hold unsent before a send waits for its flush again (backpressure).
 * @default 1 MiB
 */
export const WS_BATCH_HIGH_WATER_BYTES = 1024 * 1024;

/**
 * Sends made in one turn of the event loop go out in one write: the socket is corked at the
 * first and uncorked once the turn ends (setImmediate). graphql-ws awaits every send's callback
 * before it sends the next message, so while little is buffered the callback is called at once
 * (the message is queued in order, as ws queues it), and only past WS_BATCH_HIGH_WATER_BYTES does
 * a send wait for its data to be flushed. A replay of thousands of events then costs a handful of
 * writev calls instead of one per event. Register before `useServer`.
 */
export function batchSocketWrites(wsServer: WebSocketServer, highWaterBytes = WS_BATCH_HIGH_WATER_BYTES): void {
  wsServer.on('connection', (socket: WebSocket) => {
    const raw = (socket as unknown as { _socket?: import('node:net').Socket })._socket;
    if (!raw) return;
    let corked = false;
    const uncork = () => {
      corked = false;
      raw.uncork();
    };
    const send = socket.send.bind(socket) as (data: unknown, options: unknown, cb?: (error?: Error) => void) => void;
    socket.send = ((data: unknown, optionsOrCb?: unknown, maybeCb?: (error?: Error) => void) => {
      const cb = typeof optionsOrCb === 'function' ? (optionsOrCb as (error?: Error) => void) : maybeCb;
      const options = typeof optionsOrCb === 'function' ? {} : (optionsOrCb ?? {});
      if (!corked && socket.readyState === socket.OPEN) {
        corked = true;
        raw.cork();
        setImmediate(uncork);
      }
      if (!cb || socket.bufferedAmount + raw.writableLength >= highWaterBytes) return send(data, options, cb);
      send(data, options);
      queueMicrotask(() => cb());
    }) as typeof socket.send;
  });
}
