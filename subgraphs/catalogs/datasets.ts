import { randomUUID } from 'node:crypto';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { IsIn, IsInt, IsOptional, Length, Matches, Min } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import type { Context } from '../../src/context';
import { loader, requireIdentity } from '../../src/context';
import { DEFAULT_SCHEMA, IDENTIFIER, IDENTIFIER_RULE, RESERVED_SCHEMAS, type LoadOutput, type SourceFormat } from '../../src/engine/engine';
import { datasetDir, prepareFile, uploadFile } from '../../src/engine/storage';
import { nextVersionFile } from '../../src/engine/dataset-versions';
import { stagingDir } from '../../src/rest/staged-body';
import { BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import DataLoader from 'dataloader';
import { Dataset, DatasetVersion, Upload } from './entities';
import type { TableColumn } from '../../src/engine/table-column';
import { getProjectDataset } from './project-datasets';
import { DATASET_TOPIC, transactCatalogs } from './events';
import { detectFormat, getUpload } from './uploads';

export const SOURCE_FORMATS: SourceFormat[] = ['csv', 'json', 'parquet'];

@InputType({ description: 'Where the data of a dataset version comes from: exactly one of uploadId, content or rows.' })
export class DatasetSourceInput {
  @Field(() => ID, { nullable: true, description: 'An upload (POST /v1/files or createUpload).' })
  @IsOptional()
  uploadId?: string | null;
  @Field(() => String, { nullable: true, description: 'Inline file content (CSV or JSON text).' })
  @IsOptional()
  content?: string | null;
  @Field(() => [GraphQLJSONObject], { nullable: true, description: 'Inline rows, one object per row.' })
  @IsOptional()
  rows?: Record<string, unknown>[] | null;
  @Field(() => String, { nullable: true, description: 'csv, json or parquet; detected from the upload when omitted, csv for content.' })
  @IsOptional()
  @IsIn(SOURCE_FORMATS, { message: `format must be one of ${SOURCE_FORMATS.join(', ')}` })
  format?: SourceFormat | null;
}

@InputType({ description: 'A new dataset and its first version.' })
export class CreateDatasetInput {
  @Field(() => String, { description: 'Display label.' })
  @Length(1, 200)
  label!: string;
  @Field(() => String, { nullable: true, description: 'SQL table name; derived from the label when omitted.' })
  @IsOptional()
  @Matches(IDENTIFIER, { message: `tableName ${IDENTIFIER_RULE}` })
  tableName?: string | null;
  @Field(() => DatasetSourceInput, { description: 'The data of version 1.' })
  source!: DatasetSourceInput;
}

@InputType({ description: 'Changes to a dataset; omitted fields stay as they are.' })
export class UpdateDatasetInput {
  @Field(() => String, { nullable: true, description: 'New label.' })
  @IsOptional()
  @Length(1, 200)
  label?: string | null;
  @Field(() => String, { nullable: true, description: 'New SQL table name (unique in its schema).' })
  @IsOptional()
  @Matches(IDENTIFIER, { message: `tableName ${IDENTIFIER_RULE}` })
  tableName?: string | null;
  @Field(() => Int, { nullable: true, description: 'Pin queries to this version; null unpins (reads the latest); omit to leave as is.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  pinnedVersion?: number | null;
}

@InputType({ description: 'Which datasets to list.' })
export class DatasetFilter {
  @Field(() => ID, { nullable: true, description: 'Only the tables of this project dataset.' })
  @IsOptional()
  projectDatasetId?: string | null;
  @Field(() => String, { nullable: true, description: 'Only datasets of this SQL schema.' })
  @IsOptional()
  schemaName?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only tables of project datasets (datacovey tables); false: only the others.' })
  @IsOptional()
  inProjectDataset?: boolean | null;
}

/** `Sales 2024 (EU)` → `sales_2024_eu`; a leading digit gets a `t_` prefix. */
export function tableNameFromLabel(label: string): string {
  const base = label.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 61) || 'dataset';
  return /^[0-9]/.test(base) ? `t_${base}` : base;
}

export async function getDataset(ctx: Context, id: string): Promise<Dataset> {
  requireIdentity(ctx);
  const dataset = await ctx.em.findOne(Dataset, { id });
  if (!dataset) throw new NotFoundError('Dataset', id);
  return dataset;
}

/** Datasets by filter; naming a project dataset that is not yours (or gone) is NOT_FOUND. */
export async function listDatasets(ctx: Context, filter: DatasetFilter | undefined, page: PageArgs): Promise<Page<Dataset>> {
  requireIdentity(ctx);
  if (filter?.projectDatasetId) await getProjectDataset(ctx, filter.projectDatasetId);
  const inProject = filter?.inProjectDataset == null ? {} : { projectDatasetId: filter.inProjectDataset ? { $ne: null } : null };
  const where = {
    ...inProject,
    ...(filter?.projectDatasetId ? { projectDatasetId: filter.projectDatasetId } : {}),
    ...(filter?.schemaName ? { schemaName: filter.schemaName } : {}),
  };
  return paginate(ctx.em, Dataset, where, page, { orderBy: { createdAt: 'asc' } });
}

export async function listVersions(ctx: Context, id: string, page: PageArgs): Promise<Page<DatasetVersion>> {
  await getDataset(ctx, id);
  return paginate(ctx.em, DatasetVersion, { datasetId: id }, page, { orderBy: { version: 'desc' } });
}

/** The version queries read: the pinned one, else the latest (null while there is none). */
export function readVersionOf(dataset: Dataset): number | null {
  return dataset.pinnedVersion ?? (dataset.latestVersion > 0 ? dataset.latestVersion : null);
}

/** Columns of the version queries read, batched per request. */
export async function columnsOf(ctx: Context, dataset: Dataset): Promise<TableColumn[]> {
  const version = readVersionOf(dataset);
  if (version === null) return [];
  const versions = loader(ctx, 'datasetVersionByKey', () =>
    new DataLoader<string, DatasetVersion | null>(async (keys) => {
      const pairs = keys.map((k) => k.split('@'));
      const rows = await ctx.em.find(DatasetVersion, { $or: pairs.map(([datasetId, v]) => ({ datasetId, version: Number(v) })) });
      const byKey = new Map(rows.map((r) => [`${r.datasetId}@${r.version}`, r]));
      return keys.map((k) => byKey.get(k) ?? null);
    }),
  );
  return (await versions.load(`${dataset.id}@${version}`))?.columns ?? [];
}

/** 409 unless `schema.table` is free among the tenant's active datasets (other than `exceptId`). */
export async function assertTableNameFree(ctx: Context, schemaName: string, tableName: string, exceptId?: string): Promise<void> {
  if (RESERVED_SCHEMAS.has(schemaName.toLowerCase())) throw new BadInputError(`"${schemaName}" is a reserved schema name`);
  const existing = await ctx.em.findOne(Dataset, { schemaName, tableName, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (existing) throw new ConflictError(`A dataset named ${schemaName}.${tableName} already exists`, { existingId: existing.id });
}

/** What a version was loaded from, for its record. */
export interface LoadedVersion extends LoadOutput {
  sourceType: string;
  format: string | null;
  uploadId: string | null;
  sizeBytes: number;
  /** Absolute path of the Parquet file, and its name as recorded. */
  file: string;
  fileName: string;
}

/**
 * Loads `source` into the Parquet file of `datasetId`'s `version`. Nothing is recorded here; the
 * caller writes the rows and removes the file (`discardVersionFile`) if that fails.
 */
export async function loadVersionFile(ctx: Context, datasetId: string, version: number, source: DatasetSourceInput): Promise<LoadedVersion> {
  const identity = requireIdentity(ctx);
  const given = [source.uploadId, source.content, source.rows].filter((v) => v !== undefined && v !== null).length;
  if (given !== 1) throw new BadInputError('The source needs exactly one of uploadId, content or rows');
  const { file: target, fileName } = newVersionFile(ctx, datasetId, version);
  let upload: Upload | undefined;
  let file: string;
  let format: SourceFormat;
  let temporary: string | undefined;
  if (source.uploadId) {
    upload = await getUpload(ctx, source.uploadId);
    file = uploadFile(ctx.config, identity.tenantId, upload.id);
    format = source.format ?? detectFormat(ctx.config, upload);
  } else {
    format = source.rows ? 'json' : (source.format ?? 'csv');
    if (format === 'parquet') throw new BadInputError('Inline content is CSV or JSON text; upload Parquet files');
    if (source.rows && !source.rows.length) throw new BadInputError('rows is empty: send at least one row');
    temporary = prepareFile(join(stagingDir(ctx.config), `${randomUUID()}.${format}`));
    writeFileSync(temporary, source.rows ? JSON.stringify(source.rows) : (source.content as string));
    file = temporary;
  }
  try {
    const loaded = await ctx.engine.load({ file, format }, target);
    if (!loaded.columns.length) {
      discardVersionFile(target);
      throw new BadInputError('The data has no columns');
    }
    return { ...loaded, sourceType: upload ? 'upload' : 'inline', format, uploadId: upload?.id ?? null, sizeBytes: statSync(target).size, file: target, fileName };
  } finally {
    if (temporary) rmSync(temporary, { force: true });
  }
}

/**
 * A fresh Parquet path for `datasetId`'s `version` (its folder created): a new name per write, so
 * two writes racing for one version number never share a file.
 */
export function newVersionFile(ctx: Context, datasetId: string, version: number): { file: string; fileName: string } {
  return nextVersionFile(ctx.config, requireIdentity(ctx).tenantId, datasetId, version);
}

export function discardVersionFile(file: string): void {
  rmSync(file, { force: true });
}

/** `recordVersion` of a version beyond the first, CONFLICT if another request took its number meanwhile. */
export async function recordNextVersion(em: EntityManager, dataset: Dataset, version: number, loaded: LoadedVersion): Promise<DatasetVersion> {
  if (await em.count(DatasetVersion, { datasetId: dataset.id, version })) {
    throw new ConflictError(`Version ${version} of dataset ${dataset.id} was just written by another request; retry`);
  }
  return recordVersion(em, dataset, version, loaded);
}

/** Records a loaded version (and marks its upload consumed) inside the caller's transaction. */
export function recordVersion(em: EntityManager, dataset: Dataset, version: number, loaded: LoadedVersion): DatasetVersion {
  dataset.latestVersion = version;
  dataset.sourceType = loaded.sourceType;
  if (loaded.uploadId) em.getReference(Upload, loaded.uploadId).status = 'consumed';
  return em.create(DatasetVersion, {
    tenantId: dataset.tenantId, datasetId: dataset.id, version, sourceType: loaded.sourceType, uploadId: loaded.uploadId,
    format: loaded.format, columns: loaded.columns, rowCount: loaded.rowCount, sizeBytes: loaded.sizeBytes, fileName: loaded.fileName,
  });
}

/** Creates a dataset with version 1; a failure at any step leaves neither rows nor files. */
export async function createDataset(ctx: Context, input: CreateDatasetInput): Promise<Dataset> {
  const identity = requireIdentity(ctx);
  const tableName = input.tableName ?? tableNameFromLabel(input.label);
  if (!IDENTIFIER.test(tableName)) throw new BadInputError(`tableName ${IDENTIFIER_RULE}`);
  await assertTableNameFree(ctx, DEFAULT_SCHEMA, tableName);
  const id = randomUUID();
  // Any failure from here on removes the new dataset's folder with whatever it holds.
  const discard = () => rmSync(datasetDir(ctx.config, identity.tenantId, id), { recursive: true, force: true });
  const loaded = await loadVersionFile(ctx, id, 1, input.source).catch((error: unknown) => {
    discard();
    throw error;
  });
  try {
    return await transactCatalogs(ctx, async (em, emit) => {
      const dataset = em.create(Dataset, { id, tenantId: identity.tenantId, label: input.label, schemaName: DEFAULT_SCHEMA, tableName, sourceType: loaded.sourceType });
      recordVersion(em, dataset, 1, loaded);
      emit(DATASET_TOPIC, 'created', id, { id, name: tableName, version: 1 });
      return dataset;
    });
  } catch (error) {
    discard();
    throw error;
  }
}

/** Loads new data into a dataset as its next version. */
export async function loadDatasetVersion(ctx: Context, id: string, source: DatasetSourceInput): Promise<Dataset> {
  const dataset = await getDataset(ctx, id);
  const version = dataset.latestVersion + 1;
  const loaded = await loadVersionFile(ctx, id, version, source);
  try {
    return await transactCatalogs(ctx, async (em, emit) => {
      await recordNextVersion(em, dataset, version, loaded);
      emit(DATASET_TOPIC, 'version_loaded', id, { id, name: dataset.tableName, version });
      return dataset;
    });
  } catch (error) {
    discardVersionFile(loaded.file);
    throw error;
  }
}

export async function updateDataset(ctx: Context, id: string, input: UpdateDatasetInput): Promise<Dataset> {
  const dataset = await getDataset(ctx, id);
  if (input.tableName != null && input.tableName !== dataset.tableName) await assertTableNameFree(ctx, dataset.schemaName, input.tableName, id);
  if (input.pinnedVersion != null && input.pinnedVersion > dataset.latestVersion) {
    throw new BadInputError(`Dataset ${id} has no version ${input.pinnedVersion} (latest is ${dataset.latestVersion})`);
  }
  return transactCatalogs(ctx, async (_em, emit) => {
    if (input.label != null) dataset.label = input.label;
    if (input.tableName != null) dataset.tableName = input.tableName;
    if (input.pinnedVersion !== undefined) dataset.pinnedVersion = input.pinnedVersion;
    emit(DATASET_TOPIC, 'updated', id, { id, name: dataset.tableName });
    return dataset;
  });
}

/** Soft delete: the dataset leaves SQL and lists; its files stay for the record. */
export async function deleteDataset(ctx: Context, id: string): Promise<Dataset> {
  const dataset = await getDataset(ctx, id);
  return transactCatalogs(ctx, async (_em, emit) => {
    dataset.archivedAt = new Date();
    emit(DATASET_TOPIC, 'deleted', id, { id, name: dataset.tableName });
    return dataset;
  });
}
