import { pageFromSkipLimit, putAndPatch, SKIP_LIMIT_QUERY } from '../../src/rest/paging';
import type { JsonSchema, RestRoute } from '../../src/rest/route';
import { Role } from './entities';

const TENANT_FIELDS = 'id name createdAt archivedAt';
const USER_FIELDS = 'id email name role identityProviderId createdAt tenant { id }';

/** datacovey's Tenant JSON. */
export function datacoveyTenant(t: Record<string, any>) {
  return { name: t.name, id: t.id, created_at: t.createdAt, archived_at: t.archivedAt ?? null };
}

/** datacovey's User JSON; roles in its spelling ("Org admin"). */
export function datacoveyUser(u: Record<string, any>) {
  return {
    email: u.email,
    name: u.name,
    role: Role[u.role as keyof typeof Role] ?? u.role,
    id: u.id,
    tenant_id: u.tenant?.id,
    identity_provider_id: u.identityProviderId ?? null,
    created_at: u.createdAt,
  };
}

const ROLE_SCHEMA: JsonSchema = { type: 'string', enum: Object.values(Role) };

/** "Org admin" → ORG_ADMIN (the GraphQL enum name). */
export function roleFromRest(value: unknown): keyof typeof Role | undefined {
  const entry = Object.entries(Role).find(([, spelled]) => spelled === value);
  return entry?.[0] as keyof typeof Role | undefined;
}

const USER_BODY: JsonSchema = {
  type: 'object',
  required: ['email', 'name'],
  properties: { email: { type: 'string' }, name: { type: 'string' }, role: { ...ROLE_SCHEMA, default: Role.DATASET_USER } },
};

const userInput = (body: Record<string, unknown>) => ({ email: body.email, name: body.name, role: roleFromRest(body.role ?? Role.DATASET_USER) });

export const tenantsRestRoutes: RestRoute[] = [
  {
    profile: 'datacovey', tag: 'tenants', method: 'post', path: '/tenants', summary: 'Create Tenant', status: 201,
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    operation: `mutation CreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { ${TENANT_FIELDS} } }`,
    variables: (req) => ({ input: { name: req.body.name } }),
    response: (data) => datacoveyTenant(data.createTenant),
  },
  {
    profile: 'datacovey', tag: 'tenants', method: 'get', path: '/tenants', summary: 'List Tenants', query: SKIP_LIMIT_QUERY,
    operation: `query ListTenants($first: Int, $after: String) { tenants(first: $first, after: $after) { nodes { ${TENANT_FIELDS} } } }`,
    variables: pageFromSkipLimit,
    response: (data) => ({ tenants: data.tenants.nodes.map(datacoveyTenant) }),
  },
  {
    profile: 'datacovey', tag: 'tenants', method: 'get', path: '/tenants/{tenant_id}', summary: 'Get Tenant',
    operation: `query GetTenant($id: ID!) { tenant(id: $id) { ${TENANT_FIELDS} } }`,
    variables: (req) => ({ id: req.params.tenant_id }),
    response: (data) => datacoveyTenant(data.tenant),
  },
  ...putAndPatch({
    profile: 'datacovey', tag: 'tenants', path: '/tenants/{tenant_id}', summary: 'Update Tenant',
    body: { type: 'object', properties: { name: { type: ['string', 'null'] } } },
    operation: `mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { ${TENANT_FIELDS} } }`,
    variables: (req) => ({ id: req.params.tenant_id, input: { name: req.body.name ?? null } }),
    response: (data) => datacoveyTenant(data.updateTenant),
  }),
  {
    profile: 'datacovey', tag: 'tenants', method: 'delete', path: '/tenants/{tenant_id}', summary: 'Delete Tenant', status: 204,
    operation: `mutation DeleteTenant($id: ID!) { deleteTenant(id: $id) { id } }`,
    variables: (req) => ({ id: req.params.tenant_id }),
    response: () => undefined,
  },
  {
    profile: 'datacovey', tag: 'users', method: 'get', path: '/users', summary: 'Get Tenant Users', query: SKIP_LIMIT_QUERY,
    operation: `query ListUsers($first: Int, $after: String) { users(first: $first, after: $after) { nodes { ${USER_FIELDS} } } }`,
    variables: pageFromSkipLimit,
    response: (data) => ({ users: data.users.nodes.map(datacoveyUser) }),
  },
  {
    profile: 'datacovey', tag: 'users', method: 'post', path: '/users', summary: 'Create User', status: 201, body: USER_BODY,
    operation: `mutation CreateUser($input: UserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`,
    variables: (req) => ({ input: userInput(req.body) }),
    response: (data) => datacoveyUser(data.createUser),
  },
  {
    profile: 'datacovey', tag: 'users', method: 'get', path: '/users/me', summary: 'Get Current User',
    operation: `query CurrentUser { me { ${USER_FIELDS} } }`,
    response: (data) => datacoveyUser(data.me),
  },
  {
    profile: 'datacovey', tag: 'users', method: 'post', path: '/users/invite', summary: 'Invite New User', status: 201, body: USER_BODY,
    operation: `mutation InviteUser($input: UserInput!) { inviteUser(input: $input) { ${USER_FIELDS} } }`,
    variables: (req) => ({ input: userInput(req.body) }),
    response: (data) => datacoveyUser(data.inviteUser),
  },
  {
    profile: 'datacovey', tag: 'users', method: 'get', path: '/users/{user_id}', summary: 'Get User',
    operation: `query GetUser($id: ID!) { user(id: $id) { ${USER_FIELDS} } }`,
    variables: (req) => ({ id: req.params.user_id }),
    response: (data) => datacoveyUser(data.user),
  },
  {
    profile: 'datacovey', tag: 'users', method: 'put', path: '/users/{user_id}', summary: 'Update User', body: USER_BODY,
    operation: `mutation UpdateUser($id: ID!, $input: UserInput!) { updateUser(id: $id, input: $input) { ${USER_FIELDS} } }`,
    variables: (req) => ({ id: req.params.user_id, input: userInput(req.body) }),
    response: (data) => datacoveyUser(data.updateUser),
  },
  {
    profile: 'datacovey', tag: 'users', method: 'delete', path: '/users/{user_id}', summary: 'Delete User Endpoint',
    operation: `mutation DeleteUser($id: ID!) { deleteUser(id: $id) { id } }`,
    variables: (req) => ({ id: req.params.user_id }),
    response: (data) => ({ message: 'User deleted', user_id: data.deleteUser.id }),
  },
  ...putAndPatch({
    profile: 'datacovey', tag: 'users', path: '/users/{user_id}/role', summary: 'Update User Role Endpoint',
    body: { type: 'object', required: ['role'], properties: { role: ROLE_SCHEMA } },
    operation: `mutation UpdateUserRole($id: ID!, $role: Role!) { updateUserRole(id: $id, role: $role) { ${USER_FIELDS} } }`,
    variables: (req) => ({ id: req.params.user_id, role: roleFromRest(req.body.role) }),
    response: (data) => datacoveyUser(data.updateUserRole),
  }),
];
