import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { TableColumn } from '../../src/engine/table-column';
import { ShareAccess, TaskLifecycle, Workspace, WorkspaceMode } from './entities';

/** GraphQL shapes of the workspaces domain that are not stored entities. */

@ObjectType({ description: 'A user as a workspace shows them (the seed\'s UserRef).' })
export class WorkspaceUser {
  @Field(() => ID, { description: 'User id.' })
  id!: string;
  @Field(() => String, { description: 'Email address.' })
  email!: string;
  @Field(() => String, { description: 'Full name.' })
  name!: string;
  @Field(() => String, { description: 'First word of the name.' })
  firstName!: string;
  @Field(() => String, { description: 'The rest of the name (empty for a one-word name).' })
  lastName!: string;
  @Field(() => String, { nullable: true, description: 'Profile picture URL (none are stored yet: always null).' })
  profilePictureUrl?: string | null;
}

@ObjectType({ description: 'Something creating a workspace noticed but did not refuse.' })
export class WorkspaceCreateWarning {
  @Field(() => String, { description: 'Machine code, e.g. row_id_column_not_found.' })
  code!: string;
  @Field(() => String, { description: 'What happened, in words.' })
  message!: string;
  @Field(() => String, { nullable: true, description: 'The row id column asked for.' })
  requestedRowIdColumn?: string | null;
  @Field(() => String, { nullable: true, description: 'The row id column used.' })
  effectiveRowIdColumn?: string | null;
}

@ObjectType({ description: 'A new workspace and what creating it noticed.' })
export class WorkspaceCreateResult {
  @Field(() => Workspace, { description: 'The workspace.' })
  workspace!: Workspace;
  @Field(() => [WorkspaceCreateWarning], { description: 'Warnings (e.g. the row id column used instead of the one asked for).' })
  warnings!: WorkspaceCreateWarning[];
}

@ObjectType({ description: 'A user a workspace is shared with.' })
export class WorkspaceShareRecipientView {
  @Field(() => ID, { description: 'The user.' })
  userId!: string;
  @Field(() => ShareAccess, { description: 'read or write.' })
  access!: ShareAccess;
}

@ObjectType({ description: "A workspace's one share: not_shared until set." })
export class WorkspaceShareView {
  @Field(() => ID, { description: 'The workspace.' })
  workspaceId!: string;
  @Field(() => ID, { nullable: true, description: 'Share id; null when the workspace was never shared or the share was cleared.' })
  shareId?: string | null;
  @Field(() => String, { description: 'shared or not_shared.' })
  state!: string;
  @Field(() => String, { nullable: true, description: 'active, revoked or expired; null without a share.' })
  status?: string | null;
  @Field(() => Date, { nullable: true, description: 'When the share ends; null: never.' })
  expiresAt?: Date | null;
  @Field(() => [WorkspaceShareRecipientView], { description: 'Who it is shared with, and how.' })
  recipients!: WorkspaceShareRecipientView[];
  @Field(() => Date, { nullable: true, description: 'When the share was first set.' })
  createdAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the share last changed.' })
  updatedAt?: Date | null;
}

@ObjectType({ description: 'An entry of a workspace\'s activity feed (an event of its log).' })
export class WorkspaceActivityItem {
  @Field(() => String, { description: 'Event cursor.' })
  id!: string;
  @Field(() => String, { description: 'What happened: created, cells_updated, chart_created, shared, archived, …' })
  kind!: string;
  @Field(() => String, { description: 'Outcome (succeeded: every recorded change happened).' })
  status!: string;
  @Field(() => String, { description: 'Title for display.' })
  title!: string;
  @Field(() => GraphQLJSONObject, { description: 'The event payload: actor, chart, mutation, cells, recipients.' })
  detail!: Record<string, unknown>;
  @Field(() => Date, { description: 'When it happened.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A table a workspace can be backed by: a dataset of your tenant.' })
export class WorkspaceTableCandidate {
  @Field(() => ID, { description: 'The dataset (pass as backingDatasetId).' })
  datasetId!: string;
  @Field(() => String, { description: 'SQL table name.' })
  tableName!: string;
  @Field(() => String, { description: 'Display label.' })
  logicalTableName!: string;
  @Field(() => String, { description: 'SQL schema of the table.' })
  scope!: string;
  @Field(() => String, { description: 'Where its latest version came from.' })
  sourceType!: string;
  @Field(() => [String], { description: 'Columns that identify a row (id when the table has one).' })
  primaryKeyColumns!: string[];
  @Field(() => Float, { description: 'Rows in the latest version.' })
  rowCount!: number;
  @Field(() => Date, { description: 'When it was last written.' })
  lastWriteAt!: Date;
  @Field(() => Boolean, { description: 'Whether workspace edits can write to it.' })
  canWrite!: boolean;
  @Field(() => Boolean, { description: 'Whether a workspace can be opened on it.' })
  canOpenWorkspace!: boolean;
  @Field(() => String, { nullable: true, description: 'Why it is read-only, if it is.' })
  readOnlyReason?: string | null;
}

@ObjectType({ description: "A page of a workspace's backing-table rows." })
export class WorkspaceDataPage {
  @Field(() => ID, { description: 'The workspace.' })
  workspaceId!: string;
  @Field(() => [TableColumn], { description: 'Columns in order.' })
  columns!: TableColumn[];
  @Field(() => [GraphQLJSONObject], { description: 'Rows as column → value objects.' })
  items!: Record<string, unknown>[];
  @Field(() => [String], { description: 'Columns that identify a row.' })
  rowIdentityColumns!: string[];
  @Field(() => WorkspaceMode, { description: 'The workspace mode.' })
  mode!: WorkspaceMode;
  @Field(() => Boolean, { description: 'Whether the page follows the table live (operational mode).' })
  isLive!: boolean;
  @Field(() => Boolean, { description: 'Whether you may edit cells.' })
  canEdit!: boolean;
  @Field(() => String, { nullable: true, description: 'Why you may not edit, if you may not.' })
  readOnlyReason?: string | null;
  @Field(() => Int, { description: 'Page size asked for.' })
  limit!: number;
  @Field(() => Int, { description: 'Rows skipped.' })
  offset!: number;
  @Field(() => Float, { description: 'Rows in the table.' })
  total!: number;
  @Field(() => Boolean, { description: 'More rows follow.' })
  hasNext!: boolean;
  @Field(() => String, { nullable: true, description: 'Backing table name.' })
  backingTableName?: string | null;
  @Field(() => String, { nullable: true, description: 'Backing table schema.' })
  backingTableScope?: string | null;
  @Field(() => Int, { nullable: true, description: 'Dataset version read.' })
  datasetVersion?: number | null;
}

@ObjectType({ description: 'What a cell edit did.' })
export class WorkspaceCellMutation {
  @Field(() => ID, { description: 'Id of this edit (also in the workspace events and activity).' })
  mutationId!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The edited row as it now is (the first one, for several).' })
  row?: Record<string, unknown> | null;
  @Field(() => [GraphQLJSONObject], { description: 'Every edited row as it now is.' })
  rows!: Record<string, unknown>[];
  @Field(() => Int, { description: 'The dataset version the edit wrote.' })
  datasetVersion!: number;
}

@ObjectType({ description: 'One aggregated point of a chart.' })
export class WorkspaceChartPoint {
  @Field(() => GraphQLJSON, { nullable: true, description: 'x value.' })
  x?: unknown;
  @Field(() => Float, { nullable: true, description: 'Aggregated y value.' })
  y?: number | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Group value (null without a group).' })
  group?: unknown;
}

@ObjectType({ description: 'A chart aggregated over the backing table.' })
export class WorkspaceChartData {
  @Field(() => ID, { description: 'The chart.' })
  chartId!: string;
  @Field(() => String, { description: 'x column.' })
  xColumn!: string;
  @Field(() => String, { description: 'y label (the series label, else agg(column)).' })
  yLabel!: string;
  @Field(() => String, { nullable: true, description: 'Group column, if any.' })
  groupColumn?: string | null;
  @Field(() => [WorkspaceChartPoint], { description: 'Points in order.' })
  rows!: WorkspaceChartPoint[];
  @Field(() => Boolean, { description: 'More points existed than the limit.' })
  truncated!: boolean;
}

@ObjectType({ description: 'A change in a workspace, as pushed by `workspaceChanged`.' })
export class WorkspaceChangeEvent {
  @Field(() => String, { description: 'Event cursor: resubscribe with `after` set to it to resume after this event.' })
  cursor!: string;
  @Field(() => String, { description: 'What happened: updated, archived, restored, deleted, shared, share_revoked, share_cleared, tags_set, cells_updated, chart_created, chart_updated, chart_deleted.' })
  type!: string;
  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;
  @Field(() => ID, { description: 'The workspace.' })
  workspaceId!: string;
  @Field(() => ID, { description: 'Who did it.' })
  actorId!: string;
  @Field(() => ID, { nullable: true, description: 'The chart, for chart events.' })
  chartId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The edit, for cells_updated.' })
  mutationId?: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The cells edited: [{key, column, newValue}].' })
  cells?: unknown;
  @Field(() => Int, { nullable: true, description: 'Dataset version a cell edit wrote.' })
  datasetVersion?: number | null;
}

@ObjectType({ description: 'A job attached to a workspace as a task.' })
export class WorkspaceBoundTask {
  @Field(() => ID, { description: 'The binding.' })
  bindingId!: string;
  @Field(() => ID, { description: 'The job.' })
  taskId!: string;
  @Field(() => String, { description: "The job's key." })
  name!: string;
  @Field(() => String, { description: "The job's name." })
  displayName!: string;
  @Field(() => String, { nullable: true, description: "The job's description." })
  description?: string | null;
  @Field(() => TaskLifecycle, { description: 'draft, active or paused.' })
  lifecycle!: TaskLifecycle;
  @Field(() => Boolean, { description: 'Whether the task may write to the workspace.' })
  mutatesWorkspace!: boolean;
}

@ObjectType({ description: 'A step of a workspace run: one query the job ran.' })
export class WorkspaceRunStep {
  @Field(() => ID, { description: 'The query run.' })
  id!: string;
  @Field(() => Int, { description: 'Order, from 1.' })
  sequence!: number;
  @Field(() => String, { description: 'Step key.' })
  stepKey!: string;
  @Field(() => String, { description: 'What the step is: query_run.' })
  sourceType!: string;
}

@ObjectType({ description: "A run of one of a workspace's bound tasks (a job run)." })
export class WorkspaceRun {
  @Field(() => ID, { description: 'Run id.' })
  id!: string;
  @Field(() => ID, { description: 'The workspace.' })
  workspaceId!: string;
  @Field(() => ID, { description: 'The task (job).' })
  taskId!: string;
  @Field(() => String, { description: "The task's name." })
  taskDisplayName!: string;
  @Field(() => String, { description: 'pending, ready, running, succeeded, failed, timeout or cancelled.' })
  status!: string;
  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it started.' })
  startedAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it ended.' })
  completedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it failed, timed out or was cancelled.' })
  error?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Its parameters.' })
  context?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { description: 'What it produced: the job version run and its query runs.' })
  result!: Record<string, unknown>;
  @Field(() => String, { nullable: true, description: 'Who started it.' })
  triggeredBy?: string | null;
  @Field(() => String, { description: 'How it started: manual or schedule.' })
  triggerRef!: string;
  @Field(() => [WorkspaceRunStep], { description: 'Its queries, in order.' })
  steps!: WorkspaceRunStep[];
}
