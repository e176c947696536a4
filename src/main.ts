import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SubgraphModule } from './federation/module';
import { isSubgraphName, loadSubgraphs, modulesForSubgraph, SUBGRAPH_NAMES } from '../subgraphs/list';
import { resolveJwtSecret, signToken } from './auth/tokens';
import { loadConfig, type Config } from './config';
import { MIGRATIONS } from './db/migrations';
import { openOrm, TENANT_FILTER, ACTIVE_FILTER } from './db/orm';
import { PLATFORM_ENTITIES } from './db/platform-entities';
import { startFederated } from './federation/federated';
// Each command imports what it runs when it runs (below): the `federated` launcher serves nothing, a
// `subgraph NAME` process composes nothing, and neither loads the code of the others.

const USAGE = `Usage: node dist/main.js <command>
  serve                         serve the whole API (default)
  subgraph NAME                 serve one subgraph alone (${SUBGRAPH_NAMES.join(', ')})
  gateway                       Hive Gateway in front of the subgraph processes (SUBGRAPH_URLS)
  federated                     every subgraph and the gateway, each its own process (npm run start:federated)
  token --tenant T --role R     print a bearer token (T: tenant id or name; --user EMAIL optional)
  migrate                       apply database migrations and exit
  compose                       write schema/<subgraph>.graphql, supergraph.graphql, api.graphql,
                                persisted-documents.json (the manifest of the REST layer's operations)
  migration:create NAME         write a migration for the configured dialect`;

/** Every domain, loaded on first use (a `subgraph NAME` process loads only its own, see subgraphs/list.ts). */
const allSubgraphs = (): Promise<SubgraphModule[]> => loadSubgraphs(SUBGRAPH_NAMES);
const allEntities = async () => [...PLATFORM_ENTITIES, ...(await allSubgraphs()).flatMap((m) => m.entities)];

async function serve(config: Config, subgraph?: string): Promise<void> {
  let modules: SubgraphModule[];
  if (subgraph === undefined) modules = await allSubgraphs();
  else {
    if (!isSubgraphName(subgraph)) throw new Error(`Unknown subgraph "${subgraph}"; known: ${SUBGRAPH_NAMES.join(', ')}`);
    if (!process.env.PORT) config.port = config.subgraphBasePort + SUBGRAPH_NAMES.indexOf(subgraph);
    modules = await modulesForSubgraph(subgraph);
  }
  // The tenants domain creates the first tenant and admin: a process without it leaves that to one with it.
  const bootstrapper = modules.some((m) => m.name === 'tenants') ? (await import('../subgraphs/tenants/bootstrap.js')).bootstrapTenants : undefined;
  const { startServer } = await import('./server.js');
  const server = await startServer(config, modules, { subgraph, bootstrapper });
  console.log(`GraphQL API:  ${server.url}  (open it in a browser for the playground)`);
  console.log(`WebSocket:    ${server.wsUrl}`);
  if (!subgraph) console.log(`REST/OpenAPI: ${server.url.replace(/\/graphql$/, '/openapi.json')}`);
  if (server.bootstrap) {
    console.log('\nFirst start: created tenant "default" and its admin (admin@localhost). Bearer token:\n');
    console.log(`  ${server.bootstrap.token}\n`);
    console.log('Send it as "Authorization: Bearer <token>" (in the playground: the Headers tab).');
  }
  exitOnSignal(server.close);
}

/** On SIGTERM or SIGINT: `close`, then exit (non-zero if closing failed). */
function exitOnSignal(close: () => Promise<void>): void {
  const shutdown = (signal: string) => {
    console.log(`${signal}: draining connections and shutting down`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

async function gateway(config: Config): Promise<void> {
  const { startGateway } = await import('./federation/hive-gateway.js');
  const running = await startGateway(config, await allSubgraphs());
  console.log(`GraphQL API:  ${running.url}  (Hive Gateway; open it in a browser for the playground)`);
  console.log(`WebSocket:    ${running.wsUrl}`);
  console.log(`REST/OpenAPI: ${running.url.replace(/\/graphql$/, '/openapi.json')}`);
  for (const [name, url] of Object.entries(running.subgraphUrls)) console.log(`  ${name.padEnd(14)} ${url}`);
  exitOnSignal(running.close);
}

async function federated(config: Config): Promise<void> {
  const started = Date.now();
  const deployment = await startFederated(SUBGRAPH_NAMES, {
    gatewayPort: config.port,
    basePort: config.subgraphBasePort,
    onLine: (name, line) => console.log(`[${name}] ${line}`),
  });
  console.log(`\nStarted ${deployment.subgraphs.length} subgraphs and the gateway in ${Date.now() - started} ms.`);
  console.log(`GraphQL API:  ${deployment.gateway.url}`);
  let stopping = false;
  const close = () => {
    stopping = true;
    return deployment.close();
  };
  // One child stopping on its own takes the others down with it, as one application.
  for (const proc of [deployment.gateway, ...deployment.subgraphs]) {
    proc.child.once('exit', (code) => {
      if (stopping) return;
      console.error(`${proc.name} exited (${code}); stopping the others`);
      void close().then(() => process.exit(1));
    });
  }
  exitOnSignal(close);
}

async function token(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { tenant: { type: 'string' }, role: { type: 'string' }, user: { type: 'string' } } });
  if (!values.tenant || !values.role) throw new Error('token needs --tenant and --role');
  const orm = await openOrm(config, { entities: await allEntities(), migrations: MIGRATIONS });
  try {
    const em = orm.em.fork();
    const noFilters = { filters: { [TENANT_FILTER]: false, [ACTIVE_FILTER]: false } };
    const tenant = (await em.findOne('Tenant', { $or: [{ id: values.tenant }, { name: values.tenant }] } as never, noFilters)) as { id: string } | null;
    if (!tenant) throw new Error(`No tenant with id or name "${values.tenant}"`);
    const userWhere: Record<string, unknown> = { tenantId: tenant.id, archivedAt: null };
    userWhere[values.user ? 'email' : 'role'] = values.user ? values.user.toLowerCase() : values.role;
    const user = (await em.findOne('User', userWhere as never, noFilters)) as { id: string } | null;
    if (!user) throw new Error(`No active user ${values.user ? `"${values.user}"` : `with role "${values.role}"`} in tenant ${tenant.id}`);
    const jwt = await signToken(resolveJwtSecret(config), { sub: user.id, tenant: tenant.id, roles: [values.role] }, config.tokenTtl);
    console.log(jwt);
  } finally {
    await orm.close(true);
  }
}

/** Runs one command (`serve` by default); `dist/main.js` calls this. */
export async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'subgraph':
      if (!rest[0]) throw new Error('subgraph needs a NAME');
      return serve(config, rest[0]);
    case 'gateway':
      return gateway(config);
    case 'federated':
      return federated(config);
    case 'token':
      return token({ ...config, logLevel: 'silent' }, rest);
    case 'migrate': {
      const orm = await openOrm(config, { entities: await allEntities(), migrations: MIGRATIONS });
      await orm.close(true);
      console.log('Database is up to date.');
      return;
    }
    case 'compose':
      const { writeSchemaFiles } = await import('./federation/schema-files.js');
      const { GENERATED_MANIFEST, writeShippedManifest } = await import('./trusted-documents/manifest.js');
      await writeSchemaFiles(await allSubgraphs(), join(process.cwd(), 'schema'));
      writeShippedManifest(process.cwd());
      console.log(`Wrote schema/*.graphql and ${GENERATED_MANIFEST}`);
      return;
    case 'migration:create': {
      const { makeMigration } = await import('./db/make-migration.js');
      const file = await makeMigration(config, { entities: await allEntities(), migrations: MIGRATIONS }, rest[0] ?? 'Migration');
      console.log(file ? `Wrote ${file}; add it to src/db/migrations/index.ts` : 'No schema changes.');
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

/** The process entry: runs the command line, exits non-zero with a one-line message on failure. */
export function runCli(): void {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

if (require.main === module) runCli();
