import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds buckets for request and query latency: 1 ms to 30 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds buckets for event-log lag, where a few ms is normal and seconds mean a backlog. */
const LAG_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120];

/**
 * Operation names come from clients: past this many distinct ones, new names are counted as
 * `other`, so that a client that names every request differently cannot grow the series without end.
 */
export const MAX_OPERATION_NAMES = 500;

/** What a process's counters read when a scrape asks (the task queue lives in the database). */
export interface MetricsSources {
  /** Open WebSockets. */
  openSockets?: () => number;
  /** Active subscriptions across open WebSockets. */
  activeSubscriptions?: () => number;
  /** Queued and running tasks, by status (read at scrape time). */
  taskQueue?: () => Promise<Record<string, number>>;
}

/**
 * The Prometheus metrics of one server (single process, `subgraph NAME` or the gateway), in its
 * own registry, so that servers started side by side in one process (tests) count apart.
 * Names follow Prometheus conventions: `_seconds`, `_total`, base units.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly sources: MetricsSources = {};

  readonly operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operations (HTTP, and REST routes running their operation), by operation name, type and outcome; _count is the request count',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL responses (HTTP, WebSocket, REST), by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly restDuration = new Histogram({
    name: 'rest_request_duration_seconds',
    help: 'REST compatibility requests, by profile, method, route template and status',
    labelNames: ['profile', 'method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly subscriptionsStarted = new Counter({
    name: 'graphql_subscriptions_started_total',
    help: 'Operations (subscriptions, and any query or mutation sent over graphql-ws) started over WebSocket, by operation name',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });

  readonly eventLag = new Histogram({
    name: 'event_delivery_lag_seconds',
    help: 'Time from an event being recorded in the event log to its delivery to this process\'s subscribers',
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });

  readonly taskOutcomes = new Counter({
    name: 'task_outcomes_total',
    help: 'Background tasks that ended on this process, by kind and status (succeeded, failed, timeout, cancelled, retried)',
    labelNames: ['kind', 'status'] as const,
    registers: [this.registry],
  });

  readonly taskDuration = new Histogram({
    name: 'task_duration_seconds',
    help: 'Run time of background tasks, by kind',
    labelNames: ['kind'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  readonly duckdbDuration = new Histogram({
    name: 'duckdb_query_duration_seconds',
    help: 'DuckDB work (query, load, write, reshape, …), by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const sources = this.sources;
    new Gauge({
      name: 'websocket_connections',
      help: 'Open WebSocket connections',
      registers: [this.registry],
      collect() {
        this.set(sources.openSockets?.() ?? 0);
      },
    });
    new Gauge({
      name: 'graphql_active_subscriptions',
      help: 'Active operations over WebSocket (subscriptions)',
      registers: [this.registry],
      collect() {
        this.set(sources.activeSubscriptions?.() ?? 0);
      },
    });
    new Gauge({
      name: 'task_queue_depth',
      help: 'Tasks in the durable queue, by status (queued, running)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        if (!sources.taskQueue) return;
        const counts = await sources.taskQueue();
        for (const status of ['queued', 'running']) this.set({ status }, counts[status] ?? 0);
      },
    });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Where the scrape-time gauges read from (set once the server has them). */
  readFrom(sources: MetricsSources): void {
    Object.assign(this.sources, sources);
  }

  /** The label for an operation name: `anonymous`, the name, or `other` past {@link MAX_OPERATION_NAMES}. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  /** One GraphQL operation ended: its latency and outcome, and each error's code. */
  recordOperation(name: string, type: string, seconds: number, errorCodes: readonly string[]): void {
    this.operationDuration.observe({ operation: name, type, outcome: errorCodes.length ? 'error' : 'ok' }, seconds);
    for (const code of errorCodes) this.errors.inc({ code });
  }

  /** Times `work` as DuckDB `operation`. */
  async timeDuckdb<T>(operation: string, work: () => Promise<T>): Promise<T> {
    const end = this.duckdbDuration.startTimer({ operation });
    try {
      const result = await work();
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: 'error' });
      throw error;
    }
  }

  /** The text exposition format, for `GET /metrics`. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** The `code` of each error of a GraphQL response (`INTERNAL_SERVER_ERROR` when one has none). */
export function errorCodes(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string[] {
  return errors?.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR')) ?? [];
}
