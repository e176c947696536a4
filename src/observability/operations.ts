import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { errorCodes, type ServiceMetrics } from './metrics';
import { SpanKind, SpanStatusCode, context, endSpan, inSpan, startServerSpan, trace, traceHeaders, traceIdOf, tracingOn, type Span } from './tracing';
import type { Context as OtelContext } from '@opentelemetry/api';
import type { Config } from '../config';
import { statusForCode } from '../errors';
import { expressPath, fullPath } from '../rest/router';
import type { RestRoute } from '../rest/route';

/** The REST request an operation runs for, so the operation's outcome lands on the REST line. */
interface RestRecord {
  started: number;
  profile: string;
  span?: Span;
  traceContext?: OtelContext;
  operation?: string;
  codes?: string[];
}

const restRecords = new WeakMap<Request, RestRecord>();
/** On the operation's context: Apollo runs each operation on a shallow copy of the context given, so a WeakMap would not find it. */
const REST_RECORD = Symbol('restRecord');

/** Where a route's profile is looked up: `METHOD /express/path` → profile (the first route wins, as in the router). */
export type RestProfiles = Map<string, string>;

/** Each route's profile by `METHOD /express/path`, the first of equal paths winning as in the router. */
export function restProfiles(config: Config, routes: RestRoute[]): RestProfiles {
  const profiles: RestProfiles = new Map();
  for (const route of routes) {
    const key = `${route.method.toUpperCase()} ${expressPath(fullPath(config, route))}`;
    if (!profiles.has(key)) profiles.set(key, route.profile);
  }
  return profiles;
}

/**
 * Times, counts and logs every request that reaches the REST routes (mount it just before them):
 * `rest_request_duration_seconds` by profile and route template (never the raw path), one log line
 * with the operation it ran, and, when tracing is on, the request's server span.
 */
export function restObserver(metrics: ServiceMetrics, logger: Logger, profiles: RestProfiles): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const record: RestRecord = { started: performance.now(), profile: 'none' };
    if (tracingOn) {
      const started = startServerSpan(`${req.method} rest`, req.headers);
      record.span = started.span;
      record.traceContext = started.context;
    }
    restRecords.set(req, record);
    res.once('finish', () => {
      const template = (req.route as { path?: string } | undefined)?.path;
      const route = template ?? 'unmatched';
      const profile = template ? (profiles.get(`${req.method} ${template}`) ?? 'none') : 'none';
      const seconds = (performance.now() - record.started) / 1000;
      metrics.restDuration.observe({ profile, method: req.method, route, status: String(res.statusCode) }, seconds);
      if (record.span) {
        record.span.updateName(`${req.method} ${route}`);
        record.span.setAttributes({ 'http.request.method': req.method, 'http.route': route, 'http.response.status_code': res.statusCode, 'rest.profile': profile });
        endSpan(record.span, res.statusCode >= 500 ? `HTTP ${res.statusCode}` : undefined);
      }
      logger.info(
        {
          rest: { profile, method: req.method, route },
          operation: record.operation,
          status: res.statusCode,
          ms: Math.round(seconds * 1000 * 10) / 10,
          errors: record.codes?.length ? record.codes : undefined,
          traceId: traceIdOf(record.span, req.headers.traceparent),
        },
        'rest request',
      );
    });
    next();
  };
}

/**
 * Runs a REST route's operation under its request's span, and ties the operation to the request
 * so that the REST line (not a second GraphQL line) reports it.
 */
export function runForRest<T>(req: Request, contextValue: object, work: () => Promise<T>): Promise<T> {
  const record = restRecords.get(req);
  if (!record) return work();
  (contextValue as { [REST_RECORD]?: RestRecord })[REST_RECORD] = record;
  return record.traceContext ? context.with(record.traceContext, work) : work();
}

/**
 * The gateway's REST routes run their operation through a fetch of their own: the headers that
 * carry the REST request's trace to it, and the outcome back onto the REST line.
 */
export function restOperationHeaders(req: Request): Record<string, string> {
  const span = restRecords.get(req)?.span;
  if (span) return traceHeaders(span);
  return typeof req.headers.traceparent === 'string' ? { traceparent: req.headers.traceparent } : {};
}

/** Notes a REST request's operation outcome for its log line. */
export function noteRestOutcome(req: Request, codes: string[]): void {
  const record = restRecords.get(req);
  if (record) record.codes = codes;
}

/**
 * Express middleware for `/graphql` (after the body parser, whose stream callbacks would lose the
 * async context): the operation's server span, under the caller's W3C trace context, active while
 * Apollo runs it. Only mounted when tracing is on.
 */
export function graphqlSpan(): RequestHandler {
  return (req, res, next) => {
    const { span, context: spanContext } = startServerSpan('graphql', req.headers, { 'http.request.method': req.method, 'http.route': req.baseUrl || req.path });
    res.once('finish', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      span.end();
    });
    context.with(spanContext, next);
  };
}

/**
 * One hook per operation (no per-field work): `graphql_operation_duration_seconds` by operation
 * name, type and outcome, `graphql_errors_total` by code, the span's name and status, and one log
 * line with operation, duration, status, error codes and trace id. A REST route's operation is
 * counted here too, and logged on the REST line.
 */
export function observabilityPlugin<T extends object>(metrics: ServiceMetrics, logger: Logger): ApolloServerPlugin<T> {
  return {
    // A refused token or a rate limit fails in the context function, before any operation exists.
    async contextCreationDidFail({ error }) {
      const code = String((error as { extensions?: { code?: unknown } }).extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      metrics.errors.inc({ code });
      logger.info({ operation: 'unknown', status: statusForCode(code), errors: [code], traceId: traceIdOf(tracingOn ? trace.getActiveSpan() : undefined, undefined) }, 'graphql operation');
    },
    async requestDidStart({ request }) {
      const started = performance.now();
      let name = request.operationName;
      let type = 'unknown';
      return {
        async didResolveOperation({ operation, operationName }) {
          name = operationName ?? undefined;
          type = operation?.operation ?? type;
        },
        async willSendResponse({ response, contextValue }) {
          const seconds = (performance.now() - started) / 1000;
          const body = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const codes = errorCodes(body.errors as { extensions?: Record<string, unknown> }[] | undefined);
          const operation = metrics.operationLabel(name);
          metrics.recordOperation(operation, type, seconds, codes);
          const span = tracingOn ? trace.getActiveSpan() : undefined;
          if (span) {
            span.updateName(`${type} ${operation}`);
            span.setAttributes({ 'graphql.operation.name': operation, 'graphql.operation.type': type });
            if (codes.length) span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
          }
          const rest = (contextValue as { [REST_RECORD]?: RestRecord })[REST_RECORD];
          if (rest) {
            rest.operation = operation;
            rest.codes = codes;
            return;
          }
          logger.info(
            {
              operation,
              type,
              ms: Math.round(seconds * 1000 * 10) / 10,
              status: response.http.status ?? 200,
              errors: codes.length ? codes : undefined,
              traceId: traceIdOf(span, request.http?.headers.get('traceparent')),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

/**
 * A query or mutation sent over graphql-ws, run in its own span when tracing is on (so its SQL and
 * DuckDB spans have a parent). Subscriptions get none: a span would last as long as the socket.
 */
export function tracedExecute(execute: (args: ExecutionArgs) => Promise<ExecutionResult>): (args: ExecutionArgs) => Promise<ExecutionResult> {
  if (!tracingOn) return execute;
  return (args) => {
    const operation = getOperationAST(args.document, args.operationName);
    const type = operation?.operation ?? 'unknown';
    const name = operation?.name?.value ?? 'anonymous';
    return inSpan(`${type} ${name}`, SpanKind.SERVER, { 'graphql.operation.name': name, 'graphql.operation.type': type, 'network.transport': 'websocket' }, () => execute(args));
  };
}
