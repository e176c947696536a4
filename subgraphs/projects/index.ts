import type { SubgraphModule } from '../../src/federation/module';
import { Approval, ProjectShare } from './approvals';
import { ApprovalResolver } from './approvals.resolver';
import { Project } from './entities';
import { projectLoader } from './loaders';
import { ProjectResolver } from './projects.resolver';
import { projectsRestRoutes } from './rest';
import { approvalRestRoutes } from './rest-approvals';

/** Projects, approvals and agents. */
export const projectsModule: SubgraphModule = {
  name: 'projects',
  resolvers: [ProjectResolver, ApprovalResolver],
  entities: [Project, Approval, ProjectShare],
  referenceResolvers: {
    Project: (ref, ctx) => projectLoader(ctx).load(ref.id),
  },
  restRoutes: [...projectsRestRoutes, ...approvalRestRoutes],
};
