import type { Config } from '../config';
import { fullPath, operationText } from './router';
import type { RestRoute } from './route';

/** OpenAPI 3.1 document of every compatibility route, generated from the route table. */
export function buildOpenApi(config: Config, routes: RestRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = fullPath(config, route);
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams = Object.entries(route.query ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [`${route.profile}: ${route.tag}`],
      operationId: `${route.profile}_${route.method}_${route.summary.replace(/\W+/g, '_')}`,
      parameters: [...pathParams, ...queryParams],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
      security: route.public ? [] : [{ bearerAuth: [] }],
      responses: {
        // A computed status is 200 (done) or 202 (still working in the background).
        ...Object.fromEntries((typeof route.status === 'function' ? [200, 202] : [route.status ?? 200]).map((status) => [String(status), { description: status === 202 ? 'Accepted: running in the background' : 'Success' }])),
        '401': { description: 'Missing or invalid credentials' },
        '404': { description: 'Not found (also for rows of other tenants)' },
        '422': { description: 'Invalid input' },
      },
      'x-graphql-operation': operationText(route).trim(),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Data platform REST compatibility API',
      version: '0.1.0',
      description: 'Seed-compatible REST routes (datacovey, lakesail, hotdata, workspaces-api, athena-rs), each mapped onto the GraphQL API.',
    },
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'JWT or API key' } } },
    paths,
  };
}
