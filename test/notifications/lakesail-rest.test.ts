import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant } from '../support/tenants';

const BASE = '/lakesail/api/v1/notifications';

/** lakesail's notification routes over the same channels, rules and deliveries as GraphQL. */
describe('lakesail notifications REST', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('event types, channels, rules and delivery history in lakesail shapes', async () => {
    const token = server.adminToken;
    const types = await rest(server, token, 'GET', `${BASE}/event-types`);
    expect(types.body.items).toContainEqual({ name: 'job_run.failure', description: expect.any(String), expandsTo: ['job_run.failed', 'job_run.timeout'] });

    const created = await rest(server, token, 'POST', `${BASE}/channels`, { name: 'hook', type: 'webhook', config: { url: 'http://127.0.0.1:1/never' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'hook', type: 'webhook', config: { url: 'http://127.0.0.1:1/never' }, verifiedAt: null, signingSecret: expect.stringMatching(/^whsec_/) });
    const channelId = created.body.id;
    await rest(server, token, 'POST', `${BASE}/channels`, { name: 'inbox', type: 'in_app' });
    expect((await rest(server, token, 'POST', `${BASE}/channels`, { name: 'bad', type: 'pager' })).status).toBe(400);

    const first = await rest(server, token, 'GET', `${BASE}/channels?limit=1`);
    expect(first.body).toMatchObject({ items: [{ name: 'hook' }], nextToken: expect.any(String) });
    const second = await rest(server, token, 'GET', `${BASE}/channels?limit=1&token=${first.body.nextToken}`);
    expect(second.body).toMatchObject({ items: [{ name: 'inbox' }], nextToken: null });
    expect((await rest(server, token, 'GET', `${BASE}/channels/${channelId}`)).body).not.toHaveProperty('signingSecret');
    expect((await rest(server, token, 'PATCH', `${BASE}/channels/${channelId}`, { name: 'ops hook' })).body.name).toBe('ops hook');
    const test = await rest(server, token, 'POST', `${BASE}/channels/${channelId}/test`);
    expect(test.status).toBe(502);
    expect(test.body).toEqual({ error: { code: 'BAD_GATEWAY', message: expect.stringMatching(/Test notification failed/) } });

    const rule = await rest(server, token, 'POST', `${BASE}/rules`, { name: 'failures', eventTypes: ['job_run.failure'], scopeType: 'organization', channelIds: [channelId] });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ eventTypes: ['job_run.failed', 'job_run.timeout'], scopeType: 'organization', channelIds: [channelId], enabled: true });
    expect((await rest(server, token, 'POST', `${BASE}/rules`, { name: 'x', eventTypes: ['nope'], scopeType: 'organization', channelIds: [channelId] })).status).toBe(400);
    expect((await rest(server, token, 'GET', `${BASE}/rules?scopeType=organization`)).body.items).toHaveLength(1);
    expect((await rest(server, token, 'GET', `${BASE}/rules?scopeType=team`)).body.items).toHaveLength(0);
    expect((await rest(server, token, 'PATCH', `${BASE}/rules/${rule.body.id}`, { enabled: false })).body.enabled).toBe(false);

    const history = await rest(server, token, 'GET', `${BASE}/deliveries?channelId=${channelId}&status=failed`);
    expect(history.body).toMatchObject({ items: [{ channelId, eventType: 'notification.test', status: 'failed', attempts: 1 }], nextToken: null });

    const stranger = await createTenant(server);
    expect((await rest(server, stranger.token, 'GET', `${BASE}/channels/${channelId}`)).status).toBe(404);
    // A filter naming another tenant's channel or rule is "not found", not an empty history.
    expect(await rest(server, stranger.token, 'GET', `${BASE}/deliveries?channelId=${channelId}`)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await rest(server, stranger.token, 'GET', `${BASE}/deliveries?ruleId=${rule.body.id}`)).status).toBe(404);
    // So is a channel or rule filter naming another tenant's member or team.
    const ownerId = (await gqlOk(server, token, '{ me { id } }')).me.id;
    expect((await rest(server, token, 'GET', `${BASE}/channels?memberId=${ownerId}`)).body.items.map((c: any) => c.name)).toEqual(['ops hook', 'inbox']);
    expect(await rest(server, stranger.token, 'GET', `${BASE}/channels?memberId=${ownerId}`)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await rest(server, stranger.token, 'GET', `${BASE}/rules?memberId=${ownerId}`)).status).toBe(404);
    const ownerTeam = (await gqlOk(server, token, 'mutation { createTeam(input: { name: "on-call" }) { id } }')).createTeam.id;
    expect((await rest(server, token, 'GET', `${BASE}/rules?teamId=${ownerTeam}`)).body.items).toEqual([]);
    expect((await rest(server, stranger.token, 'GET', `${BASE}/channels?teamId=${ownerTeam}`)).status).toBe(404);
    expect((await rest(server, token, 'DELETE', `${BASE}/rules/${rule.body.id}`)).status).toBe(204);
    expect((await rest(server, token, 'DELETE', `${BASE}/channels/${channelId}`)).status).toBe(204);
    expect((await rest(server, token, 'GET', `${BASE}/channels/${channelId}`)).status).toBe(404);
  });
});

/** athena-rs's gateway webhooks: webhook channels with the route keys that trigger them. */
describe('athena-rs /admin/webhooks', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('upserts, lists, gets, updates, tests, lists deliveries and deletes, in the status/message/data envelope', async () => {
    const token = server.adminToken;
    const events = await rest(server, token, 'GET', '/admin/webhooks/events');
    expect(events.body).toMatchObject({ status: 'success', data: expect.arrayContaining([{ route_key: 'job_run.terminal', description: expect.any(String), expands_to: expect.any(Array) }]) });
    const created = await rest(server, token, 'POST', '/admin/webhooks', { name: 'gateway', url: 'http://127.0.0.1:1/hook', route_key: 'job_run.failure' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      status: 'success', data: { id: expect.any(String), url: 'http://127.0.0.1:1/hook', route_keys: ['job_run.failed', 'job_run.timeout'], signing_secret: expect.stringMatching(/^whsec_/) },
    });
    const id = created.body.data.id;
    expect((await rest(server, token, 'GET', '/admin/webhooks?limit=10')).body.data.map((w: any) => w.id)).toEqual([id]);
    expect((await rest(server, token, 'GET', `/admin/webhooks/${id}`)).body.data).not.toHaveProperty('signing_secret');
    expect((await rest(server, token, 'PATCH', `/admin/webhooks/${id}`, { url: 'http://127.0.0.1:2/hook' })).body.data.url).toBe('http://127.0.0.1:2/hook');
    const test = await rest(server, token, 'POST', `/admin/webhooks/${id}/test`);
    expect(test.status).toBe(502);
    expect(test.body).toMatchObject({ status: 'error', message: expect.stringMatching(/Test notification failed/) });
    expect((await rest(server, token, 'GET', `/admin/webhooks/${id}/deliveries`)).body.data).toEqual([expect.objectContaining({ route_key: 'notification.test', status: 'failed', attempts: 1 })]);
    const inApp = await rest(server, token, 'POST', '/lakesail/api/v1/notifications/channels', { name: 'inbox', type: 'in_app' });
    expect((await rest(server, token, 'GET', `/admin/webhooks/${inApp.body.id}`)).status).toBe(404);
    expect((await rest(server, token, 'POST', '/admin/webhooks', { url: 'http://x', route_key: 'nope' })).status).toBe(400);
    expect((await rest(server, token, 'DELETE', `/admin/webhooks/${id}`)).body).toMatchObject({ status: 'success', data: { id } });
    expect((await rest(server, token, 'GET', `/admin/webhooks/${id}`)).status).toBe(404);
  });
});
