import type { Context } from '../context';
import { requireIdentity } from '../context';
import { BadInputError, UnauthenticatedError } from '../errors';
import type { EventEnvelope } from './envelope';
import { EventRecord } from './event-record';
import { toEnvelope } from './outbox';

/** Events read from the log per round trip while replaying. */
const REPLAY_PAGE_SIZE = 500;
/** How long a stream trusts its last "caller still active" check before asking again. */
const REVALIDATE_AFTER_MS = 5000;

export interface StreamOptions {
  topic: string;
  /** Resume after this cursor: replay what was logged since, then go live. */
  after?: string | null;
  /** Only events about this entity. */
  subjectId?: string | null;
  /** Permission check run for every event, replayed or live, beyond the tenant check. */
  accept?: (event: EventEnvelope) => boolean;
  /**
   * Asked before every event goes out, for access that changes outside this stream's own events
   * (e.g. a workspace share); throwing ends the stream with that error.
   */
  recheck?: () => Promise<void>;
}

/**
 * A tenant's event stream: listens first (so nothing published during replay is lost), replays
 * the log after `after`, then yields live events, skipping any the replay already delivered.
 */
export function eventStream(ctx: Context, options: StreamOptions): AsyncIterableIterator<EventEnvelope> {
  const identity = requireIdentity(ctx);
  if (options.after != null && !/^\d{1,19}$/.test(options.after)) {
    throw new BadInputError(`Invalid cursor "${options.after}": pass the cursor of an event you received`);
  }
  const matches = (event: EventEnvelope) =>
    event.tenantId === identity.tenantId &&
    event.topic === options.topic &&
    (!options.subjectId || event.subjectId === options.subjectId) &&
    (options.accept ? options.accept(event) : true);

  const queue: EventEnvelope[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const unlisten = ctx.bus.listen((event) => {
    if (done || !matches(event)) return;
    queue.push(event);
    // A subscriber that does not read falls behind without bound: drop it (it resumes with `after`).
    if (queue.length > ctx.config.limits.wsMaxQueuedEvents && ctx.slowConsumer) {
      queue.length = 0;
      void finish();
      ctx.slowConsumer();
      return;
    }
    wake?.();
  });
  const replayed = new Set<string>();
  let replay: EventEnvelope[] | undefined;
  let checkedAt = Date.now();

  /** A deleted user or archived tenant stops receiving: the stream ends with UNAUTHENTICATED. */
  async function revalidate(): Promise<void> {
    if (options.recheck) {
      try {
        await options.recheck();
      } catch (error) {
        await finish();
        throw error;
      }
    }
    if (Date.now() - checkedAt < REVALIDATE_AFTER_MS) return;
    checkedAt = Date.now();
    if (!(await ctx.stillActive())) {
      await finish();
      throw new UnauthenticatedError('Your access ended while this subscription was open');
    }
  }

  async function loadReplay(): Promise<EventEnvelope[]> {
    if (options.after == null) return [];
    const em = ctx.em.fork();
    const events: EventEnvelope[] = [];
    let cursor = options.after;
    for (;;) {
      const where: Record<string, unknown> = { tenantId: identity.tenantId, topic: options.topic, id: { $gt: cursor } };
      if (options.subjectId) where.subjectId = options.subjectId;
      const page = await em.find(EventRecord, where, { orderBy: { id: 'asc' }, limit: REPLAY_PAGE_SIZE });
      for (const record of page) {
        const event = toEnvelope(record);
        if (matches(event)) events.push(event);
        replayed.add(event.cursor);
      }
      if (page.length < REPLAY_PAGE_SIZE) return events;
      cursor = String(page[page.length - 1].id);
    }
  }

  const finish = async (): Promise<IteratorResult<EventEnvelope>> => {
    done = true;
    unlisten();
    wake?.();
    return { value: undefined, done: true };
  };

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<EventEnvelope>> {
      if (done) return { value: undefined, done: true };
      // Each event is resolved against fresh data, not what this long-lived context cached before.
      ctx.em.clear();
      ctx.loaders.clear();
      if (!replay) replay = await loadReplay();
      if (replay.length) {
        await revalidate();
        return { value: replay.shift()!, done: false };
      }
      for (;;) {
        if (done) return { value: undefined, done: true };
        const event = queue.shift();
        if (event) {
          if (replayed.delete(event.cursor)) continue;
          await revalidate();
          return { value: event, done: false };
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
    return: finish,
    throw: async (error: unknown) => {
      await finish();
      throw error;
    },
  };
}
