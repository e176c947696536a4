import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../context';
import { requireIdentity } from '../context';
import type { EventEnvelope } from './envelope';
import { EventRecord } from './event-record';

/** Records an event in the current transaction; it is published only after commit. */
export type Emit = (topic: string, type: string, subjectId: string, payload: Record<string, unknown>, tenantId?: string) => void;

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
export async function transact<T>(ctx: Context, work: (em: EntityManager, emit: Emit) => Promise<T>): Promise<T> {
  const records: EventRecord[] = [];
  const result = await ctx.em.transactional(async (em) => {
    const emit: Emit = (topic, type, subjectId, payload, tenantId) => {
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
    return work(em, emit);
  });
  if (records.length) {
    await ctx.bus.publish(records.map(toEnvelope)).catch((error: unknown) => ctx.logger.error({ err: error }, 'event publish failed'));
  }
  return result;
}
