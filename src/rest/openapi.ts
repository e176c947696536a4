import { Kind, type DocumentNode } from 'graphql';
import type { Config } from '../config';
import { REST_RESPONSE_SCHEMAS } from '../generated/rest-response-schemas';
import type { DerivedResponse } from './derive-response-schemas';
import { ERROR_ENVELOPES } from './profiles';
import { fullPath, operationText } from './router';
import type { RestProfile, RestRoute } from './route';

/** The statuses an operation's errors map to (src/errors.ts), beside the profile's validation status. */
const ERROR_STATUSES: Record<string, string> = {
  '400': 'Bad input',
  '401': 'Missing or invalid credentials',
  '403': 'Not allowed',
  '404': 'Not found (also for rows of other tenants)',
  '409': 'Conflict with the current state',
  '413': 'Body too large',
  '429': 'Too many requests (see Retry-After)',
  '502': 'An external system failed',
};

function operationName(route: RestRoute): string {
  const document = route.operation as DocumentNode;
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation && 'name' in operation && operation.name ? operation.name.value : '';
}

/** The route's response schema, derived from its mapping at `npm run compose` (src/rest/derive-response-schemas.ts). */
export function derivedResponse(route: RestRoute): DerivedResponse | undefined {
  const name = operationName(route);
  return REST_RESPONSE_SCHEMAS[`${name}|${route.summary}`] ?? REST_RESPONSE_SCHEMAS[`${name}|*`];
}

const errorRef = (profile: RestProfile) => ({ $ref: `#/components/schemas/${profile}Error` });
const invalidRef = (profile: RestProfile) => ({ $ref: `#/components/schemas/${profile}ValidationError` });

function errorResponses(route: RestRoute): Record<string, unknown> {
  const invalidStatus = String(ERROR_ENVELOPES[route.profile].invalidSchema.status);
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(ERROR_STATUSES)) {
    if (status === '401' && route.public) continue;
    const schema = status === invalidStatus ? { anyOf: [invalidRef(route.profile), errorRef(route.profile)] } : errorRef(route.profile);
    responses[status] = { description, content: { 'application/json': { schema } } };
  }
  responses[invalidStatus] ??= { description: 'Invalid input', content: { 'application/json': { schema: invalidRef(route.profile) } } };
  return responses;
}

function successResponses(route: RestRoute): Record<string, unknown> {
  const derived = derivedResponse(route);
  if (!derived) throw new Error(`${route.profile} ${route.method.toUpperCase()} ${route.path}: no derived response schema; run \`npm run compose\``);
  // A computed status is 200 (done) or 202 (still working in the background).
  const statuses = typeof route.status === 'function' ? [200, 202] : [route.status ?? 200];
  return Object.fromEntries(statuses.map((status) => [
    String(status),
    {
      description: status === 202 ? 'Accepted: running in the background' : status === 204 ? 'Done, no body' : 'Success',
      ...('schema' in derived && status !== 204 ? { content: { [route.contentType?.split(';')[0] ?? 'application/json']: { schema: derived.schema } } } : {}),
    },
  ]));
}

/**
 * The documented path of each route: OpenAPI takes `/a/{x}` and `/a/{y}` for the same path, so
 * where two routes (of profiles sharing a base path) name the parameters of one template
 * differently, the later ones are documented with the first one's names.
 */
function documentedPaths(config: Config, routes: RestRoute[]): Map<RestRoute, { path: string; params: Map<string, string> }> {
  const firstByTemplate = new Map<string, string>();
  const documented = new Map<RestRoute, { path: string; params: Map<string, string> }>();
  for (const route of routes) {
    const path = fullPath(config, route);
    const template = path.replace(/\{\w+\}/g, '{}');
    const first = firstByTemplate.get(template) ?? path;
    firstByTemplate.set(template, first);
    const ours = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const theirs = [...first.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    documented.set(route, { path: first, params: new Map(ours.map((name, i) => [name, theirs[i]])) });
  }
  return documented;
}

/** OpenAPI 3.1 document of every compatibility route, generated from the route table. */
export function buildOpenApi(config: Config, routes: RestRoute[], serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Set<string>();
  const documented = documentedPaths(config, routes);
  for (const route of routes) {
    const { path, params } = documented.get(route)!;
    // Two routes with one method and template (profiles sharing `/api/v1`): the router serves the first.
    if (paths[path]?.[route.method]) continue;
    const pathParams = [...params.values()].map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    const queryParams = Object.entries(route.query ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
    let operationId = `${route.profile}_${route.method}_${route.summary.replace(/\W+/g, '_')}`;
    while (operationIds.has(operationId)) operationId += '_';
    operationIds.add(operationId);
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [`${route.profile}: ${route.tag}`],
      operationId,
      parameters: [...pathParams, ...queryParams],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
      ...(route.rawBody ? { requestBody: { required: true, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } } } : {}),
      security: route.public ? [] : [{ bearerAuth: [] }],
      responses: { ...successResponses(route), ...errorResponses(route) },
      'x-graphql-operation': operationText(route).trim(),
    };
  }
  const profiles = [...new Set(routes.map((r) => r.profile))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Data platform REST compatibility API',
      version: '0.1.0',
      description: 'Seed-compatible REST routes (datacovey, lakesail, hotdata, workspaces-api, athena-rs), each mapped onto the GraphQL API.',
    },
    // Paths carry each profile's base path, so the server is the origin the document was fetched from.
    servers: [{ url: serverUrl ?? '/', description: 'This server' }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'JWT or API key' } },
      schemas: Object.fromEntries(profiles.flatMap((profile) => [
        [`${profile}Error`, { ...ERROR_ENVELOPES[profile].errorSchema, description: `${profile}'s error body` }],
        [`${profile}ValidationError`, { ...ERROR_ENVELOPES[profile].invalidSchema.schema, description: `${profile}'s body for input that failed validation` }],
      ])),
    },
    paths,
  };
}
