import { ArrayMaxSize, IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ShareAccess, TaskLifecycle, WorkspaceMode, WorkspaceStatus } from './entities';

@InputType({ description: 'A new workspace.' })
export class CreateWorkspaceInput {
  @Field(() => String, { description: 'Title (1 to 255 characters).' })
  @Length(1, 255, { message: 'title must be 1 to 255 characters' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Free-text description.' })
  @IsOptional()
  @MaxLength(10000)
  description?: string | null;

  @Field(() => WorkspaceMode, { nullable: true, description: 'snapshot (default) or operational.' })
  @IsOptional()
  mode?: WorkspaceMode | null;

  @Field(() => ID, { nullable: true, description: 'A dataset of your tenant to back the workspace.' })
  @IsOptional()
  backingDatasetId?: string | null;

  @Field(() => String, { nullable: true, description: 'The column that identifies a row; a warning says which one is used instead when it is not a column.' })
  @IsOptional()
  @MaxLength(255)
  rowIdColumn?: string | null;

  @Field(() => [String], { nullable: true, description: 'Columns that together identify a row (instead of rowIdColumn).' })
  @IsOptional()
  @ArrayMaxSize(16)
  rowIdentityColumns?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Tag names to put on it (created when new).' })
  @IsOptional()
  @ArrayMaxSize(100)
  tags?: string[] | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Free-form renderer settings.' })
  @IsOptional()
  rendererConfig?: Record<string, unknown> | null;
}

@InputType({ description: 'Changes to a workspace; omitted fields stay as they are.' })
export class UpdateWorkspaceInput {
  @Field(() => String, { nullable: true, description: 'New title.' })
  @IsOptional()
  @Length(1, 255, { message: 'title must be 1 to 255 characters' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New description.' })
  @IsOptional()
  @MaxLength(10000)
  description?: string | null;

  @Field(() => WorkspaceMode, { nullable: true, description: 'New mode.' })
  @IsOptional()
  mode?: WorkspaceMode | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'New renderer settings.' })
  @IsOptional()
  rendererConfig?: Record<string, unknown> | null;
}

export enum TagMatch {
  ANY = 'any',
  ALL = 'all',
}
registerEnumType(TagMatch, { name: 'TagMatch', description: 'Whether a workspace needs any or all of the tags asked for.' });

@InputType({ description: 'Which workspaces to list.' })
export class WorkspaceFilter {
  @Field(() => WorkspaceStatus, { nullable: true, description: 'active (default) or archived.' })
  @IsOptional()
  status?: WorkspaceStatus | null;

  @Field(() => [String], { nullable: true, description: 'Only workspaces with these tag names.' })
  @IsOptional()
  @ArrayMaxSize(100)
  tagNames?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only workspaces with these tag ids.' })
  @IsOptional()
  @ArrayMaxSize(100)
  tagIds?: string[] | null;

  @Field(() => TagMatch, { nullable: true, description: 'any (default): one of the tags is enough; all: every tag.' })
  @IsOptional()
  tagMatch?: TagMatch | null;

  @Field(() => Boolean, { nullable: true, description: 'Only workspaces others shared with you (not your own).' })
  @IsOptional()
  sharedWithMe?: boolean | null;
}

@InputType({ description: 'A user to share a workspace with.' })
export class ShareRecipientInput {
  @Field(() => ID, { description: 'A user of your tenant.' })
  userId!: string;

  @Field(() => ShareAccess, { nullable: true, description: 'read (default) or write.' })
  @IsOptional()
  access?: ShareAccess | null;
}

@InputType({ description: "A workspace's share: who it is shared with, replacing the recipients it had." })
export class UpsertShareInput {
  @Field(() => [ShareRecipientInput], { nullable: true, description: 'Recipients with their access.' })
  @IsOptional()
  @ArrayMaxSize(500)
  recipients?: ShareRecipientInput[] | null;

  @Field(() => [ID], { nullable: true, description: 'Recipients with read access (shorthand).' })
  @IsOptional()
  @ArrayMaxSize(500)
  recipientUserIds?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'When the share ends; never when null.' })
  @IsOptional()
  expiresAt?: Date | null;
}

@InputType({ description: 'A tag to put on a workspace, by name (created in your tenant when new).' })
export class TagInput {
  @Field(() => String, { description: 'Name.' })
  @Length(1, 100)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Display colour.' })
  @IsOptional()
  @MaxLength(32)
  color?: string | null;

  @Field(() => String, { nullable: true, description: 'What the tag means.' })
  @IsOptional()
  @MaxLength(2000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Grouping.' })
  @IsOptional()
  @MaxLength(100)
  namespace?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Free-form attributes.' })
  @IsOptional()
  attributes?: Record<string, unknown> | null;
}

@InputType({ description: 'One cell edit: the row (by its identity columns), the column and the new value.' })
export class CellEditInput {
  @Field(() => GraphQLJSONObject, { description: "Values of the workspace's row identity columns naming the row, e.g. {\"id\": 3}." })
  rowKey!: Record<string, unknown>;

  @Field(() => String, { description: 'The column to change.' })
  @Length(1, 255)
  column!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The new value (null clears the cell).' })
  newValue?: unknown;
}

@InputType({ description: 'A new chart.' })
export class CreateChartInput {
  @Field(() => GraphQLJSONObject, { description: 'The chart spec: kind, x.column, y[{column, agg, label}], group, filters, sort, limit (v=1).' })
  spec!: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'Title.' })
  @IsOptional()
  @MaxLength(255)
  title?: string | null;

  @Field(() => Int, { nullable: true, description: 'Place among the charts; after the last when omitted.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  position?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Shown collapsed.' })
  @IsOptional()
  collapsed?: boolean | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Free-form renderer settings.' })
  @IsOptional()
  rendererConfig?: Record<string, unknown> | null;
}

@InputType({ description: 'Changes to a chart; omitted fields stay as they are.' })
export class UpdateChartInput {
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'New spec (replaces the old one).' })
  @IsOptional()
  spec?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'New title.' })
  @IsOptional()
  @MaxLength(255)
  title?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Shown collapsed.' })
  @IsOptional()
  collapsed?: boolean | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'New renderer settings.' })
  @IsOptional()
  rendererConfig?: Record<string, unknown> | null;
}

@InputType({ description: 'A job to attach to a workspace as a task.' })
export class AttachTaskInput {
  @Field(() => ID, { description: 'The job (a job you can see).' })
  taskId!: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether the task may write to the workspace (default false).' })
  @IsOptional()
  mutatesWorkspace?: boolean | null;
}

@InputType({ description: 'Changes to a task binding; omitted fields stay as they are.' })
export class UpdateTaskBindingInput {
  @Field(() => Boolean, { nullable: true, description: 'Whether the task may write to the workspace.' })
  @IsOptional()
  mutatesWorkspace?: boolean | null;

  @Field(() => TaskLifecycle, { nullable: true, description: 'draft, active or paused.' })
  @IsOptional()
  lifecycle?: TaskLifecycle | null;
}
