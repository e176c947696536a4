import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, gqlOk } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, createUser, type TestTenant } from '../support/tenants';

describe('teams, team members and roles over GraphQL', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
  });
  afterAll(() => server?.close());

  it('manages teams and members with default and explicit roles', async () => {
    const { createTeam } = await gqlOk(server, tenant.token, `mutation { createTeam(input: { name: "data-eng", description: "pipelines" }) { id name defaultRoleId memberCount } }`);
    expect(createTeam).toMatchObject({ name: 'data-eng', defaultRoleId: 'TEAMMEMBER', memberCount: 0 });
    const dup = await gql(server, tenant.token, `mutation { createTeam(input: { name: "data-eng" }) { id } }`);
    expect(dup.errors?.[0].extensions?.code).toBe('CONFLICT');
    await gqlOk(server, tenant.token, `mutation { createTeam(input: { name: "analytics" }) { id } }`);

    const user = await createUser(server, tenant);
    const added = await gqlOk(server, tenant.token, `mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { roleIds user { email } } }`, { t: createTeam.id, u: user.id });
    expect(added.addTeamMember).toEqual({ roleIds: ['TEAMMEMBER'], user: { email: user.email } });
    const again = await gql(server, tenant.token, `mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { roleIds } }`, { t: createTeam.id, u: user.id });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    await gqlOk(server, tenant.token, `mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u, roleIds: ["TEAMADMIN"]) { roleIds } }`, { t: createTeam.id, u: tenant.adminId });

    const roles = await gqlOk(server, tenant.token, `mutation($t: ID!, $u: ID!) { updateTeamMemberRoles(teamId: $t, userId: $u, input: { roleIds: ["TEAMADMIN", "TEAMMEMBER"] }) { roleIds } }`, { t: createTeam.id, u: user.id });
    expect(roles.updateTeamMemberRoles.roleIds).toEqual(['TEAMADMIN', 'TEAMMEMBER']);
    const empty = await gql(server, tenant.token, `mutation($t: ID!, $u: ID!) { updateTeamMemberRoles(teamId: $t, userId: $u, input: { roleIds: [] }) { roleIds } }`, { t: createTeam.id, u: user.id });
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await gql(server, tenant.token, `mutation($t: ID!, $u: ID!) { updateTeamMemberRoles(teamId: $t, userId: $u, input: { roleIds: ["KING"] }) { roleIds } }`, { t: createTeam.id, u: user.id });
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const listed = await gqlOk(server, tenant.token, `{ teams(filter: { sortBy: NAME, direction: DESC }) { totalCount nodes { name memberCount } } }`);
    expect(listed.teams.nodes).toEqual([{ name: 'data-eng', memberCount: 2 }, { name: 'analytics', memberCount: 0 }]);
    const mine = await gqlOk(server, user.token, `{ myTeams { roleIds team { name } } }`);
    expect(mine.myTeams).toEqual([{ roleIds: ['TEAMADMIN', 'TEAMMEMBER'], team: { name: 'data-eng' } }]);

    // Non-admins read but cannot change; other tenants see nothing.
    const denied = await gql(server, user.token, `mutation($t: ID!) { deleteTeam(id: $t) { id } }`, { t: createTeam.id });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const stranger = await createTenant(server);
    const hidden = await gql(server, stranger.token, `query($t: ID!) { team(id: $t) { id } }`, { t: createTeam.id });
    expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const foreignMember = await gql(server, stranger.token, `mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { roleIds } }`, { t: createTeam.id, u: stranger.adminId });
    expect(foreignMember.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    await gqlOk(server, tenant.token, `mutation($t: ID!, $u: ID!) { removeTeamMember(teamId: $t, userId: $u) { userId } }`, { t: createTeam.id, u: user.id });
    await gqlOk(server, tenant.token, `mutation($t: ID!) { deleteTeam(id: $t) { id } }`, { t: createTeam.id });
    expect((await gqlOk(server, user.token, `{ myTeams { team { id } } }`)).myTeams).toEqual([]);
  });

  it('lists organization and team roles with search and permissions', async () => {
    const org = await gqlOk(server, tenant.token, `{ organizationRoles { totalCount nodes { id name } } admin: organizationRole(id: "ORGADMIN") { permissions } }`);
    expect(org.organizationRoles.nodes.map((r: any) => r.name)).toEqual(['Dataset editor', 'Dataset user', 'Org admin']);
    expect(org.admin.permissions).toContain('members:manage');
    const team = await gqlOk(server, tenant.token, `{ teamRoles(filter: { search: "admin" }) { nodes { id } } }`);
    expect(team.teamRoles.nodes).toEqual([{ id: 'TEAMADMIN' }]);
    expect((await gql(server, tenant.token, `{ teamRole(id: "NOPE") { id } }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('invitations over GraphQL', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server, 'inviting-org');
  });
  afterAll(() => server?.close());

  it('invite → describe without signing in → accept → the new member can sign in; accepting twice is 409', async () => {
    const { createInvitation } = await gqlOk(server, tenant.token, `mutation { createInvitation(input: { email: "New@Person.test", role: DATASET_EDITOR }) { id email status expiresAt } }`);
    expect(createInvitation).toMatchObject({ email: 'new@person.test', status: 'PENDING' });
    const dup = await gql(server, tenant.token, `mutation { createInvitation(input: { email: "new@person.test" }) { id } }`);
    expect(dup.errors?.[0].extensions?.code).toBe('CONFLICT');

    const described = await gql(server, undefined, `query($id: ID!) { invitation(id: $id) { email status organizationName role } }`, { id: createInvitation.id });
    expect(described.data.invitation).toEqual({ email: 'new@person.test', status: 'PENDING', organizationName: 'inviting-org', role: 'DATASET_EDITOR' });

    const accepted = await gql(server, undefined, `mutation($id: ID!) { acceptInvitation(id: $id, input: { name: "New Person" }) { token user { id email role } } }`, { id: createInvitation.id });
    expect(accepted.data.acceptInvitation.user).toMatchObject({ email: 'new@person.test', role: 'DATASET_EDITOR' });
    const me = await gqlOk(server, accepted.data.acceptInvitation.token, `{ me { email tenant { name } } }`);
    expect(me.me).toEqual({ email: 'new@person.test', tenant: { name: 'inviting-org' } });
    const twice = await gql(server, undefined, `mutation($id: ID!) { acceptInvitation(id: $id, input: { name: "Again" }) { token } }`, { id: createInvitation.id });
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await gql(server, undefined, `{ invitation(id: "00000000-0000-4000-8000-000000000000") { id } }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('an expired invitation cannot be accepted; only Org admins invite', async () => {
    const { createInvitation } = await gqlOk(server, tenant.token, `mutation { createInvitation(input: { email: "late@person.test" }) { id } }`);
    await server.orm.em.fork().getConnection().execute('update invitations set expires_at = ? where id = ?', [new Date(Date.now() - 1000), createInvitation.id]);
    const late = await gql(server, undefined, `mutation($id: ID!) { acceptInvitation(id: $id, input: { name: "Late" }) { token } }`, { id: createInvitation.id });
    expect(late.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', status: 'expired' } });
    const user = await createUser(server, tenant);
    const denied = await gql(server, user.token, `mutation { createInvitation(input: { email: "x@person.test" }) { id } }`);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
