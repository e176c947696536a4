import { lakesailDirection, lakesailList, lakesailTokenList, PAGE_LIMIT_QUERY, pageFromPageLimit, pageFromToken, TOKEN_LIMIT_QUERY } from '../../src/rest/lakesail';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  LakesailCreateUserDocument, LakesailGetMemberDocument, LakesailListMembersDocument, LakesailMeDocument, LakesailRemoveMemberDocument,
  LakesailUpdateMemberDocument, LakesailUpdateMemberRoleDocument, type LakesailMemberFragment, type Role as RoleName, type UpdateUserInput,
} from '../../src/generated/operations';
import { Role } from './entities';
import { roleRank } from '../../src/auth/roles';
import { ORGANIZATION_ROLES } from './roles';

/** lakesail's organization member JSON: org role ids and team memberships alongside the profile. */
export function lakesailMember(u: LakesailMemberFragment) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roleIds: [ORGANIZATION_ROLES.find((r) => r.role === Role[u.role])!.id],
    teams: u.teamMemberships.map((m) => ({ teamId: m.teamId, roleIds: m.roleIds })),
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

const ORG_ROLE_IDS = { type: 'array', minItems: 1, items: { type: 'string', enum: ORGANIZATION_ROLES.map((r) => r.id) } };

/** A user holds one organization role here: of several role ids, the strongest wins. */
function roleFromIds(ids: unknown): RoleName {
  const roles = (ids as string[]).map((id) => ORGANIZATION_ROLES.find((r) => r.id === id)!.role);
  const role = roles.reduce((a, b) => (roleRank(b) > roleRank(a) ? b : a));
  return (Object.keys(Role) as RoleName[]).find((key) => Role[key] === role)!;
}

function profileChanges(body: Record<string, unknown>): UpdateUserInput {
  return { ...('name' in body ? { name: body.name as string } : {}), ...('email' in body ? { email: body.email as string } : {}) };
}

const PROFILE_BODY = { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' } } };
const SORT_QUERY = { ...PAGE_LIMIT_QUERY, sort: { type: 'string', enum: ['name', 'email'], default: 'name' }, search: { type: 'string', maxLength: 320 } };

/** lakesail's users and organization members, mapped onto the tenant's users. */
export const lakesailUserRoutes: RestRoute[] = [
  defineRoute({
    profile: 'lakesail', tag: 'users', method: 'get', path: '/users', summary: 'List users',
    query: TOKEN_LIMIT_QUERY,
    operation: LakesailListMembersDocument,
    variables: pageFromToken,
    response: (data) => lakesailTokenList(data.users, lakesailMember),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'users', method: 'post', path: '/users', summary: 'Create a user', status: 201,
    body: { type: 'object', required: ['email', 'name'], properties: { email: { type: 'string' }, name: { type: 'string' }, roleIds: ORG_ROLE_IDS } },
    operation: LakesailCreateUserDocument,
    variables: (req) => ({ input: { email: String(req.body.email), name: String(req.body.name), role: req.body.roleIds ? roleFromIds(req.body.roleIds) : null } }),
    response: (data) => lakesailMember(data.createUser),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'users', method: 'get', path: '/users/me', summary: 'Get current user profile',
    operation: LakesailMeDocument,
    response: (data) => {
      const member = lakesailMember(data.me);
      return { ...member, organization: { id: data.me.tenant.id, name: data.me.tenant.name, roleIds: member.roleIds } };
    },
  }),
  defineRoute({
    profile: 'lakesail', tag: 'users', method: 'get', path: '/users/{userId}', summary: 'Describe a user',
    operation: LakesailGetMemberDocument,
    variables: (req) => ({ id: req.params.userId }),
    response: (data) => lakesailMember(data.user),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'users', method: 'patch', path: '/users/{userId}', summary: 'Update a user', body: PROFILE_BODY,
    operation: LakesailUpdateMemberDocument,
    variables: (req) => ({ id: req.params.userId, input: profileChanges(req.body) }),
    response: (data) => lakesailMember(data.updateUser),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'users', method: 'delete', path: '/users/{userId}', summary: 'Delete a user', status: 204,
    operation: LakesailRemoveMemberDocument,
    variables: (req) => ({ id: req.params.userId }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'members', method: 'get', path: '/members', summary: 'Search members', query: SORT_QUERY,
    operation: LakesailListMembersDocument,
    variables: (req) => ({
      ...pageFromPageLimit(req),
      filter: { sortBy: req.query.sort === 'email' ? ('EMAIL' as const) : ('NAME' as const), direction: lakesailDirection(req), search: req.query.search || null },
    }),
    response: (data, req) => lakesailList(req, data.users, lakesailMember),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'members', method: 'get', path: '/members/{memberId}', summary: 'Describe an organization member',
    operation: LakesailGetMemberDocument,
    variables: (req) => ({ id: req.params.memberId }),
    response: (data) => lakesailMember(data.user),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'members', method: 'patch', path: '/members/{memberId}', summary: 'Update a member', body: PROFILE_BODY,
    operation: LakesailUpdateMemberDocument,
    variables: (req) => ({ id: req.params.memberId, input: profileChanges(req.body) }),
    response: (data) => lakesailMember(data.updateUser),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'members', method: 'delete', path: '/members/{memberId}', summary: 'Remove a member', status: 204,
    operation: LakesailRemoveMemberDocument,
    variables: (req) => ({ id: req.params.memberId }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'members', method: 'put', path: '/members/{memberId}/roles', summary: 'Update member roles',
    body: { type: 'object', required: ['roleIds'], properties: { roleIds: ORG_ROLE_IDS } },
    operation: LakesailUpdateMemberRoleDocument,
    variables: (req) => ({ id: req.params.memberId, role: roleFromIds(req.body.roleIds) }),
    response: (data) => lakesailMember(data.updateUserRole),
  }),
];
