import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk, rest, subscribe, wsClient, type QueuedSubscription } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createUser } from '../support/tenants';

const EVENTS = `subscription($channelId: ID, $after: String) {
  notificationDelivered(channelId: $channelId, after: $after) { cursor type deliveryId channelId eventType status attempts statusCode error inAppNotificationId }
}`;

/** A webhook receiver that answers `failures` times with 500, then 200, and keeps what it got. */
function receiver(failures: number) {
  const received: { headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const answered = received.length < failures ? 500 : 200;
      received.push({ headers: req.headers, body, answered });
      res.writeHead(answered).end(answered === 200 ? 'ok' : 'try again');
    });
  });
  return { server, received, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` };
}

async function until(sub: QueuedSubscription, done: (event: any) => boolean, seen: any[] = []): Promise<any[]> {
  for (;;) {
    const message = await sub.next(20_000);
    if (message.errors) throw new Error(JSON.stringify(message.errors));
    seen.push(message.data!.notificationDelivered);
    if (done(seen[seen.length - 1])) return seen;
  }
}

/** Rules turn domain events into deliveries: webhooks (signed, retried), email over SMTP, in-app. */
describe('notification deliveries', () => {
  let server: TestServer;
  let smtp: SMTPServer;
  const mails: { to: string; body: string }[] = [];
  let jobId: string;
  let teamId: string;
  const hook = receiver(2);
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, callback) {
        let body = '';
        stream.on('data', (chunk) => (body += chunk));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
    server = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } });
    const token = server.adminToken;
    await rest(server, token, 'POST', '/v1/datasets', { label: 'events', source: { inline: 'n\n1\n2\n' } });
    const query = await rest(server, token, 'POST', '/v1/queries', { name: 'count', sql: 'select count(*) from events' });
    teamId = (await gqlOk(server, token, `mutation { createTeam(input: { name: "data" }) { id } }`)).createTeam.id;
    jobId = (await gqlOk(server, token, `mutation($q: ID!, $t: ID!) { createJob(input: { name: "nightly", teamIds: [$t], queryIds: [$q] }) { id } }`, { q: query.body.id, t: teamId })).createJob.id;
  });
  afterAll(async () => {
    await server?.close();
    hook.server.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('a finished job run is POSTed to a webhook that fails twice: retried, signed, delivered exactly once, every change pushed', async () => {
    const token = server.adminToken;
    const created = await gqlOk(server, token, `mutation($url: String!) { createNotificationChannel(input: { name: "ops hook", type: "webhook", config: { url: $url } }) { signingSecret channel { id type verifiedAt } } }`, { url: hook.url() });
    const { signingSecret, channel } = created.createNotificationChannel;
    expect(signingSecret).toMatch(/^whsec_/);
    const rule = await gqlOk(server, token, `mutation($c: ID!) { createNotificationRule(input: { name: "runs end", eventTypes: ["job_run.terminal"], scopeType: "organization", channelIds: [$c] }) { eventTypes } }`, { c: channel.id });
    expect(rule.createNotificationRule.eventTypes).toEqual(['job_run.succeeded', 'job_run.failed', 'job_run.timeout', 'job_run.cancelled']);

    const client = wsClient(server, token);
    const sub = subscribe(client, EVENTS, { channelId: channel.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const run = (await gqlOk(server, token, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }`, { jobId })).createJobRun;
    const events = await until(sub, (e) => e.type === 'delivered');
    expect(events.map((e) => e.type)).toEqual(['pending', 'delivering', 'attempt_failed', 'delivering', 'attempt_failed', 'delivering', 'delivered']);
    expect(events.filter((e) => e.type === 'attempt_failed').map((e) => e.statusCode)).toEqual([500, 500]);
    expect(events[events.length - 1]).toMatchObject({ status: 'delivered', attempts: 3, statusCode: 200, eventType: 'job_run.succeeded' });
    expect(new Set(events.map((e) => e.deliveryId)).size).toBe(1);

    // Three requests, one delivery id, one 200; each signed with the channel's secret over timestamp and body.
    expect(hook.received.map((r) => r.answered)).toEqual([500, 500, 200]);
    for (const request of hook.received) {
      expect(request.headers['x-dataplane-delivery']).toBe(events[0].deliveryId);
      const expected = `sha256=${createHmac('sha256', signingSecret).update(`${request.headers['x-dataplane-timestamp']}.${request.body}`).digest('hex')}`;
      expect(request.headers['x-dataplane-signature']).toBe(expected);
    }
    const body = JSON.parse(hook.received[2].body);
    expect(body).toMatchObject({ id: events[0].deliveryId, type: 'job_run.succeeded', data: { runId: run.id, jobId, status: 'succeeded' } });

    const history = await gqlOk(server, token, `query($c: ID!) { notificationDeliveries(filter: { channelId: $c, status: "delivered" }) { nodes { status attempts lastStatusCode deliveredAt } } }`, { c: channel.id });
    expect(history.notificationDeliveries.nodes).toEqual([{ status: 'delivered', attempts: 3, lastStatusCode: 200, deliveredAt: expect.any(String) }]);

    // A test send goes through now and verifies the channel.
    await gqlOk(server, token, `mutation($c: ID!) { testNotificationChannel(id: $c) { status } }`, { c: channel.id });
    expect((await gqlOk(server, token, `query($c: ID!) { notificationChannel(id: $c) { verifiedAt } }`, { c: channel.id })).notificationChannel.verifiedAt).toEqual(expect.any(String));
    sub.dispose();
    await client.dispose();
  });

  it('email goes through SMTP; in-app notifications reach every team member live; a disabled rule matches nothing', async () => {
    const token = server.adminToken;
    const member = await createUser(server, { tenantId: server.tenantId, adminId: '', token }, 'DATASET_USER');
    await gqlOk(server, token, `mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { userId } }`, { t: teamId, u: member.id });
    const email = (await gqlOk(server, token, `mutation { createNotificationChannel(input: { name: "mail", type: "email", config: { email: "oncall@example.test" } }) { channel { id } } }`)).createNotificationChannel.channel.id;
    const inApp = (await gqlOk(server, token, `mutation($t: ID!) { createNotificationChannel(input: { name: "inbox", type: "in_app", teamId: $t }) { channel { id teamId } } }`, { t: teamId })).createNotificationChannel.channel.id;
    const rule = (await gqlOk(server, token, `mutation($e: ID!, $i: ID!, $j: ID!) { createNotificationRule(input: { name: "this job", eventTypes: ["job_run.succeeded"], scopeType: "resource", resourceType: "job", resourceId: $j, channelIds: [$e, $i] }) { id } }`, { e: email, i: inApp, j: jobId })).createNotificationRule.id;

    const memberClient = wsClient(server, member.token);
    const memberEvents = subscribe(memberClient, EVENTS, {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gqlOk(server, token, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }`, { jobId });
    const seen = await until(memberEvents, (e) => e.type === 'delivered' && e.inAppNotificationId);
    expect(seen.every((e) => e.channelId === inApp)).toBe(true);
    const inbox = await gqlOk(server, member.token, `{ myNotifications(unreadOnly: true) { nodes { id eventType title readAt } } }`);
    expect(inbox.myNotifications.nodes).toEqual([{ id: seen[seen.length - 1].inAppNotificationId, eventType: 'job_run.succeeded', title: expect.stringContaining('job_run.succeeded'), readAt: null }]);
    await gqlOk(server, member.token, `mutation($id: ID!) { markNotificationRead(id: $id) { readAt } }`, { id: inbox.myNotifications.nodes[0].id });
    expect((await gqlOk(server, member.token, `{ myNotifications(unreadOnly: true) { totalCount } }`)).myNotifications.totalCount).toBe(0);

    for (let i = 0; i < 100 && !mails.length; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe('oncall@example.test');
    expect(mails[0].body).toMatch(/job_run\.succeeded/);

    // Disabled: the next run notifies nobody.
    await gqlOk(server, token, `mutation($r: ID!) { updateNotificationRule(id: $r, input: { enabled: false }) { enabled } }`, { r: rule });
    const before = (await gqlOk(server, token, `query($c: ID!) { notificationDeliveries(filter: { channelId: $c }) { totalCount } }`, { c: email })).notificationDeliveries.totalCount;
    await gqlOk(server, token, `mutation($jobId: ID!) { createJobRun(jobId: $jobId) { id } }`, { jobId });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await gqlOk(server, token, `query($c: ID!) { notificationDeliveries(filter: { channelId: $c }) { totalCount } }`, { c: email })).notificationDeliveries.totalCount).toBe(before);
    memberEvents.dispose();
    await memberClient.dispose();
  });

  it('refuses bad channels and rules with clear errors; other tenants see nothing', async () => {
    const token = server.adminToken;
    const badUrl = await gql(server, token, `mutation { createNotificationChannel(input: { name: "x", type: "webhook", config: { url: "ftp://nope" } }) { signingSecret } }`);
    expect(badUrl.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/http\(s\) URL/) });
    const badType = await gql(server, token, `mutation { createNotificationRule(input: { name: "x", eventTypes: ["job_run.exploded"], scopeType: "organization", channelIds: ["x"] }) { id } }`);
    expect(badType.errors?.[0].message).toMatch(/Unknown event type/);
    const types = await gqlOk(server, token, `{ notificationEventTypes { name expandsTo } }`);
    expect(types.notificationEventTypes).toContainEqual({ name: 'job_run.terminal', expandsTo: ['job_run.succeeded', 'job_run.failed', 'job_run.timeout', 'job_run.cancelled'] });
    const unreachable = (await gqlOk(server, token, `mutation { createNotificationChannel(input: { name: "dead", type: "webhook", config: { url: "http://127.0.0.1:1/x" } }) { channel { id } } }`)).createNotificationChannel.channel.id;
    const test = await gql(server, token, `mutation($c: ID!) { testNotificationChannel(id: $c) { status } }`, { c: unreachable });
    expect(test.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_GATEWAY' }, message: expect.stringMatching(/Could not reach/) });
    const other = await startTestServer({ sameDatabaseAs: server });
    try {
      const stranger = await import('../support/tenants').then((m) => m.createTenant(other));
      expect((await gqlOk(other, stranger.token, `{ notificationChannels { totalCount } notificationDeliveries { totalCount } notificationRules { totalCount } }`))).toEqual({
        notificationChannels: { totalCount: 0 }, notificationDeliveries: { totalCount: 0 }, notificationRules: { totalCount: 0 },
      });
      expect((await gql(other, stranger.token, `query($c: ID!) { notificationChannel(id: $c) { id } }`, { c: unreachable })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    } finally {
      await other.close();
    }
  });
});
