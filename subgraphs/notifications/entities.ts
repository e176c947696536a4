import { Entity, Index, Property, Unique, type Opt } from '@mikro-orm/core';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ArchivableEntity, TenantScopedEntity } from '../../src/db/base-entities';

export const CHANNEL_TYPES = ['webhook', 'email', 'in_app'] as const;
export const SCOPE_TYPES = ['organization', 'team', 'resource', 'own_resources'] as const;
export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed', 'skipped'] as const;

/** Where notifications go: a webhook URL, an email address, or the in-app inbox of its owner(s). */
@ObjectType({ description: 'A notification channel: a webhook, an email address or in-app, owned by a team or a member.' })
@Entity({ tableName: 'notification_channels' })
export class NotificationChannel extends ArchivableEntity {
  @Field(() => String, { description: 'Name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { description: `Type: ${CHANNEL_TYPES.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  type!: string;

  @Field(() => GraphQLJSONObject, { description: 'Destination: `{url}` for a webhook, `{email}` for email, `{}` in-app.' })
  @Property({ type: 'json' })
  config!: Record<string, unknown>;

  /** The webhook signing secret, encrypted at rest; shown once, at creation. */
  @Property({ type: 'text', nullable: true })
  sealedSecret?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'Owning team (its members get in-app notifications).' })
  @Property({ type: 'string', length: 36, nullable: true })
  teamId?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'Owning member.' })
  @Property({ type: 'string', length: 36, nullable: true })
  memberId?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When a test notification last went through.' })
  @Property({ type: 'datetime', nullable: true })
  verifiedAt?: Date | null = null;
}

/** Which events go to which channels. */
@ObjectType({ description: 'A notification rule: event types (shortcuts expanded) in a scope, sent to channels.' })
@Entity({ tableName: 'notification_rules' })
@Index({ properties: ['tenantId', 'enabled'] })
export class NotificationRule extends ArchivableEntity {
  @Field(() => String, { description: 'Name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => [String], { description: 'Event types it matches (shortcuts expanded at creation), e.g. job_run.failed.' })
  @Property({ type: 'json' })
  eventTypes!: string[];

  @Field(() => String, { description: `Scope: ${SCOPE_TYPES.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  scopeType!: string;

  @Field(() => String, { nullable: true, description: 'Resource type of a resource scope (e.g. job).' })
  @Property({ type: 'string', length: 32, nullable: true })
  resourceType?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The resource of a resource scope.' })
  @Property({ type: 'string', length: 36, nullable: true })
  resourceId?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The team of a team scope, or the owning team.' })
  @Property({ type: 'string', length: 36, nullable: true })
  teamId?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The member of an own_resources scope, or the owning member.' })
  @Property({ type: 'string', length: 36, nullable: true })
  memberId?: string | null = null;

  @Field(() => [ID], { description: 'Channels it sends to.' })
  @Property({ type: 'json' })
  channelIds!: string[];

  @Field(() => Boolean, { description: 'Disabled rules match nothing.' })
  @Property({ type: 'boolean' })
  enabled: Opt<boolean> = true;
}

/** One notification of one event through one channel, with its attempts. */
@ObjectType({ description: 'A delivery: one event sent through one channel, with its status and attempts.' })
@Entity({ tableName: 'notification_deliveries' })
@Index({ properties: ['tenantId', 'channelId', 'createdAt'] })
// An event reaches a channel once per rule, however often matching runs.
@Unique({ properties: ['ruleId', 'channelId', 'eventCursor'] })
export class NotificationDelivery extends TenantScopedEntity {
  @Field(() => ID, { nullable: true, description: 'The rule that matched (null for a test).' })
  @Property({ type: 'string', length: 36, nullable: true })
  ruleId?: string | null = null;

  @Field(() => ID, { description: 'The channel.' })
  @Property({ type: 'string', length: 36 })
  channelId!: string;

  @Field(() => String, { description: 'Event type, e.g. job_run.succeeded (notification.test for tests).' })
  @Property({ type: 'string', length: 100 })
  eventType!: string;

  @Field(() => String, { description: 'Cursor of the event in the event log.' })
  @Property({ type: 'string', length: 32 })
  eventCursor!: string;

  @Field(() => GraphQLJSON, { description: 'What is sent.' })
  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Field(() => String, { description: `Status: ${DELIVERY_STATUSES.join(', ')}.` })
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'pending';

  @Field(() => Int, { description: 'Attempts made.' })
  @Property({ type: 'integer' })
  attempts: Opt<number> = 0;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last webhook attempt.' })
  @Property({ type: 'integer', nullable: true })
  lastStatusCode?: number | null = null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed, or why it was skipped.' })
  @Property({ type: 'text', nullable: true })
  lastError?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was delivered.' })
  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date | null = null;
}

/** A notification in a member's in-app inbox. */
@ObjectType({ description: 'An in-app notification in your inbox.' })
@Entity({ tableName: 'in_app_notifications' })
@Index({ properties: ['tenantId', 'userId', 'createdAt'] })
export class InAppNotification extends TenantScopedEntity {
  @Field(() => ID, { description: 'Recipient.' })
  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Field(() => ID, { description: 'The delivery that created it.' })
  @Property({ type: 'string', length: 36 })
  deliveryId!: string;

  @Field(() => String, { description: 'Event type.' })
  @Property({ type: 'string', length: 100 })
  eventType!: string;

  @Field(() => String, { description: 'One line to show.' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => GraphQLJSON, { description: 'The event.' })
  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Field(() => Date, { nullable: true, description: 'When you read it.' })
  @Property({ type: 'datetime', nullable: true })
  readAt?: Date | null = null;
}
