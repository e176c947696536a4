import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { ORG_ADMIN } from '../../src/auth/roles';
import { Connection, PageArgs } from '../../src/pagination';
import { User } from './entities';
import { userLoader } from './loaders';
import * as teams from './teams';
import { CreateTeamInput, MyTeam, Team, TeamFilter, TeamMember, TeamRolesInput, UpdateTeamInput } from './teams';

export const TeamConnection = Connection(Team, 'Team');
export const TeamMemberConnection = Connection(TeamMember, 'TeamMember');

@Resolver(() => Team)
export class TeamResolver {
  @Authorized()
  @Query(() => TeamConnection, { description: "Your tenant's teams, searchable and sorted." })
  teams(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => TeamFilter, { nullable: true, description: 'Search and sort.' }) filter: TeamFilter | undefined, @Ctx() ctx: Context) {
    return teams.listTeams(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Team, { description: 'One team of your tenant.' })
  team(@Arg('id', () => ID, { description: 'Team id.' }) id: string, @Ctx() ctx: Context) {
    return teams.getTeam(ctx, id);
  }

  @Authorized()
  @Query(() => [MyTeam], { description: 'Teams you belong to, with your roles in each.' })
  myTeams(@Ctx() ctx: Context) {
    return teams.myTeams(ctx);
  }

  @Authorized()
  @Query(() => TeamMemberConnection, { description: 'Members of a team with their team roles.' })
  teamMembers(@Arg('teamId', () => ID, { description: 'Team id.' }) teamId: string, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return teams.listMembers(ctx, teamId, page);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => Team, { description: 'Create a team (Org admin).' })
  createTeam(@Arg('input', () => CreateTeamInput, { description: 'The team.' }) input: CreateTeamInput, @Ctx() ctx: Context) {
    return teams.createTeam(ctx, input);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => Team, { description: 'Rename or describe a team (Org admin).' })
  updateTeam(
    @Arg('id', () => ID, { description: 'Team id.' }) id: string,
    @Arg('input', () => UpdateTeamInput, { description: 'Changes.' }) input: UpdateTeamInput,
    @Ctx() ctx: Context,
  ) {
    return teams.updateTeam(ctx, id, input);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => Team, { description: 'Delete a team and all its member assignments (Org admin).' })
  deleteTeam(@Arg('id', () => ID, { description: 'Team id.' }) id: string, @Ctx() ctx: Context) {
    return teams.deleteTeam(ctx, id);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => TeamMember, { description: "Add a user of your tenant to a team (Org admin); without roles the team's default role applies." })
  addTeamMember(
    @Arg('teamId', () => ID, { description: 'Team id.' }) teamId: string,
    @Arg('userId', () => ID, { description: 'User id.' }) userId: string,
    @Arg('roleIds', () => [ID], { nullable: true, description: 'Team role ids.' }) roleIds: string[] | undefined,
    @Ctx() ctx: Context,
  ) {
    return teams.addMember(ctx, teamId, userId, roleIds);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => TeamMember, { description: 'Remove a member from a team (Org admin).' })
  removeTeamMember(
    @Arg('teamId', () => ID, { description: 'Team id.' }) teamId: string,
    @Arg('userId', () => ID, { description: 'User id.' }) userId: string,
    @Ctx() ctx: Context,
  ) {
    return teams.removeMember(ctx, teamId, userId);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => TeamMember, { description: "Replace all of a member's team roles (Org admin); at least one." })
  updateTeamMemberRoles(
    @Arg('teamId', () => ID, { description: 'Team id.' }) teamId: string,
    @Arg('userId', () => ID, { description: 'User id.' }) userId: string,
    @Arg('input', () => TeamRolesInput, { description: 'The new roles.' }) input: TeamRolesInput,
    @Ctx() ctx: Context,
  ) {
    return teams.replaceMemberRoles(ctx, teamId, userId, input.roleIds);
  }

  @FieldResolver(() => Int, { description: 'How many members the team has.' })
  memberCount(@Root() team: Team, @Ctx() ctx: Context) {
    return teams.memberCountLoader(ctx).load(team.id);
  }
}

@Resolver(() => TeamMember)
export class TeamMemberResolver {
  @FieldResolver(() => User, { nullable: true, description: 'The member.' })
  user(@Root() member: TeamMember, @Ctx() ctx: Context) {
    return userLoader(ctx).load(member.userId);
  }
}

@Resolver(() => User)
export class UserTeamsResolver {
  @FieldResolver(() => [TeamMember], { description: "The user's team memberships, with team roles." })
  teamMemberships(@Root() user: User, @Ctx() ctx: Context) {
    return teams.membershipsLoader(ctx).load(user.id);
  }
}
