import { lakesailTokenList, pageFromToken, TOKEN_LIMIT_QUERY } from '../../src/rest/lakesail';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  LakesailChannelDocument, LakesailChannelsDocument, LakesailCreateChannelDocument, LakesailCreateRuleDocument, LakesailDeleteChannelDocument,
  LakesailDeleteRuleDocument, LakesailDeliveriesDocument, LakesailEventTypesDocument, LakesailRuleDocument, LakesailRulesDocument,
  LakesailTestChannelDocument, LakesailUpdateChannelDocument, LakesailUpdateRuleDocument,
} from '../../src/generated/operations';
import { CHANNEL_TYPES, DELIVERY_STATUSES, SCOPE_TYPES } from './entities';

const ID = { type: 'string', maxLength: 36 };
const CHANNEL_BODY = {
  name: { type: 'string', minLength: 1, maxLength: 200 }, type: { type: 'string', enum: [...CHANNEL_TYPES] }, config: { type: 'object' }, teamId: ID,
};
const RULE_BODY = {
  name: { type: 'string', minLength: 1, maxLength: 200 }, eventTypes: { type: 'array', items: { type: 'string' }, minItems: 1 },
  scopeType: { type: 'string', enum: [...SCOPE_TYPES] }, resourceType: { type: ['string', 'null'] }, resourceId: { type: ['string', 'null'] },
  teamId: { type: ['string', 'null'] }, channelIds: { type: 'array', items: { type: 'string' }, minItems: 1 }, enabled: { type: 'boolean' },
};
const pick = (body: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in body).map((k) => [k, body[k]]));

/** lakesail notifications under `/lakesail/api/v1/notifications`: event types, channels, rules, delivery history. */
export const restLakesailNotificationRoutes: RestRoute[] = [
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'get', path: '/notifications/event-types', summary: 'List available notification event types',
    operation: LakesailEventTypesDocument,
    response: (data) => ({ items: data.notificationEventTypes }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'get', path: '/notifications/channels', summary: 'List notification channels',
    query: { ...TOKEN_LIMIT_QUERY, teamId: ID, memberId: ID },
    operation: LakesailChannelsDocument,
    variables: (req) => ({ ...pageFromToken(req), filter: { teamId: req.query.teamId || null, memberId: req.query.memberId || null } }),
    response: (data) => lakesailTokenList(data.notificationChannels, (c) => c),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'post', path: '/notifications/channels', summary: 'Create a notification channel', status: 201,
    body: { type: 'object', required: ['name', 'type'], properties: CHANNEL_BODY },
    operation: LakesailCreateChannelDocument,
    variables: (req) => ({ input: pick(req.body, ['name', 'type', 'config', 'teamId']) as never }),
    response: (data) => ({ ...data.createNotificationChannel.channel, signingSecret: data.createNotificationChannel.signingSecret ?? null }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'get', path: '/notifications/channels/{channelId}', summary: 'Get notification channel details',
    operation: LakesailChannelDocument,
    variables: (req) => ({ id: req.params.channelId }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'patch', path: '/notifications/channels/{channelId}', summary: 'Update a notification channel',
    body: { type: 'object', properties: { name: CHANNEL_BODY.name, config: CHANNEL_BODY.config } },
    operation: LakesailUpdateChannelDocument,
    variables: (req) => ({ id: req.params.channelId, input: pick(req.body, ['name', 'config']) }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'delete', path: '/notifications/channels/{channelId}', summary: 'Delete a notification channel', status: 204,
    operation: LakesailDeleteChannelDocument,
    variables: (req) => ({ id: req.params.channelId }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'post', path: '/notifications/channels/{channelId}/test', summary: 'Send a test notification',
    operation: LakesailTestChannelDocument,
    variables: (req) => ({ id: req.params.channelId }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'get', path: '/notifications/rules', summary: 'List notification rules',
    query: { ...TOKEN_LIMIT_QUERY, teamId: ID, memberId: ID, resourceType: { type: 'string', maxLength: 32 }, scopeType: { type: 'string', enum: [...SCOPE_TYPES] } },
    operation: LakesailRulesDocument,
    variables: (req) => ({
      ...pageFromToken(req),
      filter: { teamId: req.query.teamId || null, memberId: req.query.memberId || null, resourceType: req.query.resourceType || null, scopeType: req.query.scopeType || null },
    }),
    response: (data) => lakesailTokenList(data.notificationRules, (r) => r),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'post', path: '/notifications/rules', summary: 'Create a notification rule', status: 201,
    body: { type: 'object', required: ['name', 'eventTypes', 'scopeType', 'channelIds'], properties: RULE_BODY },
    operation: LakesailCreateRuleDocument,
    variables: (req) => ({ input: pick(req.body, ['name', 'eventTypes', 'scopeType', 'resourceType', 'resourceId', 'teamId', 'channelIds']) as never }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'get', path: '/notifications/rules/{ruleId}', summary: 'Get notification rule details',
    operation: LakesailRuleDocument,
    variables: (req) => ({ id: req.params.ruleId }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'patch', path: '/notifications/rules/{ruleId}', summary: 'Update a notification rule',
    body: { type: 'object', properties: { name: RULE_BODY.name, eventTypes: RULE_BODY.eventTypes, channelIds: RULE_BODY.channelIds, enabled: RULE_BODY.enabled } },
    operation: LakesailUpdateRuleDocument,
    variables: (req) => ({ id: req.params.ruleId, input: pick(req.body, ['name', 'eventTypes', 'channelIds', 'enabled']) }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'delete', path: '/notifications/rules/{ruleId}', summary: 'Delete a notification rule', status: 204,
    operation: LakesailDeleteRuleDocument,
    variables: (req) => ({ id: req.params.ruleId }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'notifications', method: 'get', path: '/notifications/deliveries', summary: 'List notification delivery history',
    query: { ...TOKEN_LIMIT_QUERY, channelId: ID, ruleId: ID, status: { type: 'string', enum: [...DELIVERY_STATUSES] } },
    operation: LakesailDeliveriesDocument,
    variables: (req) => ({ ...pageFromToken(req), filter: { channelId: req.query.channelId || null, ruleId: req.query.ruleId || null, status: req.query.status || null } }),
    response: (data) => lakesailTokenList(data.notificationDeliveries, (d) => d),
  }),
];
