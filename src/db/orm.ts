import { join } from 'node:path';
import { MikroORM, type Options, type EntityClass, type MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { Config } from '../config';
import { ArchivableEntity, TenantScopedEntity } from './base-entities';

export type Dialect = 'sqlite' | 'postgresql';

/** Filter names, so callers disable them by constant, never by string literal. */
export const TENANT_FILTER = 'tenant';
export const ACTIVE_FILTER = 'active';

export function dialectOf(config: Pick<Config, 'databaseUrl'>): Dialect {
  return config.databaseUrl && /^postgres(ql)?:/.test(config.databaseUrl) ? 'postgresql' : 'sqlite';
}

export interface OrmOptions {
  entities: EntityClass<unknown>[];
  migrations: Record<Dialect, MigrationObject[]>;
  /** Called for every SQL statement; the N+1 test and the benchmarks count with it. */
  onQuery?: (sql: string) => void;
}

/** Builds the MikroORM options for the configured database: SQLite file by default, PostgreSQL by URL. */
export async function ormOptions(config: Config, options: OrmOptions): Promise<Options> {
  const dialect = dialectOf(config);
  const entities = options.entities;
  const tenantScoped = entities.filter((e) => e.prototype instanceof TenantScopedEntity).map((e) => e.name);
  const archivable = entities
    .filter((e) => e.prototype instanceof ArchivableEntity || (e as { softDelete?: boolean }).softDelete)
    .map((e) => e.name);
  const driverOptions =
    dialect === 'postgresql'
      ? { driver: (await import('@mikro-orm/postgresql')).PostgreSqlDriver, clientUrl: config.databaseUrl }
      : { driver: (await import('@mikro-orm/libsql')).LibSqlDriver, dbName: join(config.dataDir, 'dataplane.sqlite') };
  return {
    ...driverOptions,
    entities: [...entities],
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    onQuery: (sql: string) => {
      options.onQuery?.(sql);
      return sql;
    },
    filters: {
      [TENANT_FILTER]: {
        cond: (args: { tenantId?: string }) => ({ tenantId: args.tenantId }),
        entity: tenantScoped,
        default: true,
      },
      [ACTIVE_FILTER]: {
        cond: { archivedAt: null },
        entity: archivable,
        default: true,
      },
    },
    migrations: {
      tableName: 'mikro_orm_migrations',
      silent: true,
      migrationsList: options.migrations[dialect],
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      path: join(__dirname, 'migrations', dialect),
      pathTs: join(__dirname, 'migrations', dialect),
      emit: 'ts',
    },
  } as Options;
}

/** Connects and brings the schema up to date (the embedded database is created on first start). */
export async function openOrm(config: Config, options: OrmOptions): Promise<MikroORM> {
  const orm = await MikroORM.init(await ormOptions(config, options)).catch((error: unknown) => {
    throw unreachableDatabase(config, error);
  });
  try {
    return await prepare(orm, config);
  } catch (error) {
    await orm.close(true).catch(() => undefined);
    throw unreachableDatabase(config, error);
  }
}

/** Node's and PostgreSQL's codes for "cannot reach or log in to the database". */
const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', '28P01', '28000', '3D000']);

/** A connection failure as one line naming DATABASE_URL (host, port and database; never the password); other errors as they are. */
function unreachableDatabase(config: Config, error: unknown): unknown {
  if (dialectOf(config) !== 'postgresql') return error;
  const failure = error as { code?: string; message?: string; errors?: { code?: string; message?: string }[] };
  const code = failure.code ?? failure.errors?.[0]?.code;
  if (!code || !CONNECTION_FAILURES.has(code)) return error;
  const url = new URL(config.databaseUrl!);
  const reason = (failure.message || failure.errors?.map((e) => e.message).join('; ') || code).split('\n')[0];
  return new Error(`DATABASE_URL: cannot connect to PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname} (${reason})`);
}

/** Session settings, migrations and (dev) schema sync on a new connection. */
async function prepare(orm: MikroORM, config: Config): Promise<MikroORM> {
  if (dialectOf(config) === 'sqlite') {
    // WAL: readers do not wait for the writer, and a commit is one append, not a journal rewrite.
    // synchronous=NORMAL is durable against process crashes (a power loss may lose the last commits).
    await orm.em.getConnection().execute('pragma journal_mode = wal');
    await orm.em.getConnection().execute('pragma synchronous = normal');
    await orm.em.getConnection().execute('pragma busy_timeout = 5000');
  }
  await orm.getMigrator().up();
  if (config.devSchemaSync) await orm.schema.updateSchema({ safe: true });
  return orm;
}
