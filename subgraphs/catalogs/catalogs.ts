import { IsIn, IsObject, IsOptional, Length, MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { ConflictError, NotFoundError } from '../../src/errors';
import { paginate, SortDirection, type Page, type PageArgs } from '../../src/pagination';
import { CATALOG_TOPIC, transactCatalogs } from './events';
import { Catalog, CATALOG_PROVIDERS } from './entities';
import { type TeamGrant } from '../../src/access/team-grants';
import { addGrants, checkTeams, findGrant, grantsOf, removeGrants, resourcesOfCaller, resourcesOfTeams } from '../../src/access/team-grants';
import { getSecret } from './secrets';

export enum CatalogSortField {
  NAME = 'name',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(CatalogSortField, { name: 'CatalogSortField', description: 'What to sort catalogs by.' });

@InputType({ description: 'A new catalog.' })
export class CreateCatalogInput {
  @Field(() => String, { description: 'Name, unique in your tenant.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { description: `Provider: ${CATALOG_PROVIDERS.join(', ')}.` })
  @IsIn(CATALOG_PROVIDERS, { message: `provider must be one of ${CATALOG_PROVIDERS.join(', ')}` })
  provider!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Provider configuration.' })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown> | null;
  @Field(() => ID, { nullable: true, description: 'Secret with the credentials.' })
  @IsOptional()
  secretId?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Teams to grant access at once.' })
  @IsOptional()
  teamIds?: string[] | null;
}

@InputType({ description: 'Changes to a catalog; omitted fields stay as they are.' })
export class UpdateCatalogInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'New provider configuration (replaces it).' })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown> | null;
  @Field(() => ID, { nullable: true, description: 'New credentials secret.' })
  @IsOptional()
  secretId?: string | null;
}

@InputType({ description: 'Which catalogs to list and in what order.' })
export class CatalogFilter {
  @Field(() => CatalogSortField, { nullable: true, description: 'Default NAME.' })
  @IsOptional()
  sortBy?: CatalogSortField | null;
  @Field(() => SortDirection, { nullable: true, description: 'Default ASC.' })
  @IsOptional()
  direction?: SortDirection | null;
  @Field(() => ID, { nullable: true, description: 'Only catalogs this team may use.' })
  @IsOptional()
  @MaxLength(36)
  teamId?: string | null;
}

const orderOf = (filter?: CatalogFilter | null) => ({ [filter?.sortBy ?? CatalogSortField.NAME]: filter?.direction ?? SortDirection.ASC });

/** Every catalog of the tenant, or those one team may use (a team not of the tenant is NOT_FOUND, not an empty list). */
export async function listCatalogs(ctx: Context, filter: CatalogFilter | undefined, page: PageArgs): Promise<Page<Catalog>> {
  requireIdentity(ctx);
  if (filter?.teamId) await checkTeams(ctx, [filter.teamId]);
  const where = filter?.teamId ? { id: { $in: await resourcesOfTeams(ctx, 'catalog', [filter.teamId]) } } : {};
  return paginate(ctx.em, Catalog, where, page, { orderBy: orderOf(filter) });
}

/** Catalogs the caller reaches through its teams (an Org admin reaches all). */
export async function listMyCatalogs(ctx: Context, filter: CatalogFilter | undefined, page: PageArgs): Promise<Page<Catalog>> {
  const identity = requireIdentity(ctx);
  if (hasRole(identity.roles, ORG_ADMIN)) return listCatalogs(ctx, { ...filter, teamId: null }, page);
  const ids = await resourcesOfCaller(ctx, 'catalog');
  return paginate(ctx.em, Catalog, { id: { $in: ids } }, page, { orderBy: orderOf(filter) });
}

export async function getCatalog(ctx: Context, id: string): Promise<Catalog> {
  requireIdentity(ctx);
  const catalog = await ctx.em.findOne(Catalog, { id });
  if (!catalog) throw new NotFoundError('Catalog', id);
  return catalog;
}

async function assertNameFree(ctx: Context, name: string, exceptId?: string): Promise<void> {
  if (await ctx.em.findOne(Catalog, { name, ...(exceptId ? { id: { $ne: exceptId } } : {}) })) {
    throw new ConflictError(`A catalog named "${name}" already exists`, { field: 'name' });
  }
}

export async function createCatalog(ctx: Context, input: CreateCatalogInput): Promise<Catalog> {
  const identity = requireIdentity(ctx);
  await assertNameFree(ctx, input.name);
  if (input.secretId) await getSecret(ctx, { id: input.secretId });
  const teamIds = await checkTeams(ctx, input.teamIds ?? []);
  return transactCatalogs(ctx, async (em, emit) => {
    const catalog = em.create(Catalog, { tenantId: identity.tenantId, name: input.name, provider: input.provider, config: input.config ?? {}, secretId: input.secretId ?? null });
    await addGrants(em, identity.tenantId, 'catalog', catalog.id, teamIds);
    emit(CATALOG_TOPIC, 'created', catalog.id, { id: catalog.id, name: catalog.name });
    return catalog;
  });
}

export async function updateCatalog(ctx: Context, id: string, input: UpdateCatalogInput): Promise<Catalog> {
  const catalog = await getCatalog(ctx, id);
  if (input.name != null && input.name !== catalog.name) await assertNameFree(ctx, input.name, id);
  if (input.secretId) await getSecret(ctx, { id: input.secretId });
  return transactCatalogs(ctx, async (_em, emit) => {
    if (input.name != null) catalog.name = input.name;
    if (input.config != null) catalog.config = input.config;
    if (input.secretId !== undefined) catalog.secretId = input.secretId;
    emit(CATALOG_TOPIC, 'updated', catalog.id, { id: catalog.id, name: catalog.name });
    return catalog;
  });
}

/** Removes the catalog record and its team associations; the external catalog is untouched. */
export async function disconnectCatalog(ctx: Context, id: string): Promise<Catalog> {
  const catalog = await getCatalog(ctx, id);
  return transactCatalogs(ctx, async (em, emit) => {
    await removeGrants(em, 'catalog', id);
    em.remove(catalog);
    emit(CATALOG_TOPIC, 'disconnected', id, { id, name: catalog.name });
    return catalog;
  });
}

export async function listCatalogTeams(ctx: Context, id: string): Promise<TeamGrant[]> {
  await getCatalog(ctx, id);
  return grantsOf(ctx, 'catalog', id);
}

export async function addCatalogTeams(ctx: Context, id: string, teamIds: string[]): Promise<TeamGrant[]> {
  const identity = requireIdentity(ctx);
  await getCatalog(ctx, id);
  const wanted = await checkTeams(ctx, teamIds);
  await transactCatalogs(ctx, async (em, emit) => {
    await addGrants(em, identity.tenantId, 'catalog', id, wanted);
    emit(CATALOG_TOPIC, 'teams_added', id, { id, name: wanted.join(',') });
  });
  return listCatalogTeams(ctx, id);
}

export async function removeCatalogTeam(ctx: Context, id: string, teamId: string): Promise<TeamGrant> {
  await getCatalog(ctx, id);
  const link = await findGrant(ctx, 'catalog', id, teamId);
  return transactCatalogs(ctx, async (em, emit) => {
    em.remove(link);
    emit(CATALOG_TOPIC, 'team_removed', id, { id, name: teamId });
    return link;
  });
}
