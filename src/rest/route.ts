import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { JSONSchemaType } from 'ajv';

/** The seed APIs the compatibility layer speaks; each has its own base path and error envelope. */
export type RestProfile = 'datacovey' | 'lakesail' | 'hotdata' | 'workspaces' | 'athena';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a route's mapping functions see of the HTTP request. */
export interface RestRequest {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** The profile's base path, e.g. `/v1`, for links in responses. */
  basePath: string;
}

// A loose JSON Schema type: routes declare plain schema objects that ajv and OpenAPI both read.
export type JsonSchema = Record<string, unknown> | JSONSchemaType<unknown>;

/**
 * One REST endpoint of a seed API: a GraphQL operation run through the same schema, auth and
 * loaders as GraphQL, plus the mapping from the request to variables and from the result to
 * the seed's JSON.
 */
export interface RestRoute<TData = any, TVariables = any> {
  profile: RestProfile;
  method: HttpMethod;
  /** OpenAPI-style path relative to the profile's base path, e.g. `/tenants/{tenant_id}`. */
  path: string;
  /** The seed's operation title, e.g. "Create Tenant". */
  summary: string;
  /** Tag in the OpenAPI document (the seed's resource group). */
  tag: string;
  /** GraphQL document with exactly one operation: a typed document from `npm run codegen`. */
  operation: TypedDocumentNode<TData, TVariables> | string;
  /** Maps the request to the operation's variables. Default: none. */
  variables?: (req: RestRequest) => TVariables;
  /** Maps `data` to the response body. Default: the first field of `data`. */
  response?: (data: TData, req: RestRequest) => unknown;
  /** Success status, or a function of the result (e.g. 202 while work goes on in the background). @default 200 */
  status?: number | ((data: TData) => number);
  /** Query parameters: name → JSON schema (validated, documented). */
  query?: Record<string, JsonSchema>;
  /** Request body JSON schema (validated, documented). */
  body?: JsonSchema;
  /** No credentials needed (the operation itself decides). */
  public?: boolean;
  /**
   * The response is not JSON: `response` returns the body as text, sent with this content type
   * (e.g. `text/csv; charset=utf-8`). Errors keep the profile's JSON envelope.
   */
  contentType?: string;
  /**
   * The body is raw bytes (any content type), streamed to a staging file before the operation
   * runs and handed to it as `ctx.stagedBody`; bodies over `UPLOAD_MAX_BYTES` are refused with 413.
   */
  rawBody?: boolean;
}

/** Declares a route with its data and variable types inferred from the typed document. */
export function defineRoute<TData, TVariables>(route: RestRoute<TData, TVariables>): RestRoute {
  return route as RestRoute;
}
