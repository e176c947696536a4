import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { connect, Server as NetServer, type AddressInfo, type Socket } from 'node:net';

/** Probe rounds before the listener is closed although connections are still arriving. */
const MAX_PROBE_ROUNDS = 10;

export interface HttpDrainOptions {
  /**
   * How long a kept-alive connection with no request in progress is left open once the listener
   * is closed, for a request its client is about to send on it. @default 1000
   */
  idleGraceMs?: number;
  /** After this long, connections still open are destroyed. @default 10000 */
  hardStopMs?: number;
}

/**
 * Graceful HTTP shutdown that answers every request a client already sent.
 *
 * Closing a listening socket resets every connection still waiting in the kernel's accept queue,
 * and its client has usually sent its request already. Node accepts one connection per event-loop
 * turn, so on a busy process that queue holds many (all 16 first connections of a load test, for
 * seconds). So the drain first keeps listening and connects to itself: the queue is first in,
 * first out, so when this probe is accepted every connection made before it has been accepted too,
 * and the listener is closed at that moment (after another round if more connections arrived).
 * Meanwhile kept-alive connections are held (not read) and answers do not say `Connection: close`,
 * so event-loop turns stay short and clients do not queue new connections behind the probe.
 *
 * Once the listener is closed, every answer says `Connection: close`, and a connection with no
 * request in progress is ended after `idleGraceMs`. Unlike Node's `server.close()` (which destroys
 * idle keep-alive connections at once, Node ≥ 19) no request already sent is cut off. WebSocket
 * upgrades are not tracked: their owner closes them.
 */
export class HttpDrain {
  private readonly inFlight = new Map<Socket, number>();
  private readonly idleTimers = new Map<Socket, NodeJS.Timeout>();
  private draining = false;
  private listenerClosed = false;
  private probeTarget?: { port: number; host: string };
  private probe?: Socket;
  private probeRounds = 0;
  /** Whether a connection other than the probe was accepted since the probe was sent. */
  private acceptedSinceProbe = false;
  private drained?: Promise<void>;

  constructor(
    private readonly server: HttpServer,
    private readonly options: HttpDrainOptions = {},
  ) {
    server.on('connection', (socket: Socket) => {
      if (this.isProbe(socket)) {
        socket.destroy();
        this.probeAccepted();
        return;
      }
      this.acceptedSinceProbe = true;
      this.inFlight.set(socket, 0);
      socket.once('close', () => this.forget(socket));
    });
    server.on('upgrade', (req: IncomingMessage) => this.forget(req.socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket;
      this.inFlight.set(socket, (this.inFlight.get(socket) ?? 0) + 1);
      clearTimeout(this.idleTimers.get(socket));
      if (this.listenerClosed) res.setHeader('Connection', 'close');
      res.once('close', () => {
        const left = (this.inFlight.get(socket) ?? 1) - 1;
        if (!this.inFlight.has(socket)) return;
        this.inFlight.set(socket, left);
        if (left > 0 || !this.draining) return;
        if (this.listenerClosed) this.endWhenIdle(socket);
        else this.hold(socket);
      });
    });
  }

  /** Stops accepting connections and resolves once every open one has been answered and closed. */
  drain(): Promise<void> {
    this.drained ??= new Promise<void>((resolve) => {
      this.draining = true;
      const hardStop = setTimeout(() => {
        this.closeListener();
        for (const socket of this.inFlight.keys()) socket.destroy();
      }, this.options.hardStopMs ?? 10_000);
      hardStop.unref();
      this.server.once('close', () => {
        clearTimeout(hardStop);
        resolve();
      });
      const address = this.server.address();
      // A pipe has no port to tell the probe by: close it at once.
      if (!address || typeof address === 'string') return this.closeListener();
      for (const [socket, requests] of this.inFlight) if (requests === 0) this.hold(socket);
      this.probeTarget = { port: address.port, host: loopbackFor(address) };
      this.sendProbe();
    });
    return this.drained;
  }

  private sendProbe(): void {
    this.probeRounds++;
    this.acceptedSinceProbe = false;
    // Should the probe fail, close at once: the worst case is the old behaviour, not a hang.
    this.probe = connect(this.probeTarget!).on('error', () => this.closeListener());
  }

  /**
   * Every connection made before the probe has been accepted. One made after it may be queued
   * behind it: if any arrived during this round, probe again, until a round sees none (or
   * MAX_PROBE_ROUNDS, for clients that never stop connecting).
   */
  private probeAccepted(): void {
    this.probe?.destroy();
    if (this.acceptedSinceProbe && this.probeRounds < MAX_PROBE_ROUNDS) this.sendProbe();
    else this.closeListener();
  }

  // The probe's port is read only once a connection is accepted: net.connect() binds it in the next
  // tick, before the event loop can accept anything, and an earlier read would cache no port.
  private isProbe(socket: Socket): boolean {
    const probe = this.probe;
    return !!probe && socket.remotePort === probe.localPort && unmapped(socket.remoteAddress) === unmapped(probe.localAddress);
  }

  private closeListener(): void {
    if (this.listenerClosed) return;
    this.listenerClosed = true;
    this.probe?.destroy();
    // net.Server's close: stop listening without http.Server's eager closeIdleConnections().
    NetServer.prototype.close.call(this.server);
    for (const [socket, requests] of this.inFlight) {
      if (requests > 0) continue;
      socket.resume();
      this.endWhenIdle(socket);
    }
  }

  /** Leaves the next request of an idle connection in the kernel until the listener is closed. */
  private hold(socket: Socket): void {
    socket.pause();
  }

  private endWhenIdle(socket: Socket): void {
    clearTimeout(this.idleTimers.get(socket));
    const timer = setTimeout(() => {
      // Timers run before the event loop reads sockets: look again after it has read them, so a
      // request already waiting in this socket is answered instead of cut off.
      setImmediate(() => {
        if (!this.inFlight.get(socket)) socket.end();
      });
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

/** Where to reach a listener from this host: its own address, or IPv4 loopback for a wildcard one (`::` is dual-stack). */
function loopbackFor({ address }: AddressInfo): string {
  return address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
}

/** `::ffff:127.0.0.1` (IPv4 seen by a dual-stack socket) as `127.0.0.1`. */
function unmapped(address: string | undefined): string | undefined {
  return address?.replace(/^::ffff:/, '');
}

