/**
 * One graphql-ws subscriber in a process of its own (forked by bench/cost-growth.ts), so the
 * server's replay is measured without the client sharing its thread. IPC: the parent sends
 * `{ wsUrl, token, query, variables, stopAfter? }`; the client answers `{ first }` (ms to the first
 * event) and then `{ received, ms }` once `stopAfter` events arrived (then it leaves at once, as a
 * client that disconnects mid-replay) or the stream went quiet for a second.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface ReplayClientStart {
  wsUrl: string;
  token: string;
  query: string;
  variables: Record<string, unknown>;
  /** Leave after this many events (default: read until a second passes with none). */
  stopAfter?: number;
}

process.once('message', (start: ReplayClientStart) => {
  const client = createClient({ url: start.wsUrl, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${start.token}` }, retryAttempts: 0, lazy: false });
  const started = performance.now();
  let received = 0;
  let quiet: NodeJS.Timeout | undefined;
  const finish = () => {
    process.send!({ received, ms: performance.now() - started }, () => {
      void client.dispose();
      process.exit(0);
    });
  };
  client.subscribe(
    { query: start.query, variables: start.variables },
    {
      next: () => {
        if (received++ === 0) process.send!({ first: performance.now() - started });
        if (start.stopAfter && received >= start.stopAfter) return finish();
        clearTimeout(quiet);
        quiet = setTimeout(finish, 1000);
      },
      error: (error) => {
        console.error('replay client:', error);
        finish();
      },
      complete: finish,
    },
  );
});
