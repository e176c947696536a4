import { BigIntType, Entity, Index, Property, type Opt } from '@mikro-orm/core';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { TenantScopedEntity } from '../../src/db/base-entities';
import { TableColumn } from '../../src/engine/table-column';

/** Query run statuses: hotdata's running, succeeded and failed, plus queued and cancelled for background runs. */
export const QUERY_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
/** Result statuses (hotdata): processing, then ready or failed. */
export const RESULT_STATUSES = ['processing', 'ready', 'failed'] as const;

/** One execution of SQL on the engine (hotdata's query run): what ran, how long, how it ended. */
@ObjectType({ description: 'One execution of SQL: its text, status, timing and result.' })
@Entity({ tableName: 'query_runs' })
@Index({ properties: ['tenantId', 'createdAt'] })
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
@Index({ properties: ['tenantId', 'createdAt'] })
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
