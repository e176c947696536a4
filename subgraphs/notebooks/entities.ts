import { Entity, Index, Property, Unique, type Opt } from '@mikro-orm/core';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TenantScopedEntity } from '../../src/db/base-entities';
import { TableColumn } from '../../src/engine/table-column';
import { NOTEBOOK_STATUSES } from './notebook.machine';
import { ENDPOINT_TYPES, SESSION_STATUSES } from './session.machine';

/** What a workload config runs: the endpoint types of sessions (notebooks run Marimo on Spark Connect). */
export const WORKLOAD_TYPES = ENDPOINT_TYPES;

/** A named, reusable compute configuration on a cluster (lakesail's workload config). */
@ObjectType({ description: 'A named compute configuration on a cluster, reused by notebooks and sessions. Its workloadType and clusterId never change.' })
@Entity({ tableName: 'workload_configs' })
@Unique({ properties: ['tenantId', 'name'] })
export class WorkloadConfig extends TenantScopedEntity {
  @Field(() => String, { description: 'Name, unique in your tenant.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What it is for.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => String, { description: `What it runs: ${WORKLOAD_TYPES.join(' or ')} (immutable).` })
  @Property({ type: 'string', length: 32 })
  workloadType!: string;

  @Field(() => ID, { description: 'The cluster it runs on (immutable).' })
  @Index()
  @Property({ type: 'string', length: 36 })
  clusterId!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Resources and engine settings (driver/executor sizes, Spark conf), kept as given.' })
  @Property({ type: 'json', nullable: true })
  settings?: unknown = null;

  @Field(() => ID, { description: 'Who created it.' })
  @Property({ type: 'string', length: 36 })
  createdBy!: string;
}

/** A Marimo notebook on Sail (lakesail's): its lifecycle follows notebook.machine.ts. */
@ObjectType({ description: 'An interactive notebook: its cells run SQL on your datasets while it is running.' })
@Entity({ tableName: 'notebooks' })
@Index({ properties: ['tenantId', 'ownerId'] })
@Index({ properties: ['status', 'lastActivityAt'] })
export class Notebook extends TenantScopedEntity {
  @Field(() => String, { description: 'Display name.' })
  @Property({ type: 'string', length: 200 })
  displayName!: string;

  @Field(() => String, { nullable: true, description: 'What it is for.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => String, { description: `Status: ${NOTEBOOK_STATUSES.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'stopped';

  @Field(() => String, { nullable: true, description: 'Why it last stopped on its own (idle timeout, a failed start).' })
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null = null;

  @Field(() => Int, { description: 'Seconds without activity after which a running notebook goes idle; as long again idle and it stops.' })
  @Property({ type: 'integer' })
  idleTimeoutSeconds!: number;

  @Field(() => ID, { description: 'The workload config its pods run with.' })
  @Index()
  @Property({ type: 'string', length: 36 })
  workloadConfigId!: string;

  @Field(() => ID, { description: 'Its owner (who may change, start, stop and run it).' })
  @Property({ type: 'string', length: 36 })
  ownerId!: string;

  @Field(() => Date, { nullable: true, description: 'Last activity (heartbeat or execution) the idle-timeout monitor counts from.' })
  @Property({ type: 'datetime', nullable: true })
  lastActivityAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When it last became running.' })
  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When it last stopped.' })
  @Property({ type: 'datetime', nullable: true })
  stoppedAt?: Date | null = null;
}

/** Kinds of cells: SQL runs on the engine; markdown is text. */
export const CELL_TYPES = ['sql', 'markdown'] as const;
/** States of a cell's latest execution. */
export const CELL_EXECUTION_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

@ObjectType({ description: "What a cell's latest execution returned: its columns and rows (capped)." })
export class NotebookCellOutput {
  @Field(() => [TableColumn], { description: 'Columns, in order.' })
  columns!: TableColumn[];
  @Field(() => GraphQLJSON, { description: 'Rows as arrays in column order (at most the row cap).' })
  rows!: unknown[][];
  @Field(() => Int, { description: 'Rows held.' })
  rowCount!: number;
  @Field(() => Boolean, { description: 'More rows existed than the cap; the rest were not kept.' })
  truncated!: boolean;
}

/** One cell of a notebook, in order by `position`, with its latest execution. */
@ObjectType({ description: 'A cell of a notebook: its source and the state and output of its latest execution.' })
@Entity({ tableName: 'notebook_cells' })
@Index({ properties: ['notebookId', 'position'] })
export class NotebookCell extends TenantScopedEntity {
  @Field(() => ID, { description: 'The notebook.' })
  @Property({ type: 'string', length: 36 })
  notebookId!: string;

  @Field(() => Int, { description: 'Place in the notebook, from 0.' })
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => String, { description: `Kind: ${CELL_TYPES.join(' or ')}.` })
  @Property({ type: 'string', length: 16 })
  cellType!: string;

  @Field(() => String, { description: 'Source text (SQL or markdown).' })
  @Property({ type: 'text' })
  source!: string;

  @Field(() => String, { nullable: true, description: `Latest execution: ${CELL_EXECUTION_STATUSES.join(', ')}; null if never run.` })
  @Property({ type: 'string', length: 16, nullable: true })
  executionStatus?: string | null = null;

  @Field(() => Int, { description: 'Executions so far (the latest is this number).' })
  @Property({ type: 'integer' })
  executionCount: Opt<number> = 0;

  @Field(() => NotebookCellOutput, { nullable: true, description: 'Output of the latest execution that succeeded.' })
  @Property({ type: 'json', nullable: true })
  output?: NotebookCellOutput | null = null;

  @Field(() => String, { nullable: true, description: 'Why the latest execution failed.' })
  @Property({ type: 'text', nullable: true })
  errorMessage?: string | null = null;

  @Field(() => Int, { nullable: true, description: 'Time the engine spent on the latest execution, in ms.' })
  @Property({ type: 'integer', nullable: true })
  executionTimeMs?: number | null = null;

  @Field(() => Date, { nullable: true, description: 'When the latest execution ended.' })
  @Property({ type: 'datetime', nullable: true })
  executedAt?: Date | null = null;
}

/** A session on a compute instance (lakesail's): its lifecycle follows session.machine.ts. */
@ObjectType({ description: 'A Spark Connect or Marimo session on a workload config: pending until its compute is ready, then active until closed.' })
@Entity({ tableName: 'compute_sessions' })
@Index({ properties: ['tenantId', 'ownerId'] })
@Index({ properties: ['tenantId', 'teamId'] })
export class ComputeSession extends TenantScopedEntity {
  @Field(() => String, { nullable: true, description: 'Name.' })
  @Property({ type: 'string', length: 200, nullable: true })
  name?: string | null = null;

  @Field(() => ID, { description: 'Its owner.' })
  @Property({ type: 'string', length: 36 })
  ownerId!: string;

  @Field(() => ID, { nullable: true, description: 'The team it belongs to (its members see it).' })
  @Property({ type: 'string', length: 36, nullable: true })
  teamId?: string | null = null;

  @Field(() => ID, { description: 'The workload config it runs with.' })
  @Property({ type: 'string', length: 36 })
  workloadConfigId!: string;

  @Field(() => String, { description: `Endpoint type: ${ENDPOINT_TYPES.join(' or ')}.` })
  @Property({ type: 'string', length: 32 })
  endpointType!: string;

  @Field(() => String, { description: `Status: ${SESSION_STATUSES.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'pending';

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it became active.' })
  @Property({ type: 'datetime', nullable: true })
  activatedAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was closed.' })
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null = null;

  @Field(() => ID, { nullable: true, description: 'The closed or failed session it was relaunched from.' })
  @Property({ type: 'string', length: 36, nullable: true })
  relaunchedFromId?: string | null = null;
}
