import type { SubgraphModule } from '../../src/federation/module';
import { Workspace, WorkspaceChart, WorkspaceShare, WorkspaceShareRecipient, WorkspaceTag, WorkspaceTagLink, WorkspaceTaskBinding } from './entities';
import { WorkspaceTaskResolver } from './tasks.resolver';
import { workspacesRestRoutes } from './rest';
import { workspacesHotdataRoutes } from './rest-hotdata';
import { WorkspaceContentResolver } from './workspace-content.resolver';
import { WorkspaceResolver, WorkspaceShareRecipientResolver } from './workspaces.resolver';

/** Workspaces: sharing, tags, backing-table data and cell edits, charts, bound tasks and their runs. */
export const workspacesModule: SubgraphModule = {
  name: 'workspaces',
  resolvers: [WorkspaceResolver, WorkspaceShareRecipientResolver, WorkspaceContentResolver, WorkspaceTaskResolver],
  entities: [Workspace, WorkspaceShare, WorkspaceShareRecipient, WorkspaceTag, WorkspaceTagLink, WorkspaceChart, WorkspaceTaskBinding],
  restRoutes: [...workspacesRestRoutes, ...workspacesHotdataRoutes],
};
