/**
 * What every benchmark needs: the real server on a free port with its own data directory, the
 * bootstrap admin's token, a GraphQL and a REST client, and the statistics they print.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/config';
import { startServer, type RunningServer, type StartOptions } from '../src/server';
import { bootstrapTenants, subgraphs } from '../subgraphs';

export interface BenchServer {
  server: RunningServer;
  config: Config;
  /** Bearer token of the bootstrap admin (Org admin of tenant "default"). */
  token: string;
  /** `http://host:port`, for REST routes. */
  baseUrl: string;
  /** Runs a GraphQL operation over HTTP as the admin; throws on errors, returns `data`. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** POSTs JSON to a REST route as the admin; throws on a non-2xx answer. */
  post<T = any>(path: string, body: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts the server with a fresh data directory under the system temp folder (removed on close).
 * `env` is read as the server reads its environment (DATABASE_URL, REDIS_URL, …); `overrides` win.
 */
export async function startBenchServer(
  name: string,
  overrides: Partial<Config> = {},
  options: StartOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const config = loadConfig(env, { port: 0, host: '127.0.0.1', dataDir, logLevel: 'warn', ...overrides });
  const server = await startServer(config, subgraphs, { ...options, bootstrapper: bootstrapTenants });
  const token = server.bootstrap!.token;
  const baseUrl = server.url.replace(/\/graphql$/, '');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    server,
    config,
    token,
    baseUrl,
    async gql(query, variables) {
      const body = (await (await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })).json()) as any;
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    },
    async post(path, body) {
      const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      const json = (await response.json()) as any;
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The p-th percentile of an ascending list. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export const mib = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MiB`;

/** Which database and pub/sub a run used, for the first line of its output. */
export const describeBackends = (config: Config) => `database: ${config.databaseUrl ? 'PostgreSQL' : 'SQLite'}; pub/sub: ${config.redisUrl ? 'Redis' : 'in-process'}`;
