import { lakesailDirection, lakesailList, PAGE_LIMIT_QUERY, pageFromPageLimit } from '../../src/rest/lakesail';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  LakesailAcceptInvitationDocument, LakesailAddTeamMemberDocument, LakesailCreateInvitationDocument, LakesailCreateTeamDocument,
  LakesailDeleteTeamDocument, LakesailGetInvitationDocument, LakesailGetTeamDocument, LakesailListTeamMembersDocument,
  LakesailListTeamsDocument, LakesailMyTeamsDocument, LakesailOrganizationRoleDocument, LakesailOrganizationRolesDocument,
  LakesailRemoveTeamMemberDocument, LakesailTeamRoleDocument, LakesailTeamRolesDocument, LakesailUpdateTeamDocument,
  LakesailUpdateTeamMemberRolesDocument, type LakesailInvitationFragment, type LakesailTeamMemberFragment,
} from '../../src/generated/operations';
import { Role } from './entities';
import { roleFromRest } from './rest';

const teamMember = (m: LakesailTeamMemberFragment) => ({ teamId: m.teamId, userId: m.userId, roleIds: m.roleIds, user: m.user, createdAt: m.createdAt });
const invitation = (i: LakesailInvitationFragment) => ({ ...i, role: Role[i.role], status: i.status.toLowerCase() });
const SEARCH_QUERY = { ...PAGE_LIMIT_QUERY, search: { type: 'string', maxLength: 200, default: '' }, sort: { type: 'string', enum: ['name'], default: 'name' } };
const TEAM_SORT_QUERY = { ...PAGE_LIMIT_QUERY, sort: { type: 'string', enum: ['name', 'email'], default: 'name' } };
const ROLE_IDS = { type: 'array', items: { type: 'string', pattern: '^[A-Z0-9]{1,20}$' } };

/** lakesail's teams, team members, roles and invitations (the doc shows no paths: these are derived REST-style). */
export const lakesailTenantRoutes: RestRoute[] = [
  defineRoute({
    profile: 'lakesail', tag: 'teams', method: 'get', path: '/teams', summary: 'List teams', query: TEAM_SORT_QUERY,
    operation: LakesailListTeamsDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: { sortBy: 'NAME' as const, direction: lakesailDirection(req) } }),
    response: (data, req) => lakesailList(req, data.teams, (t) => t),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'teams', method: 'post', path: '/teams', summary: 'Create a team', status: 201,
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { type: ['string', 'null'] }, defaultRoleId: { type: ['string', 'null'] } } },
    operation: LakesailCreateTeamDocument,
    variables: (req) => ({ input: { name: String(req.body.name), description: (req.body.description as string | null) ?? null, defaultRoleId: (req.body.defaultRoleId as string | null) ?? null } }),
    response: (data) => data.createTeam,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'teams', method: 'get', path: '/teams/{teamId}', summary: 'Describe a team',
    operation: LakesailGetTeamDocument,
    variables: (req) => ({ id: req.params.teamId }),
    response: (data) => data.team,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'teams', method: 'patch', path: '/teams/{teamId}', summary: 'Update a team',
    body: { type: 'object', properties: { name: { type: ['string', 'null'] }, description: { type: ['string', 'null'] } } },
    operation: LakesailUpdateTeamDocument,
    variables: (req) => ({ id: req.params.teamId, input: { name: (req.body.name as string | null) ?? null, ...('description' in req.body ? { description: req.body.description as string | null } : {}) } }),
    response: (data) => data.updateTeam,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'teams', method: 'delete', path: '/teams/{teamId}', summary: 'Delete a team', status: 204,
    operation: LakesailDeleteTeamDocument,
    variables: (req) => ({ id: req.params.teamId }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'teams', method: 'get', path: '/teams/{teamId}/members', summary: 'List team members', query: TEAM_SORT_QUERY,
    operation: LakesailListTeamMembersDocument,
    variables: (req) => ({ teamId: req.params.teamId, ...pageFromPageLimit(req) }),
    response: (data, req) => lakesailList(req, data.teamMembers, teamMember),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'teams', method: 'post', path: '/teams/{teamId}/members', summary: 'Add a team member', status: 201,
    body: { type: 'object', required: ['memberId'], properties: { memberId: { type: 'string' }, roleIds: ROLE_IDS } },
    operation: LakesailAddTeamMemberDocument,
    variables: (req) => ({ teamId: req.params.teamId, userId: String(req.body.memberId), roleIds: (req.body.roleIds as string[] | undefined) ?? null }),
    response: (data) => teamMember(data.addTeamMember),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'teams', method: 'delete', path: '/teams/{teamId}/members/{memberId}', summary: 'Remove a team member', status: 204,
    operation: LakesailRemoveTeamMemberDocument,
    variables: (req) => ({ teamId: req.params.teamId, userId: req.params.memberId }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'teams', method: 'put', path: '/teams/{teamId}/members/{memberId}/roles', summary: 'Update team member roles',
    body: { type: 'object', required: ['roleIds'], properties: { roleIds: { ...ROLE_IDS, minItems: 1 } } },
    operation: LakesailUpdateTeamMemberRolesDocument,
    variables: (req) => ({ teamId: req.params.teamId, userId: req.params.memberId, input: { roleIds: req.body.roleIds as string[] } }),
    response: (data) => teamMember(data.updateTeamMemberRoles),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'users', method: 'get', path: '/users/me/teams', summary: 'List my teams',
    operation: LakesailMyTeamsDocument,
    response: (data) => ({ items: data.myTeams.map((m) => ({ ...m.team, roleIds: m.roleIds })) }),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'roles', method: 'get', path: '/roles/organization', summary: 'List organization roles', query: SEARCH_QUERY,
    operation: LakesailOrganizationRolesDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: { search: req.query.search || null, direction: lakesailDirection(req) } }),
    response: (data, req) => lakesailList(req, data.organizationRoles, (r) => r),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'roles', method: 'get', path: '/roles/organization/{roleId}', summary: 'Describe an organization role',
    operation: LakesailOrganizationRoleDocument,
    variables: (req) => ({ id: req.params.roleId }),
    response: (data) => data.organizationRole,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'roles', method: 'get', path: '/roles/team', summary: 'List team roles', query: SEARCH_QUERY,
    operation: LakesailTeamRolesDocument,
    variables: (req) => ({ ...pageFromPageLimit(req), filter: { search: req.query.search || null, direction: lakesailDirection(req) } }),
    response: (data, req) => lakesailList(req, data.teamRoles, (r) => r),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'roles', method: 'get', path: '/roles/team/{roleId}', summary: 'Describe a team role',
    operation: LakesailTeamRoleDocument,
    variables: (req) => ({ id: req.params.roleId }),
    response: (data) => data.teamRole,
  }),
  defineRoute({
    profile: 'lakesail', tag: 'invitations', method: 'post', path: '/invitations', summary: 'Create an invitation', status: 201,
    body: { type: 'object', required: ['email'], properties: { email: { type: 'string' }, role: { type: 'string', enum: Object.values(Role) } } },
    operation: LakesailCreateInvitationDocument,
    variables: (req) => ({ input: { email: String(req.body.email), role: roleFromRest(req.body.role ?? Role.DATASET_USER) } }),
    response: (data) => invitation(data.createInvitation),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'invitations', method: 'get', path: '/invitations/{invitationId}', summary: 'Describe an invitation', public: true,
    operation: LakesailGetInvitationDocument,
    variables: (req) => ({ id: req.params.invitationId }),
    response: (data) => invitation(data.invitation),
  }),
  defineRoute({
    profile: 'lakesail', tag: 'invitations', method: 'post', path: '/invitations/{invitationId}/accept', summary: 'Accept an invitation', public: true,
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    operation: LakesailAcceptInvitationDocument,
    variables: (req) => ({ id: req.params.invitationId, input: { name: String(req.body.name) } }),
    response: (data) => ({ ...data.acceptInvitation, user: { ...data.acceptInvitation.user, role: Role[data.acceptInvitation.user.role] } }),
  }),
];
