import type { GatewayPlugin } from '@graphql-hive/gateway';
import { getOperationAST, type ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import type { Context as OtelContext } from '@opentelemetry/api';
import { errorCodes, type ServiceMetrics } from './metrics';
import { SpanKind, SpanStatusCode, endSpan, startChildSpan, startServerSpan, traceHeaders, traceIdOf, tracingOn, type Span } from './tracing';

/** The gateway's REST layer marks the operations it sends itself, which it logs on its REST line. */
export const REST_OPERATION_HEADER = 'x-dataplane-rest';

interface Observed {
  started: number;
  operation?: string;
  type: string;
  codes: string[];
  span?: Span;
  traceContext?: OtelContext;
}

/**
 * The gateway's side of the same observability as the single process: per operation metrics and
 * log line, and (tracing on) a server span under the caller's trace context with one client span
 * per subgraph fetch, whose W3C `traceparent` goes to the subgraph in the request headers.
 */
export function observabilityGatewayPlugin(metrics: ServiceMetrics, logger: Logger, graphqlPath: string): GatewayPlugin {
  const requests = new WeakMap<Request, Observed>();
  return {
    onRequest({ request, url }) {
      if (url.pathname !== graphqlPath) return;
      const observed: Observed = { started: performance.now(), type: 'unknown', codes: [] };
      if (tracingOn) {
        const started = startServerSpan('graphql', Object.fromEntries(request.headers), { 'http.request.method': request.method, 'http.route': graphqlPath });
        observed.span = started.span;
        observed.traceContext = started.context;
      }
      requests.set(request, observed);
    },
    onParams({ request, params }) {
      const observed = requests.get(request);
      if (observed) observed.operation = params.operationName ?? undefined;
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const observed = request && requests.get(request);
      if (!observed) return;
      const operation = getOperationAST(args.document, args.operationName);
      observed.type = operation?.operation ?? 'unknown';
      observed.operation = operation?.name?.value ?? args.operationName ?? observed.operation;
    },
    onResultProcess({ request, result }) {
      const observed = requests.get(request);
      if (!observed || Symbol.asyncIterator in result) return;
      observed.codes = (Array.isArray(result) ? result : [result]).flatMap((r: ExecutionResult) => errorCodes(r.errors));
    },
    onFetch({ context, options, setOptions, url }) {
      if (!tracingOn) return;
      const request = (context as { request?: Request }).request;
      const parent = request && requests.get(request)?.traceContext;
      if (!parent) return;
      const span = startChildSpan('subgraph fetch', SpanKind.CLIENT, { 'url.full': url, 'http.request.method': options.method ?? 'POST' }, parent);
      setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), ...traceHeaders(span) } });
      return ({ response }) => {
        span.setAttribute('http.response.status_code', response.status);
        endSpan(span, response.status >= 500 ? `HTTP ${response.status}` : undefined);
      };
    },
    onResponse({ request, response }) {
      const observed = requests.get(request);
      if (!observed) return;
      const seconds = (performance.now() - observed.started) / 1000;
      const operation = metrics.operationLabel(observed.operation);
      metrics.recordOperation(operation, observed.type, seconds, observed.codes);
      if (observed.span) {
        observed.span.updateName(`${observed.type} ${operation}`);
        observed.span.setAttributes({ 'graphql.operation.name': operation, 'graphql.operation.type': observed.type, 'http.response.status_code': response.status });
        if (observed.codes.length) observed.span.setStatus({ code: SpanStatusCode.ERROR, message: observed.codes.join(',') });
        observed.span.end();
      }
      if (request.headers.has(REST_OPERATION_HEADER)) return;
      logger.info(
        {
          operation,
          type: observed.type,
          ms: Math.round(seconds * 1000 * 10) / 10,
          status: response.status,
          errors: observed.codes.length ? observed.codes : undefined,
          traceId: traceIdOf(observed.span, request.headers.get('traceparent') ?? undefined),
        },
        'graphql operation',
      );
    },
  };
}
