import { MikroORM } from '@mikro-orm/core';
import type { Config } from '../config';
import { dialectOf, ormOptions, type OrmOptions } from './orm';
import { join } from 'node:path';

/**
 * Writes the migration that brings a database migrated to the current list up to the current
 * entities, for the configured dialect (SQLite by default, PostgreSQL with DATABASE_URL).
 */
export async function makeMigration(config: Config, options: OrmOptions, name: string): Promise<string | undefined> {
  const base = await ormOptions(config, options);
  // Write into the source tree (not dist/), where the migration gets committed and listed.
  const folder = join(process.cwd(), 'src', 'db', 'migrations', dialectOf(config));
  const orm = await MikroORM.init({ ...base, migrations: { ...base.migrations, path: folder, pathTs: folder } });
  try {
    const migrator = orm.getMigrator();
    await migrator.up();
    const result = await migrator.createMigration(undefined, false, false, name);
    return result.diff.up.length ? result.fileName : undefined;
  } finally {
    await orm.close(true);
  }
}
