import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import express, { type Request } from 'express';
import { GraphQLError, NoSchemaIntrospectionCustomRule, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { MessageType } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { Authenticator, authorizationFromConnectionParams } from './auth/authenticate';
import type { Identity } from './auth/identity';
import { resolveJwtSecret, signToken, type TokenClaims } from './auth/tokens';
import type { Config } from './config';
import { createContext, type Context, type StagedBody, type TaskControl } from './context';
import { dialectOf } from './db/orm';
import { DEFAULT_RUNNER_OPTIONS, TaskRunner, type TaskHandler } from './queue/runner';
import { Task } from './queue/task';
import { SqlEngine } from './engine/engine';
import { openOrm } from './db/orm';
import { MIGRATIONS } from './db/migrations';
import { PayloadTooLargeError, TooManyRequestsError, formatError, maskSuggestions } from './errors';
import { OperationLimits } from './limits/operation-limits';
import { RequestRateLimiter, clientIp, identityKey, tooManyRequests } from './limits/rate-limit';
import { createSocketCap } from './limits/socket-cap';
import { exportFileSweeper } from './engine/exports';
import { HttpDrain } from './http-drain';
import { guardClientFrames } from './ws-frame-guard';
import { batchSocketWrites } from './ws-write-batching';
import { executeIdempotently, idempotencyPlugin } from './idempotency/graphql';
import { IDEMPOTENCY_CLEANUP } from './idempotency/cleanup';
import { assertStorableInput } from './input-guard';
import { createEventBus } from './events/bus';
import { sharedSubscriptions } from './events/shared-subscriptions';
import { PLATFORM_ENTITIES } from './db/platform-entities';
import { buildSubgraphs } from './federation/build-subgraph';
import type { Composition } from './federation/compose';
import { SingleSubgraphRouter } from './federation/single-subgraph';
import type { SubgraphModule } from './federation/module';
import { createLogger } from './logger';
import { playground } from './playground';
import { buildOpenApi } from './rest/openapi';
import { buildRestRouter } from './rest/router';
import { signedDownloadRouter } from './rest/signed-downloads';
import { TrustedDocuments } from './trusted-documents/trusted-documents';
import { ServiceMetrics, errorCodes } from './observability/metrics';
import { graphqlSpan, observabilityPlugin, restObserver, restProfiles, runForRest, tracedExecute } from './observability/operations';
import { traceSqlStatements } from './observability/sql-spans';
import { SpanKind, flushTraces, inSpan, startTracing } from './observability/tracing';

/** WebSocket close codes beyond graphql-ws's own. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;
/** Too many connections for one identity, or the connect rate limit spent. */
export const CLOSE_TOO_MANY_REQUESTS = 4429;
/** Cut off as a slow consumer: too much waiting to be sent (reconnect and resume with `after`). */
export const CLOSE_SLOW_CONSUMER = 4008;

export const GRAPHQL_PATH = '/graphql';

export interface StartOptions {
  /** Serve only this subgraph (its own schema with `_service`/`_entities`), not the composed API. */
  subgraph?: string;
  /** Called with every SQL statement (query counting in tests and benchmarks). */
  onQuery?: (sql: string) => void;
}

export interface RunningServer {
  url: string;
  wsUrl: string;
  port: number;
  orm: MikroORM;
  schema: GraphQLSchema;
  /** Mints a bearer token signed with this server's secret. */
  mintToken(claims: TokenClaims): Promise<string>;
  /** What the first start printed (bootstrap tenant and token), if anything. */
  bootstrap?: BootstrapResult;
  /**
   * A request context for this `Authorization` header value, as HTTP requests get one: for running
   * operations on `schema` in process (benchmarks comparing against bare graphql-js `execute`).
   */
  contextFor(authorization: string | undefined): Promise<Context>;
  close(): Promise<void>;
}

export interface BootstrapResult {
  tenantId: string;
  userId: string;
  token: string;
}

/** Bootstraps a fresh database: the tenants domain creates the first tenant and admin. */
export type Bootstrapper = (ctx: Context, mintToken: (claims: TokenClaims) => Promise<string>) => Promise<BootstrapResult | undefined>;

/** Starts HTTP (GraphQL, REST, playground, health) and WebSocket (graphql-ws) on one port. */
export async function startServer(
  config: Config,
  modules: SubgraphModule[],
  options: StartOptions & { bootstrapper?: Bootstrapper } = {},
): Promise<RunningServer> {
  const logger = createLogger(config.logLevel, config.logFile);
  if (config.tracing) startTracing(options.subgraph ? `dataplane-${options.subgraph}` : 'dataplane');
  const metrics = new ServiceMetrics();
  const served = options.subgraph ? modules.filter((m) => m.name === options.subgraph) : modules;
  if (!served.length) throw new Error(`Unknown subgraph "${options.subgraph}"; known: ${modules.map((m) => m.name).join(', ')}`);
  const limits = new OperationLimits(config.limits);
  // Read before anything opens, so a missing or invalid manifest stops the start cleanly. A subgraph
  // process answers the gateway's query plan fetches, never clients' documents: the gateway checks those.
  const trusted = options.subgraph ? undefined : TrustedDocuments.fromConfig(config, limits.parseOptions);

  const orm = await openOrm(config, {
    entities: [...PLATFORM_ENTITIES, ...modules.flatMap((m) => m.entities)],
    migrations: MIGRATIONS,
    onQuery: options.onQuery,
  });
  traceSqlStatements(orm, dialectOf(config));
  const bus = await createEventBus(config.redisUrl);
  // Lag at delivery to this process (after Redis, when it is in between); ephemeral events have no cursor.
  bus.listen((event) => {
    if (event.cursor) metrics.eventLag.observe(Math.max(0, Date.now() - Date.parse(event.occurredAt)) / 1000);
  });
  const secret = resolveJwtSecret(config);
  const mintToken = (claims: TokenClaims) => signToken(secret, claims, config.tokenTtl);
  const authenticator = new Authenticator(secret, orm.em);
  // The one formatter for HTTP, WebSocket and REST; masked internal errors are logged in full here.
  const production = config.nodeEnv === 'production';
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = formatError(limits.nameTokenLimit(production ? maskSuggestions(formatted) : formatted), error);
    if (result.extensions?.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: unwrapResolverError(error) }, 'internal error');
    return result;
  };
  const engine = new SqlEngine({
    timeoutMs: config.queryTimeoutMs, maxRows: config.queryMaxRows, memoryLimit: config.queryMemoryLimit, threads: 2, dataDir: config.dataDir,
    observe: (operation, work) => metrics.timeDuckdb(operation, () => inSpan(`duckdb ${operation}`, SpanKind.INTERNAL, { 'db.system.name': 'duckdb', 'db.operation.name': operation }, work)),
  });
  const observers = modules.flatMap((m) => (m.onEvents ? [m.onEvents] : []));
  let runner: TaskRunner | undefined;
  const tasks: TaskControl = {
    wake: () => runner?.wake(),
    cancel: async (subjectId) => {
      const open = await orm.em.fork().findOne(Task, { subjectId, status: { $in: ['queued', 'running'] } }, { orderBy: { createdAt: 'desc' } });
      return open ? (runner ?? taskCanceller).cancel(open.id) : false;
    },
  };
  const contextFor = (identity: Identity | undefined, stagedBody?: StagedBody, slowConsumer?: () => void) =>
    createContext({ config, em: orm.em, bus, logger, mintToken, engine, tasks, observers, isActive: (identity) => authenticator.isActive(identity) }, identity, stagedBody, slowConsumer);
  const handlers = Object.assign({}, ...modules.map((m) => m.tasks ?? {})) as Record<string, TaskHandler>;
  // Cancelling works from any instance, also one that runs no tasks itself.
  const taskCanceller = new TaskRunner(orm, handlers, contextFor, logger, { ...DEFAULT_RUNNER_OPTIONS, concurrency: 0 });
  // A subgraph process runs its own domain's task kinds and timers (none: no runner); the full process runs them all.
  const kinds = options.subgraph ? served.flatMap((m) => Object.keys(m.tasks ?? {})) : undefined;
  const periodic = served.flatMap((m) => m.periodic ?? []);
  if (config.runnerConcurrency > 0 && (!kinds || kinds.length || periodic.length)) {
    runner = new TaskRunner(
      orm, handlers, contextFor, logger,
      {
        ...DEFAULT_RUNNER_OPTIONS, concurrency: config.runnerConcurrency, leaseMs: config.taskLeaseMs, kinds,
        onEnded: (kind, status, seconds) => {
          metrics.taskOutcomes.inc({ kind, status });
          if (status !== 'retried') metrics.taskDuration.observe({ kind }, seconds);
        },
      },
      dialectOf(config) === 'postgresql',
      [IDEMPOTENCY_CLEANUP, exportFileSweeper(config), ...periodic],
    );
  }

  const subgraphSchemas = await buildSubgraphs(modules, served);
  // Composition and the in-process gateway are loaded only where they run: a subgraph process needs neither.
  const gateway = options.subgraph ? undefined : await import('./federation/gateway.js');
  const composition: Composition | undefined = options.subgraph
    ? undefined
    : (await import('./federation/compose.js')).composeSupergraph(served.map((m) => ({ name: m.name, schema: subgraphSchemas[m.name] })));
  const schema = composition && gateway ? gateway.buildInProcessGateway(composition.supergraphSdl, subgraphSchemas) : subgraphSchemas[options.subgraph!];
  // Operations one subgraph answers alone skip the in-process gateway (HTTP, REST and WebSocket alike).
  const router = composition && new SingleSubgraphRouter(schema, composition.subgraphs);
  const schemaFor = (document: DocumentNode) => {
    const subgraph = router?.route(document);
    return subgraph ? subgraphSchemas[subgraph] : schema;
  };

  let bootstrap: BootstrapResult | undefined;
  if (config.bootstrap && options.bootstrapper) {
    bootstrap = await options.bootstrapper(contextFor(undefined), mintToken);
  }

  const app = express();
  app.disable('x-powered-by');
  const httpServer: HttpServer = createServer(app);
  const httpDrain = new HttpDrain(httpServer);
  if (config.trustProxyHops > 0) app.set('trust proxy', config.trustProxyHops);
  const rateLimiter = await RequestRateLimiter.create(config.limits, config.redisUrl);

  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH, maxPayload: config.limits.wsMaxMessageBytes });
  guardClientFrames(wsServer);
  batchSocketWrites(wsServer);
  /** Open sockets per identity, for WS_MAX_CONNECTIONS_PER_IDENTITY (across instances with Redis). */
  const socketCap = await createSocketCap(config, logger);
  const wsValidationRules = [...specifiedRules, ...limits.validationRules, ...(production ? [NoSchemaIntrospectionCustomRule] : [])];
  // Terminated, not closed: a close frame would queue behind the very backlog being dropped.
  const cutOff = (socket: WebSocket, why: string) => {
    if (socket.readyState !== socket.OPEN) return;
    logger.warn({ bufferedBytes: socket.bufferedAmount, why }, 'websocket cut off as a slow consumer');
    socket.close(CLOSE_SLOW_CONSUMER, 'Slow consumer');
    socket.terminate();
  };
  type WsExtra = { identity?: Identity; identityKey?: string; socketId?: string; ip: string; socket: WebSocket };
  /** Admitted sockets' graphql-ws contexts, whose `subscriptions` the metrics count at scrape time. */
  const wsContexts = new Set<{ subscriptions: Record<string, unknown> }>();
  metrics.readFrom({
    openSockets: () => wsContexts.size,
    activeSubscriptions: () => [...wsContexts].reduce((n, ctx) => n + Object.keys(ctx.subscriptions).length, 0),
    taskQueue: async () => {
      const em = orm.em.fork();
      const [queued, running] = await Promise.all((['queued', 'running'] as const).map((status) => em.count(Task, { status }, { filters: false })));
      return { queued, running };
    },
  });
  const wsCleanup = useServer<Record<string, unknown> | undefined, Partial<WsExtra>>(
    {
      schema,
      connectionInitWaitTimeout: config.limits.wsInitTimeoutMs,
      // Each event is resolved once per distinct (operation, variables, caller), not once per socket.
      subscribe: sharedSubscriptions({
        serialise: (result) => JSON.stringify(result.errors ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) } : result),
      }).subscribe,
      execute: tracedExecute(executeIdempotently),
      onConnect: async (ctx) => {
        const extra = ctx.extra as unknown as WsExtra;
        extra.ip = clientIp(ctx.extra.request, config.trustProxyHops);
        const params = ctx.connectionParams ?? {};
        logger.debug({ ip: extra.ip, connectionParams: params }, 'websocket connection');
        const ipLimited = await rateLimiter.consumeIp(extra.ip);
        if (ipLimited) {
          extra.socket.close(CLOSE_TOO_MANY_REQUESTS, `Too many requests: retry in ${ipLimited.retryAfterSeconds} s`);
          return false;
        }
        const authorization = authorizationFromConnectionParams(params);
        const auth = await authenticator.authenticate(authorization);
        if (auth.status !== 'ok') {
          extra.socket.close(CLOSE_UNAUTHORIZED, auth.status === 'invalid' ? 'Invalid token' : 'Unauthorized');
          return false;
        }
        const key = identityKey(auth.identity, authorization)!;
        const limited = await rateLimiter.consumeIdentity(key);
        if (limited) {
          extra.socket.close(CLOSE_TOO_MANY_REQUESTS, `Too many requests: retry in ${limited.retryAfterSeconds} s`);
          return false;
        }
        const socketId = randomUUID();
        if (!(await socketCap.admit(key, socketId))) {
          extra.socket.close(CLOSE_TOO_MANY_REQUESTS, `Too many connections: at most ${config.limits.wsMaxConnectionsPerIdentity} per identity`);
          return false;
        }
        // Closed while it was being counted: onClose has passed it by, so count it out here.
        if (extra.socket.readyState !== extra.socket.OPEN) {
          await socketCap.release(key, socketId);
          return false;
        }
        extra.identity = auth.identity;
        extra.identityKey = key;
        extra.socketId = socketId;
        wsContexts.add(ctx);
        return true;
      },
      onClose: async (ctx) => {
        wsContexts.delete(ctx);
        const { identityKey: key, socketId } = ctx.extra as Partial<WsExtra>;
        if (key && socketId) await socketCap.release(key, socketId);
      },
      context: (ctx, id) => {
        const extra = ctx.extra as unknown as WsExtra;
        const context = contextFor(extra.identity, undefined, () => cutOff(extra.socket, 'too many events waiting'));
        // graphql-ws's `next` message around a payload serialised once per group (the same bytes it would send).
        const framePrefix = `{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`;
        context.writeFrame = (payloadJson) => {
          const { socket } = extra;
          if (socket.readyState !== socket.OPEN) return false;
          if (socket.bufferedAmount > config.limits.wsMaxBufferedBytes) {
            cutOff(socket, 'send buffer full');
            return false;
          }
          socket.send(`${framePrefix}${payloadJson}}`);
          return true;
        };
        return context;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const extra = ctx.extra as unknown as WsExtra;
        // graphql-ws has already registered this subscription when it asks.
        if (Object.keys(ctx.subscriptions).length > config.limits.wsMaxSubscriptions) {
          return [new GraphQLError(`Too many subscriptions: at most ${config.limits.wsMaxSubscriptions} on one connection`, { extensions: { code: 'TOO_MANY_REQUESTS', limit: 'wsMaxSubscriptions', max: config.limits.wsMaxSubscriptions } })];
        }
        const limited = (await rateLimiter.consumeIp(extra.ip)) ?? (extra.identityKey ? await rateLimiter.consumeIdentity(extra.identityKey) : undefined);
        if (limited) return [tooManyRequests(limited)];
        let document: DocumentNode;
        try {
          const query = trusted ? trusted.resolve(payload) : payload.query;
          document = parse(query ?? payload.query, limits.parseOptions);
        } catch (error) {
          // Trusted documents refuse with their own code; the parser's syntax errors carry none.
          if (error instanceof GraphQLError && error.extensions.code) return [error];
          return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const invalid = validate(schema, document, wsValidationRules);
        if (invalid.length) return invalid.map((error) => (error.extensions.code ? error : new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })));
        try {
          limits.assertWithinCost(schema, document, payload.operationName, payload.variables);
          assertStorableInput(document, payload.variables);
        } catch (error) {
          return [error as GraphQLError];
        }
        const definition = getOperationAST(document, payload.operationName);
        const operationLabel = metrics.operationLabel(definition?.name?.value);
        metrics.subscriptionsStarted.inc({ operation: operationLabel });
        logger.info({ operation: operationLabel, type: definition?.operation, transport: 'websocket' }, 'websocket operation');
        // Parsed and validated here, so graphql-ws runs these arguments as they are (context from `context`).
        return { schema: schemaFor(document), document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onNext: (ctx, _id, _payload, _args, result: ExecutionResult) => {
        const { socket } = ctx.extra as unknown as WsExtra;
        if (socket.bufferedAmount > config.limits.wsMaxBufferedBytes) cutOff(socket, 'send buffer full');
        if (!result.errors) return undefined;
        const formatted = result.errors.map((e) => format(e.toJSON(), e));
        for (const code of errorCodes(formatted)) metrics.errors.inc({ code });
        return { ...result, errors: formatted };
      },
      onError: (_ctx, _id, payload, errors) => {
        const formatted = errors.map((e) => format(e.toJSON(), e));
        const codes = errorCodes(formatted);
        for (const code of codes) metrics.errors.inc({ code });
        logger.info({ operation: metrics.operationLabel(payload.operationName), transport: 'websocket', errors: codes }, 'websocket operation refused');
        return formatted;
      },
    },
    wsServer,
    config.limits.wsKeepAliveMs,
  );

  const statusPlugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operation }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at this path, not over HTTP', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
          limits.assertWithinCost(schema, document, request.operationName, request.variables);
          assertStorableInput(document, request.variables);
        },
        async willSendResponse({ response }) {
          // An operation refused for missing credentials answers 401, as REST callers expect.
          if (response.body.kind === 'single') {
            const { errors, data } = response.body.singleResult;
            if (!data && errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) response.http.status = 401;
          }
        },
      };
    },
  };

  const apollo = new ApolloServer<Context>({
    ...(composition && router && gateway ? { gateway: gateway.routingGateway(schema, composition.supergraphSdl, subgraphSchemas, router) } : { schema }),
    introspection: !production,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    formatError: format,
    // Credentials are bearer tokens, never cookies, so a cross-site request cannot act as anyone:
    // queries may come as GET (urql's default) without a preflight header. Mutations stay POST-only
    // (Apollo answers a GET mutation 405), and a POST must be JSON to be parsed at all.
    csrfPrevention: false,
    // Compact JSON: Apollo indents by default, a third more bytes and time on large pages.
    stringifyResult: (result) => JSON.stringify(result),
    // In trusted documents mode hashes are resolved from the manifests (below), never registered by clients.
    persistedQueries: trusted ? false : undefined,
    plugins: [
      // Timing traces are for Apollo's hosted studio; a subgraph here does not hand them out.
      ApolloServerPluginInlineTraceDisabled(),
      // No field sets cache hints, so the per-field cache-control bookkeeping is pure cost.
      ApolloServerPluginCacheControlDisabled(),
      statusPlugin,
      idempotencyPlugin(),
      observabilityPlugin<Context>(metrics, logger),
    ],
  });
  await apollo.start();

  /** The caller of an HTTP GraphQL request, within its IP's and its identity's rate limits (429 with Retry-After otherwise). */
  const identityOf = async (req: Request): Promise<Identity | undefined> => {
    const refuse = (error: TooManyRequestsError) => {
      logger.warn({ ip: req.ip, req: { method: req.method, url: req.originalUrl, headers: req.headers } }, 'rate limited');
      const retryAfter = String(error.extensions.retryAfter);
      // Apollo reads a HeaderMap here; Hive Gateway's typings (gateway command) declare a plain record.
      const headers = new HeaderMap([['retry-after', retryAfter]]) as unknown as Record<string, string>;
      return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 429, headers } } });
    };
    const ipLimited = await rateLimiter.consumeIp(req.ip ?? 'unknown');
    if (ipLimited) throw refuse(tooManyRequests(ipLimited));
    const auth = await authenticator.authenticate(req.headers.authorization);
    if (auth.status === 'invalid') {
      throw new GraphQLError('Invalid or expired token', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    if (auth.status !== 'ok') return undefined;
    const limited = await rateLimiter.consumeIdentity(identityKey(auth.identity, req.headers.authorization)!);
    if (limited) throw refuse(tooManyRequests(limited));
    return auth.identity;
  };

  let ready = false;
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const dbUp = await orm.isConnected().catch(() => false);
    res.status(ready && dbUp ? 200 : 503).json({ status: ready && dbUp ? 'ready' : 'not ready', database: dbUp ? 'up' : 'down' });
  });
  if (config.metrics) {
    app.get('/metrics', async (_req, res) => {
      const { contentType, body } = await metrics.exposition();
      res.type(contentType).send(body);
    });
  }
  app.use(playground(GRAPHQL_PATH));
  // REST routes parse their own bodies, so that a refusal comes in their profile's envelope.
  app.use(GRAPHQL_PATH, express.json({ limit: config.limits.bodyMaxBytes }));
  if (config.tracing) app.use(GRAPHQL_PATH, graphqlSpan());
  if (trusted) app.use(GRAPHQL_PATH, trusted.httpMiddleware());
  app.use(
    GRAPHQL_PATH,
    expressMiddleware(apollo, { context: async ({ req }) => contextFor(await identityOf(req)) }),
  );

  const routes = served.flatMap((m) => m.restRoutes ?? []);
  app.get('/openapi.json', (req, res) => {
    res.json(buildOpenApi(config, routes, `${req.protocol}://${req.get('host')}`));
  });
  app.use(signedDownloadRouter(config));
  app.use(restObserver(metrics, logger, restProfiles(config, routes)));
  app.use(
    buildRestRouter(config, routes, async (req, operation, variables, stagedBody, idempotency) => {
      const tooMany = (error: TooManyRequestsError) => {
        logger.warn({ ip: req.ip, req: { method: req.method, url: req.originalUrl, headers: req.headers } }, 'rate limited');
        return { errors: [{ message: error.message, extensions: error.extensions }] };
      };
      const ipLimited = await rateLimiter.consumeIp(req.ip ?? 'unknown');
      if (ipLimited) return tooMany(tooManyRequests(ipLimited));
      const auth = await authenticator.authenticate(req.headers.authorization);
      if (auth.status === 'invalid') {
        return { errors: [{ message: 'Invalid or expired token', extensions: { code: 'UNAUTHENTICATED' } }] };
      }
      if (auth.status === 'ok') {
        const limited = await rateLimiter.consumeIdentity(identityKey(auth.identity, req.headers.authorization)!);
        if (limited) return tooMany(tooManyRequests(limited));
      }
      // REST operations are in the generated manifest, so they pass the same check as any client.
      if (trusted) {
        try {
          trusted.resolve({ query: operation });
        } catch (error) {
          return { errors: [format((error as GraphQLError).toJSON(), error)] };
        }
      }
      const contextValue = contextFor(auth.status === 'ok' ? auth.identity : undefined, stagedBody);
      contextValue.idempotency = idempotency;
      const response = await runForRest(req, contextValue, () => apollo.executeOperation({ query: operation, variables }, { contextValue }));
      if (response.body.kind !== 'single') throw new Error('REST routes run single-result operations only');
      return response.body.singleResult as { data?: Record<string, any> | null; errors?: readonly import('graphql').GraphQLFormattedError[] };
    }),
  );
  // A path nothing serves: JSON, as every other answer here, not Express's HTML page.
  app.use((req: Request, res: express.Response) => {
    res.status(404).json({ errors: [{ message: `Nothing is served at ${req.method} ${req.path}`, extensions: { code: 'NOT_FOUND' } }] });
  });
  // Malformed JSON and oversized bodies are the client's fault: 4xx, never a stack trace.
  app.use((error: { status?: number; type?: string; message?: string }, _req: Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'unhandled error');
    if (status === 413) {
      const tooLarge = new PayloadTooLargeError(config.limits.bodyMaxBytes);
      res.status(413).json({ errors: [{ message: tooLarge.message, extensions: tooLarge.extensions }] });
      return;
    }
    res.status(status).json({
      errors: [{ message: status === 500 ? 'Internal server error' : (error.message ?? 'Bad request'), extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  runner?.start();
  ready = true;
  const port = (httpServer.address() as AddressInfo).port;
  const hostForUrl = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${hostForUrl}:${port}${GRAPHQL_PATH}`;
  logger.info({ url, subgraph: options.subgraph ?? 'all' }, 'server ready');

  let closing: Promise<void> | undefined;
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    port,
    orm,
    schema,
    mintToken,
    bootstrap,
    async contextFor(authorization) {
      const auth = await authenticator.authenticate(authorization);
      if (auth.status === 'invalid') throw new Error('Invalid or expired token');
      return contextFor(auth.status === 'ok' ? auth.identity : undefined);
    },
    close() {
      // Stop taking work, answer what was taken, then let go of what answers needed.
      closing ??= (async () => {
        ready = false;
        await Promise.all([httpDrain.drain(), wsCleanup.dispose()]); // WebSockets close with 1001 Going away
        wsServer.close();
        await apollo.stop();
        await runner?.stop();
        await rateLimiter.close();
        await socketCap.close();
        await bus.close();
        engine.close();
        await orm.close(true);
        await flushTraces();
      })();
      return closing;
    },
  };
}

