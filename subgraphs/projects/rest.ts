import { pageFromSkipLimit, putAndPatch, SKIP_LIMIT_QUERY } from '../../src/rest/paging';
import type { RestRoute } from '../../src/rest/route';

const PROJECT_FIELDS = 'id name description createdAt archivedAt tenant { id }';

/** datacovey's Project JSON. */
export function datacoveyProject(p: Record<string, any>) {
  return {
    name: p.name,
    description: p.description ?? null,
    id: p.id,
    tenant_id: p.tenant?.id,
    created_at: p.createdAt,
    archived_at: p.archivedAt ?? null,
  };
}

export const projectsRestRoutes: RestRoute[] = [
  {
    profile: 'datacovey', tag: 'projects', method: 'post', path: '/projects', summary: 'Create Project', status: 201,
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { type: ['string', 'null'] } } },
    operation: `mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { ${PROJECT_FIELDS} } }`,
    variables: (req) => ({ input: { name: req.body.name, description: req.body.description ?? null } }),
    response: (data) => datacoveyProject(data.createProject),
  },
  {
    profile: 'datacovey', tag: 'projects', method: 'get', path: '/projects', summary: 'List Projects', query: SKIP_LIMIT_QUERY,
    operation: `query ListProjects($first: Int, $after: String) { projects(first: $first, after: $after) { nodes { ${PROJECT_FIELDS} } } }`,
    variables: pageFromSkipLimit,
    response: (data) => ({ projects: data.projects.nodes.map(datacoveyProject) }),
  },
  {
    profile: 'datacovey', tag: 'projects', method: 'get', path: '/projects/{project_id}', summary: 'Get Project',
    operation: `query GetProject($id: ID!) { project(id: $id) { ${PROJECT_FIELDS} } }`,
    variables: (req) => ({ id: req.params.project_id }),
    response: (data) => datacoveyProject(data.project),
  },
  ...putAndPatch({
    profile: 'datacovey', tag: 'projects', path: '/projects/{project_id}', summary: 'Update Project',
    body: { type: 'object', properties: { name: { type: ['string', 'null'] }, description: { type: ['string', 'null'] } } },
    operation: `mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) { updateProject(id: $id, input: $input) { ${PROJECT_FIELDS} } }`,
    variables: (req) => ({ id: req.params.project_id, input: { name: req.body.name ?? null, ...('description' in req.body ? { description: req.body.description } : {}) } }),
    response: (data) => datacoveyProject(data.updateProject),
  }),
  {
    profile: 'datacovey', tag: 'projects', method: 'delete', path: '/projects/{project_id}', summary: 'Delete Project', status: 204,
    operation: `mutation DeleteProject($id: ID!) { deleteProject(id: $id) { id } }`,
    variables: (req) => ({ id: req.params.project_id }),
    response: () => undefined,
  },
];
