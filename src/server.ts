import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import express, { type Request } from 'express';
import { GraphQLError, parse, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { Authenticator } from './auth/authenticate';
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
import { formatError } from './errors';
import { HttpDrain } from './http-drain';
import { guardClientFrames } from './ws-frame-guard';
import { executeIdempotently, idempotencyPlugin } from './idempotency/graphql';
import { IDEMPOTENCY_CLEANUP } from './idempotency/cleanup';
import { assertStorableInput } from './input-guard';
import { createEventBus } from './events/bus';
import { PLATFORM_ENTITIES } from './db/platform-entities';
import { buildSubgraph } from './federation/build-subgraph';
import { composeSupergraph } from './federation/compose';
import { buildInProcessGateway } from './federation/gateway';
import type { SubgraphModule } from './federation/module';
import { createLogger } from './logger';
import { playgroundAssets, playgroundHtml } from './playground';
import { buildOpenApi } from './rest/openapi';
import { buildRestRouter } from './rest/router';
import { signedDownloadRouter } from './rest/signed-downloads';

/** WebSocket close codes beyond graphql-ws's own. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;

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
  const served = options.subgraph ? modules.filter((m) => m.name === options.subgraph) : modules;
  if (!served.length) throw new Error(`Unknown subgraph "${options.subgraph}"; known: ${modules.map((m) => m.name).join(', ')}`);

  const orm = await openOrm(config, {
    entities: [...PLATFORM_ENTITIES, ...modules.flatMap((m) => m.entities)],
    migrations: MIGRATIONS,
    onQuery: options.onQuery,
  });
  const bus = await createEventBus(config.redisUrl);
  const secret = resolveJwtSecret(config);
  const mintToken = (claims: TokenClaims) => signToken(secret, claims, config.tokenTtl);
  const authenticator = new Authenticator(
    secret,
    orm.em,
    modules.flatMap((m) => (m.resolveApiKey ? [m.resolveApiKey] : [])),
    modules.flatMap((m) => (m.isIdentityActive ? [m.isIdentityActive] : [])),
  );
  // The one formatter for HTTP, WebSocket and REST; masked internal errors are logged in full here.
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = formatError(formatted, error);
    if (result.extensions?.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: unwrapResolverError(error) }, 'internal error');
    return result;
  };
  const engine = new SqlEngine({ timeoutMs: config.queryTimeoutMs, maxRows: config.queryMaxRows, memoryLimit: config.queryMemoryLimit, threads: 2, dataDir: config.dataDir });
  const observers = modules.flatMap((m) => (m.onEvents ? [m.onEvents] : []));
  let runner: TaskRunner | undefined;
  const tasks: TaskControl = {
    wake: () => runner?.wake(),
    cancel: async (subjectId) => {
      const open = await orm.em.fork().findOne(Task, { subjectId, status: { $in: ['queued', 'running'] } }, { orderBy: { createdAt: 'desc' } });
      return open ? (runner ?? taskCanceller).cancel(open.id) : false;
    },
  };
  const contextFor = (identity: Identity | undefined, stagedBody?: StagedBody) =>
    createContext({ config, em: orm.em, bus, logger, mintToken, engine, tasks, observers, isActive: (identity) => authenticator.isActive(identity) }, identity, stagedBody);
  const handlers = Object.assign({}, ...modules.map((m) => m.tasks ?? {})) as Record<string, TaskHandler>;
  // Cancelling works from any instance, also one that runs no tasks itself.
  const taskCanceller = new TaskRunner(orm, handlers, contextFor, logger, { ...DEFAULT_RUNNER_OPTIONS, concurrency: 0 });
  if (config.runnerConcurrency > 0) {
    runner = new TaskRunner(
      orm, handlers, contextFor, logger,
      { ...DEFAULT_RUNNER_OPTIONS, concurrency: config.runnerConcurrency, leaseMs: config.taskLeaseMs },
      dialectOf(config) === 'postgresql',
      [IDEMPOTENCY_CLEANUP, ...modules.flatMap((m) => m.periodic ?? [])],
    );
  }

  const subgraphSchemas = Object.fromEntries(await Promise.all(served.map(async (m) => [m.name, await buildSubgraph(m)] as const)));
  const schema = options.subgraph
    ? subgraphSchemas[options.subgraph]
    : buildInProcessGateway(
        composeSupergraph(served.map((m) => ({ name: m.name, schema: subgraphSchemas[m.name] }))).supergraphSdl,
        subgraphSchemas,
      );

  let bootstrap: BootstrapResult | undefined;
  if (config.bootstrap && options.bootstrapper) {
    bootstrap = await options.bootstrapper(contextFor(undefined), mintToken);
  }

  const app = express();
  app.disable('x-powered-by');
  const httpServer: HttpServer = createServer(app);
  const httpDrain = new HttpDrain(httpServer);
  const production = config.nodeEnv === 'production';

  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  guardClientFrames(wsServer);
  const wsCleanup = useServer<Record<string, unknown> | undefined, { identity?: Identity }>(
    {
      schema,
      execute: executeIdempotently,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = params.Authorization ?? params.authorization ?? (params.token ? `Bearer ${String(params.token)}` : undefined);
        const auth = await authenticator.authenticate(authorization);
        if (auth.status !== 'ok') {
          ctx.extra.socket.close(CLOSE_UNAUTHORIZED, auth.status === 'invalid' ? 'Invalid token' : 'Unauthorized');
          return false;
        }
        (ctx.extra as { identity?: Identity }).identity = auth.identity;
        return true;
      },
      context: (ctx) => contextFor((ctx.extra as { identity?: Identity }).identity),
      onSubscribe: (_ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch {
          return undefined; // graphql-ws reports the syntax error itself
        }
        try {
          assertStorableInput(document, payload.variables);
        } catch (error) {
          return [error as GraphQLError];
        }
        return undefined;
      },
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) =>
        result.errors ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e.toJSON(), e)),
    },
    wsServer,
  );

  const statusPlugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operation }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at this path, not over HTTP', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
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
    schema,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    formatError: format,
    plugins: [
      // Timing traces are for Apollo's hosted studio; a subgraph here does not hand them out.
      ApolloServerPluginInlineTraceDisabled(),
      statusPlugin,
      idempotencyPlugin(),
    ],
  });
  await apollo.start();

  const identityOf = async (req: Request): Promise<Identity | undefined> => {
    const auth = await authenticator.authenticate(req.headers.authorization);
    if (auth.status === 'invalid') {
      throw new GraphQLError('Invalid or expired token', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    return auth.status === 'ok' ? auth.identity : undefined;
  };

  let ready = false;
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const dbUp = await orm.isConnected().catch(() => false);
    res.status(ready && dbUp ? 200 : 503).json({ status: ready && dbUp ? 'ready' : 'not ready', database: dbUp ? 'up' : 'down' });
  });
  app.use(playgroundAssets());
  app.get(GRAPHQL_PATH, (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query) {
      res.type('html').send(playgroundHtml(GRAPHQL_PATH));
      return;
    }
    next();
  });
  app.use(express.json({ limit: '1mb' }));
  app.use(
    GRAPHQL_PATH,
    expressMiddleware(apollo, { context: async ({ req }) => contextFor(await identityOf(req)) }),
  );

  const routes = served.flatMap((m) => m.restRoutes ?? []);
  app.get('/openapi.json', (_req, res) => {
    res.json(buildOpenApi(config, routes));
  });
  app.use(signedDownloadRouter(config));
  app.use(
    buildRestRouter(config, routes, async (req, operation, variables, stagedBody, idempotency) => {
      const auth = await authenticator.authenticate(req.headers.authorization);
      if (auth.status === 'invalid') {
        return { errors: [{ message: 'Invalid or expired token', extensions: { code: 'UNAUTHENTICATED' } }] };
      }
      const contextValue = contextFor(auth.status === 'ok' ? auth.identity : undefined, stagedBody);
      contextValue.idempotency = idempotency;
      const response = await apollo.executeOperation({ query: operation, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('REST routes run single-result operations only');
      return response.body.singleResult as { data?: Record<string, any> | null; errors?: readonly import('graphql').GraphQLFormattedError[] };
    }),
  );
  // Malformed JSON and oversized bodies are the client's fault: 4xx, never a stack trace.
  app.use((error: { status?: number; type?: string; message?: string }, _req: Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'unhandled error');
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
    close() {
      // Stop taking work, answer what was taken, then let go of what answers needed.
      closing ??= (async () => {
        ready = false;
        await Promise.all([httpDrain.drain(), wsCleanup.dispose()]); // WebSockets close with 1001 Going away
        wsServer.close();
        await apollo.stop();
        await runner?.stop();
        await bus.close();
        engine.close();
        await orm.close(true);
      })();
      return closing;
    },
  };
}
