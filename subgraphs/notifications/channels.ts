import { randomBytes } from 'node:crypto';
import { ArrayNotEmpty, IsIn, IsObject, IsOptional, Length, MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { requireUsers } from '../../src/access/users';
import type { Context } from '../../src/context';
import { loader, requireIdentity } from '../../src/context';
import { checkTeams } from '../../src/access/team-grants';
import { decrypt, encrypt, resolveSecretsKey } from '../../src/crypto';
import { BadInputError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { CHANNEL_TYPES, NotificationChannel, NotificationRule } from './entities';
import { expandEventTypes } from './event-types';
import { NOTIFICATION_CONFIG_TOPIC, transactNotifications } from './events';

@InputType({ description: 'A new notification channel.' })
export class CreateChannelInput {
  @Field(() => String, { description: 'Name.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { description: `Type: ${CHANNEL_TYPES.join(', ')}.` })
  @IsIn(CHANNEL_TYPES, { message: `type must be one of ${CHANNEL_TYPES.join(', ')}` })
  type!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '`{url}` (http or https) for a webhook, `{email}` for email, nothing in-app.' })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown> | null;
  @Field(() => ID, { nullable: true, description: 'Owning team; without it, you own the channel.' })
  @IsOptional()
  @MaxLength(36)
  teamId?: string | null;
}

@InputType({ description: 'A webhook and what triggers it, in one step (athena-rs gateway webhooks): a webhook channel and an organization-wide rule.' })
export class CreateWebhookInput {
  @Field(() => String, { description: 'Name.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { description: 'The http(s) URL deliveries are POSTed to.' })
  @MaxLength(2000)
  url!: string;
  @Field(() => [String], { description: 'Event types (route keys) or shortcuts that trigger it.' })
  @ArrayNotEmpty()
  eventTypes!: string[];
}

@InputType({ description: 'Changes to a channel; omitted fields stay.' })
export class UpdateChannelInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'New destination (replaces it).' })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown> | null;
}

@InputType({ description: 'Which channels to list.' })
export class ChannelFilter {
  @Field(() => String, { nullable: true, description: `Of this type: ${CHANNEL_TYPES.join(', ')}.` })
  @IsOptional()
  @IsIn(CHANNEL_TYPES, { message: `type must be one of ${CHANNEL_TYPES.join(', ')}` })
  type?: string | null;
  @Field(() => ID, { nullable: true, description: 'Owned by this team.' })
  @IsOptional()
  teamId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Owned by this member.' })
  @IsOptional()
  memberId?: string | null;
}

@ObjectType({ description: 'A created channel with its webhook signing secret, shown this once.' })
export class CreatedChannel {
  @Field(() => NotificationChannel, { description: 'The channel.' })
  channel!: NotificationChannel;
  @Field(() => String, { nullable: true, description: 'Webhook channels: the HMAC-SHA256 secret that signs every delivery (X-Dataplane-Signature). Not shown again.' })
  signingSecret?: string | null;
}

const secretContext = (channel: NotificationChannel) => `${channel.tenantId}/${channel.id}/webhook-secret`;

/** A webhook channel's signing secret (decrypted for signing only; never returned after creation). */
export function signingSecretOf(ctx: Context, channel: NotificationChannel): string {
  if (!channel.sealedSecret) throw new BadInputError(`Channel ${channel.id} has no signing secret`);
  return decrypt(resolveSecretsKey(ctx.config), channel.sealedSecret, secretContext(channel));
}

function checkDestination(type: string, config: Record<string, unknown>): Record<string, unknown> {
  if (type === 'webhook') {
    const url = typeof config.url === 'string' ? config.url : '';
    if (!/^https?:\/\/[^\s]+$/.test(url)) throw new BadInputError('A webhook channel needs config.url, an http(s) URL');
    return { url };
  }
  if (type === 'email') {
    const email = typeof config.email === 'string' ? config.email : '';
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new BadInputError('An email channel needs config.email, an email address');
    return { email };
  }
  return {};
}

export async function getChannel(ctx: Context, id: string): Promise<NotificationChannel> {
  requireIdentity(ctx);
  const channel = await ctx.em.findOne(NotificationChannel, { id });
  if (!channel) throw new NotFoundError('Notification channel', id);
  return channel;
}

export async function listChannels(ctx: Context, filter: ChannelFilter | undefined, page: PageArgs): Promise<Page<NotificationChannel>> {
  requireIdentity(ctx);
  // Another tenant's (or a missing) team or member is NOT_FOUND, not an empty list.
  if (filter?.teamId) await checkTeams(ctx, [filter.teamId]);
  if (filter?.memberId) await requireUsers(ctx, [filter.memberId]);
  const where = Object.fromEntries(Object.entries(filter ?? {}).filter(([, v]) => v != null));
  return paginate(ctx.em, NotificationChannel, where, page, { orderBy: { createdAt: 'asc' } });
}

export async function createChannel(ctx: Context, input: CreateChannelInput, withRule?: { eventTypes: string[] }): Promise<CreatedChannel> {
  const identity = requireIdentity(ctx);
  const config = checkDestination(input.type, input.config ?? {});
  if (input.teamId) await checkTeams(ctx, [input.teamId]);
  const eventTypes = withRule ? expandEventTypes(withRule.eventTypes) : undefined;
  const secret = input.type === 'webhook' ? `whsec_${randomBytes(24).toString('base64url')}` : null;
  const channel = await transactNotifications(ctx, async (em, emit) => {
    const created = em.create(NotificationChannel, {
      tenantId: identity.tenantId, name: input.name, type: input.type, config, teamId: input.teamId ?? null, memberId: input.teamId ? null : identity.userId,
    });
    if (secret) created.sealedSecret = encrypt(resolveSecretsKey(ctx.config), secret, secretContext(created));
    emit(NOTIFICATION_CONFIG_TOPIC, 'channel_created', created.id, { id: created.id, name: created.name, kind: 'channel' });
    if (eventTypes) {
      const rule = em.create(NotificationRule, {
        tenantId: identity.tenantId, name: input.name, eventTypes, scopeType: 'organization', memberId: identity.userId, channelIds: [created.id],
      });
      emit(NOTIFICATION_CONFIG_TOPIC, 'rule_created', rule.id, { id: rule.id, name: rule.name, kind: 'rule' });
    }
    return created;
  });
  return { channel, signingSecret: secret };
}

/** A webhook channel with an organization-wide rule for `eventTypes`, created together. */
export function createWebhook(ctx: Context, input: CreateWebhookInput): Promise<CreatedChannel> {
  return createChannel(ctx, { name: input.name, type: 'webhook', config: { url: input.url } }, { eventTypes: input.eventTypes });
}

/** Event types that send to this channel: those of its enabled rules. */
export async function routeKeysOf(ctx: Context, channel: NotificationChannel): Promise<string[]> {
  // Read once per request, however many channels a list shows.
  const rules = await loader(ctx, 'enabledNotificationRules', () => ctx.em.find(NotificationRule, { enabled: true }));
  return [...new Set(rules.filter((r) => r.channelIds.includes(channel.id)).flatMap((r) => r.eventTypes))];
}

export async function updateChannel(ctx: Context, id: string, input: UpdateChannelInput): Promise<NotificationChannel> {
  const channel = await getChannel(ctx, id);
  const config = input.config ? checkDestination(channel.type, input.config) : undefined;
  return transactNotifications(ctx, async (_em, emit) => {
    if (input.name != null) channel.name = input.name;
    if (config) Object.assign(channel, { config, verifiedAt: null });
    emit(NOTIFICATION_CONFIG_TOPIC, 'channel_updated', id, { id, name: channel.name, kind: 'channel' });
    return channel;
  });
}

/** Soft delete: rules stop sending to it, its delivery history stays. */
export async function deleteChannel(ctx: Context, id: string): Promise<NotificationChannel> {
  const channel = await getChannel(ctx, id);
  return transactNotifications(ctx, async (_em, emit) => {
    channel.archivedAt = new Date();
    emit(NOTIFICATION_CONFIG_TOPIC, 'channel_deleted', id, { id, name: channel.name, kind: 'channel' });
    return channel;
  });
}
