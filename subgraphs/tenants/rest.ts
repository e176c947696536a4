import { pageFromSkipLimit, putAndPatch, SKIP_LIMIT_QUERY } from '../../src/rest/paging';
import { defineRoute, type JsonSchema, type RestRoute } from '../../src/rest/route';
import {
  CreateTenantDocument, CreateUserDocument, CurrentUserDocument, DeleteTenantDocument, DeleteUserDocument, GetTenantDocument,
  GetUserDocument, InviteUserDocument, ListTenantsDocument, ListUsersDocument, UpdateTenantDocument, UpdateUserDocument,
  UpdateUserRoleDocument, type DatacoveyTenantFragment, type DatacoveyUserFragment, type UserInput,
} from '../../src/generated/operations';
import { Role } from './entities';

/** datacovey's Tenant JSON. */
export function datacoveyTenant(t: DatacoveyTenantFragment) {
  return { name: t.name, id: t.id, created_at: t.createdAt, archived_at: t.archivedAt ?? null };
}

/** datacovey's User JSON; roles in its spelling ("Org admin"). */
export function datacoveyUser(u: DatacoveyUserFragment) {
  return {
    email: u.email,
    name: u.name,
    role: Role[u.role],
    id: u.id,
    tenant_id: u.tenant.id,
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

const userInput = (body: Record<string, unknown>): UserInput => ({
  email: String(body.email),
  name: String(body.name),
  role: roleFromRest(body.role ?? Role.DATASET_USER),
});

export const tenantsRestRoutes: RestRoute[] = [
  defineRoute({
    profile: 'datacovey', tag: 'tenants', method: 'post', path: '/tenants', summary: 'Create Tenant', status: 201,
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    operation: CreateTenantDocument,
    variables: (req) => ({ input: { name: String(req.body.name) } }),
    response: (data) => datacoveyTenant(data.createTenant),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'tenants', method: 'get', path: '/tenants', summary: 'List Tenants', query: SKIP_LIMIT_QUERY,
    operation: ListTenantsDocument,
    variables: pageFromSkipLimit,
    response: (data) => ({ tenants: data.tenants.nodes.map(datacoveyTenant) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'tenants', method: 'get', path: '/tenants/{tenant_id}', summary: 'Get Tenant',
    operation: GetTenantDocument,
    variables: (req) => ({ id: req.params.tenant_id }),
    response: (data) => datacoveyTenant(data.tenant),
  }),
  ...putAndPatch({
    profile: 'datacovey', tag: 'tenants', path: '/tenants/{tenant_id}', summary: 'Update Tenant',
    body: { type: 'object', properties: { name: { type: ['string', 'null'] } } },
    operation: UpdateTenantDocument,
    variables: (req) => ({ id: req.params.tenant_id, input: { name: (req.body.name as string | null) ?? null } }),
    response: (data) => datacoveyTenant(data.updateTenant),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'tenants', method: 'delete', path: '/tenants/{tenant_id}', summary: 'Delete Tenant', status: 204,
    operation: DeleteTenantDocument,
    variables: (req) => ({ id: req.params.tenant_id }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'datacovey', tag: 'users', method: 'get', path: '/users', summary: 'Get Tenant Users', query: SKIP_LIMIT_QUERY,
    operation: ListUsersDocument,
    variables: pageFromSkipLimit,
    response: (data) => ({ users: data.users.nodes.map(datacoveyUser) }),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'users', method: 'post', path: '/users', summary: 'Create User', status: 201, body: USER_BODY,
    operation: CreateUserDocument,
    variables: (req) => ({ input: userInput(req.body) }),
    response: (data) => datacoveyUser(data.createUser),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'users', method: 'get', path: '/users/me', summary: 'Get Current User',
    operation: CurrentUserDocument,
    response: (data) => datacoveyUser(data.me),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'users', method: 'post', path: '/users/invite', summary: 'Invite New User', status: 201, body: USER_BODY,
    operation: InviteUserDocument,
    variables: (req) => ({ input: userInput(req.body) }),
    response: (data) => datacoveyUser(data.inviteUser),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'users', method: 'get', path: '/users/{user_id}', summary: 'Get User',
    operation: GetUserDocument,
    variables: (req) => ({ id: req.params.user_id }),
    response: (data) => datacoveyUser(data.user),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'users', method: 'put', path: '/users/{user_id}', summary: 'Update User', body: USER_BODY,
    operation: UpdateUserDocument,
    variables: (req) => ({ id: req.params.user_id, input: userInput(req.body) }),
    response: (data) => datacoveyUser(data.updateUser),
  }),
  defineRoute({
    profile: 'datacovey', tag: 'users', method: 'delete', path: '/users/{user_id}', summary: 'Delete User Endpoint',
    operation: DeleteUserDocument,
    variables: (req) => ({ id: req.params.user_id }),
    response: (data) => ({ message: 'User deleted', user_id: data.deleteUser.id }),
  }),
  ...putAndPatch({
    profile: 'datacovey', tag: 'users', path: '/users/{user_id}/role', summary: 'Update User Role Endpoint',
    body: { type: 'object', required: ['role'], properties: { role: ROLE_SCHEMA } },
    operation: UpdateUserRoleDocument,
    variables: (req) => ({ id: req.params.user_id, role: roleFromRest(req.body.role)! }),
    response: (data) => datacoveyUser(data.updateUserRole),
  }),
];
