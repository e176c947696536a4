import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Context } from '../context';
import { requireIdentity } from '../context';
import { BadInputError, UnauthenticatedError } from '../errors';
import type { EventEnvelope } from './envelope';
import { EventRecord } from './event-record';
import { toEnvelope } from './outbox';

/** How long a stream trusts its last "caller still active" check before asking again. */
const REVALIDATE_AFTER_MS = 5000;
/**
 * Longest stretch a replay runs without letting the event loop turn. On SQLite the log reads are
 * synchronous and socket writes complete on the next tick, so without this a long replay never
 * reaches the poll phase: its own client's close went unseen and every other socket waited.
 */
const REPLAY_SLICE_MS = 5;
/** Pages of replayed cursors a stream remembers to drop their live copies (see `replayed`). */
const REPLAYED_KEPT_PAGES = 4;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One page of the log as envelopes, read as plain rows: a replay only reads them, so they skip
 * entity hydration and the identity map. Plain rows differ by dialect (SQLite: numeric ids, JSON
 * as text), so they are brought to the record's types before the one record → envelope mapping.
 */
async function readLogPage(em: EntityManager, where: Record<string, unknown>, limit: number): Promise<EventEnvelope[]> {
  const rows = await (em as SqlEntityManager).createQueryBuilder(EventRecord).select('*').where(where).orderBy({ id: 'asc' }).limit(limit).execute('all', true);
  return rows.map((row) =>
    toEnvelope({
      ...row,
      id: String(row.id),
      payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
      createdAt: new Date(row.createdAt),
    }),
  );
}

export interface StreamOptions {
  topic: string;
  /** Resume after this cursor: replay what was logged since, then go live. */
  after?: string | null;
  /** Only events about this entity. */
  subjectId?: string | null;
  /**
   * Permission check run for every event, replayed or live, beyond the tenant check. It sees the
   * events in the order they are delivered (so it may keep state, e.g. membership).
   */
  accept?: (event: EventEnvelope) => boolean;
  /**
   * Asked before every event goes out, for access that changes outside this stream's own events
   * (e.g. a workspace share); throwing ends the stream with that error.
   */
  recheck?: () => Promise<void>;
  /**
   * Called with each replayed page's events before the first of them is resolved, to load what
   * they will need in one batch (e.g. `loader.loadMany(subjectIds)`): a replayed page is resolved
   * against one snapshot, so its loaders stay primed until the next page.
   */
  preload?: (events: EventEnvelope[]) => unknown;
}

/**
 * A tenant's event stream: listens first (so nothing published during replay is lost), replays
 * the log after `after` one page at a time (`EVENT_REPLAY_PAGE`), then yields live events,
 * skipping any the replay already delivered. Live events wait until the log is caught up, so
 * they come after every replayed one.
 */
export function eventStream(ctx: Context, options: StreamOptions): AsyncIterableIterator<EventEnvelope> {
  const identity = requireIdentity(ctx);
  if (options.after != null && !/^\d{1,19}$/.test(options.after)) {
    throw new BadInputError(`Invalid cursor "${options.after}": pass the cursor of an event you received`);
  }
  const routed = (event: EventEnvelope) =>
    event.tenantId === identity.tenantId && event.topic === options.topic && (!options.subjectId || event.subjectId === options.subjectId);

  const queue: EventEnvelope[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const unlisten = ctx.bus.listen((event) => {
    if (done || !routed(event)) return;
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
  /** Cursors the replay delivered whose live copy may still come (commit and publish are not atomic). */
  const replayed = new Set<string>();
  /** The log is read after this cursor next; undefined once a short page shows it is caught up. */
  let replayAfter = options.after ?? undefined;
  let page: EventEnvelope[] = [];
  let checkedAt = Date.now();
  let sliceStarted = performance.now();

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

  /** The next event from the log, reading the next page only when this one is delivered. */
  async function nextReplayed(): Promise<EventEnvelope | undefined> {
    if (replayAfter === undefined && !page.length) return undefined;
    if (performance.now() - sliceStarted > REPLAY_SLICE_MS) {
      await nextTurn();
      sliceStarted = performance.now();
      // A client that left meanwhile: read no further.
      if (done) return undefined;
    }
    while (!page.length && replayAfter !== undefined) {
      const where: Record<string, unknown> = { tenantId: identity.tenantId, topic: options.topic, id: { $gt: replayAfter } };
      if (options.subjectId) where.subjectId = options.subjectId;
      const size = ctx.config.eventReplayPageSize;
      page = await readLogPage(ctx.em, where, size);
      replayAfter = page.length < size ? undefined : page[page.length - 1].cursor;
      freshData();
      if (options.preload && page.length) await options.preload(page);
      for (const event of page) replayed.add(event.cursor);
      // A live copy comes within moments of its commit; cursors older than a few pages will not see
      // one, so they are forgotten (oldest first: a Set keeps insertion order) and memory stays bounded.
      for (const cursor of replayed) {
        if (replayed.size <= REPLAYED_KEPT_PAGES * size) break;
        replayed.delete(cursor);
      }
      // Live copies that already arrived are dropped now, so they neither count as a backlog nor stay in `replayed`.
      for (let i = queue.length - 1; i >= 0; i--) if (replayed.delete(queue[i].cursor)) queue.splice(i, 1);
    }
    return page.shift();
  }

  /** What this long-lived context cached before is forgotten: the next events resolve against fresh data. */
  function freshData(): void {
    ctx.em.clear();
    ctx.loaders.clear();
  }

  async function nextLive(): Promise<EventEnvelope | undefined> {
    for (;;) {
      if (done) return undefined;
      const event = queue.shift();
      if (event) {
        if (replayed.delete(event.cursor)) continue;
        freshData();
        return event;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
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
      // Each live event is resolved against fresh data, each replayed page against its own (see freshData).
      for (;;) {
        if (done) return { value: undefined, done: true };
        const event = (await nextReplayed()) ?? (await nextLive());
        if (!event || done || (options.accept && !options.accept(event))) continue;
        await revalidate();
        return { value: event, done: false };
      }
    },
    return: finish,
    throw: async (error: unknown) => {
      await finish();
      throw error;
    },
  };
}
