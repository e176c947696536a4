import { AppError } from '../../src/errors';
import { MAX_PAGE_SIZE } from '../../src/pagination';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import { WsCreateWorkspaceDocument, WsListWorkspacesDocument, type WsWorkspaceFragment } from '../../src/generated/operations';

/** hotdata's workspace JSON: provisioning is synchronous here, so every workspace is `provisioned`. */
const hotdataWorkspace = (w: WsWorkspaceFragment) => ({
  public_id: w.publicId,
  name: w.title,
  active: w.status === 'ACTIVE',
  favorite: false,
  provision_status: 'provisioned',
  namespace: `workspace-${w.publicId}`,
});

/** hotdata `GET/POST /v1/workspaces`: the caller's workspaces in `{ok: true, …}`; a missing name is 422. */
export const workspacesHotdataRoutes: RestRoute[] = [
  defineRoute({
    profile: 'hotdata', tag: 'workspaces', method: 'get', path: '/workspaces', summary: 'List workspaces',
    query: { organization_public_id: { type: 'string', maxLength: 100 } },
    operation: WsListWorkspacesDocument,
    variables: () => ({ first: MAX_PAGE_SIZE, filter: {} }),
    response: (data) => ({ ok: true, workspaces: data.workspaces.nodes.map(hotdataWorkspace) }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'workspaces', method: 'post', path: '/workspaces', summary: 'Create a workspace', status: 201,
    body: { type: 'object', properties: { name: {}, organization_public_id: { type: 'string', maxLength: 100 } } },
    operation: WsCreateWorkspaceDocument,
    variables: (req) => {
      const name = req.body.name;
      if (typeof name !== 'string' || !name.trim() || name.length > 255) throw new AppError('VALIDATION_FAILED', 'name is required: a string of 1 to 255 characters');
      return { input: { title: name } };
    },
    response: (data) => {
      const { active: _active, favorite: _favorite, ...workspace } = hotdataWorkspace(data.createWorkspace.workspace);
      return { ok: true, workspace };
    },
  }),
];
