import type { SubgraphModule } from '../../src/federation/module';
import { Project } from './entities';
import { projectLoader } from './loaders';
import { ProjectResolver } from './projects.resolver';
import { projectsRestRoutes } from './rest';

/** Projects, approvals and agents. */
export const projectsModule: SubgraphModule = {
  name: 'projects',
  resolvers: [ProjectResolver],
  entities: [Project],
  referenceResolvers: {
    Project: (ref, ctx) => projectLoader(ctx).load(ref.id),
  },
  restRoutes: projectsRestRoutes,
};
