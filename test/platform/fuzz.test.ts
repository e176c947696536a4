import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { print, type DocumentNode } from 'graphql';
import WebSocket from 'ws';
import * as operations from '../../src/generated/operations';
import { gqlOk, rest, subscribe, wsClient } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** Reproducible: FUZZ_SEED=<n> replays a run. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** FUZZ_SCALE=4 for a longer hunt ; the default 0.5 keeps CI short on a busy 2-core machine. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 0.5);
const DOCUMENT_MUTANTS = Math.round(800 * SCALE);
const WRONG_VARIABLE_CASES = Math.round(300 * SCALE);
const REST_BODIES_PER_ROUTE = Math.max(1, Math.round(2 * SCALE));
const CONCURRENCY = 6;

/** mulberry32: small, seedable, good enough to pick mutations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (max: number) => Math.floor(random() * max);

const GRAPHQL_SHRAPNEL = ['{', '}', '(', ')', '[', ']', ':', '$', '!', '@', '...', '"', '"""', '#', ',', '=', '|', '&', '\\u0000', 'null', '__typename', 'fragment', 'on', 'query', 'mutation', 'subscription', '1e999', '-0', '\u{1F4A5}', '\n', ' '];
/** One random edit of a valid document: the kinds of damage a broken client or an attacker does. */
function mutateDocument(text: string): string {
  const at = int(text.length + 1);
  switch (int(7)) {
    case 0: return text.slice(0, at) + text.slice(at + 1 + int(8));
    case 1: return text.slice(0, at) + pick(GRAPHQL_SHRAPNEL) + text.slice(at);
    case 2: return text.slice(0, at);
    case 3: { const span = text.slice(at, at + int(40)); return text.slice(0, at) + span.repeat(1 + int(20)) + text.slice(at); }
    case 4: { const b = int(text.length + 1); const [x, y] = [Math.min(at, b), Math.max(at, b)]; return text.slice(0, x) + text.slice(y) + text.slice(x, y); }
    case 5: return text.replace(/\b\w+\b/, () => pick(['id', 'nodes', 'x', 'Query', '__schema', 'true', '0']));
    default: return mutateDocument(mutateDocument(text));
  }
}

/** A value of some JSON type, often not the one expected. */
function wrongValue(depth = 0): unknown {
  switch (int(depth > 2 ? 8 : 11)) {
    case 0: return null;
    case 1: return int(2) ? 2 ** 53 + int(9) : -int(1e6);
    case 2: return random() * 1e308;
    case 3: return pick(['', 'x'.repeat(int(20_000)), '\u0000', '2019-13-45T25:61:00Z', 'NaN', '../../etc/passwd', "'; drop table projects; --"]);
    case 4: return int(2) === 0;
    case 5: return pick(['ORG_ADMIN', 'NOT_AN_ENUM', 'asc']);
    case 6: return '00000000-0000-0000-0000-000000000000';
    case 7: return 1.5;
    case 8: return Array.from({ length: int(5) }, () => wrongValue(depth + 1));
    case 9: return Object.fromEntries(Array.from({ length: int(5) }, () => [pick(['name', 'id', 'input', 'first', 'filter', '__proto__', 'constructor', 'x']), wrongValue(depth + 1)]));
    default: return { input: wrongValue(depth + 1) };
  }
}

interface Outcome { status: number; internal: boolean; label: string }

/** Runs `cases` a few at a time and tallies 5xx and masked internal errors. */
async function runAll(cases: (() => Promise<Outcome>)[]): Promise<{ count: number; fiveHundreds: string[]; internal: string[] }> {
  const fiveHundreds: string[] = [];
  const internal: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < cases.length) {
      const outcome = await cases[next++]();
      if (outcome.status >= 500) fiveHundreds.push(`${outcome.status} ${outcome.label}`);
      else if (outcome.internal) internal.push(outcome.label);
    }
  }));
  return { count: cases.length, fiveHundreds, internal };
}

async function postRaw(server: TestServer, token: string, body: string | Buffer, contentType = 'application/json', path = '/graphql', method = 'POST'): Promise<Outcome> {
  if (body.length > 1_000_000) return postOversized(server, token, body, contentType, path);
  let response: Response;
  try {
    response = await fetch(`${server.baseUrl}${path}`, { method, headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body: method === 'GET' ? undefined : body });
  } catch (error) {
    // A kept-alive connection the server closed as this request went out (after a neighbour's
    // refused upload) is a transport race clients retry; on a fresh connection it must be answered.
    keepAliveRaces++;
    try {
      return await sendOnFreshConnection(server, token, body, contentType, path, method);
    } catch {
      return { status: 599, internal: false, label: `${method} ${path.slice(0, 80)} ${String(body).slice(0, 160)} → no answer: ${String((error as { cause?: unknown }).cause ?? error)}` };
    }
  }
  const text = await response.text();
  return { status: response.status, internal: text.includes('INTERNAL_SERVER_ERROR'), label: `${method} ${path} ${String(body).slice(0, 160)} → ${text.slice(0, 200)}` };
}

/**
 * An oversized body is refused (413) before it is read; the server then closes the connection,
 * which fetch reports as a failed upload. Read the answer the way a streaming client does.
 */
function postOversized(server: TestServer, token: string, body: string | Buffer, contentType: string, path: string): Promise<Outcome> {
  return sendOnFreshConnection(server, token, body, contentType, path, 'POST');
}

function sendOnFreshConnection(server: TestServer, token: string, body: string | Buffer, contentType: string, path: string, method: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.baseUrl}${path}`, { method, agent: false, headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, internal: text.includes('INTERNAL_SERVER_ERROR'), label: `${method} ${path} (${body.length} bytes) → ${text.slice(0, 200)}` }));
    });
    request.on('error', (error) => reject(new Error(`no answer: ${error.message}`)));
    request.end(body);
  });
}

const tally: Record<string, number> = {};
let keepAliveRaces = 0;

/**
 * Thousands of malformed requests, from a seed: mutated documents, wrong variables, oversized and
 * deeply nested queries, broken JSON on GraphQL and every REST route, hostile graphql-ws frames.
 * Not one 5xx, no crash, and the server still serves.
 */
describe('fuzzing every surface', () => {
  let server: TestServer;
  let tenant: TestTenant;
  const documents = Object.values(operations)
    .filter((value): value is DocumentNode => typeof value === 'object' && value !== null && (value as DocumentNode).kind === 'Document')
    .map((document) => print(document));

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server, 'fuzzed');
    await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "fuzz-target" }) { id } }`);
  });
  afterAll(async () => {
    const total = Object.values(tally).reduce((a, b) => a + b, 0);
    console.log(`fuzz (seed ${SEED}): ${total} cases — ${Object.entries(tally).map(([k, v]) => `${k} ${v}`).join(', ')}; kept-alive connections closed under a request (answered on a fresh one): ${keepAliveRaces}`);
    await server?.close();
  });

  it(`mutated documents from the repo's ${'operations'}: 4xx or a GraphQL error, never 5xx`, async () => {
    expect(documents.length).toBeGreaterThan(100);
    const cases = Array.from({ length: DOCUMENT_MUTANTS }, () => {
      const query = mutateDocument(pick(documents));
      return () => postRaw(server, tenant.token, JSON.stringify({ query, variables: int(3) ? {} : wrongValue() }));
    });
    const result = await runAll(cases);
    tally['mutated documents'] = result.count;
    console.log(`mutated documents: ${result.count}, 5xx: ${result.fiveHundreds.length}, internal errors: ${result.internal.length}`);
    expect(result.fiveHundreds).toEqual([]);
    expect(result.internal).toEqual([]);
  }, 300_000);

  it('valid documents with variables of the wrong types', async () => {
    const cases = Array.from({ length: WRONG_VARIABLE_CASES }, () => {
      const query = pick(documents);
      const names = [...query.matchAll(/\$(\w+):/g)].map((m) => m[1]);
      const variables = Object.fromEntries(names.map((n) => [n, wrongValue()]));
      return () => postRaw(server, tenant.token, JSON.stringify({ query, variables }));
    });
    const result = await runAll(cases);
    tally['wrong variables'] = result.count;
    console.log(`wrong-typed variables: ${result.count}, 5xx: ${result.fiveHundreds.length}, internal errors: ${result.internal.length}`);
    expect(result.fiveHundreds).toEqual([]);
    expect(result.internal).toEqual([]);
  }, 300_000);

  it('oversized, deeply nested and malformed HTTP requests', async () => {
    const deep = (n: number) => `{ ${'projects { nodes { tenant { '.repeat(n)}id${' } } }'.repeat(n)} }`;
    const bodies: [string | Buffer, string?, string?, string?][] = [
      [JSON.stringify({ query: deep(50) })],
      [JSON.stringify({ query: deep(2000) })],
      [JSON.stringify({ query: `{ ${'a: __typename '.repeat(50_000)} }` })],
      [JSON.stringify({ query: `{ __typename ${'@include(if: true) '.repeat(5000)} }` })],
      [JSON.stringify({ query: `query { ${'{'.repeat(10_000)} }` })],
      [JSON.stringify({ query: '{ __typename }', variables: JSON.parse(`${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`) })],
      [JSON.stringify({ query: '{ __typename }', variables: { a: Array.from({ length: 100_000 }, (_, i) => i) } })],
      [JSON.stringify({ query: 'x'.repeat(2_000_000) })],
      [Buffer.alloc(3_000_000, 0x7b)],
      [JSON.stringify({ query: `fragment A on Query { ...B } fragment B on Query { ...A } { ...A }` })],
      [JSON.stringify({ query: `{ ${Array.from({ length: 300 }, (_, i) => `p${i}: projects(first: 500) { nodes { id name } }`).join(' ')} }` })],
      [JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])],
      [JSON.stringify({ query: '{ __typename }', operationName: 'Nope' })],
      [JSON.stringify({ query: 'query A { __typename } query A { __typename }' })],
      [JSON.stringify({ query: 'subscription { projectChanged { projectId } }' })],
      [JSON.stringify({ query: 42 })], [JSON.stringify({ query: null })], [JSON.stringify({ variables: {} })], [JSON.stringify({ query: '{ __typename }', variables: 'x' })],
      [JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } })],
      ['{"query": "{ __typename }"'], ['{"query": "\\ud800"}'], ['\u0000\u0001\u0002'], ['null'], ['[]'], ['"str"'], ['{"query":"{__typename}","query":"{__typename}"}'],
      ['query=%7B__typename%7D', 'application/x-www-form-urlencoded'], ['{ __typename }', 'application/graphql'], ['{ __typename }', 'text/plain'],
      ['<xml/>', 'application/xml'], ['{"query":"{ __typename }"}', 'application/json; charset=utf-16'], ['{"query":"{ __typename }"}', 'multipart/form-data; boundary=x'],
      ['', 'application/json', '/graphql?query=%7B', 'GET'], ['', 'application/json', '/graphql?query={__typename}&variables=%7Bx', 'GET'],
      ['', 'application/json', '/graphql?query=mutation%7BdeleteProject(id:%22x%22)%7Bid%7D%7D', 'GET'], ['', 'application/json', `/graphql?query=${'%7B'.repeat(3000)}`, 'GET'],
      ['', 'application/json', '/graphql', 'PUT'], ['', 'application/json', '/graphql', 'DELETE'], ['{}', 'application/json', '/graphql', 'PATCH'],
    ];
    const cases = bodies.map(([body, type, path, method]) => () => postRaw(server, tenant.token, body, type, path, method));
    // A sprinkle of random byte soup as JSON.
    for (let i = 0; i < Math.round(150 * SCALE); i++) {
      const soup = JSON.stringify({ query: pick(documents), variables: { input: wrongValue() } });
      const cut = soup.slice(0, int(soup.length));
      cases.push(() => postRaw(server, tenant.token, i % 2 ? cut : Buffer.from(Array.from({ length: int(200) }, () => int(256)))));
    }
    const result = await runAll(cases);
    tally['oversized/nested/malformed HTTP'] = result.count;
    console.log(`oversized, nested and malformed HTTP: ${result.count}, 5xx: ${result.fiveHundreds.length}, internal errors: ${result.internal.length}`);
    expect(result.fiveHundreds).toEqual([]);
    expect(result.internal).toEqual([]);
  }, 300_000);

  it('malformed JSON and bodies shaped wrong on every REST route', async () => {
    const { body: openapi } = await rest(server, undefined, 'GET', '/openapi.json');
    const cases: (() => Promise<Outcome>)[] = [];
    for (const [template, methods] of Object.entries<Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>>(openapi.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const path = template.replace(/\{\w+\}/g, () => pick(['00000000-0000-0000-0000-000000000000', 'x', '%E0%A4%A', '..', '1']));
        const properties = Object.keys(operation.requestBody?.content?.['application/json']?.schema?.properties ?? {});
        for (let i = 0; i < REST_BODIES_PER_ROUTE; i++) {
          const shaped = Object.fromEntries(properties.filter(() => int(2)).map((p) => [p, wrongValue()]));
          const raw = JSON.stringify(shaped);
          const body = pick([raw, raw.slice(0, int(raw.length)), `${raw}}`, '{"a":1,}', '\uFEFF{}', `[${raw}]`, 'true']);
          cases.push(() => postRaw(server, tenant.token, body, pick(['application/json', 'application/json', 'text/plain', 'application/octet-stream']), path, method.toUpperCase()));
        }
      }
    }
    const result = await runAll(cases);
    tally['REST bodies'] = result.count;
    console.log(`REST malformed bodies: ${result.count}, 5xx: ${result.fiveHundreds.length}, internal errors: ${result.internal.length}`);
    expect(result.fiveHundreds).toEqual([]);
    expect(result.internal).toEqual([]);
  }, 300_000);

  it('malformed graphql-ws frames: the socket closes with a 44xx code or answers an error, never 1011 or 4500', async () => {
    const init = JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${tenant.token}` } });
    const sub = (id: string, query = 'subscription { projectChanged { projectId } }') => JSON.stringify({ id, type: 'subscribe', payload: { query } });
    const scripts: (string | Buffer)[][] = [
      ['not json'], ['{"type":'], ['null'], ['[]'], ['42'], [JSON.stringify({ type: 'nonsense' })], [JSON.stringify({})],
      [sub('1')], [JSON.stringify({ type: 'ping' })], [JSON.stringify({ type: 'pong' })], [JSON.stringify({ type: 'complete', id: '1' })],
      [init, init], [init, sub('1'), sub('1')], [init, JSON.stringify({ type: 'subscribe', id: 1, payload: {} })],
      [init, JSON.stringify({ type: 'subscribe', id: 'x', payload: { query: 42 } })], [init, JSON.stringify({ type: 'subscribe', id: 'x', payload: null })],
      [init, sub('x', '{ __typename')], [init, sub('x', 'mutation { deleteProject(id: "nope") { id } }')], [init, sub('x', `{ ${'a: __typename '.repeat(20_000)} }`)],
      [init, JSON.stringify({ type: 'subscribe', id: 'x', payload: { query: 'subscription($a: ID) { projectChanged(after: $a) { projectId } }', variables: { a: { $gt: 1 } } } })],
      [init, JSON.stringify({ type: 'subscribe', id: 'y'.repeat(100_000), payload: { query: '{ __typename }' } })],
      [init, JSON.stringify({ type: 'connection_init', payload: 'x'.repeat(2_000_000) })], [JSON.stringify({ type: 'connection_init', payload: 'x'.repeat(2_000_000) })],
      [JSON.stringify({ type: 'connection_init', payload: { Authorization: 42 } })], [JSON.stringify({ type: 'connection_init', payload: { Authorization: 'Bearer nope' } })],
      [Buffer.from([0xff, 0xfe, 0x00, 0x01])], [init, Buffer.from('{"type":"ping"}')], [init, 'x'.repeat(3_000_000)],
      [init, ...Array.from({ length: 50 }, (_, i) => sub(String(i)))], [init, ...Array.from({ length: 50 }, () => JSON.stringify({ type: 'complete', id: 'nope' }))],
    ];
    for (let i = 0; i < Math.round(120 * SCALE); i++) {
      const frame = JSON.stringify({ type: pick(['connection_init', 'subscribe', 'complete', 'ping', 'next', 'error', 'connection_ack']), id: pick([undefined, '1', 2, null, {}]), payload: wrongValue() });
      scripts.push(i % 2 ? [init, frame, frame.slice(0, int(frame.length))] : [frame]);
    }
    const closeCodes: Record<number, number> = {};
    const badCloses: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < scripts.length) {
        const script = scripts[next++];
        const code = await new Promise<number>((resolve) => {
          const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
          const timer = setTimeout(() => socket.terminate(), 1500);
          socket.on('open', () => { for (const frame of script) socket.send(frame); });
          socket.on('error', () => {});
          socket.on('close', (closeCode) => { clearTimeout(timer); resolve(closeCode); });
        });
        closeCodes[code] = (closeCodes[code] ?? 0) + 1;
        // 1011 and 4500: the server's own failure; 1006 is our timeout cutting a healthy open socket.
        if (code === 1011 || code === 4500) badCloses.push(`${code}: ${String(script[script.length - 1]).slice(0, 120)}`);
      }
    }));
    tally['graphql-ws frame scripts'] = scripts.length;
    console.log(`graphql-ws frame scripts: ${scripts.length}, close codes: ${JSON.stringify(closeCodes)}`);
    expect(badCloses).toEqual([]);
  }, 300_000);

  it('still serves HTTP, REST and subscriptions afterwards', async () => {
    expect((await rest(server, undefined, 'GET', '/healthz')).status).toBe(200);
    expect((await rest(server, undefined, 'GET', '/readyz')).status).toBe(200);
    const client = wsClient(server, tenant.token);
    const events = subscribe(client, 'subscription { projectChanged { type project { name } } }');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await gqlOk(server, tenant.token, `mutation { createProject(input: { name: "after-the-storm" }) { id } }`);
    expect((await events.next(10_000)).data?.projectChanged.project.name).toBe('after-the-storm');
    await client.dispose();
    expect((await rest(server, tenant.token, 'GET', '/api/v1/projects')).status).toBe(200);
  }, 60_000);
});
