import { randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { IsOptional, Length, Matches } from 'class-validator';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { IDENTIFIER, IDENTIFIER_RULE } from '../../src/engine/engine';
import { datasetVersionFile } from '../../src/engine/storage';
import { BadInputError, NotFoundError } from '../../src/errors';
import { Dataset, DatasetVersion, type ProjectDataset } from './entities';
import { assertTableNameFree, discardVersionFile, getDataset, newVersionFile, recordNextVersion, recordVersion, type LoadedVersion } from './datasets';
import { DATASET_TOPIC, transactCatalogs } from './events';
import { getProjectDataset } from './project-datasets';

@InputType({ description: 'A new table in a project dataset (datacovey), empty until data is loaded.' })
export class CreateTableInput {
  @Field(() => String, { description: 'SQL table name, unique in its project dataset.' })
  @Matches(IDENTIFIER, { message: `name ${IDENTIFIER_RULE}` })
  name!: string;
  @Field(() => ID, { description: 'The project dataset it belongs to; its name is the SQL schema of the table.' })
  @Length(1, 36)
  projectDatasetId!: string;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'BigQuery-style schema: `[{name, type, mode?}]` or `{fields: [...]}`. Given, version 1 is an empty table with these columns; null leaves the table without versions.',
  })
  @IsOptional()
  schema?: unknown;
}

@InputType({ description: 'Changes to a table; omitted (or null) fields stay as they are.' })
export class UpdateTableInput {
  @Field(() => String, { nullable: true, description: 'New SQL table name.' })
  @IsOptional()
  @Matches(IDENTIFIER, { message: `name ${IDENTIFIER_RULE}` })
  name?: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'New schema: written as a new version, existing data cast to the new column types (new columns NULL).' })
  @IsOptional()
  schema?: unknown;
  @Field(() => ID, { nullable: true, description: 'Move it to this project dataset (its SQL schema changes with it).' })
  @IsOptional()
  @Length(1, 36)
  projectDatasetId?: string | null;
}

/** BigQuery column types and the DuckDB types they are stored as. */
export const BIGQUERY_TYPES: Record<string, string> = {
  STRING: 'VARCHAR', INTEGER: 'BIGINT', INT64: 'BIGINT', FLOAT: 'DOUBLE', FLOAT64: 'DOUBLE', NUMERIC: 'DECIMAL(38,9)',
  BOOLEAN: 'BOOLEAN', BOOL: 'BOOLEAN', TIMESTAMP: 'TIMESTAMP', DATE: 'DATE', DATETIME: 'TIMESTAMP', BYTES: 'BLOB', JSON: 'JSON',
};
const MODES = ['NULLABLE', 'REQUIRED', 'REPEATED'];

/** A declared schema as engine columns; a bad shape, type or mode is BAD_USER_INPUT. */
export function columnsOfSchema(schema: unknown): { name: string; dataType: string }[] {
  const fields = Array.isArray(schema) ? schema : (schema as { fields?: unknown })?.fields;
  if (!Array.isArray(fields) || !fields.length) throw new BadInputError('schema must be a non-empty array of {name, type, mode?} or {fields: [...]}', { field: 'schema' });
  const seen = new Set<string>();
  return fields.map((field, i) => {
    const { name, type, mode } = (field ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !IDENTIFIER.test(name)) throw new BadInputError(`schema field ${i}: name ${IDENTIFIER_RULE}`, { field: 'schema' });
    if (seen.has(name.toLowerCase())) throw new BadInputError(`schema field ${i}: duplicate column name ${name}`, { field: 'schema' });
    seen.add(name.toLowerCase());
    const dataType = typeof type === 'string' ? BIGQUERY_TYPES[type.toUpperCase()] : undefined;
    if (!dataType) throw new BadInputError(`schema field ${name}: unknown type ${JSON.stringify(type)} (one of ${Object.keys(BIGQUERY_TYPES).join(', ')})`, { field: 'schema' });
    if (mode != null && (typeof mode !== 'string' || !MODES.includes(mode.toUpperCase()))) {
      throw new BadInputError(`schema field ${name}: mode must be one of ${MODES.join(', ')}`, { field: 'schema' });
    }
    return { name, dataType: typeof mode === 'string' && mode.toUpperCase() === 'REPEATED' ? `${dataType}[]` : dataType };
  });
}

/**
 * Writes `version` of a table with the declared columns: empty, or `previous`'s data cast to them.
 * Nothing is recorded here; the caller records it and discards the file if that fails.
 */
async function writeSchemaVersion(
  ctx: Context, datasetId: string, version: number, columns: { name: string; dataType: string }[], previous?: string,
): Promise<LoadedVersion> {
  const { file, fileName } = newVersionFile(ctx, datasetId, version);
  const written = previous ? await ctx.engine.reshape(previous, columns, file) : await ctx.engine.createEmpty(columns, file);
  return { ...written, sourceType: 'schema', format: null, uploadId: null, sizeBytes: statSync(file).size, file, fileName };
}

export async function createTable(ctx: Context, input: CreateTableInput): Promise<Dataset> {
  const identity = requireIdentity(ctx);
  const parent = await getProjectDataset(ctx, input.projectDatasetId);
  await assertTableNameFree(ctx, parent.name, input.name);
  const columns = input.schema == null ? null : columnsOfSchema(input.schema);
  const id = randomUUID();
  const written = columns ? await writeSchemaVersion(ctx, id, 1, columns) : undefined;
  try {
    return await transactCatalogs(ctx, async (em, emit) => {
      const table = em.create(Dataset, {
        id, tenantId: identity.tenantId, label: input.name, schemaName: parent.name, tableName: input.name, sourceType: 'schema',
        projectDatasetId: parent.id, declaredSchema: input.schema ?? null,
      });
      if (written) recordVersion(em, table, 1, written);
      emit(DATASET_TOPIC, 'table_created', id, { id, name: input.name, version: table.latestVersion });
      return table;
    });
  } catch (error) {
    if (written) rmSync(dirname(written.file), { recursive: true, force: true });
    throw error;
  }
}

/** A table: a dataset that belongs to a project dataset (hotdata's datasets are not tables). */
export async function getTable(ctx: Context, id: string): Promise<Dataset> {
  const table = await getDataset(ctx, id);
  if (!table.projectDatasetId) throw new NotFoundError('Table', id);
  return table;
}

/** Rename, move to another project dataset, or declare a new schema (a new version). */
export async function updateTable(ctx: Context, id: string, input: UpdateTableInput): Promise<Dataset> {
  const table = await getTable(ctx, id);
  let parent: ProjectDataset | undefined;
  if (input.projectDatasetId != null && input.projectDatasetId !== table.projectDatasetId) parent = await getProjectDataset(ctx, input.projectDatasetId);
  const schemaName = parent?.name ?? table.schemaName;
  const tableName = input.name ?? table.tableName;
  if (schemaName !== table.schemaName || tableName !== table.tableName) await assertTableNameFree(ctx, schemaName, tableName, id);
  const columns = input.schema == null ? null : columnsOfSchema(input.schema);
  const version = table.latestVersion + 1;
  let written: LoadedVersion | undefined;
  if (columns) {
    const current = table.latestVersion ? await ctx.em.findOneOrFail(DatasetVersion, { datasetId: id, version: table.latestVersion }) : undefined;
    const previous = current?.rowCount ? datasetVersionFile(ctx.config, table.tenantId, id, current.fileName) : undefined;
    written = await writeSchemaVersion(ctx, id, version, columns, previous);
  }
  try {
    return await transactCatalogs(ctx, async (em, emit) => {
      if (written) {
        await recordNextVersion(em, table, version, written);
        table.declaredSchema = input.schema;
        // A new schema is what queries should read, so a pin to older columns is dropped.
        table.pinnedVersion = null;
      }
      if (parent) table.projectDatasetId = parent.id;
      table.schemaName = schemaName;
      if (input.name != null) table.label = table.tableName = input.name;
      emit(DATASET_TOPIC, 'table_updated', id, { id, name: table.tableName, version: table.latestVersion });
      return table;
    });
  } catch (error) {
    if (written) discardVersionFile(written.file);
    throw error;
  }
}
