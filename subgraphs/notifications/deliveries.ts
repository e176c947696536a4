import { createHmac, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import nodemailer from 'nodemailer';
import { assertPublicDestination } from '../../src/outbound';
import { IsIn, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { ACTIVE_FILTER, TENANT_FILTER } from '../../src/db/orm';
import { userIdsOfTeam } from '../../src/db/directory';
import { NotFoundError, UpstreamError } from '../../src/errors';
import type { EventRecord } from '../../src/events/event-record';
import type { Emit } from '../../src/events/outbox';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import type { TaskHandler } from '../../src/queue/runner';
import { enqueueTask } from '../../src/queue/task';
import { getChannel, signingSecretOf } from './channels';
import { getRule } from './rules';
import { DELIVERY_STATUSES, InAppNotification, NotificationChannel, NotificationDelivery, NotificationRule } from './entities';
import { DELIVERY_TOPIC, NOTIFICATION_CONFIG_TOPIC, transactNotifications, type DeliveryEventPayload, type NotificationEvents } from './events';

/** Task kind that sends one delivery. */
export const DELIVERY_TASK = 'notification_delivery';
/** Attempts before a delivery ends failed (retries back off 1 s, 2 s, 4 s, …). */
export const DELIVERY_MAX_ATTEMPTS = 5;
/** Longest a webhook endpoint may take to answer. */
const WEBHOOK_TIMEOUT_MS = 10_000;

@InputType({ description: 'Which deliveries to list.' })
export class DeliveryFilter {
  @Field(() => ID, { nullable: true, description: 'Through this channel.' })
  @IsOptional()
  channelId?: string | null;
  @Field(() => ID, { nullable: true, description: 'For this rule.' })
  @IsOptional()
  ruleId?: string | null;
  @Field(() => String, { nullable: true, description: `In this status: ${DELIVERY_STATUSES.join(', ')}.` })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: string | null;
}

/** The tenant's deliveries; a channel or rule in the filter that is not the tenant's is NOT_FOUND, not an empty list. */
export async function listDeliveries(ctx: Context, filter: DeliveryFilter | undefined, page: PageArgs): Promise<Page<NotificationDelivery>> {
  requireIdentity(ctx);
  if (filter?.channelId) await getChannel(ctx, filter.channelId);
  if (filter?.ruleId) await getRule(ctx, filter.ruleId);
  const where = Object.fromEntries(Object.entries(filter ?? {}).filter(([, v]) => v != null));
  return paginate(ctx.em, NotificationDelivery, where, page, { orderBy: { createdAt: 'desc' } });
}

/** Does `rule` cover this event? Scope by organization, team (the event's teams), resource, or the member's own resources. */
function inScope(rule: NotificationRule, event: EventRecord): boolean {
  const payload = event.payload as Record<string, unknown>;
  switch (rule.scopeType) {
    case 'organization':
      return true;
    case 'team':
      return Array.isArray(payload.teamIds) && (payload.teamIds as string[]).includes(rule.teamId ?? '');
    case 'resource':
      return [event.subjectId, payload.id, payload.jobId, payload.runId].includes(rule.resourceId ?? undefined);
    case 'own_resources':
      return payload.createdBy === rule.memberId || payload.userId === rule.memberId;
    default:
      return false;
  }
}

const deliveryEvent = (d: NotificationDelivery, channel: NotificationChannel, extra: Partial<DeliveryEventPayload> = {}): DeliveryEventPayload => ({
  deliveryId: d.id, channelId: d.channelId, ruleId: d.ruleId ?? null, status: d.status, attempts: d.attempts, eventType: d.eventType,
  statusCode: d.lastStatusCode ?? null, error: d.lastError ?? null, teamId: channel.teamId ?? null, userIds: channel.memberId ? [channel.memberId] : [], ...extra,
});

/**
 * The event observer: every recorded event that an enabled rule of its tenant matches becomes a
 * pending delivery per channel, with its sending task, in the same transaction as the change.
 */
export async function matchEvents(ctx: Context, em: EntityManager, events: EventRecord[], emit: Emit): Promise<void> {
  const notifiable = events.filter((e) => e.topic !== DELIVERY_TOPIC && e.topic !== NOTIFICATION_CONFIG_TOPIC);
  if (!notifiable.length) return;
  // Events may belong to several tenants (approvals notify both); rules are read per event tenant.
  const tenantIds = [...new Set(notifiable.map((e) => e.tenantId))];
  const rules = await em.find(NotificationRule, { enabled: true, tenantId: { $in: tenantIds } }, { filters: { [TENANT_FILTER]: false } });
  if (!rules.length) return;
  await em.flush(); // events get their cursor (id) here
  const channels = new Map<string, NotificationChannel | null>();
  const channelOf = async (id: string) => {
    if (!channels.has(id)) channels.set(id, await em.findOne(NotificationChannel, { id }, { filters: { [TENANT_FILTER]: false } }));
    return channels.get(id);
  };
  const emitDelivery = emit as Emit<NotificationEvents>;
  for (const event of notifiable) {
    const eventType = `${event.topic}.${event.type}`;
    for (const rule of rules) {
      if (rule.tenantId !== event.tenantId || !rule.eventTypes.includes(eventType) || !inScope(rule, event)) continue;
      for (const channelId of rule.channelIds) {
        const channel = await channelOf(channelId);
        if (!channel || channel.tenantId !== event.tenantId) continue;
        const delivery = em.create(NotificationDelivery, {
          tenantId: event.tenantId, ruleId: rule.id, channelId, eventType, eventCursor: String(event.id),
          payload: { type: eventType, cursor: String(event.id), subjectId: event.subjectId, occurredAt: event.createdAt.toISOString(), data: event.payload },
        });
        const actor = { userId: ctx.identity?.userId ?? 'system', roles: ctx.identity?.roles ?? [] };
        enqueueTask(em, { tenantId: event.tenantId, kind: DELIVERY_TASK, subjectId: delivery.id, actor, timeoutMs: WEBHOOK_TIMEOUT_MS * 2, maxAttempts: DELIVERY_MAX_ATTEMPTS });
        emitDelivery(DELIVERY_TOPIC, 'pending', delivery.id, deliveryEvent(delivery, channel), event.tenantId);
      }
    }
  }
  ctx.tasks.wake();
}

/** Signs a webhook body: hex HMAC-SHA256 over `<timestamp>.<body>` with the channel's secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What one attempt did. */
interface Sent {
  status: 'delivered' | 'skipped';
  statusCode?: number;
  reason?: string;
  /** In-app recipients. */
  userIds?: string[];
}

class AttemptFailed extends Error {
  constructor(message: string, readonly statusCode: number | null) {
    super(message);
  }
}

/** Sends a delivery once through its channel (no transaction is held meanwhile); throws AttemptFailed when the destination refused or failed. */
async function send(ctx: Context, channel: NotificationChannel, delivery: NotificationDelivery, signal?: AbortSignal): Promise<Sent> {
  if (channel.type === 'webhook') {
    const body = JSON.stringify({ id: delivery.id, ...delivery.payload });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
    let response: Response;
    try {
      await assertPublicDestination(ctx.config, String(channel.config.url));
    } catch (error) {
      throw new AttemptFailed((error as Error).message, null);
    }
    try {
      response = await fetch(String(channel.config.url), {
        method: 'POST', body, redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        headers: {
          'content-type': 'application/json', 'user-agent': 'dataplane-webhooks/1', 'x-dataplane-delivery': delivery.id,
          'x-dataplane-event': delivery.eventType, 'x-dataplane-timestamp': timestamp, 'x-dataplane-signature': webhookSignature(signingSecretOf(ctx, channel), timestamp, body),
        },
      });
      await response.arrayBuffer();
    } catch (error) {
      throw new AttemptFailed(timeout.aborted ? `No answer within ${WEBHOOK_TIMEOUT_MS} ms` : `Could not reach the endpoint: ${(error as Error).message}`, null);
    }
    if (response.status < 200 || response.status >= 300) throw new AttemptFailed(`The endpoint answered ${response.status}`, response.status);
    return { status: 'delivered', statusCode: response.status };
  }
  if (channel.type === 'email') {
    if (!ctx.config.smtpUrl) return { status: 'skipped', reason: 'Email is not configured (SMTP_URL)' };
    try {
      await nodemailer.createTransport(ctx.config.smtpUrl).sendMail({
        from: ctx.config.smtpFrom, to: String(channel.config.email), subject: `[dataplane] ${delivery.eventType}`,
        text: JSON.stringify(delivery.payload, null, 2), headers: { 'X-Dataplane-Delivery': delivery.id },
      });
    } catch (error) {
      throw new AttemptFailed(`The mail server refused: ${(error as Error).message}`, null);
    }
    return { status: 'delivered' };
  }
  // In-app: for the channel's member, or every member of its team (stored when the attempt is recorded).
  const userIds = channel.memberId ? [channel.memberId] : await userIdsOfTeam(ctx.em, channel.tenantId, channel.teamId ?? '');
  return { status: 'delivered', userIds };
}

const titleOf = (d: NotificationDelivery) => {
  const data = (d.payload.data ?? {}) as Record<string, unknown>;
  return `${d.eventType}${data.name ? `: ${String(data.name)}` : data.message ? `: ${String(data.message)}` : ''}`;
};

/**
 * One attempt: delivering, then delivered / skipped, or back to pending with the error (the
 * runner retries with backoff). Every status change is an event of the delivery stream.
 */
async function attempt(ctx: Context, delivery: NotificationDelivery, signal?: AbortSignal): Promise<void> {
  const channel = await ctx.em.findOne(NotificationChannel, { id: delivery.channelId }, { filters: { [ACTIVE_FILTER]: false } });
  if (!channel) throw new NotFoundError('Notification channel', delivery.channelId);
  await transactNotifications(ctx, async (_em, emit) => {
    Object.assign(delivery, { status: 'delivering', attempts: delivery.attempts + 1 });
    emit(DELIVERY_TOPIC, 'delivering', delivery.id, deliveryEvent(delivery, channel));
  });
  if (channel.archivedAt) {
    await transactNotifications(ctx, async (_em, emit) => {
      Object.assign(delivery, { status: 'skipped', lastError: 'The channel was deleted' });
      emit(DELIVERY_TOPIC, 'skipped', delivery.id, deliveryEvent(delivery, channel));
    });
    return;
  }
  let sent: Sent;
  try {
    sent = await send(ctx, channel, delivery, signal);
  } catch (error) {
    if (!(error instanceof AttemptFailed)) throw error;
    await transactNotifications(ctx, async (_em, emit) => {
      Object.assign(delivery, { status: 'pending', lastError: error.message, lastStatusCode: error.statusCode });
      emit(DELIVERY_TOPIC, 'attempt_failed', delivery.id, deliveryEvent(delivery, channel));
    });
    throw error;
  }
  await transactNotifications(ctx, async (em, emit) => {
    let inAppNotificationId: string | undefined;
    for (const userId of sent.userIds ?? []) {
      const note = em.create(InAppNotification, { tenantId: channel.tenantId, userId, deliveryId: delivery.id, eventType: delivery.eventType, title: titleOf(delivery), payload: delivery.payload });
      inAppNotificationId ??= note.id;
    }
    Object.assign(delivery, {
      status: sent.status, lastStatusCode: sent.statusCode ?? null, lastError: sent.reason ?? null, deliveredAt: sent.status === 'delivered' ? new Date() : null,
    });
    emit(DELIVERY_TOPIC, sent.status, delivery.id, deliveryEvent(delivery, channel, sent.userIds ? { userIds: sent.userIds, inAppNotificationId } : {}));
    if (!delivery.ruleId && sent.status === 'delivered') {
      em.persist(channel);
      channel.verifiedAt = new Date();
    }
  });
}

/** Sends deliveries on the task queue: retried with backoff until delivered or out of attempts (then failed). */
export const deliveryTask: TaskHandler = {
  async run(ctx, task, signal) {
    const delivery = await ctx.em.findOne(NotificationDelivery, { id: task.subjectId });
    if (!delivery || ['delivered', 'failed', 'skipped'].includes(delivery.status)) return;
    await attempt(ctx, delivery, signal);
    return { status: delivery.status, statusCode: delivery.lastStatusCode ?? null };
  },
  async settle(ctx, task, outcome) {
    const delivery = await ctx.em.findOne(NotificationDelivery, { id: task.subjectId });
    if (!delivery || ['delivered', 'failed', 'skipped'].includes(delivery.status)) return;
    const channel = await ctx.em.findOneOrFail(NotificationChannel, { id: delivery.channelId }, { filters: { [ACTIVE_FILTER]: false } });
    await transactNotifications(ctx, async (_em, emit) => {
      Object.assign(delivery, { status: 'failed', lastError: delivery.lastError ?? outcome.message });
      emit(DELIVERY_TOPIC, 'failed', delivery.id, deliveryEvent(delivery, channel));
    });
  },
};

/** Sends a test notification now; success marks the channel verified, failure is BAD_GATEWAY with the reason. */
export async function testChannel(ctx: Context, id: string): Promise<NotificationDelivery> {
  const identity = requireIdentity(ctx);
  const channel = await getChannel(ctx, id);
  const delivery = await transactNotifications(ctx, async (em) =>
    em.create(NotificationDelivery, {
      tenantId: identity.tenantId, channelId: channel.id, eventType: 'notification.test', eventCursor: `test-${randomUUID().slice(0, 8)}`,
      payload: { type: 'notification.test', occurredAt: new Date().toISOString(), data: { message: `Test of channel ${channel.name}`, channelId: channel.id } },
    }),
  );
  try {
    await attempt(ctx, delivery);
  } catch (error) {
    if (!(error instanceof AttemptFailed)) throw error;
    await transactNotifications(ctx, async (_em, emit) => {
      delivery.status = 'failed';
      emit(DELIVERY_TOPIC, 'failed', delivery.id, deliveryEvent(delivery, channel));
    });
    throw new UpstreamError(`Test notification failed: ${error.message}`);
  }
  return delivery;
}

/** The caller's in-app notifications, newest first. */
export function myNotifications(ctx: Context, unreadOnly: boolean, page: PageArgs): Promise<Page<InAppNotification>> {
  const identity = requireIdentity(ctx);
  return paginate(ctx.em, InAppNotification, { userId: identity.userId, ...(unreadOnly ? { readAt: null } : {}) }, page, { orderBy: { createdAt: 'desc' } });
}

export async function markRead(ctx: Context, id: string): Promise<InAppNotification> {
  const identity = requireIdentity(ctx);
  const note = await ctx.em.findOne(InAppNotification, { id, userId: identity.userId });
  if (!note) throw new NotFoundError('Notification', id);
  note.readAt ??= new Date();
  await ctx.em.flush();
  return note;
}
