import type { SubgraphModule } from '../src/federation/module';
import { catalogsModule } from './catalogs';
import { chatModule } from './chat';
import { clustersModule } from './clusters';
import { jobsModule } from './jobs';
import { notebooksModule } from './notebooks';
import { notificationsModule } from './notifications';
import { projectsModule } from './projects';
import { tenantsModule } from './tenants';
import { workspacesModule } from './workspaces';

/** The one list of subgraphs: the server, the schema emitter and codegen all read it. */
export const subgraphs: SubgraphModule[] = [tenantsModule, projectsModule, catalogsModule, jobsModule, clustersModule, workspacesModule, notebooksModule, chatModule, notificationsModule];

export { bootstrapTenants } from './tenants';
