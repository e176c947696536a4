import DataLoader from 'dataloader';
import { Entity, Index, Property, type Opt } from '@mikro-orm/core';
import { ArrayNotEmpty, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { Context } from '../../src/context';
import { countByKey, loader, requireIdentity, requireRole } from '../../src/context';
import { ORG_ADMIN } from '../../src/auth/roles';
import { TenantScopedEntity } from '../../src/db/base-entities';
import { containsInsensitive } from '../../src/db/like';
import { BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import { paginate, SortDirection, type Page, type PageArgs } from '../../src/pagination';
import { User } from './entities';
import { TEAM_TOPIC, transactTenants } from './events';
import { DEFAULT_TEAM_ROLE, findTeamRole } from './roles';

/** A group of members that resources (catalogs, jobs, queries, notebooks) are shared with. */
@ObjectType({ description: 'A team: groups members and controls access to shared clusters, jobs and queries.' })
@Entity({ tableName: 'teams' })
export class Team extends TenantScopedEntity {
  @Field(() => String, { description: 'Name, unique in the tenant.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the team is for.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => ID, { description: 'Team role given to members added without roles.' })
  @Property({ type: 'string', length: 20 })
  defaultRoleId: Opt<string> = DEFAULT_TEAM_ROLE;
}

/** A user's membership of a team, with its team roles. */
@ObjectType({ description: 'A member of a team and their team roles.' })
@Entity({ tableName: 'team_members' })
@Index({ properties: ['teamId', 'userId'] })
@Index({ properties: ['tenantId', 'teamId', 'createdAt', 'id'] })
export class TeamMember extends TenantScopedEntity {
  @Field(() => ID, { description: 'The team.' })
  @Property({ type: 'string', length: 36 })
  teamId!: string;

  @Field(() => ID, { description: 'The member (a user of the tenant).' })
  @Index()
  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Field(() => [ID], { description: 'Team role ids, e.g. TEAMMEMBER.' })
  @Property({ type: 'json' })
  roleIds!: string[];
}

export enum TeamSortField {
  NAME = 'name',
  CREATED_AT = 'createdAt',
}
registerEnumType(TeamSortField, { name: 'TeamSortField', description: 'What to sort teams by.' });

@InputType({ description: 'A new team.' })
export class CreateTeamInput {
  @Field(() => String, { description: 'Name, unique in your tenant.' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'What the team is for.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => ID, { nullable: true, description: 'Default team role for new members. Default TEAMMEMBER.' })
  @IsOptional()
  defaultRoleId?: string | null;
}

@InputType({ description: 'Changes to a team; omitted fields stay as they are.' })
export class UpdateTeamInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'New description.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
}

@InputType({ description: 'Which teams to list and how to order them.' })
export class TeamFilter {
  @Field(() => String, { nullable: true, description: 'Only teams whose name contains this (case-insensitive).' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
  @Field(() => TeamSortField, { nullable: true, description: 'Sort key. Default NAME.' })
  @IsOptional()
  sortBy?: TeamSortField | null;
  @Field(() => SortDirection, { nullable: true, description: 'Default ASC.' })
  @IsOptional()
  direction?: SortDirection | null;
}

@InputType({ description: 'Team roles for a member.' })
export class TeamRolesInput {
  @Field(() => [ID], { description: 'Team role ids (at least one), e.g. ["TEAMADMIN"].' })
  @ArrayNotEmpty({ message: 'roleIds needs at least one role; to remove a member use removeTeamMember' })
  roleIds!: string[];
}

@ObjectType({ description: 'A team you belong to, with your roles in it.' })
export class MyTeam {
  @Field(() => Team, { description: 'The team.' })
  team!: Team;
  @Field(() => [ID], { description: 'Your team role ids.' })
  roleIds!: string[];
}

function checkRoles(roleIds: string[]): string[] {
  const unknown = roleIds.filter((id) => !findTeamRole(id));
  if (unknown.length) throw new BadInputError(`Unknown team role ${unknown.join(', ')}`, { field: 'roleIds' });
  return [...new Set(roleIds)];
}

export async function getTeam(ctx: Context, id: string): Promise<Team> {
  requireIdentity(ctx);
  const team = await ctx.em.findOne(Team, { id });
  if (!team) throw new NotFoundError('Team', id);
  return team;
}

export async function listTeams(ctx: Context, filter: TeamFilter | undefined, page: PageArgs): Promise<Page<Team>> {
  requireIdentity(ctx);
  const where = filter?.search ? { name: containsInsensitive(ctx.em, filter.search) } : {};
  return paginate(ctx.em, Team, where, page, { orderBy: { [filter?.sortBy ?? TeamSortField.NAME]: filter?.direction ?? SortDirection.ASC } });
}

async function assertNameFree(ctx: Context, name: string, exceptId?: string): Promise<void> {
  if (await ctx.em.findOne(Team, { name, ...(exceptId ? { id: { $ne: exceptId } } : {}) })) {
    throw new ConflictError(`A team named "${name}" already exists`, { field: 'name' });
  }
}

export async function createTeam(ctx: Context, input: CreateTeamInput): Promise<Team> {
  requireRole(ctx, ORG_ADMIN, 'Managing teams');
  const identity = requireIdentity(ctx);
  const [defaultRoleId] = checkRoles([input.defaultRoleId ?? DEFAULT_TEAM_ROLE]);
  await assertNameFree(ctx, input.name);
  return transactTenants(ctx, async (em, emit) => {
    const team = em.create(Team, { tenantId: identity.tenantId, name: input.name, description: input.description ?? null, defaultRoleId });
    emit(TEAM_TOPIC, 'created', team.id, { id: team.id, name: team.name });
    return team;
  });
}

export async function updateTeam(ctx: Context, id: string, input: UpdateTeamInput): Promise<Team> {
  requireRole(ctx, ORG_ADMIN, 'Managing teams');
  const team = await getTeam(ctx, id);
  if (input.name != null && input.name !== team.name) await assertNameFree(ctx, input.name, team.id);
  return transactTenants(ctx, async (_em, emit) => {
    if (input.name != null) team.name = input.name;
    if (input.description !== undefined) team.description = input.description;
    emit(TEAM_TOPIC, 'updated', team.id, { id: team.id, name: team.name });
    return team;
  });
}

/** Deletes the team and all its member assignments (lakesail: permanent). */
export async function deleteTeam(ctx: Context, id: string): Promise<Team> {
  requireRole(ctx, ORG_ADMIN, 'Managing teams');
  const team = await getTeam(ctx, id);
  return transactTenants(ctx, async (em, emit) => {
    await em.nativeDelete(TeamMember, { teamId: id });
    em.remove(team);
    emit(TEAM_TOPIC, 'deleted', id, { id, name: team.name });
    return team;
  });
}

export async function listMembers(ctx: Context, teamId: string, page: PageArgs): Promise<Page<TeamMember>> {
  await getTeam(ctx, teamId);
  return paginate(ctx.em, TeamMember, { teamId }, page);
}

export async function addMember(ctx: Context, teamId: string, userId: string, roleIds?: string[] | null): Promise<TeamMember> {
  requireRole(ctx, ORG_ADMIN, 'Managing teams');
  const identity = requireIdentity(ctx);
  const team = await getTeam(ctx, teamId);
  if (!(await ctx.em.findOne(User, { id: userId }))) throw new NotFoundError('User', userId);
  if (await ctx.em.findOne(TeamMember, { teamId, userId })) throw new ConflictError('The user is already a member of this team');
  const roles = checkRoles(roleIds?.length ? roleIds : [team.defaultRoleId]);
  return transactTenants(ctx, async (em, emit) => {
    const member = em.create(TeamMember, { tenantId: identity.tenantId, teamId, userId, roleIds: roles });
    emit(TEAM_TOPIC, 'member_added', teamId, { id: teamId, userId });
    return member;
  });
}

async function getMember(ctx: Context, teamId: string, userId: string): Promise<TeamMember> {
  await getTeam(ctx, teamId);
  const member = await ctx.em.findOne(TeamMember, { teamId, userId });
  if (!member) throw new NotFoundError('Team member', userId);
  return member;
}

export async function removeMember(ctx: Context, teamId: string, userId: string): Promise<TeamMember> {
  requireRole(ctx, ORG_ADMIN, 'Managing teams');
  const member = await getMember(ctx, teamId, userId);
  return transactTenants(ctx, async (em, emit) => {
    em.remove(member);
    emit(TEAM_TOPIC, 'member_removed', teamId, { id: teamId, userId });
    return member;
  });
}

export async function replaceMemberRoles(ctx: Context, teamId: string, userId: string, roleIds: string[]): Promise<TeamMember> {
  requireRole(ctx, ORG_ADMIN, 'Managing teams');
  const member = await getMember(ctx, teamId, userId);
  const roles = checkRoles(roleIds);
  return transactTenants(ctx, async (_em, emit) => {
    member.roleIds = roles;
    emit(TEAM_TOPIC, 'member_roles_changed', teamId, { id: teamId, userId });
    return member;
  });
}

export async function myTeams(ctx: Context): Promise<MyTeam[]> {
  const identity = requireIdentity(ctx);
  const memberships = await ctx.em.find(TeamMember, { userId: identity.userId });
  const teams = await ctx.em.find(Team, { id: { $in: memberships.map((m) => m.teamId) } }, { orderBy: { name: 'asc' } });
  return teams.map((team) => ({ team, roleIds: memberships.find((m) => m.teamId === team.id)!.roleIds }));
}

/** Member counts of many teams in one query per request. */
export function memberCountLoader(ctx: Context): DataLoader<string, number> {
  return loader(ctx, 'tenants.teamMemberCount', () =>
    new DataLoader<string, number>(async (teamIds) => {
      const rows = await ctx.em.find(TeamMember, { teamId: { $in: [...teamIds] } }, { fields: ['teamId'] });
      return countByKey(rows, (row) => row.teamId, teamIds);
    }),
  );
}

/** Team memberships of many users in one query per request. */
export function membershipsLoader(ctx: Context): DataLoader<string, TeamMember[]> {
  return loader(ctx, 'tenants.membershipsByUser', () =>
    new DataLoader<string, TeamMember[]>(async (userIds) => {
      const rows = await ctx.em.find(TeamMember, { userId: { $in: [...userIds] } }, { orderBy: { createdAt: 'asc' } });
      return userIds.map((id) => rows.filter((row) => row.userId === id));
    }),
  );
}
