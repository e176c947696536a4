import type { IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import { connectRedis } from '../redis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Identity } from '../auth/identity';
import { API_KEY_PREFIX } from '../auth/authenticate';
import type { LimitsConfig } from '../config';
import { TooManyRequestsError } from '../errors';

/** A refused request: when to try again. */
export interface RateLimited {
  retryAfterSeconds: number;
}

/**
 * Request budgets per client IP and per identity (token subject or API key), in memory or, with
 * REDIS_URL, in Redis so every instance of a deployment draws on the same budget.
 */
export class RequestRateLimiter {
  private constructor(
    private readonly perIp: RateLimiterAbstract | undefined,
    private readonly perIdentity: RateLimiterAbstract | undefined,
    private readonly redis: Redis | undefined,
  ) {}

  static async create(limits: LimitsConfig, redisUrl: string | undefined): Promise<RequestRateLimiter> {
    if (!limits.rateLimit) return new RequestRateLimiter(undefined, undefined, undefined);
    const duration = limits.rateLimitWindowSeconds;
    let redis: Redis | undefined;
    if (redisUrl) {
      // No offline queue: while Redis is away, the in-memory insurance limiter answers at once.
      redis = await connectRedis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    }
    const limiter = (name: string, points: number): RateLimiterAbstract => {
      const keyPrefix = `${limits.rateLimitKeyPrefix}:${name}`;
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: memory }) : memory;
    };
    return new RequestRateLimiter(limiter('ip', limits.rateLimitPerIp), limiter('identity', limits.rateLimitPerIdentity), redis);
  }

  /** Takes one request from the IP's budget (before credentials are even checked). */
  consumeIp(ip: string): Promise<RateLimited | undefined> {
    return consume(this.perIp, ip);
  }

  /** Takes one request from the identity's budget. */
  consumeIdentity(identityKey: string): Promise<RateLimited | undefined> {
    return consume(this.perIdentity, identityKey);
  }

  /** Throws TOO_MANY_REQUESTS (with `retryAfter` seconds) when either budget is spent. */
  async assertAllowed(ip: string, identityKey: string | undefined): Promise<void> {
    const limited = (await this.consumeIp(ip)) ?? (identityKey ? await this.consumeIdentity(identityKey) : undefined);
    if (limited) throw tooManyRequests(limited);
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

export function tooManyRequests(limited: RateLimited): TooManyRequestsError {
  return new TooManyRequestsError(`Too many requests: try again in ${limited.retryAfterSeconds} s`, limited.retryAfterSeconds);
}

async function consume(limiter: RateLimiterAbstract | undefined, key: string): Promise<RateLimited | undefined> {
  if (!limiter) return undefined;
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    throw rejection;
  }
}

/**
 * Whose budget a request draws on: the API key (by its public id) or the token's subject. An API
 * key acts as its creator, yet gets a budget of its own so a busy program does not starve its owner.
 */
export function identityKey(identity: Identity | undefined, authorization: unknown): string | undefined {
  if (!identity) return undefined;
  if (identity.via === 'api-key' && typeof authorization === 'string') {
    const keyId = new RegExp(`${API_KEY_PREFIX}([A-Za-z0-9]+)_`).exec(authorization)?.[1];
    if (keyId) return `key:${keyId}`;
  }
  return `user:${identity.tenantId}:${identity.userId}`;
}

/**
 * The client address of a raw request (WebSocket upgrades, which Express does not see): the
 * socket's peer, or `hops` entries back in X-Forwarded-For behind that many trusted proxies —
 * what Express's `trust proxy` set to a hop count gives HTTP requests as `req.ip`.
 */
export function clientIp(request: IncomingMessage, hops: number): string {
  const chain = [request.socket.remoteAddress ?? 'unknown'];
  const forwarded = request.headers['x-forwarded-for'];
  if (hops > 0 && typeof forwarded === 'string') chain.push(...forwarded.split(',').map((part) => part.trim()).filter(Boolean).reverse());
  return chain[Math.min(hops, chain.length - 1)];
}
