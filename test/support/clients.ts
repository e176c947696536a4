import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestServer } from './server';

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[];
}

/** POSTs a GraphQL operation the way any client does. */
export async function gql<T = any>(server: TestServer, token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: GqlResponse['errors'] };
  return { status: response.status, data: body.data ?? undefined, errors: body.errors };
}

/** Like gql() but fails loudly on errors and returns `data`. */
export async function gqlOk<T = any>(server: TestServer, token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await gql<T>(server, token, query, variables);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

export interface RestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Plain fetch against a REST compatibility route. */
export async function rest<T = any>(server: TestServer, token: string | undefined, method: string, path: string, body?: unknown): Promise<RestResponse<T>> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** A subscription whose incoming messages are queued, so none is missed between awaits. */
export class QueuedSubscription<T = any> {
  private readonly queue: ExecutionResult<T>[] = [];
  private waiters: ((value: ExecutionResult<T>) => void)[] = [];
  completed = false;
  error: unknown;
  dispose: () => void = () => {};

  push(result: ExecutionResult<T>): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(result);
    else this.queue.push(result);
  }

  /** The next message, or a rejection after `timeoutMs`. */
  next(timeoutMs = 5000): Promise<ExecutionResult<T>> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no subscription message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (value: ExecutionResult<T>) => {
        clearTimeout(timer);
        resolve(value);
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves true if nothing arrives within `ms`. */
  async nothingWithin(ms: number): Promise<boolean> {
    try {
      await this.next(ms);
      return false;
    } catch {
      return true;
    }
  }
}

/** A graphql-ws client authenticated with `token` in connectionParams. */
export function wsClient(server: TestServer, token: string | undefined, onClosed?: (code: number, reason: string) => void, webSocketImpl: typeof WebSocket = WebSocket): Client {
  return createClient({
    url: server.wsUrl,
    webSocketImpl,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    on: onClosed ? { closed: (event) => onClosed((event as { code: number }).code, (event as { reason: string }).reason) } : undefined,
    onNonLazyError: () => {},
  });
}

/**
 * A connected graphql-ws client whose socket can stop reading, as a stalled consumer's does: the
 * server's sends then back up once the connection's buffers are full.
 */
export async function pausableWsClient(server: TestServer, token: string): Promise<{ client: Client; pause(): void; resume(): void }> {
  let socket: WebSocket | undefined;
  class TrackedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      socket = this;
    }
  }
  const client = wsClient(server, token, undefined, TrackedWebSocket);
  await new Promise<void>((resolve) => client.on('connected', () => resolve()));
  return { client, pause: () => socket!.pause(), resume: () => socket!.resume() };
}

export function subscribe<T = any>(client: Client, query: string, variables?: Record<string, unknown>): QueuedSubscription<T> {
  const subscription = new QueuedSubscription<T>();
  subscription.dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => subscription.push(value),
      error: (error) => {
        subscription.error = error;
        subscription.push({ errors: Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }] } as ExecutionResult<T>);
      },
      complete: () => {
        subscription.completed = true;
      },
    },
  );
  return subscription;
}

/** Polls `check` until it returns a value, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const GRAPHQL_WS_PROTOCOL = 'graphql-transport-ws';

/** A bare graphql-ws socket, so the test controls exactly what is sent, read and answered. */
export function rawSocket(server: TestServer, options: WebSocket.ClientOptions = {}) {
  const socket = new WebSocket(server.wsUrl, GRAPHQL_WS_PROTOCOL, options);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const acked = new Promise<void>((resolve) => {
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') resolve();
    });
  });
  return { socket, opened, closed, acked };
}

/** A bare socket that has sent connection_init with `token`, once the server acked it or closed it. */
export async function connectedSocket(server: TestServer, token: string) {
  const raw = rawSocket(server);
  await raw.opened;
  raw.socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } }));
  await Promise.race([raw.acked, raw.closed]);
  return raw;
}
