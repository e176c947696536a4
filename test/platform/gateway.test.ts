import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphs } from '../../subgraphs';
import { loadConfig } from '../../src/config';
import { spawnMain, type MainProcess } from '../../src/federation/federated';
import { startGateway, type RunningGateway } from '../../src/federation/hive-gateway';
import { gql, gqlOk, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** What the clients helpers need of a server: its URLs. */
const endpoint = (url: string) => ({ url, wsUrl: url.replace(/^http/, 'ws'), baseUrl: url.replace(/\/graphql$/, '') }) as TestServer;

const PROJECT_EVENTS = `subscription ($after: String) {
  projectChanged(after: $after) { cursor type project { name tenant { id name } createdBy { email } } }
}`;

/**
 * The federated deployment: `subgraph NAME` processes behind Hive Gateway, on the PostgreSQL
 * database and Redis of the single process they are compared with. Only the subgraphs these
 * questions touch run (tenants, projects, catalogs); the gateway is started in this process.
 */
// Generous timeouts: three extra processes share two cores with the rest of the suite.
describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)('Hive Gateway in front of subgraph processes', { timeout: 180_000 }, () => {
  let single: TestServer;
  let processes: Record<string, MainProcess>;
  let gateway: RunningGateway;
  let viaGateway: TestServer;
  let tenant: TestTenant;

  beforeAll(async () => {
    single = await startTestServer();
    const env = {
      DATABASE_URL: single.config.databaseUrl!,
      REDIS_URL: process.env.REDIS_URL!,
      DATA_DIR: single.config.dataDir,
      JWT_SECRET: single.config.jwtSecret!,
      BOOTSTRAP: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const started = await Promise.all(['tenants', 'projects', 'catalogs'].map((name) => spawnMain(name, ['subgraph', name], { env })));
    processes = Object.fromEntries(started.map((p) => [p.name, p]));
    // Subgraphs not started point at a closed port: nothing here may need them.
    const subgraphUrls = Object.fromEntries(subgraphs.map((m) => [m.name, processes[m.name]?.url ?? 'http://127.0.0.1:9/graphql']));
    gateway = await startGateway(loadConfig(process.env, { port: 0, host: '127.0.0.1', dataDir: single.config.dataDir, logLevel: 'silent', subgraphUrls }), subgraphs);
    viaGateway = endpoint(gateway.url);
    tenant = await createTenant(single);
  }, 300_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(Object.values(processes ?? {}).map((p) => p.stop()));
    await single?.close();
  }, 60_000);

  it('answers a query that spans subgraphs exactly as the single process does', async () => {
    await gqlOk(single, tenant.token, 'mutation { createProject(input: { name: "alpha", description: "first" }) { id } }');
    await gqlOk(single, tenant.token, 'mutation { createProject(input: { name: "beta" }) { id } }');
    const query = `{
      me { id email tenant { id name } }
      projects(first: 10) { totalCount pageInfo { hasNextPage } nodes { id name description tenant { id name } createdBy { id email } } }
    }`;
    const direct = await gql(single, tenant.token, query);
    const federated = await gql(viaGateway, tenant.token, query);
    expect(direct.data?.projects.totalCount).toBe(2);
    expect(direct.data?.projects.nodes[0].tenant.id).toBe(tenant.tenantId);
    expect(federated.data).toEqual(direct.data);
    const missing = '{ project(id: "no-such-project") { id name } }';
    const codes = (r: typeof direct) => r.errors?.map((e) => ({ message: e.message, code: e.extensions?.code, path: e.path }));
    const [directMissing, federatedMissing] = [await gql(single, tenant.token, missing), await gql(viaGateway, tenant.token, missing)];
    expect(codes(directMissing)).toEqual([{ message: expect.any(String), code: 'NOT_FOUND', path: ['project'] }]);
    expect(codes(federatedMissing)).toEqual(codes(directMissing));
    expect(federatedMissing.data ?? null).toEqual(directMissing.data ?? null);
  });

  it('answers errors as the single process does: validation and syntax errors 400, no serviceName or other internal extensions', async () => {
    for (const query of ['{ nope }', '{ projects { totalCount nope } }', 'query ($n: Int!) { projects(first: $n) { totalCount } }', '{ projects {']) {
      const [direct, federated] = [await gql(single, tenant.token, query), await gql(viaGateway, tenant.token, query)];
      expect(direct.status, query).toBe(400);
      expect(federated.status, query).toBe(400);
      expect(federated.data ?? null, query).toBeNull();
      expect(federated.errors?.map((e) => e.extensions?.code), query).toEqual(direct.errors?.map((e) => e.extensions?.code));
    }
    // An error a subgraph raised, next to data from another subgraph: only what the single process says.
    const query = '{ me { email } project(id: "no-such-project") { id createdBy { email } } }';
    const [direct, federated] = [await gql(single, tenant.token, query), await gql(viaGateway, tenant.token, query)];
    expect(direct.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(federated.errors).toEqual(direct.errors);
    expect(JSON.stringify(federated)).not.toMatch(/serviceName|subgraph|DOWNSTREAM/i);
    // A subgraph that does not answer (jobs is not running here): BAD_GATEWAY, not its address.
    const down = await gql(viaGateway, tenant.token, '{ jobs { totalCount } }');
    expect(down.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_GATEWAY' }]);
    expect(JSON.stringify(down)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|serviceName/);
    // A GET query (urql's default) as on the single process.
    const viaGet = await fetch(`${viaGateway.url}?query=${encodeURIComponent('{ me { id } }')}`, { headers: { authorization: `Bearer ${tenant.token}` } });
    expect(viaGet.status).toBe(200);
    expect(((await viaGet.json()) as { data: { me: { id: string } } }).data.me.id).toBe(tenant.adminId);
  });

  it('answers /readyz as the single process does: a JSON status, 503 while a subgraph it routes to is down', async () => {
    const ready = await fetch(`${viaGateway.baseUrl}/readyz`);
    const body = (await ready.json()) as { status: string; subgraphs: Record<string, string> };
    // Only three subgraphs run here: the others' addresses are closed.
    expect(ready.status).toBe(503);
    expect(body.status).toBe('not ready');
    expect(body.subgraphs).toMatchObject({ tenants: 'up', projects: 'up', catalogs: 'up', jobs: 'down' });
    expect(Object.keys(body.subgraphs).sort()).toEqual(subgraphs.map((m) => m.name).sort());
    expect(await (await fetch(`${viaGateway.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('passes the caller on: no token, another tenant, a wrong token', async () => {
    const anonymous = await gql(viaGateway, undefined, '{ projects { totalCount } }');
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.status).toBe((await gql(single, undefined, '{ projects { totalCount } }')).status);
    const other = await createTenant(single);
    expect((await gqlOk(viaGateway, other.token, '{ projects { totalCount } }')).projects.totalCount).toBe(0);
    const wrong = await gql(viaGateway, 'not-a-token', '{ projects { totalCount } }');
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(wrong.status).toBe((await gql(single, 'not-a-token', '{ projects { totalCount } }')).status);
  });

  it('runs the REST routes on the gateway with the same answers', async () => {
    const rest = async (base: string) => {
      const response = await fetch(`${base}/api/v1/projects`, { headers: { authorization: `Bearer ${tenant.token}` } });
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const federated = await rest(viaGateway.baseUrl);
    expect(federated.status).toBe(200);
    expect(federated).toEqual(await rest(single.baseUrl));
    const missing = await fetch(`${viaGateway.baseUrl}/api/v1/projects/no-such-project`, { headers: { authorization: `Bearer ${tenant.token}` } });
    expect(missing.status).toBe(404);
  });

  it('passes an upload (a raw body streamed to disk) through to the subgraph that owns it', async () => {
    const upload = await fetch(`${viaGateway.baseUrl}/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'text/csv' },
      body: 'id,name\n1,a\n2,b\n',
    });
    expect(upload.status).toBe(201);
    const { id } = (await upload.json()) as { id: string };
    const listed = await fetch(`${single.baseUrl}/v1/files`, { headers: { authorization: `Bearer ${tenant.token}` } });
    expect(((await listed.json()) as { uploads: { id: string }[] }).uploads.map((u) => u.id)).toEqual([id]);
    const anonymous = await fetch(`${viaGateway.baseUrl}/v1/files`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id\n1\n' });
    expect(anonymous.status).toBe(401);
  });

  it('pushes events made on another process to a subscriber on the gateway, with fields from other subgraphs', async () => {
    const client = wsClient(viaGateway, tenant.token);
    // From the start of the log: the subscription sees the projects above, then what comes next, with no race.
    const sub = subscribe(client, PROJECT_EVENTS, { after: '0' });
    const replayed = [await sub.next(30_000), await sub.next(30_000)];
    expect(replayed[0].errors).toBeUndefined();
    expect(replayed.map((e) => e.data?.projectChanged.project.name)).toEqual(['alpha', 'beta']);
    await gqlOk(single, tenant.token, 'mutation { createProject(input: { name: "gamma" }) { id } }');
    const live = await sub.next(30_000);
    expect(live.errors).toBeUndefined();
    expect(live.data?.projectChanged).toMatchObject({ type: 'CREATED', project: { name: 'gamma', tenant: { id: tenant.tenantId, name: expect.any(String) }, createdBy: { email: expect.any(String) } } });
    await client.dispose();
  });

  it('refuses a subscriber without credentials (4401) and one with a wrong token', async () => {
    let closedWith: number | undefined;
    const anonymous = wsClient(viaGateway, undefined, (code) => (closedWith = code));
    const refused = subscribe(anonymous, PROJECT_EVENTS);
    await refused.next(30_000).catch(() => undefined);
    expect(closedWith).toBe(4401);
    await anonymous.dispose();

    // A wrong token: refused at connect as on the single process (4401 with a reason), not at subscribe.
    const closes: Record<string, { code: number; reason: string }> = {};
    for (const [name, target] of [['gateway', viaGateway], ['single', single]] as const) {
      const wrong = wsClient(target, 'not-a-token', (code, reason) => (closes[name] = { code, reason }));
      await subscribe(wrong, PROJECT_EVENTS).next(30_000).catch(() => undefined);
      await wrong.dispose();
    }
    expect(closes.gateway).toEqual({ code: 4401, reason: 'Invalid token' });
    expect(closes.gateway).toEqual(closes.single);
  });

  it('loses no event when the instance a subscriber was on is killed: it resumes on another with its cursor', async () => {
    const projects = processes.projects;
    const first = wsClient(endpoint(projects.url), tenant.token);
    const before = subscribe(first, 'subscription ($after: String) { projectChanged(after: $after) { cursor project { name } } }', { after: '0' });
    const seen: { cursor: string; name: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const message = await before.next(30_000);
      expect(message.errors).toBeUndefined();
      const event = message.data!.projectChanged;
      seen.push({ cursor: event.cursor, name: event.project.name });
    }
    expect(seen.map((e) => e.name)).toEqual(['alpha', 'beta', 'gamma']);

    await projects.stop('SIGKILL');
    await first.dispose();
    // Written while the subscriber has no connection at all.
    for (const name of ['delta', 'epsilon']) await gqlOk(single, tenant.token, `mutation { createProject(input: { name: "${name}" }) { id } }`);

    const second = wsClient(single, tenant.token);
    const resumed = subscribe(second, 'subscription ($after: String) { projectChanged(after: $after) { cursor project { name } } }', { after: seen[2].cursor });
    const missed = [await resumed.next(30_000), await resumed.next(30_000)].map((e) => e.data!.projectChanged);
    expect(missed.map((e) => e.project.name)).toEqual(['delta', 'epsilon']);
    await gqlOk(single, tenant.token, 'mutation { createProject(input: { name: "zeta" }) { id } }');
    expect((await resumed.next(30_000)).data!.projectChanged.project.name).toBe('zeta');
    expect(await resumed.nothingWithin(500)).toBe(true);
    const cursors = [...seen.map((e) => e.cursor), ...missed.map((e) => e.cursor)];
    expect(new Set(cursors).size).toBe(cursors.length);
    await second.dispose();
  });
});
