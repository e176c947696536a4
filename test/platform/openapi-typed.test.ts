import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST_RESPONSE_SCHEMAS } from '../../src/generated/rest-response-schemas';
import { loadConfig } from '../../src/config';
import { deriveResponseSchemas } from '../../src/rest/derive-response-schemas';
import { buildOpenApi } from '../../src/rest/openapi';
import { subgraphs } from '../../subgraphs';
import { rest } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

type OpenApi = {
  servers: { url: string }[];
  components: { schemas: Record<string, unknown> };
  paths: Record<string, Record<string, { summary: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }>; parameters: { in: string; required?: boolean }[] }>>;
};

/** A client of the REST API as a user writes one: typed by openapi-typescript, called with openapi-fetch. */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { paths } from './api';

const client = createClient<paths>({ baseUrl: 'http://localhost:4000' });

export async function projectName(projectId: string): Promise<string> {
  const { data, error } = await client.GET('/api/v1/projects/{project_id}', { params: { path: { project_id: projectId } } });
  if (error) return typeof error.detail === 'string' ? error.detail : error.detail.map((problem) => problem.msg).join('; ');
  const name: string = data.name;
  const archived: string | null = data.archived_at;
  // @ts-expect-error A field the mapping does not produce: the response type is precise, not any.
  data.no_such_field;
  // @ts-expect-error name is a string
  const wrong: number = data.name;
  return name + String(archived) + String(wrong);
}

export async function lakesailUserEmails(): Promise<string[]> {
  const { data, error } = await client.GET('/lakesail/api/v1/users', { params: { query: { limit: 10 } } });
  if (error) throw new Error(error.error.code + error.error.message);
  const next: string | null = data.nextToken;
  return data.items.map((user) => user.email + String(next));
}

export async function createdProjectId(): Promise<string | undefined> {
  const { data, response } = await client.POST('/api/v1/projects', { body: { name: 'typed' } });
  if (response.status === 422) return undefined;
  return data?.id;
}
`;

describe('OpenAPI document with response schemas', () => {
  let server: TestServer;
  let doc: OpenApi;
  // Under node_modules, so the client file resolves openapi-fetch as a user's project would.
  const cacheDir = join(__dirname, '../../node_modules/.cache');
  mkdirSync(cacheDir, { recursive: true });
  const workDir = mkdtempSync(join(cacheDir, 'openapi-typed-'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validatorOf = (schema: unknown) => ajv.compile({ ...(schema as object), components: doc.components });

  beforeAll(async () => {
    server = await startTestServer();
    const response = await fetch(server.baseUrl + '/openapi.json');
    doc = (await response.json()) as OpenApi;
  });

  afterAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
    await server?.close();
  });

  it('names the server, and every operation has a 2xx schema (or 204) and error schemas', () => {
    expect(doc.servers[0].url).toBe(server.baseUrl);
    const problems: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations++;
        const label = `${method.toUpperCase()} ${path} (${operation.summary})`;
        const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
        if (!success.length) problems.push(`${label}: no 2xx response`);
        for (const [status, response] of success) if (status !== '204' && !response.content) problems.push(`${label}: ${status} has no schema`);
        for (const status of ['404', '409']) if (!operation.responses[status]?.content) problems.push(`${label}: no ${status} error schema`);
      }
    }
    expect(problems).toEqual([]);
    expect(operations).toBeGreaterThan(250);
    // A sample, spelled out: derived from the mapping, not generic.
    const project = doc.paths['/api/v1/projects/{project_id}'].get.responses['200'].content!['application/json'].schema as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(project.properties).sort()).toEqual(['archived_at', 'created_at', 'description', 'id', 'name', 'tenant_id']);
    expect(project.properties.archived_at).toEqual({ type: ['null', 'string'] });
    expect(doc.paths['/api/v1/projects/{project_id}'].delete.responses['204']).toBeDefined();
    expect(doc.paths['/api/v1/projects/{project_id}'].get.responses['404'].content!['application/json'].schema).toEqual({ $ref: '#/components/schemas/datacoveyError' });
  });

  it('openapi-typescript generates typed responses that a typed openapi-fetch call compiles against', async () => {
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    const types = astToString(await openapiTS(doc as never));
    expect(types).not.toMatch(/responses: \{\s*\};/);
    writeFileSync(join(workDir, 'api.d.ts'), types);
    writeFileSync(join(workDir, 'client.ts'), CLIENT);
    const program = ts.createProgram([join(workDir, 'client.ts')], {
      strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    // The check can fail: with the responses `never` (as before they had schemas) the same client does not compile.
    writeFileSync(join(workDir, 'api.d.ts'), types.replace(/"application\/json": \{[^{}]*\}/g, '"application/json": never'));
    const untyped = ts.createProgram([join(workDir, 'client.ts')], program.getCompilerOptions());
    expect(ts.getPreEmitDiagnostics(untyped).length).toBeGreaterThan(0);
  }, 120_000);

  it('stays one valid document when profiles share a base path (lakesail under /api/v1 beside datacovey)', async () => {
    const { default: openapiTS } = await import('openapi-typescript');
    const shared = buildOpenApi(loadConfig({ REST_BASE_LAKESAIL: '/api/v1' }), subgraphs.flatMap((m) => m.restRoutes ?? [])) as OpenApi;
    // `/api/v1/users/{user_id}` (datacovey) and `/api/v1/users/{userId}` (lakesail) are one path, documented once.
    expect(Object.keys(shared.paths).filter((path) => /^\/api\/v1\/users\/\{\w+\}$/.test(path))).toEqual(['/api/v1/users/{user_id}']);
    await expect(openapiTS(shared as never)).resolves.toBeDefined();
  }, 60_000);

  it('the committed response schemas are what the route mappings derive (else: npm run compose)', () => {
    expect(deriveResponseSchemas().responses).toEqual(REST_RESPONSE_SCHEMAS);
  }, 120_000);

  it('real answers match the documented schemas: every list route without path parameters, and errors in each profile\'s envelope', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      const operation = item.get;
      if (!operation || path.includes('{') || operation.parameters.some((p) => p.in === 'query' && p.required)) continue;
      // Once more on a reset: the first request may reuse a keep-alive socket the server closed while types compiled.
      const answer = await rest(server, server.adminToken, 'GET', path).catch(() => rest(server, server.adminToken, 'GET', path)).catch((error: Error) => error);
      if (answer instanceof Error) { problems.push(`GET ${path}: ${answer.message} ${String(answer.cause)}`); continue; }
      const documented = operation.responses[String(answer.status)]?.content?.['application/json']?.schema;
      if (!documented) {
        if (answer.status < 500 && typeof answer.body !== 'object') continue; // a text body (CSV)
        problems.push(`GET ${path}: ${answer.status} is not documented`);
        continue;
      }
      const validate = validatorOf(documented);
      checked++;
      if (!validate(answer.body)) problems.push(`GET ${path} ${answer.status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(30);

    // Errors: not found, validation and unauthenticated, one route of each profile.
    const errorCases: [string, string, string, unknown?, string?][] = [
      ['GET', '/api/v1/projects/{project_id}', '/api/v1/projects/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/v1/projects', '/api/v1/projects', { description: 'no name' }],
      ['GET', '/lakesail/api/v1/users/{userId}', '/lakesail/api/v1/users/00000000-0000-4000-8000-000000000000'],
      ['GET', '/api/v1/projects', '/api/v1/projects', undefined, 'no token'],
    ];
    for (const [method, documentedPath, url, body, noToken] of errorCases) {
      const answer = await rest(server, noToken ? undefined : server.adminToken, method, url, body);
      const schema = doc.paths[documentedPath]?.[method.toLowerCase()]?.responses[String(answer.status)]?.content?.['application/json']?.schema;
      expect(schema, `${method} ${url} → ${answer.status} documented`).toBeDefined();
      const validate = validatorOf(schema);
      expect(validate(answer.body), `${method} ${url} → ${answer.status} ${JSON.stringify(answer.body)}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });
});
