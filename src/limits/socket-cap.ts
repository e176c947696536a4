import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { connectRedis } from '../redis';
import type { Logger } from 'pino';
import type { Config } from '../config';

/**
 * Open WebSockets per identity, at most WS_MAX_CONNECTIONS_PER_IDENTITY: counted in this process,
 * or with REDIS_URL across every instance of the deployment.
 */
export interface SocketCap {
  /** Counts the socket in, unless its identity already has the maximum open (then false). */
  admit(identityKey: string, socketId: string): Promise<boolean>;
  /** Counts a closed socket out. */
  release(identityKey: string, socketId: string): Promise<void>;
  close(): Promise<void>;
}

/** The sockets open on this instance, by identity. */
export class LocalSocketCap implements SocketCap {
  readonly sockets = new Map<string, Set<string>>();

  constructor(private readonly max: number) {}

  /** Whether the identity has room for one more on this instance alone. */
  hasRoom(identityKey: string): boolean {
    return (this.sockets.get(identityKey)?.size ?? 0) < this.max;
  }

  add(identityKey: string, socketId: string): void {
    const open = this.sockets.get(identityKey) ?? new Set<string>();
    this.sockets.set(identityKey, open.add(socketId));
  }

  async admit(identityKey: string, socketId: string): Promise<boolean> {
    if (!this.hasRoom(identityKey)) return false;
    this.add(identityKey, socketId);
    return true;
  }

  async release(identityKey: string, socketId: string): Promise<void> {
    const open = this.sockets.get(identityKey);
    if (open?.delete(socketId) && !open.size) this.sockets.delete(identityKey);
  }

  async close(): Promise<void> {
    this.sockets.clear();
  }
}

/**
 * Drops expired entries, then adds the socket if the identity is under the maximum. Entries are
 * scored by their expiry in Redis's clock, so instances with skewed clocks agree.
 * KEYS[1] the identity's set; ARGV: member, max, ttl ms. Returns 1 when admitted.
 */
const ADMIT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** Pushes a still-open socket's expiry out (XX: a socket counted out meanwhile stays out). KEYS[1]; ARGV: member, ttl ms. */
const REFRESH = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

type CapRedis = Redis & {
  admitSocket(key: string, member: string, max: number, ttlMs: number): Promise<number>;
  refreshSocket(key: string, member: string, ttlMs: number): Promise<number>;
};

/**
 * The cap across instances: a sorted set per identity in Redis with one entry per open socket
 * (`instance:socket`), which this instance refreshes every keepalive interval. A crashed
 * instance's entries expire after three intervals. While Redis is unreachable, each instance
 * applies the cap to its own sockets.
 */
export class RedisSocketCap implements SocketCap {
  private readonly local: LocalSocketCap;
  private readonly instanceId = randomUUID();
  private readonly ttlMs: number;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly redis: CapRedis,
    private readonly max: number,
    private readonly keyPrefix: string,
    refreshMs: number,
    private readonly logger: Logger,
  ) {
    this.local = new LocalSocketCap(max);
    this.ttlMs = refreshMs * 3;
    this.timer = setInterval(() => void this.refresh(), refreshMs).unref();
  }

  static async connect(url: string, config: Config, logger: Logger): Promise<RedisSocketCap> {
    // No offline queue: while Redis is away, the local count answers at once.
    const redis = await connectRedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }, (error) => logger.warn({ err: error }, 'redis (socket cap)'), (client) => {
      client.defineCommand('admitSocket', { numberOfKeys: 1, lua: ADMIT });
      client.defineCommand('refreshSocket', { numberOfKeys: 1, lua: REFRESH });
    });
    const { limits } = config;
    return new RedisSocketCap(redis as CapRedis, limits.wsMaxConnectionsPerIdentity, `${limits.rateLimitKeyPrefix}:ws`, limits.wsKeepAliveMs, logger);
  }

  private key(identityKey: string): string {
    return `${this.keyPrefix}:${identityKey}`;
  }

  private member(socketId: string): string {
    return `${this.instanceId}:${socketId}`;
  }

  async admit(identityKey: string, socketId: string): Promise<boolean> {
    let admitted: boolean;
    try {
      admitted = (await this.redis.admitSocket(this.key(identityKey), this.member(socketId), this.max, this.ttlMs)) === 1;
    } catch (error) {
      this.logger.warn({ err: error }, 'socket cap: Redis unreachable, counting this instance only');
      admitted = this.local.hasRoom(identityKey);
    }
    if (admitted) this.local.add(identityKey, socketId);
    return admitted;
  }

  async release(identityKey: string, socketId: string): Promise<void> {
    await this.local.release(identityKey, socketId);
    await this.redis.zrem(this.key(identityKey), this.member(socketId)).catch(() => undefined); // else it expires
  }

  private async refresh(): Promise<void> {
    const pipeline = this.redis.pipeline() as ReturnType<Redis['pipeline']> & { refreshSocket(key: string, member: string, ttlMs: number): unknown };
    for (const [identityKey, sockets] of this.local.sockets) {
      for (const socketId of sockets) pipeline.refreshSocket(this.key(identityKey), this.member(socketId), this.ttlMs);
    }
    if (pipeline.length) await pipeline.exec().catch((error: unknown) => this.logger.warn({ err: error }, 'socket cap: refresh failed'));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    // Sockets still counted (closing with the server) are counted out now rather than left to expire.
    const pipeline = this.redis.pipeline();
    for (const [identityKey, sockets] of this.local.sockets) for (const socketId of sockets) pipeline.zrem(this.key(identityKey), this.member(socketId));
    if (pipeline.length) await pipeline.exec().catch(() => undefined);
    await this.local.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export async function createSocketCap(config: Config, logger: Logger): Promise<SocketCap> {
  const max = config.limits.wsMaxConnectionsPerIdentity;
  return config.redisUrl ? RedisSocketCap.connect(config.redisUrl, config, logger) : new LocalSocketCap(max);
}
