import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { bootstrapTenants, subgraphs } from '../../subgraphs';
import { loadConfig, type Config } from '../../src/config';
import { startServer, type RunningServer, type StartOptions } from '../../src/server';
import { ORG_ADMIN } from '../../src/auth/roles';

export interface TestServer extends RunningServer {
  /** Bearer token of the bootstrap admin (Org admin + Platform admin of tenant "default"). */
  adminToken: string;
  tenantId: string;
  baseUrl: string;
  config: Config;
}

/** A new empty PostgreSQL database when DATABASE_URL is set (SQLite needs nothing), with its drop. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (!process.env.DATABASE_URL) return undefined;
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Starts the real server on a free port with its own database: a temp SQLite file, or a fresh
 * PostgreSQL database when DATABASE_URL is set (dropped on close). REDIS_URL is honoured as given.
 */
export async function startTestServer(
  options: StartOptions & { env?: Record<string, string>; sameDatabaseAs?: TestServer } = {},
): Promise<TestServer> {
  const shared = options.sameDatabaseAs;
  const dataDir = shared ? shared.config.dataDir : mkdtempSync(join(tmpdir(), 'dataplane-test-'));
  const database = shared ? undefined : await freshDatabase();
  const databaseUrl = shared ? shared.config.databaseUrl : database?.url;
  const dropDatabase = database?.drop;
  const config: Config = loadConfig(
    // Suites send thousands of requests from one address: rate limits are off unless a test turns them on.
    { ...process.env, RATE_LIMIT: 'off', ...options.env },
    { port: 0, host: '127.0.0.1', dataDir, databaseUrl, logLevel: options.env?.LOG_LEVEL ?? process.env.TEST_LOG_LEVEL ?? 'silent', jwtSecret: 'test-secret-'.padEnd(48, 'x') },
  );
  const server = await startServer(config, subgraphs, { ...options, bootstrapper: bootstrapTenants });
  const bootstrap = server.bootstrap ?? shared?.bootstrap;
  if (!bootstrap) throw new Error('test server did not bootstrap');
  const close = server.close;
  return {
    ...server,
    config,
    adminToken: bootstrap.token,
    tenantId: bootstrap.tenantId,
    baseUrl: server.url.replace(/\/graphql$/, ''),
    async close() {
      await close();
      if (shared) return;
      await dropDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { ORG_ADMIN };
