import { BigIntType, Entity, Index, Property, type Opt } from '@mikro-orm/core';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ArchivableEntity, TenantScopedEntity } from '../../src/db/base-entities';
import { TableColumn } from '../../src/engine/table-column';

/** A tenant as this subgraph knows it: a reference the tenants subgraph resolves. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Tenant', { description: 'An organisation (resolved by the tenants subgraph).' })
export class TenantReference {
  @Field(() => ID, { description: 'Tenant id.' })
  id!: string;
}

/** A project as this subgraph knows it: the projects subgraph owns it, this one adds its saved queries. */
@Directive('@key(fields: "id")')
@ObjectType('Project', { description: 'A project: the unit that groups datasets, queries, jobs and agents.' })
export class ProjectReference {
  @Field(() => ID, { description: 'Project id.' })
  id!: string;
}

/** Catalog providers a catalog can be configured for. */
export const CATALOG_PROVIDERS = ['glue', 'iceberg-rest', 'unity', 'hive', 'local'] as const;

/** A named credential; its value lives only encrypted, in versions, and is never returned. */
@ObjectType({ description: 'A stored credential. Only metadata is ever returned: the value is write-only.' })
@Entity({ tableName: 'secrets' })
@Index({ properties: ['tenantId', 'name'] })
export class Secret extends ArchivableEntity {
  @Field(() => String, { description: 'Name, unique among your active secrets; connections reference it.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the secret is for.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => [ID], { description: 'Teams that may use the secret.' })
  @Property({ type: 'json' })
  teamIds: Opt<string[]> = [];

  @Field(() => Int, { description: 'Version of the current value (each replacement adds one).' })
  @Property({ type: 'integer' })
  currentVersion: Opt<number> = 1;

  @Field(() => Date, { nullable: true, description: 'When the current value was revoked; resolving it fails until a new value is set.' })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null = null;
}

/** One value of a secret, AES-256-GCM encrypted, bound to its secret and version. */
@Entity({ tableName: 'secret_versions' })
@Index({ properties: ['secretId', 'version'] })
export class SecretVersion extends TenantScopedEntity {
  @Property({ type: 'string', length: 36 })
  secretId!: string;

  @Property({ type: 'integer' })
  version!: number;

  /** base64(iv | tag | ciphertext) */
  @Property({ type: 'text' })
  sealedValue!: string;
}

/** A data catalog registered with the platform (lakesail): a provider plus its configuration. */
@ObjectType({ description: 'A data catalog: a provider (e.g. AWS Glue) and its configuration, shared with teams.' })
@Entity({ tableName: 'catalogs' })
@Index({ properties: ['tenantId', 'name'] })
export class Catalog extends TenantScopedEntity {
  @Field(() => String, { description: 'Name, unique in your tenant.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { description: `Provider: ${CATALOG_PROVIDERS.join(', ')}.` })
  @Property({ type: 'string', length: 32 })
  provider!: string;

  @Field(() => GraphQLJSONObject, { description: 'Provider configuration (credentials belong in a secret, referenced by secretId).' })
  @Property({ type: 'json' })
  config!: Record<string, unknown>;

  @Field(() => ID, { nullable: true, description: 'Secret holding the credentials; it cannot be deleted while referenced.' })
  @Property({ type: 'string', length: 36, nullable: true })
  secretId?: string | null = null;
}

/** Source types a connection can have; the discoverable ones are really connected to. */
export const CONNECTION_TYPES: { name: string; label: string; discoverable: boolean; configSchema: Record<string, unknown> }[] = [
  { name: 'postgres', label: 'PostgreSQL', discoverable: true, configSchema: { type: 'object', properties: { url: { type: 'string', description: 'postgres://user@host:port/database (password from the secret)' } }, required: ['url'] } },
  { name: 'sqlite', label: 'SQLite', discoverable: true, configSchema: { type: 'object', properties: { path: { type: 'string', description: 'File name under the sources folder (DATA_DIR/sources)' } }, required: ['path'] } },
  { name: 'mysql', label: 'MySQL', discoverable: false, configSchema: { type: 'object' } },
  { name: 'snowflake', label: 'Snowflake', discoverable: false, configSchema: { type: 'object' } },
  { name: 'bigquery', label: 'BigQuery', discoverable: false, configSchema: { type: 'object' } },
  { name: 'duckdb', label: 'DuckDB', discoverable: false, configSchema: { type: 'object' } },
  { name: 'iceberg', label: 'Apache Iceberg', discoverable: false, configSchema: { type: 'object' } },
];

/** A registered remote database whose tables are discovered into the catalog (hotdata connections). */
@ObjectType({ description: 'A connection to a remote database; discovery lists its tables.' })
@Entity({ tableName: 'connections' })
@Index({ properties: ['tenantId', 'name'] })
export class DataConnection extends TenantScopedEntity {
  @Field(() => String, { description: 'Name, unique in your tenant.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { description: 'Source type, e.g. postgres or sqlite.' })
  @Property({ type: 'string', length: 32 })
  sourceType!: string;

  /** Non-secret settings (host, database, file); credentials live in the secret. Never returned. */
  @Property({ type: 'json' })
  config!: Record<string, unknown>;

  @Field(() => ID, { nullable: true, description: 'Secret with the credentials.' })
  @Property({ type: 'string', length: 36, nullable: true })
  secretId?: string | null = null;

  @Field(() => String, { description: 'pending, success, failed or skipped.' })
  @Property({ type: 'string', length: 16 })
  discoveryStatus: Opt<string> = 'pending';

  @Field(() => String, { nullable: true, description: 'Why discovery failed.' })
  @Property({ type: 'text', nullable: true })
  discoveryError?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When tables were last discovered.' })
  @Property({ type: 'datetime', nullable: true })
  discoveredAt?: Date | null = null;
}

/** A table discovery found in a connection. */
@ObjectType({ description: 'A table found in a connection by discovery.' })
@Entity({ tableName: 'connection_tables' })
@Index({ properties: ['connectionId', 'schemaName', 'tableName'] })
export class ConnectionTable extends TenantScopedEntity {
  @Field(() => ID, { description: 'The connection.' })
  @Property({ type: 'string', length: 36 })
  connectionId!: string;

  @Field(() => String, { description: 'Schema (main for SQLite).' })
  @Property({ type: 'string', length: 200 })
  schemaName!: string;

  @Field(() => String, { description: 'Table name.' })
  @Property({ type: 'string', length: 200 })
  tableName!: string;

  @Field(() => [TableColumn], { description: 'Columns in source order.' })
  @Property({ type: 'json' })
  columns!: TableColumn[];

  @Field(() => Boolean, { description: 'Whether its data has been cached locally (sync arrives with the engine).' })
  @Property({ type: 'boolean' })
  synced: Opt<boolean> = false;
}

/** A named SQL query whose every change is kept as a version (hotdata saved queries). */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A saved SQL query; each change adds a version, classified by parsing the SQL.' })
@Entity({ tableName: 'saved_queries' })
// `Project.savedQueries`: a project's saved queries, newest first.
@Index({ properties: ['tenantId', 'projectId', 'createdAt', 'id'] })
export class SavedQuery extends ArchivableEntity {
  @Field(() => String, { description: 'Name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What it is for.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => [String], { description: 'Free-form tags.' })
  @Property({ type: 'json' })
  tags: Opt<string[]> = [];

  @Field(() => Int, { description: 'Number of the newest version.' })
  @Property({ type: 'integer' })
  latestVersion: Opt<number> = 1;

  @Field(() => String, { nullable: true, description: 'Category set by hand, overriding the detected one.' })
  @Property({ type: 'string', length: 32, nullable: true })
  categoryOverride?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Table size annotated by hand.' })
  @Property({ type: 'string', length: 32, nullable: true })
  tableSizeOverride?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'Catalog the query reads from (lakesail).' })
  @Property({ type: 'string', length: 36, nullable: true })
  catalogId?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Default schema within the catalog.' })
  @Property({ type: 'string', length: 200, nullable: true })
  schemaName?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'Project it belongs to (datacovey queries).' })
  @Index()
  @Property({ type: 'string', length: 36, nullable: true })
  projectId?: string | null = null;
}

/** One version of a saved query with what parsing its SQL found. */
@ObjectType({ description: 'One version of a saved query and what its SQL does.' })
@Entity({ tableName: 'saved_query_versions' })
@Index({ properties: ['savedQueryId', 'version'] })
export class SavedQueryVersion extends TenantScopedEntity {
  @Property({ type: 'string', length: 36 })
  savedQueryId!: string;

  @Field(() => Int, { description: 'Version number, from 1.' })
  @Property({ type: 'integer' })
  version!: number;

  @Field(() => String, { description: 'The SQL.' })
  @Property({ type: 'text' })
  sql!: string;

  @Field(() => String, { description: 'SHA-256 of the normalised SQL.' })
  @Property({ type: 'string', length: 64 })
  sqlHash!: string;

  @Field(() => String, { description: 'Detected category: aggregation, join, filtered_scan, full_scan or other.' })
  @Property({ type: 'string', length: 32 })
  category!: string;

  @Field(() => Boolean, { description: 'Uses an aggregate function.' })
  @Property({ type: 'boolean' })
  hasAggregation!: boolean;

  @Field(() => Boolean, { description: 'Has GROUP BY.' })
  @Property({ type: 'boolean' })
  hasGroupBy!: boolean;

  @Field(() => Boolean, { description: 'Joins tables.' })
  @Property({ type: 'boolean' })
  hasJoin!: boolean;

  @Field(() => Boolean, { description: 'Has LIMIT.' })
  @Property({ type: 'boolean' })
  hasLimit!: boolean;

  @Field(() => Boolean, { description: 'Has ORDER BY.' })
  @Property({ type: 'boolean' })
  hasOrderBy!: boolean;

  @Field(() => Boolean, { description: 'Has WHERE or HAVING.' })
  @Property({ type: 'boolean' })
  hasPredicate!: boolean;

  @Field(() => Int, { description: 'Distinct tables it reads.' })
  @Property({ type: 'integer' })
  numTables!: number;
}

/** Upload statuses: stored and not yet used, or loaded into at least one dataset. */
export const UPLOAD_STATUSES = ['uploaded', 'consumed'] as const;

/** Raw bytes sent to `POST /v1/files` (or `createUpload`), kept until a dataset is built from them. */
@ObjectType({ description: 'An uploaded file (CSV, JSON or Parquet) that datasets can be created from.' })
@Entity({ tableName: 'uploads' })
export class Upload extends TenantScopedEntity {
  @Field(() => String, { nullable: true, description: 'Content type the client sent.' })
  @Property({ type: 'string', length: 200, nullable: true })
  contentType?: string | null = null;

  @Field(() => Float, { description: 'Size in bytes.' })
  @Property({ type: new BigIntType('number') })
  sizeBytes!: number;

  @Field(() => String, { description: `Status: ${UPLOAD_STATUSES.join(' or ')}.` })
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'uploaded';
}

/**
 * A named group of tables in a project (datacovey's dataset, a BigQuery dataset there). Its name
 * is the SQL schema its tables are queried under.
 */
@ObjectType({ description: "A project's named group of tables (datacovey's dataset); SQL reaches its tables as `name.table`." })
@Entity({ tableName: 'project_datasets' })
@Index({ properties: ['tenantId', 'name'] })
@Index({ properties: ['tenantId', 'projectId', 'createdAt', 'id'] })
export class ProjectDataset extends ArchivableEntity {
  @Field(() => String, { description: 'Name: a SQL identifier, unique in your tenant (it is the schema of its tables).' })
  @Property({ type: 'string', length: 63 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What it holds.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => ID, { description: 'The project it belongs to.' })
  @Index()
  @Property({ type: 'string', length: 36 })
  projectId!: string;
}

/**
 * A table of data the platform manages (hotdata's dataset; datacovey's table when it belongs to a
 * project dataset). Every load is a new immutable version stored as Parquet; queries read the
 * pinned version, else the latest.
 */
@ObjectType({ description: 'A managed table built from uploads or inline data; each load is a new version, queryable with SQL.' })
@Entity({ tableName: 'datasets' })
@Index({ properties: ['tenantId', 'schemaName', 'tableName'] })
export class Dataset extends ArchivableEntity {
  @Field(() => String, { description: 'Display label.' })
  @Property({ type: 'string', length: 200 })
  label!: string;

  @Field(() => String, { description: 'SQL schema it is queried under: `datasets`, or its project dataset name.' })
  @Property({ type: 'string', length: 63 })
  schemaName!: string;

  @Field(() => String, { description: 'SQL table name, unique within its schema; `schema.table` in SQL (plain `table` for `datasets`).' })
  @Property({ type: 'string', length: 63 })
  tableName!: string;

  @Field(() => String, { description: 'Where the latest version came from: upload, inline, or schema (an empty table with declared columns).' })
  @Property({ type: 'string', length: 16 })
  sourceType!: string;

  @Field(() => Int, { description: 'Newest version (0 while a table has no data and no declared schema).' })
  @Property({ type: 'integer' })
  latestVersion: Opt<number> = 0;

  @Field(() => Int, { nullable: true, description: 'Version queries read instead of the latest; null reads the latest.' })
  @Property({ type: 'integer', nullable: true })
  pinnedVersion?: number | null = null;

  @Field(() => ID, { nullable: true, description: 'Project dataset it belongs to (datacovey tables).' })
  @Index()
  @Property({ type: 'string', length: 36, nullable: true })
  projectDatasetId?: string | null = null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Schema declared by the creator (datacovey tables), as given.' })
  @Property({ type: 'json', nullable: true })
  declaredSchema?: unknown = null;
}

/** One immutable load of a dataset: its Parquet file, columns and size. */
@ObjectType({ description: 'One version of a dataset: what was loaded, its columns and row count.' })
@Entity({ tableName: 'dataset_versions' })
@Index({ properties: ['datasetId', 'version'] })
export class DatasetVersion extends TenantScopedEntity {
  @Field(() => ID, { description: 'The dataset.' })
  @Property({ type: 'string', length: 36 })
  datasetId!: string;

  @Field(() => Int, { description: 'Version number, from 1.' })
  @Property({ type: 'integer' })
  version!: number;

  @Field(() => String, { description: 'upload, inline or schema.' })
  @Property({ type: 'string', length: 16 })
  sourceType!: string;

  @Field(() => ID, { nullable: true, description: 'The upload it was loaded from.' })
  @Property({ type: 'string', length: 36, nullable: true })
  uploadId?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Format of the source: csv, json or parquet.' })
  @Property({ type: 'string', length: 16, nullable: true })
  format?: string | null = null;

  @Field(() => [TableColumn], { description: 'Columns in order.' })
  @Property({ type: 'json' })
  columns!: TableColumn[];

  @Field(() => Float, { description: 'Rows in this version.' })
  @Property({ type: new BigIntType('number') })
  rowCount!: number;

  /** Parquet file under the dataset's folder (see src/engine/storage.ts). */
  @Property({ type: 'string', length: 100 })
  fileName!: string;

  @Field(() => Float, { description: 'Size of the stored Parquet file in bytes.' })
  @Property({ type: new BigIntType('number') })
  sizeBytes!: number;
}

/** What a table job does: load an upload into the table, or write the table to a file. */
export const TABLE_JOB_KINDS = ['import', 'export'] as const;
/** Table job statuses: pending, then running, ending done or failed. */
export const TABLE_JOB_STATUSES = ['pending', 'running', 'done', 'failed'] as const;

/** A background import into a table or export of one (datacovey's ImportJob and ExportJob, one table here: their shapes are identical). */
@ObjectType({ description: "A background job on a table: an import loads an upload as the table's next version; an export writes the table's current version to a file." })
@Entity({ tableName: 'table_jobs' })
@Index({ properties: ['tenantId', 'kind', 'tableId'] })
export class TableJob extends ArchivableEntity {
  @Field(() => String, { description: `Kind: ${TABLE_JOB_KINDS.join(' or ')}.` })
  @Property({ type: 'string', length: 16 })
  kind!: string;

  @Field(() => ID, { description: 'The table (a dataset of a project dataset).' })
  @Property({ type: 'string', length: 36 })
  tableId!: string;

  @Field(() => String, { description: `Status: ${TABLE_JOB_STATUSES.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'pending';

  @Field(() => String, { nullable: true, description: 'The free-text status the client gave at creation (datacovey asks for one), kept as a label.' })
  @Property({ type: 'string', length: 200, nullable: true })
  label?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'Import: the upload it loads.' })
  @Property({ type: 'string', length: 36, nullable: true })
  uploadId?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Export: file format (CSV, JSON or PARQUET).' })
  @Property({ type: 'string', length: 16, nullable: true })
  format?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Export: compression (GZIP, DEFLATE or NONE).' })
  @Property({ type: 'string', length: 16, nullable: true })
  compression?: string | null = null;

  @Field(() => Int, { nullable: true, description: 'The table version it loaded (import) or wrote (export), once done.' })
  @Property({ type: 'integer', nullable: true })
  version?: number | null = null;

  @Field(() => String, { nullable: true, description: "Export: the file's name once written (it lives in the tenant's files)." })
  @Property({ type: 'string', length: 80, nullable: true })
  fileName?: string | null = null;

  @Field(() => Float, { nullable: true, description: 'Export: size of the file in bytes.' })
  @Property({ type: new BigIntType('number'), nullable: true })
  sizeBytes?: number | null = null;

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  @Property({ type: 'text', nullable: true })
  errorMessage?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it ended.' })
  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date | null = null;
}
