import { BigIntType, Entity, Index, Property, Unique, type Opt } from '@mikro-orm/core';
import { GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ArchivableEntity, TenantScopedEntity } from '../../src/db/base-entities';
import { TableColumn } from '../../src/engine/table-column';
import { EXPORT_COMPRESSIONS, EXPORT_FORMATS, EXPORT_STATUSES } from '../../src/engine/exports';

/** A tenant as this subgraph knows it: a reference the tenants subgraph resolves. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Tenant', { description: 'An organisation (resolved by the tenants subgraph).' })
export class TenantReference {
  @Field(() => ID, { description: 'Tenant id.' })
  id!: string;
}

/** A saved query as this subgraph knows it: the catalogs subgraph owns it, this one adds its runs. */
@Directive('@key(fields: "id")')
@ObjectType('SavedQuery', { description: 'A saved SQL query; each change adds a version, classified by parsing the SQL.' })
export class SavedQueryReference {
  @Field(() => ID, { description: 'Saved query id.' })
  id!: string;
}

/** Query run statuses: hotdata's running, succeeded and failed, plus queued and cancelled for background runs. */
export const QUERY_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
/** Result statuses (hotdata): processing, then ready or failed. */
export const RESULT_STATUSES = ['processing', 'ready', 'failed'] as const;

/** One execution of SQL on the engine (hotdata's query run): what ran, how long, how it ended. */
@ObjectType({ description: 'One execution of SQL: its text, status, timing and result.' })
@Entity({ tableName: 'query_runs' })
// `SavedQuery.runs`: a saved query's runs, newest first.
@Index({ properties: ['tenantId', 'savedQueryId', 'createdAt', 'id'] })
export class QueryRun extends TenantScopedEntity {
  @Field(() => String, { description: 'The SQL that ran.' })
  @Property({ type: 'text' })
  sqlText!: string;

  @Field(() => String, { description: 'SHA-256 of the whitespace-normalised SQL.' })
  @Property({ type: 'string', length: 64 })
  sqlHash!: string;

  @Field(() => String, { description: `Status: ${QUERY_RUN_STATUSES.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'running';

  @Field(() => ID, { nullable: true, description: 'The user who ran it.' })
  @Property({ type: 'string', length: 36, nullable: true })
  userId?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The saved query it executed, if any.' })
  @Index()
  @Property({ type: 'string', length: 36, nullable: true })
  savedQueryId?: string | null = null;

  @Field(() => Int, { nullable: true, description: 'The version of that saved query.' })
  @Property({ type: 'integer', nullable: true })
  savedQueryVersion?: number | null = null;

  @Field(() => ID, { nullable: true, description: 'Its persisted result, once there is one.' })
  @Property({ type: 'string', length: 36, nullable: true })
  resultId?: string | null = null;

  @Field(() => Float, { nullable: true, description: 'Rows returned.' })
  @Property({ type: new BigIntType('number'), nullable: true })
  rowCount?: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Time the engine spent, in ms.' })
  @Property({ type: 'integer', nullable: true })
  executionTimeMs?: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Time the server spent in all (engine, tables, persisting), in ms.' })
  @Property({ type: 'integer', nullable: true })
  serverProcessingMs?: number | null = null;

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  @Property({ type: 'text', nullable: true })
  errorMessage?: string | null = null;

  @Field(() => String, { nullable: true, description: 'A warning, e.g. the result was cut at the row cap.' })
  @Property({ type: 'text', nullable: true })
  warningMessage?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it ended.' })
  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date | null = null;
}

/** The persisted rows of a query run (hotdata's result). */
@ObjectType({ description: 'The persisted rows of a query run.' })
@Entity({ tableName: 'query_results' })
export class QueryResult extends TenantScopedEntity {
  @Field(() => ID, { description: 'The run that produced it.' })
  @Property({ type: 'string', length: 36 })
  queryRunId!: string;

  @Field(() => String, { description: `Status: ${RESULT_STATUSES.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'processing';

  @Field(() => [TableColumn], { nullable: true, description: 'Columns (null until ready).' })
  @Property({ type: 'json', nullable: true })
  columns?: TableColumn[] | null = null;

  /** Lazy: lists never load rows; one result at a time populates them. */
  @Field(() => GraphQLJSON, { nullable: true, description: 'Rows as arrays in column order (null until ready).' })
  @Property({ type: 'json', nullable: true, lazy: true })
  rows?: unknown[][] | null = null;

  @Field(() => Float, { nullable: true, description: 'Rows held (null until ready).' })
  @Property({ type: new BigIntType('number'), nullable: true })
  rowCount?: number | null = null;

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  @Property({ type: 'text', nullable: true })
  errorMessage?: string | null = null;
}

/** Job version statuses: one draft at most, any number published. */
export const JOB_VERSION_STATUSES = ['draft', 'published'] as const;

/** A job definition (lakesail): a name and key, the version it runs, and its runs. */
@ObjectType({ description: 'A job: named, versioned configuration (queries to run, cluster, schedule) and its runs.' })
@Entity({ tableName: 'jobs' })
@Index({ properties: ['tenantId', 'jobKey'] })
export class Job extends ArchivableEntity {
  @Field(() => String, { description: 'Name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What it does.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => String, { description: 'Stable key, unique in your tenant (derived from the name unless given).' })
  @Property({ type: 'string', length: 100 })
  jobKey!: string;

  @Field(() => Int, { description: 'The published version new runs use.' })
  @Property({ type: 'integer' })
  activeVersion: Opt<number> = 1;

  @Field(() => Date, { nullable: true, description: 'When its latest run was created.' })
  @Property({ type: 'datetime', nullable: true })
  lastRunAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: "When the active version's schedule creates the next run (null: not scheduled)." })
  @Index()
  @Property({ type: 'datetime', nullable: true })
  nextRunAt?: Date | null = null;
}

/** A point-in-time configuration of a job: what it runs and where. Published ones are immutable. */
@ObjectType({ description: 'A version of a job: the saved queries it runs (in order), its cluster, schedule and limits.' })
@Entity({ tableName: 'job_versions' })
@Index({ properties: ['jobId', 'version'] })
export class JobVersion extends TenantScopedEntity {
  @Field(() => ID, { description: 'The job.' })
  @Property({ type: 'string', length: 36 })
  jobId!: string;

  @Field(() => Int, { description: 'Version number, from 1 (a draft holds the next number).' })
  @Property({ type: 'integer' })
  version!: number;

  @Field(() => String, { description: `Status: ${JOB_VERSION_STATUSES.join(' or ')}.` })
  @Property({ type: 'string', length: 16 })
  status!: string;

  @Field(() => [ID], { description: 'Saved queries run in this order.' })
  @Property({ type: 'json' })
  queryIds!: string[];

  @Field(() => ID, { nullable: true, description: 'Cluster the runs target (clusters arrive with their subgraph; kept as given until then).' })
  @Property({ type: 'string', length: 36, nullable: true })
  clusterId?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Cron schedule (5 fields, or 6 with seconds first; UTC): while this version is active, runs are created on it.' })
  @Property({ type: 'string', length: 100, nullable: true })
  schedule?: string | null = null;

  @Field(() => Int, { description: 'A run longer than this many ms ends `timeout`.' })
  @Property({ type: 'integer' })
  timeoutMs!: number;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Dependency and other settings, as given.' })
  @Property({ type: 'json', nullable: true })
  settings?: unknown = null;

  @Field(() => Date, { nullable: true, description: 'When it was published.' })
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null = null;
}

/** One execution of a job version; its status follows the job run state machine (job-run.machine.ts). */
@ObjectType({ description: 'One run of a job: its status, timing, progress and the query runs it made.' })
@Entity({ tableName: 'job_runs' })
@Index({ properties: ['tenantId', 'jobId', 'createdAt', 'id'] })
// One run per scheduled time: a second scheduler (another instance) cannot create it again.
@Unique({ properties: ['jobId', 'scheduledFor'] })
export class JobRun extends TenantScopedEntity {
  @Field(() => ID, { description: 'The job.' })
  @Property({ type: 'string', length: 36 })
  jobId!: string;

  @Field(() => Int, { description: 'The job version it runs.' })
  @Property({ type: 'integer' })
  version!: number;

  @Field(() => String, { description: 'pending, ready, running, succeeded, failed, timeout or cancelled.' })
  @Property({ type: 'string', length: 16 })
  status!: string;

  @Field(() => String, { description: 'What started it: manual, schedule or retry.' })
  @Property({ type: 'string', length: 16 })
  trigger!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Parameters given at creation.' })
  @Property({ type: 'json', nullable: true })
  parameters?: unknown = null;

  @Field(() => Date, { nullable: true, description: 'The scheduled time it was created for (schedule runs only).' })
  @Property({ type: 'datetime', nullable: true })
  scheduledFor?: Date | null = null;

  @Field(() => Int, { description: 'Times it started executing (retries and recoveries count).' })
  @Property({ type: 'integer' })
  attempts: Opt<number> = 0;

  @Field(() => Float, { description: 'Share of its queries done, 0 to 1.' })
  @Property({ type: 'double' })
  progress: Opt<number> = 0;

  @Field(() => [ID], { description: 'Query runs it made, in order (each with its persisted result).' })
  @Property({ type: 'json' })
  queryRunIds: Opt<string[]> = [];

  @Field(() => ID, { nullable: true, description: 'The user who created it.' })
  @Property({ type: 'string', length: 36, nullable: true })
  createdBy?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why it failed, timed out or was cancelled.' })
  @Property({ type: 'text', nullable: true })
  errorMessage?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it last started running.' })
  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When it ended.' })
  @Property({ type: 'datetime', nullable: true })
  endedAt?: Date | null = null;
}

/** A file written from a query run's persisted result (datacovey's QueryResultExport), by a background task. */
@ObjectType({ description: "A file of a query run's result in a chosen format and compression, written in the background and downloaded through a signed URL." })
@Entity({ tableName: 'query_result_exports' })
@Index({ properties: ['tenantId', 'queryRunId'] })
export class QueryResultExport extends TenantScopedEntity {
  @Field(() => ID, { description: 'The query run whose result it holds.' })
  @Property({ type: 'string', length: 36 })
  queryRunId!: string;

  @Field(() => String, { description: `File format: ${EXPORT_FORMATS.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  format!: string;

  @Field(() => String, { description: `Compression: ${EXPORT_COMPRESSIONS.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  compression!: string;

  @Field(() => String, { description: `Status: ${EXPORT_STATUSES.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'pending';

  @Field(() => String, { nullable: true, description: "The file's name once written, e.g. `<id>.csv.gz` (it lives in the tenant's files)." })
  @Property({ type: 'string', length: 80, nullable: true })
  fileName?: string | null = null;

  @Field(() => Float, { nullable: true, description: 'Size of the file in bytes, once written.' })
  @Property({ type: new BigIntType('number'), nullable: true })
  sizeBytes?: number | null = null;

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  @Property({ type: 'text', nullable: true })
  errorMessage?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When the file was written (or the export failed).' })
  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date | null = null;

  @Field(() => Date, { description: 'After this time the file is no longer offered for download (7 days after creation).' })
  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
