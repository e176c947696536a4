import type { SubgraphModule } from '../src/federation/module';

/**
 * The one list of subgraphs, in order (subgraph `i` listens on SUBGRAPH_BASE_PORT + i when each runs
 * alone). Each is loaded on demand, so that a `subgraph NAME` process loads its own domain's code
 * (and what every process needs, below) instead of the whole API; `subgraphs/index.ts` imports them
 * all, in this order, for everything that serves or describes the whole API.
 */
const LOADERS = {
  tenants: async () => (await import('./tenants/index.js')).tenantsModule,
  projects: async () => (await import('./projects/index.js')).projectsModule,
  catalogs: async () => (await import('./catalogs/index.js')).catalogsModule,
  jobs: async () => (await import('./jobs/index.js')).jobsModule,
  clusters: async () => (await import('./clusters/index.js')).clustersModule,
  workspaces: async () => (await import('./workspaces/index.js')).workspacesModule,
  notebooks: async () => (await import('./notebooks/index.js')).notebooksModule,
  chat: async () => (await import('./chat/index.js')).chatModule,
  notifications: async () => (await import('./notifications/index.js')).notificationsModule,
} satisfies Record<string, () => Promise<SubgraphModule>>;

export type SubgraphName = keyof typeof LOADERS;

export const SUBGRAPH_NAMES = Object.keys(LOADERS) as SubgraphName[];

/**
 * Domains every process loads whatever it serves: notifications observes the events of every
 * transaction (a matching rule's delivery commits with the change), in whichever subgraph it runs.
 */
export const LOADED_EVERYWHERE: SubgraphName[] = ['notifications'];

export const isSubgraphName = (name: string): name is SubgraphName => name in LOADERS;

/** The modules named, in the list's order. */
export function loadSubgraphs(names: readonly SubgraphName[]): Promise<SubgraphModule[]> {
  return Promise.all(SUBGRAPH_NAMES.filter((name) => names.includes(name)).map((name) => LOADERS[name]()));
}

/**
 * What a process serving only `name` loads: that domain and {@link LOADED_EVERYWHERE}; the first
 * subgraph (tenants) serves Relay's `node`/`nodes` over every domain's lookups (src/relay/node.ts),
 * so it loads them all.
 */
export function modulesForSubgraph(name: SubgraphName): Promise<SubgraphModule[]> {
  return loadSubgraphs(name === SUBGRAPH_NAMES[0] ? SUBGRAPH_NAMES : [name, ...LOADED_EVERYWHERE]);
}
