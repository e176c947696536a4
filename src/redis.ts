import type { Redis, RedisOptions } from 'ioredis';

/**
 * Connects to REDIS_URL, or fails with one line that names the variable (no ioredis stack, no
 * retries left running). Once connected, ioredis reconnects on its own; its errors meanwhile
 * go to `onError` (by default one line on stderr per new message) instead of ioredis's
 * "Unhandled error event" stack trace.
 */
export async function connectRedis(
  url: string,
  options: RedisOptions = {},
  onError: (error: Error) => void = printOncePerMessage(),
  prepare?: (redis: Redis) => void,
): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { ...options, lazyConnect: true });
  let lastError: Error | undefined;
  let connected = false;
  redis.on('error', (error: Error) => {
    lastError = error;
    if (connected) onError(error);
  });
  prepare?.(redis);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const reason = (lastError ?? (error as Error)).message;
    throw new Error(`REDIS_URL: cannot connect to Redis at ${where(url)} (${reason})`);
  }
  connected = true;
  return redis;
}

/** `host:port` of a Redis URL, without credentials. */
function where(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    return 'an unparseable URL';
  }
}

function printOncePerMessage(): (error: Error) => void {
  let last = '';
  return (error) => {
    if (error.message === last) return;
    last = error.message;
    console.error(`Redis (REDIS_URL): ${error.message}; reconnecting`);
  };
}
