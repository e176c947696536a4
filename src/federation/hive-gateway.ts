import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type Request, type Response } from 'express';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { isAsyncIterable, mapAsyncIterator } from '@graphql-tools/utils';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { WebSocketServer } from 'ws';
import { authorizationFromConnectionParams } from '../auth/authenticate';
import type { Config } from '../config';
import { formatError, statusForCode } from '../errors';
import { HttpDrain } from '../http-drain';
import { packageRoot } from '../package-root';
import { playground } from '../playground';
import { buildOpenApi } from '../rest/openapi';
import { buildRestRouter, expressPath, fullPath } from '../rest/router';
import { signedDownloadRouter } from '../rest/signed-downloads';
import type { SubgraphModule } from './module';
import { TrustedDocuments, withoutPersistedQuery } from '../trusted-documents/trusted-documents';
import { createLogger } from '../logger';
import { ServiceMetrics, errorCodes } from '../observability/metrics';
import { noteRestOutcome, restObserver, restOperationHeaders, restProfiles } from '../observability/operations';
import { REST_OPERATION_HEADER, observabilityGatewayPlugin } from '../observability/gateway-plugin';
import { flushTraces, startTracing } from '../observability/tracing';

/** Close code for a WebSocket without credentials or with ones that do not authenticate (the single process uses the same). */
const CLOSE_UNAUTHORIZED = 4401;
const GRAPHQL_PATH = '/graphql';

/** The committed supergraph the gateway plans from (`npm run compose` writes it). */
export const SUPERGRAPH_FILE = join(packageRoot(), 'schema', 'supergraph.graphql');

/**
 * Where each subgraph listens: `config.subgraphUrls` (SUBGRAPH_URLS) where given, else the base
 * port scheme `http://127.0.0.1:<SUBGRAPH_BASE_PORT + position in subgraphs/index.ts>/graphql`,
 * which is also what `subgraph NAME` listens on when PORT is not set.
 */
export function subgraphUrls(config: Config, modules: SubgraphModule[]): Record<string, string> {
  const unknown = Object.keys(config.subgraphUrls).filter((name) => !modules.some((m) => m.name === name));
  if (unknown.length) throw new Error(`SUBGRAPH_URLS names unknown subgraphs: ${unknown.join(', ')}; known: ${modules.map((m) => m.name).join(', ')}`);
  return Object.fromEntries(
    modules.map((m, index) => [m.name, config.subgraphUrls[m.name] ?? `http://127.0.0.1:${config.subgraphBasePort + index}${GRAPHQL_PATH}`]),
  );
}

/** The supergraph SDL with each `@join__graph` pointed at where that subgraph really runs. */
export function pointSupergraphAt(supergraphSdl: string, urls: Record<string, string>): string {
  const named = new Set<string>();
  const sdl = supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) => {
    named.add(name);
    return urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole;
  });
  const missing = Object.keys(urls).filter((name) => !named.has(name));
  if (missing.length) throw new Error(`The supergraph has no subgraph ${missing.join(', ')}: run \`npm run compose\``);
  return sdl;
}

export interface RunningGateway {
  url: string;
  wsUrl: string;
  port: number;
  /** Where the gateway sends each subgraph's operations. */
  subgraphUrls: Record<string, string>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Supergraph SDL to plan from. @default the contents of {@link SUPERGRAPH_FILE} */
  supergraphSdl?: string;
}

/**
 * Starts Hive Gateway in front of the subgraph processes on `config.port`: GraphQL over HTTP and
 * graphql-ws on `/graphql` (subscriptions go to the owning subgraph over graphql-ws), the
 * playground, the REST compatibility routes run as operations on the gateway's schema, and
 * `/healthz` / `/readyz`. The caller's `Authorization` (header or `connectionParams`) is passed on to
 * every subgraph, which authenticates it as the single process does.
 */
export async function startGateway(config: Config, modules: SubgraphModule[], options: GatewayOptions = {}): Promise<RunningGateway> {
  // Loaded here so that `serve` and `subgraph NAME` never pay for the gateway's module graph.
  const { createGatewayRuntime, getGraphQLWSOptions } = await import('@graphql-hive/gateway');
  if (config.tracing) startTracing('dataplane-gateway');
  const logger = createLogger(config.logLevel, config.logFile);
  const metrics = new ServiceMetrics();
  const trusted = TrustedDocuments.fromConfig(config);
  const urls = subgraphUrls(config, modules);
  // Where a WebSocket's credentials are checked: the subgraph that owns identities, else any.
  const identityUrl = urls.tenants ?? Object.values(urls)[0];
  const supergraph = pointSupergraphAt(options.supergraphSdl ?? readFileSync(SUPERGRAPH_FILE, 'utf8'), urls);

  const runtime = createGatewayRuntime<{ authorization?: string }>({
    supergraph,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    // Our own playground (below) is served from installed packages; Hive's would load from a CDN.
    graphiql: false,
    logging: hiveLogLevel(config.logLevel),
    // Its errors name the subgraph (`serviceName`) and tag DOWNSTREAM_SERVICE_ERROR: clients see the subgraph's own code.
    subgraphErrors: false,
    maskedErrors: { maskError: maskUnexpectedError },
    disableIntrospection: config.nodeEnv === 'production' ? { disableIf: () => true } : undefined,
    plugins: (): GatewayPlugin[] => [
      {
        // One place that says who the caller is: the header on HTTP, connectionParams on WebSocket.
        onContextBuilding({ context, extendContext }) {
          const ctx = context as { request?: globalThis.Request; connectionParams?: Record<string, unknown> };
          const fromSocket = authorizationFromConnectionParams(ctx.connectionParams);
          const authorization = typeof fromSocket === 'string' ? fromSocket : (ctx.request?.headers.get('authorization') ?? undefined);
          extendContext({ authorization } as never);
        },
        // As on the single process: an HTTP operation refused for missing credentials answers 401.
        onExecute({ args }) {
          if ((args.contextValue as { connectionParams?: unknown }).connectionParams) return;
          return {
            onExecuteDone({ result, setResult }) {
              if (Symbol.asyncIterator in result || result.data || !result.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return;
              setResult({ ...result, extensions: { ...result.extensions, http: { status: 401 } } });
            },
          };
        },
      },
      ...(trusted ? [trustedDocumentsPlugin(trusted)] : []),
      clientFacingErrorsPlugin(),
      observabilityGatewayPlugin(metrics, logger, GRAPHQL_PATH),
    ],
    propagateHeaders: {
      fromClientToSubgraphs: ({ context }) => ({ authorization: (context as { authorization?: string }).authorization }),
    },
    transportEntries: {
      '*.http': {
        options: {
          // Subscriptions reach the subgraph over graphql-ws, one upstream socket per caller's credentials.
          subscriptions: {
            kind: 'ws',
            location: GRAPHQL_PATH,
            options: { connectionParams: { Authorization: '{context.authorization}' } },
          },
        },
      },
    },
  });

  const app = express();
  app.disable('x-powered-by');
  const toRuntime = (req: IncomingMessage, res: express.Response) => void runtime(req, res);
  if (config.metrics) {
    app.get('/metrics', async (_req, res) => {
      const { contentType, body } = await metrics.exposition();
      res.type(contentType).send(body);
    });
  }
  app.use(playground(GRAPHQL_PATH));
  let open = true;
  // As on the single process: a JSON status, 503 when what it needs to answer is not there (here: any subgraph).
  app.get('/readyz', async (_req, res) => {
    const states = Object.fromEntries(await Promise.all(Object.entries(urls).map(async ([name, url]) => [name, (await isReady(url)) ? 'up' : 'down'] as const)));
    const ready = open && Object.values(states).every((state) => state === 'up');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', subgraphs: states });
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // GraphQL goes to the gateway untouched (it reads the body itself).
  app.all(GRAPHQL_PATH, toRuntime);
  mountRest(app, config, modules, urls, restObserver(metrics, logger, restProfiles(config, modules.flatMap((m) => m.restRoutes ?? []))), async (req, query, variables) => {
    const authorization = req.headers.authorization;
    const response = await runtime.fetch(`http://gateway${GRAPHQL_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', accept: 'application/json', [REST_OPERATION_HEADER]: '1',
        ...restOperationHeaders(req), ...(authorization ? { authorization } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as { data?: Record<string, any> | null; errors?: readonly GraphQLFormattedError[] };
    noteRestOutcome(req, errorCodes(result.errors as { extensions?: Record<string, unknown> }[] | undefined));
    return result;
  });

  const httpServer: HttpServer = createServer(app);
  const httpDrain = new HttpDrain(httpServer);
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  // The upgrade request as a fetch Request: the gateway's hooks (header propagation) look for one.
  const wsOptions = getGraphQLWSOptions<Record<string, unknown>, Extra>(runtime, (ctx) => ({
    req: ctx.extra.request,
    socket: ctx.extra.socket,
    request: new Request(`http://gateway${GRAPHQL_PATH}`, {
      headers: Object.entries(ctx.extra.request.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as [string, string]])),
    }),
  }));
  const wsContexts = new Set<{ subscriptions: Record<string, unknown> }>();
  metrics.readFrom({
    openSockets: () => wsContexts.size,
    activeSubscriptions: () => [...wsContexts].reduce((n, ctx) => n + Object.keys(ctx.subscriptions).length, 0),
  });
  const wsCleanup = useServer(
    {
      ...wsOptions,
      // As on the single process, a socket is refused at once without credentials or with ones
      // that do not authenticate: the gateway holds no keys, so a subgraph is asked.
      onConnect: async (ctx) => {
        const authorization = authorizationFromConnectionParams(ctx.connectionParams);
        const refusal = authorization === undefined ? 'Unauthorized' : (await authenticatesAt(identityUrl, authorization)) ? undefined : 'Invalid token';
        if (refusal) {
          ctx.extra.socket.close(CLOSE_UNAUTHORIZED, refusal);
          return false;
        }
        wsContexts.add(ctx);
        return true;
      },
      onNext: (_ctx, _id, _payload, _args, result) => withClientFacingErrors(result as ExecutionResult),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => clientFacingError(error)),
      onClose: (ctx) => {
        wsContexts.delete(ctx);
      },
    },
    wsServer,
  );

  await new Promise<void>((resolveListen, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolveListen);
  });
  const port = (httpServer.address() as AddressInfo).port;
  const hostForUrl = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${hostForUrl}:${port}${GRAPHQL_PATH}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    port,
    subgraphUrls: urls,
    close() {
      closing ??= (async () => {
        open = false;
        // As the single process does: answer every request already sent, close WebSockets with 1001.
        await Promise.all([httpDrain.drain(), wsCleanup.dispose()]);
        wsServer.close();
        await runtime.dispose();
        await flushTraces();
      })();
      return closing;
    },
  };
}

type ExecuteOnGateway = (
  req: Request,
  query: string,
  variables: Record<string, unknown>,
) => Promise<{ data?: Record<string, any> | null; errors?: readonly GraphQLFormattedError[] }>;

/**
 * The REST compatibility routes on the gateway: each runs its operation on the gateway's schema,
 * so cross-subgraph fields resolve as on the single process. Routes that stream a raw body to disk
 * (uploads) hand the body to the context of the process that runs the resolver, which is the
 * owning subgraph: those are passed through to it unchanged.
 */
function mountRest(app: express.Express, config: Config, modules: SubgraphModule[], urls: Record<string, string>, observe: express.RequestHandler, execute: ExecuteOnGateway): void {
  for (const module of modules) {
    for (const route of module.restRoutes ?? []) {
      if (!route.rawBody) continue;
      const target = new URL(urls[module.name]);
      app[route.method](expressPath(fullPath(config, route)), (req, res) => passThrough(req, res, target));
    }
  }
  const routes = modules.flatMap((m) => (m.restRoutes ?? []).filter((r) => !r.rawBody));
  app.use(express.json({ limit: '1mb' }));
  app.get('/openapi.json', (req, res) => {
    res.json(buildOpenApi(config, modules.flatMap((m) => m.restRoutes ?? []), `${req.protocol}://${req.get('host')}`));
  });
  // Signed export links read DATA_DIR, which every process of a federated deployment shares.
  app.use(signedDownloadRouter(config));
  app.use(observe);
  app.use(buildRestRouter(config, routes, (req, operation, variables) => execute(req, operation, variables)));
  app.use((error: { status?: number; message?: string }, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    res.status(status).json({
      errors: [{ message: status === 500 ? 'Internal server error' : (error.message ?? 'Bad request'), extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
    });
  });
}

/** Streams a request to the same path on `target`'s host and the answer back. */
function passThrough(req: Request, res: Response, target: URL): void {
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path: req.originalUrl, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.status(502).json({ errors: [{ message: 'The subgraph that owns this route is unreachable', extensions: { code: 'BAD_GATEWAY' } }] });
    else res.destroy();
  });
  req.pipe(upstream);
}

/**
 * Trusted documents on the gateway (HTTP, WebSocket and the REST routes, which all reach it as
 * GraphQL params): the single process's rule, from the same module. Hive's own `persistedDocuments`
 * option refuses every request that carries a query, registered or not, which would break clients
 * (and the REST layer) that send the full text of a registered document.
 */
function trustedDocumentsPlugin(trusted: TrustedDocuments): GatewayPlugin {
  return {
    onParams({ params, setParams, setResult }) {
      try {
        const query = trusted.resolve(params as typeof params & { documentId?: unknown });
        if (query !== undefined) setParams({ ...params, query, extensions: withoutPersistedQuery(params.extensions) });
      } catch (error) {
        // A result rather than a throw: it answers the same on HTTP (400) and on graphql-ws. Yoga's
        // own params check runs after this hook and wants a query; the result set here is what answers.
        if (!(error instanceof GraphQLError)) throw error;
        setResult({ errors: [error] });
        setParams({ ...params, query: params.query || '{ __typename }', extensions: withoutPersistedQuery(params.extensions) });
      }
    },
  };
}

/** pino level names → Hive's logger levels (it has no `fatal` and calls `silent` false). */
function hiveLogLevel(level: string): 'debug' | 'info' | 'warn' | 'error' | false {
  if (level === 'silent') return false;
  if (level === 'trace' || level === 'debug') return 'debug';
  if (level === 'fatal') return 'error';
  return level as 'info' | 'warn' | 'error';
}

/** `/readyz` of the process serving `graphqlUrl`, within two seconds. */
async function isReady(graphqlUrl: string): Promise<boolean> {
  try {
    return (await fetch(new URL('/readyz', graphqlUrl), { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * Whether `authorization` authenticates: a subgraph answers any operation 401 for credentials that
 * do not (an unreachable subgraph counts as yes, so that its outage is reported as such, not as a bad token).
 */
async function authenticatesAt(graphqlUrl: string, authorization: unknown): Promise<boolean> {
  try {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: String(authorization) },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(10_000),
    });
    return response.status !== 401;
  } catch {
    return true;
  }
}

const SUBGRAPH_DOWN_MESSAGE = 'A service this operation needs did not answer';
/** Codes Hive's transports give a subgraph that could not be reached or did not answer in time. */
const UNREACHABLE_CODES = ['SUBREQUEST_HTTP_ERROR', 'DOWNSTREAM_SERVICE_ERROR', 'GATEWAY_TIMEOUT', 'TIMEOUT_ERROR'];
const isUnreachable = (extensions: Record<string, unknown> | undefined) => UNREACHABLE_CODES.includes(extensions?.code as string) || !!extensions?.serviceName && !extensions.code;

/** Whether `error` is a GraphQL error all the way down (one a resolver meant), not a wrapped exception. */
function isIntended(error: GraphQLError): boolean {
  return !error.originalError || (error.originalError instanceof GraphQLError && isIntended(error.originalError));
}

/**
 * Yoga's masking of unexpected errors (no message or details of an exception reach the client),
 * except that a subgraph the gateway could not reach (its transport names it) is BAD_GATEWAY.
 */
function maskUnexpectedError(error: unknown, message: string): Error {
  if (!(error instanceof GraphQLError)) return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  if (isIntended(error)) return error;
  const unreachable = isUnreachable(error.extensions);
  return new GraphQLError(unreachable ? SUBGRAPH_DOWN_MESSAGE : message, {
    nodes: error.nodes,
    path: error.path,
    extensions: { code: unreachable ? 'BAD_GATEWAY' : 'INTERNAL_SERVER_ERROR', ...(error.extensions.http ? { http: error.extensions.http } : {}) },
  });
}

/** What the gateway's HTTP transport adds to a subgraph's error: which process, its URL, its raw answer. */
const UPSTREAM_EXTENSIONS = ['serviceName', 'subgraphName', 'request', 'response'];

/**
 * An error as the single process would say it: the subgraph's own code and message, no upstream
 * details; a subgraph that did not answer is BAD_GATEWAY; the rest through the one formatter.
 */
function clientFacingError(error: GraphQLError | GraphQLFormattedError): GraphQLFormattedError {
  const formatted = error instanceof GraphQLError ? error.toJSON() : error;
  const extensions = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([key]) => !UPSTREAM_EXTENSIONS.includes(key)));
  if (isUnreachable(formatted.extensions)) {
    return { message: SUBGRAPH_DOWN_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_GATEWAY' } };
  }
  // The gateway's own parse and validation errors carry no code: the formatter names them as the single process does.
  const { http: _http, ...rest } = extensions;
  return formatError({ ...formatted, extensions: rest.code ? rest : undefined });
}

/** `result` with its errors as clients should see them. */
function withClientFacingErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((error) => clientFacingError(error) as GraphQLError) };
}

/**
 * Errors on HTTP as on the single process: cleaned (above), and a request that never ran (parse,
 * validation, variables: no `data`) answers the status of its code, 400 for those whatever the
 * Accept header (Yoga answers 200 under `application/json`).
 */
function clientFacingErrorsPlugin(): GatewayPlugin {
  const clean = (result: ExecutionResult): ExecutionResult => {
    const cleaned = withClientFacingErrors(result);
    if (!cleaned.errors?.length || 'data' in result || (result.extensions?.http as { status?: number } | undefined)?.status) return cleaned;
    const status = Math.max(...cleaned.errors.map((e) => statusForCode(e.extensions?.code)));
    return { ...cleaned, extensions: { ...cleaned.extensions, http: { status } } };
  };
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          // Variables that do not coerce are refused before anything runs: a result with no `data` at all (Apollo: BAD_USER_INPUT).
          if (isAsyncIterable(result) || 'data' in result || !result.errors?.length) return;
          setResult({ ...result, errors: result.errors.map((e) => (e.extensions?.code ? e : new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } }))) });
        },
      };
    },
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result)) setResult(mapAsyncIterator(result as AsyncIterable<ExecutionResult>, withClientFacingErrors) as typeof result);
      else if (Array.isArray(result)) setResult(result.map(clean) as typeof result);
      else setResult(clean(result as ExecutionResult) as typeof result);
    },
  };
}
