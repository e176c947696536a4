import { Entity, Enum, Index, Property, Unique, type Opt } from '@mikro-orm/core';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TenantScopedEntity } from '../../src/db/base-entities';

export enum WorkspaceMode {
  SNAPSHOT = 'snapshot',
  OPERATIONAL = 'operational',
}
registerEnumType(WorkspaceMode, {
  name: 'WorkspaceMode',
  description: 'How a workspace treats its backing table.',
  valuesConfig: {
    SNAPSHOT: { description: 'A frozen copy to explore; the data is not live.' },
    OPERATIONAL: { description: 'Live: the data page reflects every new version of the backing table.' },
  },
});

export enum WorkspaceStatus {
  ACTIVE = 'active',
  ARCHIVED = 'archived',
}
registerEnumType(WorkspaceStatus, { name: 'WorkspaceStatus', description: 'active, or archived (read-only, hidden from the default list).' });

export enum ShareAccess {
  READ = 'read',
  WRITE = 'write',
}
registerEnumType(ShareAccess, { name: 'ShareAccess', description: 'What a share recipient may do.' });

/**
 * A workspace: a titled place over an optional backing dataset (a catalogs table, referenced by
 * id), with charts, tags and one share. Only its owner and its share's recipients can see it.
 */
@ObjectType({ description: 'A workspace: a title, a mode, an optional backing table, charts, tags and sharing.' })
@Entity({ tableName: 'workspaces' })
@Index({ properties: ['tenantId', 'ownerId'] })
export class Workspace extends TenantScopedEntity {
  @Field(() => String, { description: 'Title (1 to 255 characters).' })
  @Property({ type: 'string', length: 255 })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Free-text description.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => WorkspaceMode, { description: 'snapshot or operational.' })
  @Enum({ items: () => WorkspaceMode, type: 'string', length: 16 })
  mode: Opt<WorkspaceMode> = WorkspaceMode.SNAPSHOT;

  @Field(() => WorkspaceStatus, { description: 'active or archived.' })
  @Enum({ items: () => WorkspaceStatus, type: 'string', length: 16 })
  status: Opt<WorkspaceStatus> = WorkspaceStatus.ACTIVE;

  @Field(() => String, { description: "hotdata's public id, `ws_…`." })
  @Unique()
  @Property({ type: 'string', length: 40 })
  publicId!: string;

  @Field(() => ID, { description: 'The user who owns it.' })
  @Property({ type: 'string', length: 36 })
  ownerId!: string;

  @Field(() => ID, { nullable: true, description: 'The dataset (managed table) that backs it, if any.' })
  @Property({ type: 'string', length: 36, nullable: true })
  backingDatasetId?: string | null = null;

  @Field(() => String, { nullable: true, description: 'SQL table name of the backing dataset when it was attached.' })
  @Property({ type: 'string', length: 63, nullable: true })
  backingTableName?: string | null = null;

  @Field(() => String, { nullable: true, description: 'SQL schema of the backing dataset when it was attached.' })
  @Property({ type: 'string', length: 63, nullable: true })
  backingTableScope?: string | null = null;

  @Field(() => [String], { description: 'Columns that identify a row of the backing table (cell edits name a row by them).' })
  @Property({ type: 'json' })
  rowIdentityColumns: Opt<string[]> = [];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Free-form settings of the client that renders it.' })
  @Property({ type: 'json', nullable: true })
  rendererConfig?: Record<string, unknown> | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was archived; null while active.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt?: Date | null = null;
}

/** The one share of a workspace (absent: not shared). */
@Entity({ tableName: 'workspace_shares' })
export class WorkspaceShare extends TenantScopedEntity {
  @Unique()
  @Property({ type: 'string', length: 36 })
  workspaceId!: string;

  /** active, or revoked (recipients removed, the share kept for the record). */
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'active';

  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null = null;

  @Property({ type: 'string', length: 36 })
  sharedById!: string;
}

/** A user a workspace is shared with, and what they may do. */
@Entity({ tableName: 'workspace_share_recipients' })
@Unique({ properties: ['workspaceId', 'userId'] })
@Index({ properties: ['tenantId', 'userId'] })
export class WorkspaceShareRecipient extends TenantScopedEntity {
  @Property({ type: 'string', length: 36 })
  workspaceId!: string;

  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Enum({ items: () => ShareAccess, type: 'string', length: 8 })
  access!: ShareAccess;
}

/** A tag of the tenant, named once and put on any number of workspaces. */
@ObjectType({ description: 'A tag that labels workspaces.' })
@Entity({ tableName: 'workspace_tags' })
@Unique({ properties: ['tenantId', 'name'] })
export class WorkspaceTag extends TenantScopedEntity {
  @Field(() => String, { description: 'Name, unique in the tenant.' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => String, { description: 'URL-safe form of the name.' })
  @Property({ type: 'string', length: 100 })
  slug!: string;

  @Field(() => String, { nullable: true, description: 'Optional grouping of tags.' })
  @Property({ type: 'string', length: 100, nullable: true })
  namespace?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Display colour, e.g. `#3366ff`.' })
  @Property({ type: 'string', length: 32, nullable: true })
  color?: string | null = null;

  @Field(() => String, { nullable: true, description: 'What the tag means.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => GraphQLJSONObject, { description: 'Free-form attributes.' })
  @Property({ type: 'json' })
  attributes: Opt<Record<string, unknown>> = {};
}

/** A tag on a workspace. */
@Entity({ tableName: 'workspace_tag_links' })
@Unique({ properties: ['workspaceId', 'tagId'] })
@Index({ properties: ['tagId'] })
export class WorkspaceTagLink extends TenantScopedEntity {
  @Property({ type: 'string', length: 36 })
  workspaceId!: string;

  @Property({ type: 'string', length: 36 })
  tagId!: string;
}

/** A chart of a workspace: a versioned spec aggregated over the backing table. */
@ObjectType({ description: 'A chart of a workspace: a versioned spec (`v`, `kind`, `x`, `y[]`, `group`, `filters`, `sort`, `limit`).' })
@Entity({ tableName: 'workspace_charts' })
@Index({ properties: ['workspaceId', 'position'] })
export class WorkspaceChart extends TenantScopedEntity {
  @Field(() => ID, { description: 'The workspace.' })
  @Property({ type: 'string', length: 36 })
  workspaceId!: string;

  @Field(() => String, { nullable: true, description: 'Title (the spec title when not set).' })
  @Property({ type: 'string', length: 255, nullable: true })
  title?: string | null = null;

  @Field(() => GraphQLJSON, { description: 'The chart spec, normalised (v=1).' })
  @Property({ type: 'json' })
  spec!: Record<string, unknown>;

  @Field(() => Int, { description: 'Spec version (`v`).' })
  @Property({ type: 'integer' })
  chartSpecVersion: Opt<number> = 1;

  @Field(() => Int, { description: 'Place among the workspace charts, from 0.' })
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => Boolean, { description: 'Shown collapsed.' })
  @Property({ type: 'boolean' })
  collapsed: Opt<boolean> = false;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Free-form renderer settings.' })
  @Property({ type: 'json', nullable: true })
  rendererConfig?: Record<string, unknown> | null = null;

  @Field(() => ID, { description: 'Who created it.' })
  @Property({ type: 'string', length: 36 })
  createdById!: string;

  @Field(() => ID, { description: 'Who changed it last.' })
  @Property({ type: 'string', length: 36 })
  lastEditedById!: string;
}

export enum TaskLifecycle {
  DRAFT = 'draft',
  ACTIVE = 'active',
  PAUSED = 'paused',
}
registerEnumType(TaskLifecycle, {
  name: 'TaskLifecycle',
  description: 'Where a bound task stands in its workspace.',
  valuesConfig: {
    DRAFT: { description: 'Attached, not yet in use.' },
    ACTIVE: { description: 'In use by the workspace.' },
    PAUSED: { description: 'Kept attached, not in use.' },
  },
});

/** A job attached to a workspace as one of its tasks (the job belongs to the jobs domain, referenced by id). */
@Entity({ tableName: 'workspace_task_bindings' })
@Unique({ properties: ['workspaceId', 'jobId'] })
export class WorkspaceTaskBinding extends TenantScopedEntity {
  @Property({ type: 'string', length: 36 })
  workspaceId!: string;

  @Property({ type: 'string', length: 36 })
  jobId!: string;

  /** The task may write to the workspace's backing table. */
  @Property({ type: 'boolean' })
  mutatesWorkspace: Opt<boolean> = false;

  @Enum({ items: () => TaskLifecycle, type: 'string', length: 16 })
  lifecycle: Opt<TaskLifecycle> = TaskLifecycle.DRAFT;

  @Property({ type: 'string', length: 36 })
  createdById!: string;
}
