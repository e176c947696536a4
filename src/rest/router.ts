import { rmSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { json, Router, type Request, type RequestHandler, type Response } from 'express';
import { parse, type GraphQLFormattedError } from 'graphql';
import type { Config } from '../config';
import { AppError, PayloadTooLargeError, statusForCode } from '../errors';
import type { StagedBody } from '../context';
import { stageBody } from './staged-body';
import { fingerprintOf, IDEMPOTENCY_KEY_MAX_LENGTH, type IdempotentRequest } from '../idempotency/store';
import { ERROR_ENVELOPES, type ErrorEnvelope, type InputProblem } from './profiles';
import type { RestRequest, RestRoute } from './route';
import { documentBody } from '../trusted-documents/manifest';

/** Runs one GraphQL operation for a REST request, with that request's identity and limits. */
export type ExecuteForRest = (
  req: Request,
  operation: string,
  variables: Record<string, unknown>,
  stagedBody?: StagedBody,
  idempotency?: IdempotentRequest,
) => Promise<{ data?: Record<string, any> | null; errors?: readonly GraphQLFormattedError[] }>;

/** `/tenants/{tenant_id}` → `/tenants/:tenant_id` */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

export function fullPath(config: Config, route: RestRoute): string {
  return `${config.restBasePaths[route.profile]}${route.path}`;
}

function problemsFrom(errors: ErrorObject[] | null | undefined, where: 'body' | 'query'): InputProblem[] {
  return (errors ?? []).map((e) => {
    const loc: (string | number)[] = [where, ...e.instancePath.split('/').filter(Boolean)];
    if (e.keyword === 'required') {
      loc.push(String(e.params.missingProperty));
      return { loc, msg: 'Field required', type: 'missing' };
    }
    if (e.keyword === 'additionalProperties') {
      loc.push(String(e.params.additionalProperty));
      return { loc, msg: 'Extra inputs are not permitted', type: 'extra_forbidden' };
    }
    return { loc, msg: e.message ?? 'Invalid value', type: e.keyword };
  });
}

/**
 * Parses a route's JSON body (up to BODY_MAX_BYTES), answering a body it cannot take in the
 * route's profile's envelope: too large is 413 `PAYLOAD_TOO_LARGE`, malformed JSON is the
 * profile's validation error. Per route, since profiles share base paths (`/api/v1`).
 */
function jsonBody(config: Config, envelope: ErrorEnvelope): RequestHandler {
  const parse = json({ limit: config.limits.bodyMaxBytes });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status, type } = error as { status?: number; type?: string };
      if (status === 413) {
        const tooLarge = new PayloadTooLargeError(config.limits.bodyMaxBytes);
        res.status(413).json(envelope.error(tooLarge.code, tooLarge.message, 413));
      } else if (type === 'entity.parse.failed') {
        const invalid = envelope.invalid([{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]);
        res.status(invalid.status).json(invalid.body);
      } else next(error); // the app's error handler: other 4xx as BAD_REQUEST
    });
}

/**
 * A path no route serves, or a method a path does not take, answered in the envelope of the
 * profile whose paths it falls under (404, or 405 with `Allow`), as JSON: a caller of one seed API
 * never gets Express's HTML page. Paths under no profile's routes fall through.
 */
function unmatchedRoutes(config: Config, routes: RestRoute[]): RequestHandler {
  const templates = routes.map((route) => {
    const pattern = fullPath(config, route).replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+');
    return { route, regex: new RegExp(`^${pattern}/?$`) };
  });
  // A profile owns the first path segment after its base path of each of its routes (`/api/v1/projects…`).
  const sections = routes.map((route) => ({ profile: route.profile, prefix: fullPath(config, route).split('/').slice(0, config.restBasePaths[route.profile].split('/').length + 1).join('/') }));
  return (req, res, next) => {
    const allowed = templates.filter((t) => t.regex.test(req.path));
    const profile = allowed[0]?.route.profile ?? sections.find((s) => req.path === s.prefix || req.path.startsWith(`${s.prefix}/`))?.profile;
    if (!profile) return next();
    const envelope = ERROR_ENVELOPES[profile];
    if (allowed.length) {
      res.setHeader('Allow', [...new Set(allowed.map((t) => t.route.method.toUpperCase()))].join(', '));
      res.status(405).json(envelope.error('METHOD_NOT_ALLOWED', 'Method Not Allowed', 405));
      return;
    }
    res.status(404).json(envelope.error('NOT_FOUND', 'Not Found', 404));
  };
}

/** Mounts every route: validate → map to variables → execute → map to the seed's shape and status. */
export function buildRestRouter(config: Config, routes: RestRoute[], execute: ExecuteForRest): Router {
  const router = Router();
  // Query strings are text, so their numbers and booleans are coerced; JSON bodies carry their own
  // types, and a number where the doc wants a string is refused (4xx), never stored as text.
  const queryAjv = addFormats(new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false }));
  const bodyAjv = addFormats(new Ajv({ allErrors: true, useDefaults: true, strict: false }));
  // Longer literal paths first, so `/users/me` wins over `/users/{user_id}`.
  const ordered = [...routes].sort((a, b) => specificity(fullPath(config, b)) - specificity(fullPath(config, a)));
  for (const route of ordered) {
    const envelope = ERROR_ENVELOPES[route.profile];
    const operation = operationText(route);
    const validateBody: ValidateFunction | undefined = route.body ? bodyAjv.compile(route.body) : undefined;
    const validateQuery: ValidateFunction | undefined = route.query
      ? queryAjv.compile({ type: 'object', properties: route.query })
      : undefined;
    // A raw body is streamed by the route itself (stageBody), never parsed as JSON.
    const parseBody: RequestHandler = route.rawBody ? (_req, _res, next) => next() : jsonBody(config, envelope);
    router[route.method](expressPath(fullPath(config, route)), parseBody, async (req: Request, res: Response) => {
      const problems: InputProblem[] = [];
      const query = { ...(req.query as Record<string, string | undefined>) };
      if (validateQuery && !validateQuery(query)) problems.push(...problemsFrom(validateQuery.errors, 'query'));
      let body = (req.body ?? {}) as Record<string, unknown>;
      if (validateBody) {
        if (req.body === undefined || req.body === null) body = {};
        if (typeof body !== 'object' || Array.isArray(body)) {
          problems.push({ loc: ['body'], msg: 'Input should be a valid dictionary or object', type: 'dict_type' });
        } else if (!validateBody(body)) problems.push(...problemsFrom(validateBody.errors, 'body'));
      }
      if (problems.length) {
        const invalid = envelope.invalid(problems);
        res.status(invalid.status).json(invalid.body);
        return;
      }
      const restRequest: RestRequest = { params: req.params as Record<string, string>, query, body, headers: req.headers, basePath: config.restBasePaths[route.profile] };
      // A mapping (request → variables, data → body) that rejects throws an AppError: the caller gets it in the profile's envelope.
      const refuse = (mappingError: unknown) => {
        if (!(mappingError instanceof AppError)) throw mappingError; // anything else is our bug
        res.status(statusForCode(mappingError.code)).json(envelope.error(mappingError.code, mappingError.message, statusForCode(mappingError.code)));
      };
      let variables: Record<string, unknown>;
      try {
        variables = (route.variables ? route.variables(restRequest) : {}) as Record<string, unknown>;
      } catch (mappingError) {
        refuse(mappingError);
        return;
      }
      // A mutating route with `Idempotency-Key`: a retry runs once and answers as the first did.
      let idempotency: IdempotentRequest | undefined;
      const idempotencyKey = req.headers['idempotency-key'];
      if (route.method !== 'get' && typeof idempotencyKey === 'string') {
        if (!idempotencyKey.trim() || idempotencyKey.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
          res.status(400).json(envelope.error('BAD_USER_INPUT', `Idempotency-Key must be 1–${IDEMPOTENCY_KEY_MAX_LENGTH} characters`, 400));
          return;
        }
        idempotency = {
          key: idempotencyKey,
          scope: `rest:${route.method.toUpperCase()} ${fullPath(config, route)}`,
          fingerprint: fingerprintOf({ method: route.method, path: req.path, query, body, contentType: route.rawBody ? req.headers['content-type'] : undefined, length: route.rawBody ? req.headers['content-length'] : undefined }),
        };
      }
      let staged: StagedBody | undefined;
      if (route.rawBody) {
        if (!req.headers.authorization) {
          res.status(401).json(envelope.error('UNAUTHENTICATED', 'Authentication required: send Authorization: Bearer <token>', 401));
          return;
        }
        try {
          staged = await stageBody(req, config);
        } catch (error) {
          if (!(error instanceof PayloadTooLargeError)) throw error;
          res.status(413).json(envelope.error(error.code, error.message, 413));
          return;
        }
      }
      const result = await execute(req, operation, variables, staged, idempotency).finally(() => staged && rmSync(staged.file, { force: true }));
      const error = result.errors?.[0];
      if (error) {
        const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
        if (code === 'BAD_USER_INPUT' && Array.isArray(error.extensions?.validationErrors)) {
          const details = error.extensions.validationErrors as { property: string; constraints: Record<string, string> }[];
          const invalid = envelope.invalid(
            details.map((d) => ({ loc: ['body', ...d.property.split('.').slice(-1)], msg: Object.values(d.constraints)[0], type: 'value_error' })),
          );
          res.status(invalid.status).json(invalid.body);
          return;
        }
        const status = statusForCode(code);
        if (typeof error.extensions?.retryAfter === 'number') res.setHeader('Retry-After', String(error.extensions.retryAfter));
        res.status(status).json(envelope.error(code, error.message, status));
        return;
      }
      const data = result.data ?? {};
      let body2: unknown;
      try {
        body2 = route.response ? route.response(data, restRequest) : data[Object.keys(data)[0]];
      } catch (mappingError) {
        refuse(mappingError);
        return;
      }
      const status = typeof route.status === 'function' ? route.status(data) : (route.status ?? 200);
      if (route.contentType && typeof body2 === 'string') res.status(status).type(route.contentType).send(body2);
      else if (status === 204 || body2 === undefined) res.status(status).end();
      else res.status(status).json(body2);
    });
  }
  router.use(unmatchedRoutes(config, routes));
  return router;
}

/**
 * The operation as GraphQL text, printed once at mount the way the trusted documents manifest
 * prints it, so its hash is registered there (`npm run compose`).
 */
export function operationText(route: RestRoute): string {
  return documentBody(typeof route.operation === 'string' ? parse(route.operation) : route.operation);
}

function specificity(path: string): number {
  const segments = path.split('/').filter(Boolean);
  return segments.length * 10 + segments.filter((s) => !s.startsWith('{')).length;
}
