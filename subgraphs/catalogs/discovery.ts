import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Client } from 'pg';
import Database from 'libsql';
import type { Config } from '../../src/config';
import { assertPublicDestination } from '../../src/outbound';
import { BadInputError } from '../../src/errors';
import type { TableColumn } from '../../src/engine/table-column';

/** How long discovery and health checks wait for a source. */
export const SOURCE_TIMEOUT_MS = 5000;

export interface DiscoveredTable {
  schemaName: string;
  tableName: string;
  columns: TableColumn[];
}

/** A source we can really talk to: list its tables, or check it answers. */
interface SourceDriver {
  discover(): Promise<DiscoveredTable[]>;
  ping(): Promise<void>;
}

/** SQLite sources are files under DATA_DIR/sources: never a path elsewhere (such as our own database). */
export function sqliteSourcePath(config: Config, path: unknown): string {
  if (typeof path !== 'string' || !path) throw new BadInputError('config.path is required for sqlite');
  const root = resolve(config.dataDir, 'sources');
  const file = isAbsolute(path) ? path : join(root, path);
  const real = existsSync(file) ? realpathSync(file) : file;
  const inside = relative(root, real);
  if (inside.startsWith('..') || isAbsolute(inside)) throw new BadInputError(`SQLite sources must be files under ${root}`);
  if (!existsSync(real)) throw new BadInputError(`No SQLite file at ${path}`);
  return real;
}

function postgresDriver(appConfig: Config, config: Record<string, unknown>, password?: string): SourceDriver {
  if (typeof config.url !== 'string' || !/^postgres(ql)?:\/\//.test(config.url)) throw new BadInputError('config.url must be a postgres:// URL');
  const connect = async () => {
    await assertPublicDestination(appConfig, config.url as string);
    const client = new Client({ connectionString: config.url as string, password, connectionTimeoutMillis: SOURCE_TIMEOUT_MS, statement_timeout: SOURCE_TIMEOUT_MS });
    await client.connect();
    return client;
  };
  return {
    async discover() {
      const client = await connect();
      try {
        const { rows } = await client.query<{ table_schema: string; table_name: string; column_name: string; data_type: string; is_nullable: string }>(
          `select c.table_schema, c.table_name, c.column_name, c.data_type, c.is_nullable
             from information_schema.columns c
             join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema not in ('pg_catalog', 'information_schema') and t.table_type in ('BASE TABLE', 'VIEW')
            order by c.table_schema, c.table_name, c.ordinal_position`,
        );
        const tables = new Map<string, DiscoveredTable>();
        for (const row of rows) {
          const key = `${row.table_schema}.${row.table_name}`;
          if (!tables.has(key)) tables.set(key, { schemaName: row.table_schema, tableName: row.table_name, columns: [] });
          tables.get(key)!.columns.push({ name: row.column_name, dataType: row.data_type, nullable: row.is_nullable === 'YES' });
        }
        return [...tables.values()];
      } finally {
        await client.end();
      }
    },
    async ping() {
      const client = await connect();
      try {
        await client.query('select 1');
      } finally {
        await client.end();
      }
    },
  };
}

function sqliteDriver(file: string): SourceDriver {
  const open = () => new Database(file, { readonly: true, fileMustExist: true });
  return {
    async discover() {
      const db = open();
      try {
        const tables = db.prepare("select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' order by name").all() as { name: string }[];
        return tables.map(({ name }) => ({
          schemaName: 'main',
          tableName: name,
          columns: (db.prepare(`pragma table_info("${name.replace(/"/g, '""')}")`).all() as { name: string; type: string; notnull: number }[]).map((c) => ({
            name: c.name, dataType: c.type || 'ANY', nullable: !c.notnull,
          })),
        }));
      } finally {
        db.close();
      }
    },
    async ping() {
      const db = open();
      try {
        db.prepare('select 1').get();
      } finally {
        db.close();
      }
    },
  };
}

/** The driver for a connection, or undefined for source types that are stored but not connected to. */
export function driverFor(appConfig: Config, sourceType: string, config: Record<string, unknown>, password?: string): SourceDriver | undefined {
  if (sourceType === 'postgres') return postgresDriver(appConfig, config, password);
  if (sourceType === 'sqlite') return sqliteDriver(sqliteSourcePath(appConfig, config.path));
  return undefined;
}
