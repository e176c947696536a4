import type { SubgraphModule } from '../src/federation/module';
import { catalogsModule } from './catalogs';
import { chatModule } from './chat';
import { clustersModule } from './clusters';
import { jobsModule } from './jobs';
import { SUBGRAPH_NAMES, type SubgraphName } from './list';
import { notebooksModule } from './notebooks';
import { notificationsModule } from './notifications';
import { projectsModule } from './projects';
import { tenantsModule } from './tenants';
import { workspacesModule } from './workspaces';

const byName: Record<SubgraphName, SubgraphModule> = {
  tenants: tenantsModule, projects: projectsModule, catalogs: catalogsModule, jobs: jobsModule, clusters: clustersModule,
  workspaces: workspacesModule, notebooks: notebooksModule, chat: chatModule, notifications: notificationsModule,
};

/**
 * Every subgraph, in the order of subgraphs/list.ts (the list a `subgraph NAME` process loads one
 * domain from): the server, the schema emitter and codegen all read it.
 */
export const subgraphs: SubgraphModule[] = SUBGRAPH_NAMES.map((name) => byName[name]);

export { bootstrapTenants } from './tenants';
