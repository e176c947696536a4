import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { tracesRequested } from './observability/tracing';

/** Every setting the service reads, parsed once from the environment. */
export interface Config {
  /** HTTP and WebSocket port. @default 4000 */
  port: number;
  /** Interface to bind. @default "0.0.0.0" */
  host: string;
  /** Folder for the embedded database and generated dev secrets. @default "./data" */
  dataDir: string;
  /**
   * `postgres://…` (or `postgresql://…`) selects PostgreSQL; `sqlite:` / `file:` URLs and unset mean
   * embedded SQLite in `dataDir`. Anything else stops the start (DATABASE_URL).
   */
  databaseUrl?: string;
  /** `redis://…` makes pub/sub cross-instance; unset means in-process. */
  redisUrl?: string;
  /** HS256 secret for bearer tokens. @default generated into `dataDir/jwt-secret` */
  jwtSecret?: string;
  /** 32-byte key (base64) that encrypts stored secrets with AES-256-GCM. @default generated into `dataDir/secrets-key` */
  secretsKey?: string;
  /** Lifetime of tokens minted by `token` and the bootstrap. @default "30d" */
  tokenTtl: string;
  /** `production` hides introspection and suggestions. @default "development" */
  nodeEnv: string;
  /** pino level; `silent` in tests. @default "info" */
  logLevel: string;
  /** Append log lines to this file instead of stdout. */
  logFile?: string;
  /** Base paths of the REST compatibility profiles, so a caller only changes its base URL. */
  restBasePaths: {
    datacovey: string;
    lakesail: string;
    hotdata: string;
    workspaces: string;
    athena: string;
  };
  /**
   * Development only: after migrations, update the schema straight from the entities, for work in
   * progress that has no migration yet. The migrations test runs without it. @default false
   */
  devSchemaSync: boolean;
  /** Shared secret of internal scheduler calls (datacovey's Expire Approvals `internal_token`); unset disables them. */
  internalToken?: string;
  /** Create a bootstrap tenant and admin on first start with an empty database. @default true */
  bootstrap: boolean;
  /** Largest upload (`POST /v1/files`, `createUpload`) in bytes; larger ones are refused with 413. @default 2 GiB */
  uploadMaxBytes: number;
  /** Longest a SQL query may run before it is cancelled. @default 30000 */
  queryTimeoutMs: number;
  /** Most rows one query returns (and stores as its result); the rest are cut off with a warning. @default 10000 */
  queryMaxRows: number;
  /** DuckDB memory limit per query. @default "1GB" */
  queryMemoryLimit: string;
  /** Background tasks this process runs at once; 0 runs none (an API-only instance). @default 4 */
  runnerConcurrency: number;
  /** `smtp://user:pass@host:port` for email notification channels; unset skips email deliveries. */
  smtpUrl?: string;
  /** Sender address of notification emails. @default "dataplane@localhost" */
  smtpFrom: string;
  /** How long a runner's claim on a task lasts without renewal; a crashed runner's tasks are requeued after it. @default 15000 */
  taskLeaseMs: number;
  /** Length of one step of the local cluster driver's provisioning phases, in ms. @default 1000 */
  clusterStepMs: number;
  /** Makes the local cluster driver fail at a phase, for tests: `phase` or `phase:reason` (e.g. `node_groups:quota exceeded`). Unset: no failures. */
  clusterFailAt?: string;
  /** How often the local cluster driver samples the host's CPU, memory and load for cluster metrics, in ms. @default 30000 */
  hostMetricsEveryMs: number;
  /**
   * Where the gateway (`gateway`) finds each subgraph, from `SUBGRAPH_URLS`
   * (`tenants=http://host:4001/graphql,jobs=http://…`); a subgraph not named is looked for on the
   * base port scheme (see `subgraphBasePort`). @default {}
   */
  subgraphUrls: Record<string, string>;
  /**
   * `subgraph NAME` without PORT listens on this plus the subgraph's position in
   * `subgraphs/index.ts`, and the gateway looks for it there. @default 4001
   */
  subgraphBasePort: number;
  /** How long a notebook takes to start (its pods, in the local driver: a timed step on the task queue). @default 3000 */
  notebookStartMs: number;
  /** How long a notebook takes to stop (tear down its pods). @default 1000 */
  notebookStopMs: number;
  /** Idle timeout of a new notebook when its creator gives none, in seconds. @default 1800 */
  notebookIdleTimeoutSeconds: number;
  /** How often the idle-timeout monitor looks for notebooks without activity, in ms. @default 30000 */
  notebookIdleCheckMs: number;
  /** How long a new session's compute takes to be ready (pending → active). @default 2000 */
  sessionStartMs: number;
  /** Base URL of the session proxy that notebook open URLs and session connection info point at. @default "https://sessions.localhost" */
  sessionProxyUrl: string;
  /** How many proxies sit in front of the service; the client IP (rate limits) is read that many hops back in X-Forwarded-For. @default 0 */
  trustProxyHops: number;
  /**
   * Events a resumed subscription (`after`) reads from the event log per query while it replays;
   * the next page is read once this one is delivered (EVENT_REPLAY_PAGE). @default 500
   */
  eventReplayPageSize: number;
  /** Request, operation and WebSocket limits (src/limits); every value has an env override. */
  limits: LimitsConfig;
  /** Trusted (persisted) documents: only registered operations run (src/trusted-documents). */
  trustedDocuments: TrustedDocumentsConfig;
  /**
   * Whether user-supplied destinations (webhooks, agent endpoints, PostgreSQL sources) may be
   * loopback, private, link-local or other non-public addresses. Off in production (SSRF).
   * @default on, off when NODE_ENV=production
   */
  allowPrivateDestinations: boolean;
  /** How long an export's file is offered after it is asked for; the file is deleted after. @default 604800 (7 days) */
  exportRetentionSeconds: number;
  /** `GET /metrics` in Prometheus format (METRICS=off hides it). @default true */
  metrics: boolean;
  /**
   * OpenTelemetry traces, on when the standard OTEL_* environment names an exporter or an OTLP
   * endpoint (the SDK reads the rest of OTEL_* itself). @default false
   */
  tracing: boolean;
}

/** The opt-in mode in which only registered documents run, on every transport. */
export interface TrustedDocumentsConfig {
  /** `TRUSTED_DOCUMENTS=on` turns it on; off, any valid document runs. @default false */
  enabled: boolean;
  /**
   * Extra manifests to register besides the generated `schema/persisted-documents.json`, from
   * `TRUSTED_DOCUMENTS_MANIFEST` (comma-separated paths): Apollo's persisted query manifest or a
   * flat `{ "<hash>": "<body>" }` map; read at start, a missing or invalid one stops the start. @default []
   */
  manifests: string[];
}

/** The limits every transport (GraphQL over HTTP, WebSocket, REST) applies; see README "Limits" for why each default is what it is. */
export interface LimitsConfig {
  /** Deepest selection nesting, fragments flattened, introspection aside (LIMIT_MAX_DEPTH). @default 12 */
  maxDepth: number;
  /** Aliases in one operation (LIMIT_MAX_ALIASES). @default 30 */
  maxAliases: number;
  /** Directives in one operation (LIMIT_MAX_DIRECTIVES). @default 50 */
  maxDirectives: number;
  /** Lexical tokens in one document; parsing stops past it (LIMIT_MAX_TOKENS). @default 2000 */
  maxTokens: number;
  /** Objects an operation may resolve, list sizes taken from `first`/`last`/`limit` (LIMIT_MAX_COST). @default 50000 */
  maxCost: number;
  /** Largest JSON body of GraphQL and REST requests, in bytes; larger is 413 (BODY_MAX_BYTES). @default 1 MiB */
  bodyMaxBytes: number;
  /** `false` turns rate limiting off (RATE_LIMIT=off; the test suites do, and the limits tests turn it on). @default true */
  rateLimit: boolean;
  /** Requests (HTTP operations, REST calls, WebSocket connects and subscribes) per client IP per window (RATE_LIMIT_PER_IP). @default 1200 */
  rateLimitPerIp: number;
  /** Requests per identity (token subject or API key) per window (RATE_LIMIT_PER_IDENTITY). @default 600 */
  rateLimitPerIdentity: number;
  /** Rate limit window in seconds (RATE_LIMIT_WINDOW_SECONDS). @default 60 */
  rateLimitWindowSeconds: number;
  /** Prefix of the rate limit keys in Redis, so instances of one deployment share counters (RATE_LIMIT_KEY_PREFIX). @default "dataplane:rl" */
  rateLimitKeyPrefix: string;
  /** A WebSocket that has not sent connection_init by then is closed with 4408 (WS_INIT_TIMEOUT_MS). @default 5000 */
  wsInitTimeoutMs: number;
  /** Largest WebSocket message in bytes; larger closes the socket with 1009 (WS_MAX_MESSAGE_BYTES). @default 1 MiB */
  wsMaxMessageBytes: number;
  /** Active subscriptions on one WebSocket (WS_MAX_SUBSCRIPTIONS). @default 100 */
  wsMaxSubscriptions: number;
  /** Open WebSockets per identity, across instances when REDIS_URL is set (WS_MAX_CONNECTIONS_PER_IDENTITY). @default 20 */
  wsMaxConnectionsPerIdentity: number;
  /** Ping interval; a socket that has not answered the last ping by the next is terminated (WS_KEEPALIVE_MS). @default 12000 */
  wsKeepAliveMs: number;
  /** Bytes a WebSocket may have waiting to be sent before it is cut off as a slow consumer (WS_MAX_BUFFERED_BYTES). @default 4 MiB */
  wsMaxBufferedBytes: number;
  /** Events a subscription may have waiting for delivery before its socket is cut off as a slow consumer (WS_MAX_QUEUED_EVENTS). @default 1000 */
  wsMaxQueuedEvents: number;
}

/** Reads the environment once; every default runs locally with no env at all. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const config: Config = {
    port: Number(env.PORT ?? 4000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    jwtSecret: env.JWT_SECRET || undefined,
    secretsKey: env.SECRETS_KEY || undefined,
    tokenTtl: env.TOKEN_TTL ?? '30d',
    nodeEnv: env.NODE_ENV ?? 'development',
    logLevel: env.LOG_LEVEL ?? 'info',
    logFile: env.LOG_FILE || undefined,
    restBasePaths: {
      datacovey: env.REST_BASE_DATACOVEY ?? '/api/v1',
      lakesail: env.REST_BASE_LAKESAIL ?? '/lakesail/api/v1',
      hotdata: env.REST_BASE_HOTDATA ?? '/v1',
      workspaces: env.REST_BASE_WORKSPACES ?? '/api/v1',
      athena: env.REST_BASE_ATHENA ?? '',
    },
    devSchemaSync: env.DEV_SCHEMA_SYNC === 'true',
    internalToken: env.INTERNAL_TOKEN || undefined,
    bootstrap: (env.BOOTSTRAP ?? 'true') !== 'false',
    uploadMaxBytes: Number(env.UPLOAD_MAX_BYTES ?? 2 * 1024 ** 3),
    queryTimeoutMs: Number(env.QUERY_TIMEOUT_MS ?? 30_000),
    queryMaxRows: Number(env.QUERY_MAX_ROWS ?? 10_000),
    queryMemoryLimit: env.QUERY_MEMORY_LIMIT ?? '1GB',
    runnerConcurrency: Number(env.RUNNER_CONCURRENCY ?? 4),
    taskLeaseMs: Number(env.TASK_LEASE_MS ?? 15_000),
    clusterStepMs: Number(env.CLUSTER_STEP_MS ?? 1000),
    clusterFailAt: env.CLUSTER_FAIL_AT || undefined,
    hostMetricsEveryMs: Number(env.HOST_METRICS_EVERY_MS ?? 30_000),
    notebookStartMs: Number(env.NOTEBOOK_START_MS ?? 3000),
    notebookStopMs: Number(env.NOTEBOOK_STOP_MS ?? 1000),
    notebookIdleTimeoutSeconds: Number(env.NOTEBOOK_IDLE_TIMEOUT_SECONDS ?? 1800),
    notebookIdleCheckMs: Number(env.NOTEBOOK_IDLE_CHECK_MS ?? 30_000),
    sessionStartMs: Number(env.SESSION_START_MS ?? 2000),
    sessionProxyUrl: (env.SESSION_PROXY_URL ?? 'https://sessions.localhost').replace(/\/+$/, ''),
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM ?? 'dataplane@localhost',
    subgraphUrls: parseSubgraphUrls(env.SUBGRAPH_URLS),
    subgraphBasePort: Number(env.SUBGRAPH_BASE_PORT ?? 4001),
    trustProxyHops: Number(env.TRUST_PROXY_HOPS ?? 0),
    eventReplayPageSize: Number(env.EVENT_REPLAY_PAGE ?? 500),
    limits: {
      maxDepth: Number(env.LIMIT_MAX_DEPTH ?? 12),
      maxAliases: Number(env.LIMIT_MAX_ALIASES ?? 30),
      maxDirectives: Number(env.LIMIT_MAX_DIRECTIVES ?? 50),
      maxTokens: Number(env.LIMIT_MAX_TOKENS ?? 2000),
      maxCost: Number(env.LIMIT_MAX_COST ?? 50_000),
      bodyMaxBytes: Number(env.BODY_MAX_BYTES ?? 1024 ** 2),
      rateLimit: !['off', 'false', '0'].includes(env.RATE_LIMIT ?? 'on'),
      rateLimitPerIp: Number(env.RATE_LIMIT_PER_IP ?? 1200),
      rateLimitPerIdentity: Number(env.RATE_LIMIT_PER_IDENTITY ?? 600),
      rateLimitWindowSeconds: Number(env.RATE_LIMIT_WINDOW_SECONDS ?? 60),
      rateLimitKeyPrefix: env.RATE_LIMIT_KEY_PREFIX ?? 'dataplane:rl',
      wsInitTimeoutMs: Number(env.WS_INIT_TIMEOUT_MS ?? 5000),
      wsMaxMessageBytes: Number(env.WS_MAX_MESSAGE_BYTES ?? 1024 ** 2),
      wsMaxSubscriptions: Number(env.WS_MAX_SUBSCRIPTIONS ?? 100),
      wsMaxConnectionsPerIdentity: Number(env.WS_MAX_CONNECTIONS_PER_IDENTITY ?? 20),
      wsKeepAliveMs: Number(env.WS_KEEPALIVE_MS ?? 12_000),
      wsMaxBufferedBytes: Number(env.WS_MAX_BUFFERED_BYTES ?? 4 * 1024 ** 2),
      wsMaxQueuedEvents: Number(env.WS_MAX_QUEUED_EVENTS ?? 1000),
    },
    trustedDocuments: {
      enabled: parseOnOff('TRUSTED_DOCUMENTS', env.TRUSTED_DOCUMENTS ?? 'off'),
      manifests: (env.TRUSTED_DOCUMENTS_MANIFEST ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((p) => resolve(p)),
    },
    exportRetentionSeconds: Number(env.EXPORT_RETENTION_SECONDS ?? 7 * 24 * 60 * 60),
    allowPrivateDestinations: parseOnOff('ALLOW_PRIVATE_DESTINATIONS', env.ALLOW_PRIVATE_DESTINATIONS ?? (env.NODE_ENV === 'production' ? 'off' : 'on')),
    metrics: parseOnOff('METRICS', env.METRICS ?? 'on'),
    tracing: tracesRequested(env),
    ...overrides,
  };
  if (!Number.isInteger(config.port) || config.port < 0) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  for (const [name, value] of [['UPLOAD_MAX_BYTES', config.uploadMaxBytes], ['QUERY_TIMEOUT_MS', config.queryTimeoutMs], ['QUERY_MAX_ROWS', config.queryMaxRows], ['TASK_LEASE_MS', config.taskLeaseMs],
    ['CLUSTER_STEP_MS', config.clusterStepMs], ['HOST_METRICS_EVERY_MS', config.hostMetricsEveryMs],
    ['NOTEBOOK_START_MS', config.notebookStartMs], ['NOTEBOOK_STOP_MS', config.notebookStopMs], ['NOTEBOOK_IDLE_TIMEOUT_SECONDS', config.notebookIdleTimeoutSeconds],
    ['NOTEBOOK_IDLE_CHECK_MS', config.notebookIdleCheckMs], ['SESSION_START_MS', config.sessionStartMs],
    ['EXPORT_RETENTION_SECONDS', config.exportRetentionSeconds], ['EVENT_REPLAY_PAGE', config.eventReplayPageSize]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  }
  for (const [name, value] of Object.entries(config.limits)) {
    if (typeof value === 'number' && (!Number.isInteger(value) || value < 1)) throw new Error(`limit ${name} must be a positive integer, got ${value}`);
  }
  if (!Number.isInteger(config.trustProxyHops) || config.trustProxyHops < 0) throw new Error(`TRUST_PROXY_HOPS must be 0 or more, got ${env.TRUST_PROXY_HOPS}`);
  if (!Number.isInteger(config.runnerConcurrency) || config.runnerConcurrency < 0) throw new Error(`RUNNER_CONCURRENCY must be 0 or more, got ${env.RUNNER_CONCURRENCY}`);
  if (!Number.isInteger(config.subgraphBasePort) || config.subgraphBasePort < 1) throw new Error(`SUBGRAPH_BASE_PORT must be a port number, got ${env.SUBGRAPH_BASE_PORT}`);
  mkdirSync(config.dataDir, { recursive: true });
  return config;
}

/** DATABASE_URL as given, when it names a database we run on; a start on the wrong one would silently use SQLite. */
function parseDatabaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (!URL.canParse(value)) throw new Error('DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)');
    return value;
  }
  if (scheme === 'sqlite' || scheme === 'file') return undefined;
  throw new Error(
    scheme
      ? `DATABASE_URL must be a PostgreSQL URL (postgres://…) or unset for embedded SQLite; "${scheme}:" is not supported`
      : 'DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database) or unset for embedded SQLite',
  );
}

/** REDIS_URL as given, when it is a Redis URL. */
function parseRedisUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^rediss?:\/\//i.test(value) || !URL.canParse(value)) throw new Error('REDIS_URL must be a Redis URL (redis://host:6379 or rediss://…) or unset for in-process pub/sub');
  return value;
}

/** `on` or `off` → true or false; anything else is a startup error. */
function parseOnOff(name: string, value: string): boolean {
  if (value === 'on' || value === 'off') return value === 'on';
  throw new Error(`${name} must be on or off, got "${value}"`);
}

/** `name=url,name=url` → `{ name: url }`. */
function parseSubgraphUrls(value: string | undefined): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const pair of (value ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    const url = pair.slice(at + 1).trim();
    if (at < 1 || !/^https?:\/\//.test(url)) throw new Error(`SUBGRAPH_URLS must be name=http://…, comma-separated; got "${pair}"`);
    urls[pair.slice(0, at).trim()] = url;
  }
  return urls;
}
