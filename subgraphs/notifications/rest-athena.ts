import { offsetPage } from '../../src/rest/paging';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  AthenaCreateWebhookDocument, AthenaDeleteWebhookDocument, AthenaTestWebhookDocument, AthenaUpdateWebhookDocument, AthenaWebhookDeliveriesDocument,
  AthenaWebhookDocument, AthenaWebhookEventsDocument, AthenaWebhooksDocument, type AthenaWebhookFragment,
} from '../../src/generated/operations';
import { NotFoundError } from '../../src/errors';

/** athena-rs answers its admin routes in `{status, message, data}`. */
const ok = (message: string, data: unknown) => ({ status: 'success', message, data });
const webhookJson = (w: AthenaWebhookFragment) => ({
  id: w.id, name: w.name, url: (w.config as { url?: string }).url ?? null, route_keys: w.routeKeys, route_key: w.routeKeys[0] ?? null,
  verified_at: w.verifiedAt ?? null, created_at: w.createdAt, updated_at: w.updatedAt,
});
const PAGE = { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, offset: { type: 'integer', minimum: 0, default: 0 } };
const common = { profile: 'athena', tag: 'Webhooks' } as const;

/** athena-rs's gateway webhooks under `/admin/webhooks`: webhook channels with the route keys (event types) that trigger them. */
export const restAthenaWebhookRoutes: RestRoute[] = [
  defineRoute({
    ...common, method: 'get', path: '/admin/webhooks', summary: 'List or upsert gateway webhooks', query: PAGE,
    operation: AthenaWebhooksDocument,
    variables: (req) => offsetPage(Number(req.query.offset ?? 0), Number(req.query.limit ?? 50)),
    response: (data) => ok('Webhooks', data.notificationChannels.nodes.map(webhookJson)),
  }),
  defineRoute({
    ...common, method: 'post', path: '/admin/webhooks', summary: 'List or upsert gateway webhooks',
    body: {
      type: 'object', required: ['url'],
      properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, url: { type: 'string', maxLength: 2000 }, route_key: { type: 'string' }, route_keys: { type: 'array', items: { type: 'string' }, minItems: 1 } },
    },
    operation: AthenaCreateWebhookDocument,
    variables: (req) => {
      const keys = (req.body.route_keys as string[] | undefined) ?? (req.body.route_key ? [String(req.body.route_key)] : ['job_run.terminal']);
      return { input: { name: String(req.body.name ?? req.body.url), url: String(req.body.url), eventTypes: keys } };
    },
    response: (data) => ok('Webhook created', { ...webhookJson(data.createWebhook.channel), signing_secret: data.createWebhook.signingSecret }),
  }),
  defineRoute({
    ...common, method: 'get', path: '/admin/webhooks/events', summary: 'List supported webhook trigger types (route_key catalog)',
    operation: AthenaWebhookEventsDocument,
    response: (data) => ok('Webhook events', data.notificationEventTypes.map((t) => ({ route_key: t.name, description: t.description, expands_to: t.expandsTo ?? null }))),
  }),
  defineRoute({
    ...common, method: 'get', path: '/admin/webhooks/{id}', summary: 'Get, update, or delete a gateway webhook',
    operation: AthenaWebhookDocument,
    variables: (req) => ({ id: req.params.id }),
    response: (data, req) => {
      if (data.notificationChannel.type !== 'webhook') throw new NotFoundError('Webhook', req.params.id);
      return ok('Webhook', webhookJson(data.notificationChannel));
    },
  }),
  defineRoute({
    ...common, method: 'patch', path: '/admin/webhooks/{id}', summary: 'Get, update, or delete a gateway webhook',
    body: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, url: { type: 'string', maxLength: 2000 } } },
    operation: AthenaUpdateWebhookDocument,
    variables: (req) => ({ id: req.params.id, input: { name: (req.body.name as string | undefined) ?? null, config: req.body.url ? { url: req.body.url } : null } }),
    response: (data) => ok('Webhook updated', webhookJson(data.updateNotificationChannel)),
  }),
  defineRoute({
    ...common, method: 'delete', path: '/admin/webhooks/{id}', summary: 'Get, update, or delete a gateway webhook',
    operation: AthenaDeleteWebhookDocument,
    variables: (req) => ({ id: req.params.id }),
    response: (data) => ok('Webhook deleted', { id: data.deleteNotificationChannel.id }),
  }),
  defineRoute({
    ...common, method: 'get', path: '/admin/webhooks/{id}/deliveries', summary: 'List delivery attempts for a gateway webhook', query: PAGE,
    operation: AthenaWebhookDeliveriesDocument,
    variables: (req) => ({ id: req.params.id, ...offsetPage(Number(req.query.offset ?? 0), Number(req.query.limit ?? 50)) }),
    response: (data) => ok('Webhook deliveries', data.notificationDeliveries.nodes.map((d) => ({
      id: d.id, route_key: d.eventType, status: d.status, attempts: d.attempts, response_status: d.lastStatusCode ?? null, error: d.lastError ?? null,
      delivered_at: d.deliveredAt ?? null, created_at: d.createdAt,
    }))),
  }),
  defineRoute({
    ...common, method: 'post', path: '/admin/webhooks/{id}/test', summary: 'Send a test gateway webhook delivery',
    operation: AthenaTestWebhookDocument,
    variables: (req) => ({ id: req.params.id }),
    response: (data) => ok('Test delivery sent', { delivery_id: data.testNotificationChannel.id, status: data.testNotificationChannel.status, response_status: data.testNotificationChannel.lastStatusCode ?? null }),
  }),
];
