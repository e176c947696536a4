import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../context';
import { requireIdentity } from '../context';
import type { EventEnvelope } from './envelope';
import { EventRecord } from './event-record';

/**
 * Sees every batch of events a transaction records, inside that transaction, before it commits:
 * what it writes (e.g. notification deliveries) commits or rolls back with the change itself.
 */
export type EventObserver = (ctx: Context, em: EntityManager, events: EventRecord[], emit: Emit) => Promise<void>;

/** A domain's events: topic → payload type (each subgraph's events.ts declares one). */
export type EventMap = { [topic: string]: Record<string, unknown> };

/** Records an event in the current transaction; it is published only after commit. */
export type Emit<Events extends EventMap = EventMap> = <Topic extends keyof Events & string>(
  topic: Topic,
  type: string,
  subjectId: string,
  payload: Events[Topic],
  tenantId?: string,
) => void;

export function toEnvelope(record: EventRecord): EventEnvelope {
  return {
    cursor: String(record.id),
    tenantId: record.tenantId,
    topic: record.topic,
    type: record.type,
    subjectId: record.subjectId,
    payload: record.payload,
    occurredAt: record.createdAt.toISOString(),
  };
}

/**
 * Runs `work` in one transaction. Events it emits are written to the event log in that same
 * transaction and published once it commits, so subscribers never see a change that rolled back.
 */
export async function transact<T, Events extends EventMap = EventMap>(
  ctx: Context,
  work: (em: EntityManager, emit: Emit<Events>) => Promise<T>,
): Promise<T> {
  const records: EventRecord[] = [];
  const result = await ctx.em.transactional(async (em) => {
    const emit: Emit<Events> = (topic, type, subjectId, payload, tenantId) => {
      const record = em.create(EventRecord, {
        tenantId: tenantId ?? requireIdentity(ctx).tenantId,
        topic,
        type,
        subjectId,
        payload,
        createdAt: new Date(),
      });
      records.push(record);
    };
    const result = await work(em, emit);
    // Observers see this work's events once; events they emit themselves are not observed again.
    const observed = [...records];
    if (observed.length) for (const observe of ctx.observers) await observe(ctx, em, observed, emit as Emit);
    return result;
  });
  if (records.length) {
    await ctx.bus.publish(records.map(toEnvelope)).catch((error: unknown) => ctx.logger.error({ err: error }, 'event publish failed'));
  }
  return result;
}

/** `transact` bound to one domain's event map, so every emit in that domain type-checks. */
export function transactWith<Events extends EventMap>() {
  return <T>(ctx: Context, work: (em: EntityManager, emit: Emit<Events>) => Promise<T>): Promise<T> => transact<T, Events>(ctx, work);
}
