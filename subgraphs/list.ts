import type { SubgraphModule } from '../src/federation/module';

/**
 * The one list of subgraphs, in order (subgraph `i` listens on SUBGRAPH_BASE_PORT + i when each runs
 * alone). Each is loaded on demand, so that a `subgraph NAME` process loads its own domain's code
 * (and what every process needs, below) instead of the whole API; `subgraphs/index.ts` loads them all.
 */
const LOADERS = {
  tenants: () => (require('./tenants') as typeof import('./tenants')).tenantsModule,
  projects: () => (require('./projects') as typeof import('./projects')).projectsModule,
  catalogs: () => (require('./catalogs') as typeof import('./catalogs')).catalogsModule,
  jobs: () => (require('./jobs') as typeof import('./jobs')).jobsModule,
  clusters: () => (require('./clusters') as typeof import('./clusters')).clustersModule,
  workspaces: () => (require('./workspaces') as typeof import('./workspaces')).workspacesModule,
  notebooks: () => (require('./notebooks') as typeof import('./notebooks')).notebooksModule,
  chat: () => (require('./chat') as typeof import('./chat')).chatModule,
  notifications: () => (require('./notifications') as typeof import('./notifications')).notificationsModule,
} satisfies Record<string, () => SubgraphModule>;

export type SubgraphName = keyof typeof LOADERS;

export const SUBGRAPH_NAMES = Object.keys(LOADERS) as SubgraphName[];

/**
 * Domains every process loads whatever it serves: notifications observes the events of every
 * transaction (a matching rule's delivery commits with the change), in whichever subgraph it runs.
 */
export const LOADED_EVERYWHERE: SubgraphName[] = ['notifications'];

export const isSubgraphName = (name: string): name is SubgraphName => name in LOADERS;

/** The modules named, in the list's order. */
export function loadSubgraphs(names: readonly SubgraphName[]): SubgraphModule[] {
  return SUBGRAPH_NAMES.filter((name) => names.includes(name)).map((name) => LOADERS[name]());
}

/** What a process serving only `name` loads: that domain and {@link LOADED_EVERYWHERE}. */
export function modulesForSubgraph(name: SubgraphName): SubgraphModule[] {
  return loadSubgraphs([name, ...LOADED_EVERYWHERE]);
}
