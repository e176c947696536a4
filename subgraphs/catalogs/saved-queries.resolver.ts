import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { Connection, PageArgs } from '../../src/pagination';
import { TeamIdsInput } from '../../src/access/team-grants';
import { ProjectReference, SavedQuery, SavedQueryVersion, TenantReference } from './entities';
import { TeamGrant } from '../../src/access/team-grants';
import * as savedQueries from './saved-queries';
import { CreateSavedQueryInput, SavedQueryFilter, UpdateSavedQueryInput } from './saved-queries';

export const SavedQueryConnection = Connection(SavedQuery, 'SavedQuery');
export const SavedQueryVersionConnection = Connection(SavedQueryVersion, 'SavedQueryVersion');

@Resolver(() => SavedQuery)
export class SavedQueryResolver {
  @Authorized()
  @Query(() => SavedQueryConnection, { description: "Your tenant's saved queries (optionally those one team may use)." })
  savedQueries(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => SavedQueryFilter, { nullable: true, description: 'Sort and team.' }) filter: SavedQueryFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return savedQueries.listSavedQueries(ctx, filter, page);
  }

  @Authorized()
  @Query(() => SavedQueryConnection, { description: 'Saved queries you reach through your teams (all of them for an Org admin).' })
  mySavedQueries(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => SavedQueryFilter, { nullable: true, description: 'Sort.' }) filter: SavedQueryFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return savedQueries.listMySavedQueries(ctx, filter, page);
  }

  @Authorized()
  @Query(() => [TeamGrant], { description: 'Teams granted a saved query.' })
  savedQueryTeams(@Arg('id', () => ID, { description: 'Saved query id.' }) id: string, @Ctx() ctx: Context) {
    return savedQueries.listQueryTeams(ctx, id);
  }

  @Authorized()
  @Mutation(() => [TeamGrant], { description: 'Share a saved query with teams; returns all its teams.' })
  addSavedQueryTeams(
    @Arg('id', () => ID, { description: 'Saved query id.' }) id: string,
    @Arg('input', () => TeamIdsInput, { description: 'Teams to add.' }) input: TeamIdsInput,
    @Ctx() ctx: Context,
  ) {
    return savedQueries.addQueryTeams(ctx, id, input.teamIds);
  }

  @Authorized()
  @Mutation(() => TeamGrant, { description: "Revoke a team's access to a saved query." })
  removeSavedQueryTeam(
    @Arg('id', () => ID, { description: 'Saved query id.' }) id: string,
    @Arg('teamId', () => ID, { description: 'Team id.' }) teamId: string,
    @Ctx() ctx: Context,
  ) {
    return savedQueries.removeQueryTeam(ctx, id, teamId);
  }

  @Authorized()
  @Query(() => SavedQuery, { description: 'One saved query.' })
  savedQuery(@Arg('id', () => ID, { description: 'Saved query id.' }) id: string, @Ctx() ctx: Context) {
    return savedQueries.getSavedQuery(ctx, id);
  }

  @Authorized()
  @Query(() => SavedQueryVersionConnection, { description: 'Versions of a saved query, newest first.' })
  savedQueryVersions(@Arg('id', () => ID, { description: 'Saved query id.' }) id: string, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return savedQueries.listVersions(ctx, id, page);
  }

  @Authorized()
  @Mutation(() => SavedQuery, { description: 'Save a query (its SQL is parsed and classified; a syntax error is BAD_USER_INPUT).' })
  createSavedQuery(@Arg('input', () => CreateSavedQueryInput, { description: 'The query.' }) input: CreateSavedQueryInput, @Ctx() ctx: Context) {
    return savedQueries.createSavedQuery(ctx, input);
  }

  @Authorized()
  @Mutation(() => SavedQuery, { description: 'Change a saved query; every change adds a version.' })
  updateSavedQuery(
    @Arg('id', () => ID, { description: 'Saved query id.' }) id: string,
    @Arg('input', () => UpdateSavedQueryInput, { description: 'Changes.' }) input: UpdateSavedQueryInput,
    @Ctx() ctx: Context,
  ) {
    return savedQueries.updateSavedQuery(ctx, id, input);
  }

  @Authorized()
  @Mutation(() => SavedQuery, { description: 'Soft delete a saved query.' })
  deleteSavedQuery(@Arg('id', () => ID, { description: 'Saved query id.' }) id: string, @Ctx() ctx: Context) {
    return savedQueries.deleteSavedQuery(ctx, id);
  }

  @FieldResolver(() => SavedQueryVersion, { description: 'The newest version: SQL and what parsing found.' })
  current(@Root() query: SavedQuery, @Ctx() ctx: Context) {
    return savedQueries.latestVersion(ctx, query);
  }

  @FieldResolver(() => TenantReference, { description: 'The tenant that owns the saved query.' })
  tenant(@Root() query: SavedQuery): TenantReference {
    return { id: query.tenantId };
  }
}

@Resolver(() => ProjectReference)
export class ProjectSavedQueriesResolver {
  @Authorized()
  @FieldResolver(() => SavedQueryConnection, { description: "The project's saved queries, newest first." })
  savedQueries(@Root() project: ProjectReference, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return savedQueries.savedQueriesOfProject(ctx, project.id, page);
  }
}
