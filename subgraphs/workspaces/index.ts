import type { SubgraphModule } from '../../src/federation/module';
import { Workspace, WorkspaceChart, WorkspaceShare, WorkspaceShareRecipient, WorkspaceTag, WorkspaceTagLink } from './entities';
import { workspacesRestRoutes } from './rest';
import { workspacesHotdataRoutes } from './rest-hotdata';
import { WorkspaceContentResolver } from './workspace-content.resolver';
import { WorkspaceResolver, WorkspaceShareRecipientResolver } from './workspaces.resolver';

/** Workspaces: sharing, tags, backing-table data and cell edits, charts. */
export const workspacesModule: SubgraphModule = {
  name: 'workspaces',
  resolvers: [WorkspaceResolver, WorkspaceShareRecipientResolver, WorkspaceContentResolver],
  entities: [Workspace, WorkspaceShare, WorkspaceShareRecipient, WorkspaceTag, WorkspaceTagLink, WorkspaceChart],
  restRoutes: [...workspacesRestRoutes, ...workspacesHotdataRoutes],
};
