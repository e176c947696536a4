import { pageFromSkipLimit, putAndPatch, SKIP_LIMIT_QUERY } from '../../src/rest/paging';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  CreateProjectDocument, DeleteProjectDocument, GetProjectDocument, ListProjectsDocument, UpdateProjectDocument,
  type DatacoveyProjectFragment,
} from '../../src/generated/operations';

/** datacovey's Project JSON. */
export function datacoveyProject(p: DatacoveyProjectFragment) {
  return {
    name: p.name,
    description: p.description ?? null,
    id: p.id,
    tenant_id: p.tenant.id,
    created_at: p.createdAt,
    archived_at: p.archivedAt ?? null,
  };
}

export const projectsRestRoutes: RestRoute[] = [
  defineRoute({
    profile: 'datacovey', tag: 'projects', method: 'post', path: '/projects', summary: 'Create Project', status: 201,
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { type: ['string', 'null'] } } },
    operation: CreateProjectDocument,
    variables: (req) => ({ input: { name: String(req.body.name), description: (req.body.description as string | null) ?? null } }),
    response: (data) => datacoveyProject(data.createProject),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'projects', method: 'get', path: '/projects', summary: 'List Projects', query: SKIP_LIMIT_QUERY,
    operation: ListProjectsDocument,
    variables: pageFromSkipLimit,
    response: (data) => ({ projects: data.projects.nodes.map(datacoveyProject) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'projects', method: 'get', path: '/projects/{project_id}', summary: 'Get Project',
    operation: GetProjectDocument,
    variables: (req) => ({ id: req.params.project_id }),
    response: (data) => datacoveyProject(data.project),
  }),
  ...putAndPatch({
    profile: 'datacovey', tag: 'projects', path: '/projects/{project_id}', summary: 'Update Project',
    body: { type: 'object', properties: { name: { type: ['string', 'null'] }, description: { type: ['string', 'null'] } } },
    operation: UpdateProjectDocument,
    variables: (req) => ({
      id: req.params.project_id,
      input: { name: (req.body.name as string | null) ?? null, ...('description' in req.body ? { description: req.body.description as string | null } : {}) },
    }),
    response: (data) => datacoveyProject(data.updateProject),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'projects', method: 'delete', path: '/projects/{project_id}', summary: 'Delete Project', status: 204,
    operation: DeleteProjectDocument,
    variables: (req) => ({ id: req.params.project_id }),
    response: () => undefined,
  }),
];
