import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

export interface HttpDrainOptions {
  /**
   * How long a kept-alive connection with no request in progress is left open once draining
   * starts: a request its client already sent may still sit unread in the socket (the event
   * loop was busy), and ending the socket at once would reset it unanswered. @default 1000
   */
  idleGraceMs?: number;
  /** After this long, connections still open are destroyed. @default 10000 */
  hardStopMs?: number;
}

/**
 * Graceful HTTP shutdown that answers every request a client already sent. Unlike Node's
 * `server.close()` (which destroys idle keep-alive connections at once, Node ≥ 19) it stops
 * accepting, lets each open connection deliver what it has, answers it with `Connection: close`,
 * and ends a connection only when it has been idle for `idleGraceMs`. WebSocket upgrades are not
 * tracked: their owner closes them.
 */
export class HttpDrain {
  private readonly inFlight = new Map<Socket, number>();
  private readonly idleTimers = new Map<Socket, NodeJS.Timeout>();
  private draining = false;
  private drained?: Promise<void>;

  constructor(
    private readonly server: HttpServer,
    private readonly options: HttpDrainOptions = {},
  ) {
    server.on('connection', (socket: Socket) => {
      this.inFlight.set(socket, 0);
      socket.once('close', () => this.forget(socket));
      if (this.draining) this.endWhenIdle(socket);
    });
    server.on('upgrade', (req: IncomingMessage) => this.forget(req.socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket;
      this.inFlight.set(socket, (this.inFlight.get(socket) ?? 0) + 1);
      clearTimeout(this.idleTimers.get(socket));
      if (this.draining) res.setHeader('Connection', 'close');
      res.once('close', () => {
        const left = (this.inFlight.get(socket) ?? 1) - 1;
        if (!this.inFlight.has(socket)) return;
        this.inFlight.set(socket, left);
        if (this.draining && left === 0) this.endWhenIdle(socket);
      });
    });
  }

  /** Stops accepting connections and resolves once every open one has been answered and closed. */
  drain(): Promise<void> {
    this.drained ??= new Promise<void>((resolve) => {
      this.draining = true;
      // net.Server's close: stop listening without http.Server's eager closeIdleConnections().
      NetServer.prototype.close.call(this.server, () => {
        clearTimeout(hardStop);
        resolve();
      });
      const hardStop = setTimeout(() => {
        for (const socket of this.inFlight.keys()) socket.destroy();
      }, this.options.hardStopMs ?? 10_000);
      hardStop.unref();
      for (const [socket, requests] of this.inFlight) if (requests === 0) this.endWhenIdle(socket);
    });
    return this.drained;
  }

  private endWhenIdle(socket: Socket): void {
    clearTimeout(this.idleTimers.get(socket));
    const timer = setTimeout(() => {
      if (!this.inFlight.get(socket)) socket.end();
    }, this.options.idleGraceMs ?? 1000);
    timer.unref();
    this.idleTimers.set(socket, timer);
  }

  private forget(socket: Socket): void {
    this.inFlight.delete(socket);
    clearTimeout(this.idleTimers.get(socket));
    this.idleTimers.delete(socket);
  }
}
