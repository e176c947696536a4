import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../src/context';
import { DATASET_EDITOR } from '../../src/auth/roles';
import { Connection, PageArgs } from '../../src/pagination';
import * as catalogs from './catalogs';
import { CatalogFilter, CreateCatalogInput, UpdateCatalogInput } from './catalogs';
import { TeamIdsInput } from '../../src/access/team-grants';
import { Catalog } from './entities';
import { TeamGrant } from '../../src/access/team-grants';

export const CatalogConnection = Connection(Catalog, 'Catalog');

@Resolver(() => Catalog)
export class CatalogResolver {
  @Authorized()
  @Query(() => CatalogConnection, { description: "Your tenant's catalogs (optionally those one team may use)." })
  catalogs(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => CatalogFilter, { nullable: true, description: 'Sort and team.' }) filter: CatalogFilter | undefined, @Ctx() ctx: Context) {
    return catalogs.listCatalogs(ctx, filter, page);
  }

  @Authorized()
  @Query(() => CatalogConnection, { description: 'Catalogs you reach through your teams (all of them for an Org admin).' })
  myCatalogs(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => CatalogFilter, { nullable: true, description: 'Sort.' }) filter: CatalogFilter | undefined, @Ctx() ctx: Context) {
    return catalogs.listMyCatalogs(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Catalog, { description: 'One catalog with its provider configuration.' })
  catalog(@Arg('id', () => ID, { description: 'Catalog id.' }) id: string, @Ctx() ctx: Context) {
    return catalogs.getCatalog(ctx, id);
  }

  @Authorized()
  @Query(() => [TeamGrant], { description: 'Teams granted access to a catalog.' })
  catalogTeams(@Arg('id', () => ID, { description: 'Catalog id.' }) id: string, @Ctx() ctx: Context) {
    return catalogs.listCatalogTeams(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Catalog, { description: 'Register a catalog (409 if the name is taken).' })
  createCatalog(@Arg('input', () => CreateCatalogInput, { description: 'The catalog.' }) input: CreateCatalogInput, @Ctx() ctx: Context) {
    return catalogs.createCatalog(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Catalog, { description: "Change a catalog's name, configuration or credentials secret." })
  updateCatalog(
    @Arg('id', () => ID, { description: 'Catalog id.' }) id: string,
    @Arg('input', () => UpdateCatalogInput, { description: 'Changes.' }) input: UpdateCatalogInput,
    @Ctx() ctx: Context,
  ) {
    return catalogs.updateCatalog(ctx, id, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Catalog, { description: 'Disconnect a catalog: its record and team access go; the external catalog is untouched.' })
  disconnectCatalog(@Arg('id', () => ID, { description: 'Catalog id.' }) id: string, @Ctx() ctx: Context) {
    return catalogs.disconnectCatalog(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => [TeamGrant], { description: 'Grant teams access to a catalog; returns all its teams.' })
  addCatalogTeams(
    @Arg('id', () => ID, { description: 'Catalog id.' }) id: string,
    @Arg('input', () => TeamIdsInput, { description: 'Teams to add.' }) input: TeamIdsInput,
    @Ctx() ctx: Context,
  ) {
    return catalogs.addCatalogTeams(ctx, id, input.teamIds);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => TeamGrant, { description: "Revoke a team's access to a catalog." })
  removeCatalogTeam(
    @Arg('id', () => ID, { description: 'Catalog id.' }) id: string,
    @Arg('teamId', () => ID, { description: 'Team id.' }) teamId: string,
    @Ctx() ctx: Context,
  ) {
    return catalogs.removeCatalogTeam(ctx, id, teamId);
  }
}
