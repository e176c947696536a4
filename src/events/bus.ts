import { EventEmitter } from 'node:events';
import type { EventEnvelope } from './envelope';
import { connectRedis } from '../redis';

export type EventListener = (event: EventEnvelope) => void;

/** Fan-out of committed events to every subscriber, in this process or (with Redis) in all of them. */
export interface EventBus {
  publish(events: EventEnvelope[]): Promise<void>;
  /** Returns the unsubscribe function. */
  listen(listener: EventListener): () => void;
  close(): Promise<void>;
}

/** The default bus: one process, no dependencies. */
export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(events: EventEnvelope[]): Promise<void> {
    for (const event of events) this.emitter.emit('event', event);
  }

  listen(listener: EventListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const REDIS_CHANNEL = 'dataplane:events';

/** Cross-instance bus over Redis pub/sub: every instance receives every event, listeners filter. */
export class RedisEventBus implements EventBus {
  private readonly local = new InProcessEventBus();

  private constructor(
    private readonly publisher: import('ioredis').Redis,
    private readonly subscriber: import('ioredis').Redis,
  ) {}

  static async connect(url: string): Promise<RedisEventBus> {
    const publisher = await connectRedis(url, { maxRetriesPerRequest: 3 });
    const subscriber = await connectRedis(url, { maxRetriesPerRequest: 3 }).catch((error: unknown) => {
      publisher.disconnect();
      throw error;
    });
    const bus = new RedisEventBus(publisher, subscriber);
    await subscriber.subscribe(REDIS_CHANNEL);
    subscriber.on('message', (_channel: string, message: string) => {
      void bus.local.publish(JSON.parse(message) as EventEnvelope[]);
    });
    return bus;
  }

  async publish(events: EventEnvelope[]): Promise<void> {
    if (events.length) await this.publisher.publish(REDIS_CHANNEL, JSON.stringify(events));
  }

  listen(listener: EventListener): () => void {
    return this.local.listen(listener);
  }

  async close(): Promise<void> {
    await this.local.close();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}

/**
 * Publishes an event that is not written to the event log (typing indicators): only live
 * subscribers get it, there is nothing to replay, and its cursor is empty.
 */
export async function publishEphemeral(bus: EventBus, event: Omit<EventEnvelope, 'cursor' | 'occurredAt'>): Promise<void> {
  await bus.publish([{ ...event, cursor: '', occurredAt: new Date().toISOString() }]);
}

export async function createEventBus(redisUrl?: string): Promise<EventBus> {
  return redisUrl ? RedisEventBus.connect(redisUrl) : new InProcessEventBus();
}
