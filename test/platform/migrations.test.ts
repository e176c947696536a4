import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { subgraphs } from '../../subgraphs';
import { loadConfig } from '../../src/config';
import { MIGRATIONS } from '../../src/db/migrations';
import { openOrm } from '../../src/db/orm';
import { PLATFORM_ENTITIES } from '../../src/db/platform-entities';
import { freshDatabase } from '../support/server';

/** The committed migrations alone build the schema the entities describe (on this run's dialect). */
describe('migrations', () => {
  it('leave no difference between the migrated database and the entities', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dataplane-migrations-'));
    const database = await freshDatabase();
    const config = loadConfig({}, { dataDir, databaseUrl: database?.url, devSchemaSync: false, logLevel: 'silent' });
    const orm = await openOrm(config, { entities: [...PLATFORM_ENTITIES, ...subgraphs.flatMap((m) => m.entities)], migrations: MIGRATIONS });
    try {
      if (database) {
        const manual = subgraphs.flatMap((m) => m.manualIndexes ?? []);
        const pending = (await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false }))
          .split('\n')
          .filter((line) => line.trim() && !manual.some((name) => line.trim() === `drop index "${name}";`))
          .join('\n');
        expect(pending.trim(), 'entities changed without a migration: npm run migration:create -- NAME').toBe('');
      } else {
        // SQLite's schema diff reports false positives (check constraints, autoincrement), so there
        // compare tables and columns: every column an entity maps must exist after migrating.
        const connection = orm.em.getConnection();
        for (const meta of Object.values(orm.getMetadata().getAll())) {
          if (meta.abstract || meta.embeddable || !meta.tableName) continue;
          const columns = (await connection.execute(`pragma table_info(\`${meta.tableName}\`)`)) as { name: string }[];
          const have = new Set(columns.map((c) => c.name));
          const want = Object.values(meta.properties).flatMap((p) => p.fieldNames ?? []);
          expect(want.filter((c) => !have.has(c)), `${meta.tableName}: columns without a migration (npm run migration:create -- NAME)`).toEqual([]);
          // Composite indexes (list orders) too: SQLite's diff cannot be trusted to report them either.
          const indexes = new Set(((await connection.execute(`pragma index_list(\`${meta.tableName}\`)`)) as { name: string }[]).map((i) => i.name));
          const declared = meta.indexes.map((index) => index.name ?? `${meta.tableName}_${[index.properties].flat().map((p) => meta.properties[p as never].fieldNames[0]).join('_')}_index`);
          expect(declared.filter((name) => !indexes.has(name)), `${meta.tableName}: indexes without a migration`).toEqual([]);
        }
      }
    } finally {
      await orm.close(true);
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
