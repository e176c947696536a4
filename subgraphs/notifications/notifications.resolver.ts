import { Arg, Args, Authorized, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { DATASET_EDITOR, hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { teamIdsOfUser } from '../../src/db/directory';
import type { EventEnvelope } from '../../src/events/envelope';
import { eventStream } from '../../src/events/stream';
import { Connection, PageArgs } from '../../src/pagination';
import * as channels from './channels';
import { ChannelFilter, CreateChannelInput, CreatedChannel, CreateWebhookInput, UpdateChannelInput } from './channels';
import * as deliveries from './deliveries';
import { DeliveryFilter } from './deliveries';
import { InAppNotification, NotificationChannel, NotificationDelivery, NotificationRule } from './entities';
import { EVENT_TYPES } from './event-types';
import { DELIVERY_TOPIC, type DeliveryEventPayload } from './events';
import * as rules from './rules';
import { CreateRuleInput, RuleFilter, UpdateRuleInput } from './rules';

export const NotificationChannelConnection = Connection(NotificationChannel, 'NotificationChannel');
export const NotificationRuleConnection = Connection(NotificationRule, 'NotificationRule');
export const NotificationDeliveryConnection = Connection(NotificationDelivery, 'NotificationDelivery');
export const InAppNotificationConnection = Connection(InAppNotification, 'InAppNotification');

@ObjectType({ description: 'An event type notification rules can match; shortcuts stand for several.' })
export class NotificationEventType {
  @Field(() => String, { description: 'Name, e.g. job_run.failed or the shortcut job_run.terminal.' })
  name!: string;
  @Field(() => String, { description: 'What it means.' })
  description!: string;
  @Field(() => [String], { nullable: true, description: 'For a shortcut: the event types it expands to when a rule is saved.' })
  expandsTo?: string[] | null;
}

@ObjectType({ description: 'A change to a delivery, or a new in-app notification, as pushed by `notificationDelivered`.' })
export class DeliveryEvent {
  @Field(() => String, { description: 'Event cursor: resubscribe with `after` set to it to resume after this event.' })
  cursor!: string;
  @Field(() => String, { description: 'pending, delivering, attempt_failed, delivered, failed or skipped.' })
  type!: string;
  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;
  @Field(() => ID, { description: 'The delivery.' })
  deliveryId!: string;
  @Field(() => ID, { description: 'Its channel.' })
  channelId!: string;
  @Field(() => ID, { nullable: true, description: 'Its rule (null for a test).' })
  ruleId?: string | null;
  @Field(() => String, { description: 'The event type delivered.' })
  eventType!: string;
  @Field(() => String, { description: 'Delivery status after this change.' })
  status!: string;
  @Field(() => Int, { description: 'Attempts so far.' })
  attempts!: number;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the last webhook attempt.' })
  statusCode?: number | null;
  @Field(() => String, { nullable: true, description: 'Why an attempt failed or the delivery was skipped.' })
  error?: string | null;
  @Field(() => ID, { nullable: true, description: 'The in-app notification created for you, if any.' })
  inAppNotificationId?: string | null;
}

const channelArg = () => Arg('id', () => ID, { description: 'Channel id.' });
const ruleArg = () => Arg('id', () => ID, { description: 'Rule id.' });

@Resolver()
export class NotificationResolver {
  @Authorized()
  @Query(() => [NotificationEventType], { description: 'Event types notification rules can match, with shortcuts.' })
  notificationEventTypes() {
    return EVENT_TYPES;
  }

  @Authorized()
  @Query(() => NotificationChannelConnection, { description: "Your tenant's notification channels." })
  notificationChannels(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => ChannelFilter, { nullable: true, description: 'Owner.' }) filter: ChannelFilter | undefined, @Ctx() ctx: Context) {
    return channels.listChannels(ctx, filter, page);
  }

  @Authorized()
  @Query(() => NotificationChannel, { description: 'One notification channel.' })
  notificationChannel(@channelArg() id: string, @Ctx() ctx: Context) {
    return channels.getChannel(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => CreatedChannel, { description: 'Create a channel (webhook, email or in-app), owned by you or a team; a webhook gets its signing secret, shown once.' })
  createNotificationChannel(@Arg('input', () => CreateChannelInput, { description: 'The channel.' }) input: CreateChannelInput, @Ctx() ctx: Context) {
    return channels.createChannel(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => CreatedChannel, { description: 'Create a webhook channel and an organization-wide rule for these event types in one step; the signing secret is shown once.' })
  createWebhook(@Arg('input', () => CreateWebhookInput, { description: 'URL and triggers.' }) input: CreateWebhookInput, @Ctx() ctx: Context) {
    return channels.createWebhook(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => NotificationChannel, { description: 'Change a channel (a new destination must be verified again).' })
  updateNotificationChannel(@channelArg() id: string, @Arg('input', () => UpdateChannelInput, { description: 'Changes.' }) input: UpdateChannelInput, @Ctx() ctx: Context) {
    return channels.updateChannel(ctx, id, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => NotificationChannel, { description: 'Soft delete a channel; its delivery history stays.' })
  deleteNotificationChannel(@channelArg() id: string, @Ctx() ctx: Context) {
    return channels.deleteChannel(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => NotificationDelivery, { description: 'Send a test notification now; success sets the channel verifiedAt, failure is BAD_GATEWAY with the reason.' })
  testNotificationChannel(@channelArg() id: string, @Ctx() ctx: Context) {
    return deliveries.testChannel(ctx, id);
  }

  @Authorized()
  @Query(() => NotificationRuleConnection, { description: "Your tenant's notification rules." })
  notificationRules(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => RuleFilter, { nullable: true, description: 'Team, member, resource type, scope type.' }) filter: RuleFilter | undefined, @Ctx() ctx: Context) {
    return rules.listRules(ctx, filter, page);
  }

  @Authorized()
  @Query(() => NotificationRule, { description: 'One notification rule.' })
  notificationRule(@ruleArg() id: string, @Ctx() ctx: Context) {
    return rules.getRule(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => NotificationRule, { description: 'Create a rule: event types (shortcuts expanded) in a scope, sent to channels.' })
  createNotificationRule(@Arg('input', () => CreateRuleInput, { description: 'The rule.' }) input: CreateRuleInput, @Ctx() ctx: Context) {
    return rules.createRule(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => NotificationRule, { description: 'Change a rule, including enabling or disabling it.' })
  updateNotificationRule(@ruleArg() id: string, @Arg('input', () => UpdateRuleInput, { description: 'Changes.' }) input: UpdateRuleInput, @Ctx() ctx: Context) {
    return rules.updateRule(ctx, id, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => NotificationRule, { description: 'Delete a rule: future events no longer match it.' })
  deleteNotificationRule(@ruleArg() id: string, @Ctx() ctx: Context) {
    return rules.deleteRule(ctx, id);
  }

  @Authorized()
  @Query(() => NotificationDeliveryConnection, { description: 'Delivery history, newest first.' })
  notificationDeliveries(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => DeliveryFilter, { nullable: true, description: 'Channel, rule, status.' }) filter: DeliveryFilter | undefined, @Ctx() ctx: Context) {
    return deliveries.listDeliveries(ctx, filter, page);
  }

  @Authorized()
  @Query(() => InAppNotificationConnection, { description: 'Your in-app notifications, newest first.' })
  myNotifications(@Args(() => PageArgs) page: PageArgs, @Arg('unreadOnly', () => Boolean, { nullable: true, description: 'Only unread ones.' }) unreadOnly: boolean | undefined, @Ctx() ctx: Context) {
    return deliveries.myNotifications(ctx, unreadOnly ?? false, page);
  }

  @Authorized()
  @Mutation(() => InAppNotification, { description: 'Mark one of your notifications read.' })
  markNotificationRead(@Arg('id', () => ID, { description: 'Notification id.' }) id: string, @Ctx() ctx: Context) {
    return deliveries.markRead(ctx, id);
  }

  @Subscription(() => DeliveryEvent, {
    description: 'Every status change of the deliveries you may see (Org admins: all; others: their channels and their teams’), and every in-app notification to you. With `after`, replays what happened since that cursor first.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const identity = requireIdentity(ctx);
      const teams = hasRole(identity.roles, ORG_ADMIN) ? undefined : new Set(await teamIdsOfUser(ctx.em, identity.tenantId, identity.userId));
      return eventStream(ctx, {
        topic: DELIVERY_TOPIC,
        after: args.after as string | undefined,
        accept: (event) => {
          const payload = event.payload as DeliveryEventPayload;
          if (args.channelId && payload.channelId !== args.channelId) return false;
          return !teams || payload.userIds.includes(identity.userId) || (payload.teamId !== null && teams.has(payload.teamId));
        },
      });
    },
  })
  notificationDelivered(
    @Root() event: EventEnvelope,
    @Arg('channelId', () => ID, { nullable: true, description: 'Only this channel.' }) _channelId: string | undefined,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event you received.' }) _after: string | undefined,
  ): DeliveryEvent {
    const p = event.payload as DeliveryEventPayload;
    return {
      cursor: event.cursor, type: event.type, occurredAt: new Date(event.occurredAt), deliveryId: p.deliveryId, channelId: p.channelId, ruleId: p.ruleId,
      eventType: p.eventType, status: p.status, attempts: p.attempts, statusCode: p.statusCode ?? null, error: p.error ?? null, inAppNotificationId: p.inAppNotificationId ?? null,
    };
  }
}
