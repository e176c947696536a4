import { ArrayNotEmpty, IsIn, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { requireUsers } from '../../src/access/users';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { checkTeams } from '../../src/access/team-grants';
import { BadInputError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { getChannel } from './channels';
import { NotificationRule, SCOPE_TYPES } from './entities';
import { expandEventTypes } from './event-types';
import { NOTIFICATION_CONFIG_TOPIC, transactNotifications } from './events';

@InputType({ description: 'A new notification rule.' })
export class CreateRuleInput {
  @Field(() => String, { description: 'Name.' })
  @Length(1, 200)
  name!: string;
  @Field(() => [String], { description: 'Event types or shortcuts (see notificationEventTypes).' })
  @ArrayNotEmpty()
  eventTypes!: string[];
  @Field(() => String, { description: `Scope: ${SCOPE_TYPES.join(', ')}.` })
  @IsIn(SCOPE_TYPES, { message: `scopeType must be one of ${SCOPE_TYPES.join(', ')}` })
  scopeType!: string;
  @Field(() => String, { nullable: true, description: 'Resource type of a resource scope (e.g. job).' })
  @IsOptional()
  @MaxLength(32)
  resourceType?: string | null;
  @Field(() => ID, { nullable: true, description: 'The resource of a resource scope.' })
  @IsOptional()
  @MaxLength(36)
  resourceId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The team of a team scope.' })
  @IsOptional()
  @MaxLength(36)
  teamId?: string | null;
  @Field(() => [ID], { description: 'Channels to send to.' })
  @ArrayNotEmpty()
  channelIds!: string[];
}

@InputType({ description: 'Changes to a rule; omitted fields stay.' })
export class UpdateRuleInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
  @Field(() => [String], { nullable: true, description: 'New event types (shortcuts expanded).' })
  @IsOptional()
  eventTypes?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'New channels.' })
  @IsOptional()
  channelIds?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Enable or disable.' })
  @IsOptional()
  enabled?: boolean | null;
}

@InputType({ description: 'Which rules to list.' })
export class RuleFilter {
  @Field(() => ID, { nullable: true, description: 'Of this team.' })
  @IsOptional()
  teamId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Of this member.' })
  @IsOptional()
  memberId?: string | null;
  @Field(() => String, { nullable: true, description: 'Of this resource type.' })
  @IsOptional()
  resourceType?: string | null;
  @Field(() => String, { nullable: true, description: 'Of this scope type.' })
  @IsOptional()
  @IsIn(SCOPE_TYPES, { message: `scopeType must be one of ${SCOPE_TYPES.join(', ')}` })
  scopeType?: string | null;
}

export async function getRule(ctx: Context, id: string): Promise<NotificationRule> {
  requireIdentity(ctx);
  const rule = await ctx.em.findOne(NotificationRule, { id });
  if (!rule) throw new NotFoundError('Notification rule', id);
  return rule;
}

export async function listRules(ctx: Context, filter: RuleFilter | undefined, page: PageArgs): Promise<Page<NotificationRule>> {
  requireIdentity(ctx);
  // Another tenant's (or a missing) team or member is NOT_FOUND, not an empty list.
  if (filter?.teamId) await checkTeams(ctx, [filter.teamId]);
  if (filter?.memberId) await requireUsers(ctx, [filter.memberId]);
  const where = Object.fromEntries(Object.entries(filter ?? {}).filter(([, v]) => v != null));
  return paginate(ctx.em, NotificationRule, where, page, { orderBy: { createdAt: 'asc' } });
}

async function checkChannels(ctx: Context, ids: string[]): Promise<string[]> {
  for (const id of ids) await getChannel(ctx, id);
  return [...new Set(ids)];
}

export async function createRule(ctx: Context, input: CreateRuleInput): Promise<NotificationRule> {
  const identity = requireIdentity(ctx);
  const eventTypes = expandEventTypes(input.eventTypes);
  if (input.scopeType === 'resource' && !input.resourceId) throw new BadInputError('A resource scope needs resourceId');
  if (input.scopeType === 'team' && !input.teamId) throw new BadInputError('A team scope needs teamId');
  if (input.teamId) await checkTeams(ctx, [input.teamId]);
  const channelIds = await checkChannels(ctx, input.channelIds);
  return transactNotifications(ctx, async (em, emit) => {
    const rule = em.create(NotificationRule, {
      tenantId: identity.tenantId, name: input.name, eventTypes, scopeType: input.scopeType, resourceType: input.resourceType ?? null,
      resourceId: input.resourceId ?? null, teamId: input.teamId ?? null, memberId: identity.userId, channelIds,
    });
    emit(NOTIFICATION_CONFIG_TOPIC, 'rule_created', rule.id, { id: rule.id, name: rule.name, kind: 'rule' });
    return rule;
  });
}

export async function updateRule(ctx: Context, id: string, input: UpdateRuleInput): Promise<NotificationRule> {
  const rule = await getRule(ctx, id);
  const eventTypes = input.eventTypes ? expandEventTypes(input.eventTypes) : undefined;
  const channelIds = input.channelIds ? await checkChannels(ctx, input.channelIds) : undefined;
  return transactNotifications(ctx, async (_em, emit) => {
    if (input.name != null) rule.name = input.name;
    if (eventTypes) rule.eventTypes = eventTypes;
    if (channelIds) rule.channelIds = channelIds;
    if (input.enabled != null) rule.enabled = input.enabled;
    emit(NOTIFICATION_CONFIG_TOPIC, 'rule_updated', id, { id, name: rule.name, kind: 'rule' });
    return rule;
  });
}

export async function deleteRule(ctx: Context, id: string): Promise<NotificationRule> {
  const rule = await getRule(ctx, id);
  return transactNotifications(ctx, async (_em, emit) => {
    rule.archivedAt = new Date();
    emit(NOTIFICATION_CONFIG_TOPIC, 'rule_deleted', id, { id, name: rule.name, kind: 'rule' });
    return rule;
  });
}
