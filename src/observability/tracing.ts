import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Context as OtelContext, type Span } from '@opentelemetry/api';

export { SpanKind, SpanStatusCode, context, trace, type Span };

/**
 * Whether the standard OTEL_* environment asks for traces: an exporter other than `none` in
 * OTEL_TRACES_EXPORTER, or an OTLP endpoint, and not OTEL_SDK_DISABLED. Off by default, and off
 * means the SDK is never loaded and no span is ever made.
 */
export function tracesRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (exporters.length) return !exporters.includes('none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

let sdk: { shutdown(): Promise<void> } | undefined;
let flush: (() => Promise<void>) | undefined;

/** True once {@link startTracing} has started the SDK in this process. */
export let tracingOn = false;

/**
 * Starts the OpenTelemetry Node SDK once per process when the environment asks for traces (see
 * {@link tracesRequested}); the SDK reads the exporter, endpoint, protocol, sampler and resource
 * from OTEL_*. `serviceName` applies when OTEL_SERVICE_NAME is not set. W3C trace context is the
 * propagator. Spans are made by hand at one point per operation, SQL statement and DuckDB call,
 * so no module is patched and nothing needs to load before the rest of the service.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (tracingOn || !tracesRequested(env)) return;
  // Prometheus serves metrics and pino the logs: the SDK's own would default to OTLP.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  // Loaded only here, so a start without OTEL_* does not pay for the SDK's module graph.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const started = new NodeSDK({ serviceName: env.OTEL_SERVICE_NAME ?? serviceName, instrumentations: [] });
  started.start();
  sdk = started;
  const provider = trace.getTracerProvider() as { forceFlush?: () => Promise<void>; getDelegate?: () => { forceFlush?: () => Promise<void> } };
  flush = async () => {
    await (provider.getDelegate?.().forceFlush?.() ?? provider.forceFlush?.());
  };
  tracingOn = true;
}

/** Sends the spans still buffered (at server close: a batch would otherwise wait up to OTEL_BSP_SCHEDULE_DELAY). */
export async function flushTraces(): Promise<void> {
  await flush?.().catch(() => undefined);
}

/** Stops the SDK (process exit). */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
}

const tracer = () => trace.getTracer('dataplane');

/** A span under the context given in W3C `traceparent`/`tracestate` headers (a root span when there are none). */
export function startServerSpan(name: string, headers: Record<string, string | string[] | undefined>, attributes?: Record<string, string>): { span: Span; context: OtelContext } {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** A span under the active one (or under `parent`). */
export function startChildSpan(name: string, kind: SpanKind, attributes?: Record<string, string | number>, parent: OtelContext = context.active()): Span {
  return tracer().startSpan(name, { kind, attributes }, parent);
}

/** The `traceparent` (and `tracestate`) headers that carry `span` to the next process. */
export function traceHeaders(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier;
}

/** Ends `span`, marked as an error when `error` says so. */
export function endSpan(span: Span, error?: string): void {
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
  span.end();
}

/** Runs `work` in a span (when tracing is on; otherwise just runs it). */
export async function inSpan<T>(name: string, kind: SpanKind, attributes: Record<string, string | number>, work: () => Promise<T>): Promise<T> {
  if (!tracingOn) return work();
  const span = startChildSpan(name, kind, attributes);
  try {
    const result = await context.with(trace.setSpan(context.active(), span), work);
    span.end();
    return result;
  } catch (error) {
    endSpan(span, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The trace id of this request for its log line: the active span's when tracing is on, else the
 * one in the caller's `traceparent` header, so logs join a caller's trace even with tracing off.
 */
export function traceIdOf(span: Span | undefined, traceparent: string | string[] | undefined): string | undefined {
  if (span) return span.spanContext().traceId;
  return typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim())?.[1] : undefined;
}
