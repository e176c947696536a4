import type { SubgraphModule } from '../src/federation/module';
import { catalogsModule } from './catalogs';
import { chatModule } from './chat';
import { jobsModule } from './jobs';
import { notificationsModule } from './notifications';
import { projectsModule } from './projects';
import { tenantsModule } from './tenants';

/** The one list of subgraphs: the server, the schema emitter and codegen all read it. */
export const subgraphs: SubgraphModule[] = [tenantsModule, projectsModule, catalogsModule, jobsModule, chatModule, notificationsModule];

export { bootstrapTenants } from './tenants';
