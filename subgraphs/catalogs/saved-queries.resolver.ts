import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { Connection, PageArgs } from '../../src/pagination';
import { SavedQuery, SavedQueryVersion } from './entities';
import * as savedQueries from './saved-queries';
import { CreateSavedQueryInput, UpdateSavedQueryInput } from './saved-queries';

export const SavedQueryConnection = Connection(SavedQuery, 'SavedQuery');
export const SavedQueryVersionConnection = Connection(SavedQueryVersion, 'SavedQueryVersion');

@Resolver(() => SavedQuery)
export class SavedQueryResolver {
  @Authorized()
  @Query(() => SavedQueryConnection, { description: "Your tenant's saved queries." })
  savedQueries(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return savedQueries.listSavedQueries(ctx, page);
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
}
