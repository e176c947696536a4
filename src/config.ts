import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** Every setting the service reads, parsed once from the environment. */
export interface Config {
  /** HTTP and WebSocket port. @default 4000 */
  port: number;
  /** Interface to bind. @default "0.0.0.0" */
  host: string;
  /** Folder for the embedded database and generated dev secrets. @default "./data" */
  dataDir: string;
  /** `postgres://…` selects PostgreSQL; unset means embedded SQLite in `dataDir`. */
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
}

/** Reads the environment once; every default runs locally with no env at all. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const config: Config = {
    port: Number(env.PORT ?? 4000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
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
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM ?? 'dataplane@localhost',
    ...overrides,
  };
  if (!Number.isInteger(config.port) || config.port < 0) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  for (const [name, value] of [['UPLOAD_MAX_BYTES', config.uploadMaxBytes], ['QUERY_TIMEOUT_MS', config.queryTimeoutMs], ['QUERY_MAX_ROWS', config.queryMaxRows], ['TASK_LEASE_MS', config.taskLeaseMs], ['CLUSTER_STEP_MS', config.clusterStepMs], ['HOST_METRICS_EVERY_MS', config.hostMetricsEveryMs]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  }
  if (!Number.isInteger(config.runnerConcurrency) || config.runnerConcurrency < 0) throw new Error(`RUNNER_CONCURRENCY must be 0 or more, got ${env.RUNNER_CONCURRENCY}`);
  mkdirSync(config.dataDir, { recursive: true });
  return config;
}
