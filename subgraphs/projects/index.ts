import type { SubgraphModule } from '../../src/federation/module';
import { Approval, ProjectShare } from './approvals';
import { ApprovalResolver } from './approvals.resolver';
import { Agent, ProjectAgent } from './agents';
import { AgentResolver } from './agents.resolver';
import { agentRestRoutes } from './rest-agents';
import { Project } from './entities';
import { projectLoader } from './loaders';
import { ProjectChangeEventResolver, ProjectResolver } from './projects.resolver';
import { projectsRestRoutes } from './rest';
import { approvalRestRoutes } from './rest-approvals';

/** Projects, approvals and agents. */
export const projectsModule: SubgraphModule = {
  name: 'projects',
  resolvers: [ProjectResolver, ProjectChangeEventResolver, ApprovalResolver, AgentResolver],
  entities: [Project, Approval, ProjectShare, Agent, ProjectAgent],
  referenceResolvers: {
    Project: (ref, ctx) => projectLoader(ctx).load(ref.id),
  },
  restRoutes: [...projectsRestRoutes, ...approvalRestRoutes, ...agentRestRoutes],
};
