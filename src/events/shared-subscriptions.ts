import { print, subscribe as graphqlSubscribe, visit, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from '../context';

type SubscribeResult = ExecutionResult | AsyncGenerator<ExecutionResult> | AsyncIterableIterator<ExecutionResult>;
type Subscribe = (args: ExecutionArgs) => SubscribeResult | Promise<SubscribeResult>;

/**
 * Writes one already-serialised `next` payload to a subscriber's socket (graphql-ws's `next` frame
 * around it, without stringifying the payload again); false when the socket is gone or cut off.
 */
export type FrameWriter = (payloadJson: string) => boolean;

/** How a group serialises each event once for all its members (errors formatted as graphql-ws's `onNext` would). */
export type SerialiseResult = (result: ExecutionResult) => string;

/** One execution of an operation and the subscribers it feeds. */
interface Group {
  members: Set<Member>;
  upstream: AsyncIterator<ExecutionResult>;
  /** Its stream ended or its last member left: newcomers start a new group. */
  closed: boolean;
}

/** A subscriber's view of its group: its own queue, so a slow socket does not hold the others back. */
class Member implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: IteratorResult<ExecutionResult>[] = [];
  private waiter?: (result: IteratorResult<ExecutionResult>) => void;
  private failure?: { error: unknown };
  private ended = false;

  constructor(
    private readonly leave: (member: Member) => void,
    /** Its socket's slow-consumer cut-off: a member too far behind is dropped, as a lone stream would be (see `eventStream`). */
    private readonly overflow?: { max: number; cutOff: () => void },
    /** Its socket, when events go straight to it as pre-serialised frames (graphql-ws then sees only the end). */
    readonly writeFrame?: FrameWriter,
  ) {}

  /** A pre-serialised event, written to the socket at once; false if this member takes results instead. */
  deliver(payloadJson: string): boolean {
    if (!this.writeFrame) return false;
    if (!this.ended && !this.writeFrame(payloadJson)) void this.return();
    return true;
  }

  push(result: IteratorResult<ExecutionResult>): void {
    if (this.ended) return;
    if (result.done) this.ended = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter(result);
    else this.queue.push(result);
    if (this.overflow && this.queue.length > this.overflow.max) {
      void this.return();
      this.overflow.cutOff();
    }
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.push({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    const queued = this.queue.shift();
    const result = queued ?? (this.ended ? { value: undefined, done: true as const } : await new Promise<IteratorResult<ExecutionResult>>((resolve) => (this.waiter = resolve)));
    if (result.done && this.failure) throw this.failure.error;
    return result;
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.ended = true;
    this.queue.length = 0;
    this.waiter?.({ value: undefined, done: true });
    this.leave(this);
    return { value: undefined, done: true };
  }
}

/**
 * True when the operation resumes from a cursor (`after` given): its replay is its own, so it
 * cannot join subscribers who are already live.
 */
function resumes(args: ExecutionArgs): boolean {
  let found = false;
  visit(args.document, {
    Argument(node) {
      if (node.name.value !== 'after') return;
      if (node.value.kind === 'Variable') found ||= args.variableValues?.[node.value.name.value] != null;
      else found ||= node.value.kind !== 'NullValue';
    },
  });
  return found;
}

/**
 * graphql-ws `subscribe` that executes each live subscription once per distinct operation,
 * variables and caller (user, tenant, roles): every event is resolved once for the group and
 * the result handed to each member, instead of once per subscriber. Members share the first
 * one's context; they may, since they are the same caller asking the same thing. Operations that
 * resume from a cursor run alone (their replay is theirs). With `serialise`, a WebSocket member
 * (its context has `writeFrame`) gets each event as a frame around one string serialised for the
 * whole group, written to its socket at once: no per-subscriber stringify, promise or hook.
 */
export function sharedSubscriptions(
  options: {
    subscribe?: Subscribe;
    /** With it, members whose context has a `writeFrame` get each event as one string serialised once per group. */
    serialise?: SerialiseResult;
  } = {},
): { subscribe: Subscribe; groups: () => number } {
  const subscribe = options.subscribe ?? (graphqlSubscribe as Subscribe);
  const serialise = options.serialise;
  const groups = new Map<string, Promise<Group | ExecutionResult>>();

  const keyOf = (args: ExecutionArgs): string | undefined => {
    const identity = (args.contextValue as Context | undefined)?.identity;
    if (!identity || resumes(args)) return undefined;
    return JSON.stringify([identity.tenantId, identity.userId, [...identity.roles].sort(), args.operationName ?? null, args.variableValues ?? {}, print(args.document)]);
  };

  const start = async (key: string, args: ExecutionArgs): Promise<Group | ExecutionResult> => {
    const result = await subscribe(args);
    if (!(Symbol.asyncIterator in result)) return result;
    const group: Group = { members: new Set(), upstream: result[Symbol.asyncIterator](), closed: false };
    void (async () => {
      try {
        for (;;) {
          const next = await group.upstream.next();
          if (next.done) group.closed = true;
          // Serialised once for every member that writes frames (at most one string per event and group).
          let json: string | undefined;
          for (const member of group.members) {
            if (!next.done && serialise && member.writeFrame && member.deliver((json ??= serialise(next.value)))) continue;
            member.push(next);
          }
          if (next.done) break;
        }
      } catch (error) {
        group.closed = true;
        for (const member of group.members) member.fail(error);
      }
    })();
    return group;
  };

  return {
    groups: () => groups.size,
    async subscribe(args) {
      const key = keyOf(args);
      if (!key) return subscribe(args);
      for (;;) {
        let entry = groups.get(key);
        if (!entry) {
          entry = start(key, args);
          groups.set(key, entry);
        }
        const group = await entry;
        if (!('members' in group)) {
          // Refused at subscribe time (e.g. NOT_FOUND): nothing to share, the next one asks again.
          if (groups.get(key) === entry) groups.delete(key);
          return group;
        }
        if (group.closed) {
          if (groups.get(key) === entry) groups.delete(key);
          continue;
        }
        const joined = entry;
        const ctx = args.contextValue as Context | undefined;
        const overflow = ctx?.slowConsumer ? { max: ctx.config.limits.wsMaxQueuedEvents, cutOff: ctx.slowConsumer } : undefined;
        const member = new Member(
          (left) => {
            group.members.delete(left);
            if (group.members.size || group.closed) return;
            group.closed = true;
            if (groups.get(key) === joined) groups.delete(key);
            void group.upstream.return?.();
          },
          overflow,
          serialise ? ctx?.writeFrame : undefined,
        );
        group.members.add(member);
        return member;
      }
    },
  };
}
