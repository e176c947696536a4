import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { analyzeSql } from '../../src/engine/analyze';
import { ConflictError, NotFoundError } from '../../src/errors';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import DataLoader from 'dataloader';
import { alignById, loader } from '../../src/context';
import { paginate, pagesByParent, SortDirection, type Page, type PageArgs } from '../../src/pagination';
import { getCatalog } from './catalogs';
import { jobsUsingQuery } from '../../src/db/directory';
import { assertProjectExists } from './project-datasets';
import { SavedQuery, SavedQueryVersion } from './entities';
import { type TeamGrant } from '../../src/access/team-grants';
import { addGrants, checkTeams, findGrant, grantsOf, removeGrants, resourcesOfCaller, resourcesOfTeams } from '../../src/access/team-grants';
import { SAVED_QUERY_TOPIC, transactCatalogs } from './events';

/** Longest SQL a saved query keeps. */
export const MAX_SQL_LENGTH = 100_000;

@InputType({ description: 'A new saved query.' })
export class CreateSavedQueryInput {
  @Field(() => String, { description: 'Name.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { description: 'The SQL (PostgreSQL syntax).' })
  @Length(1, MAX_SQL_LENGTH)
  sql!: string;
  @Field(() => String, { nullable: true, description: 'What it is for.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => [String], { nullable: true, description: 'Tags.' })
  @IsOptional()
  tags?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'Catalog it reads from.' })
  @IsOptional()
  catalogId?: string | null;
  @Field(() => String, { nullable: true, description: 'Default schema in that catalog.' })
  @IsOptional()
  @MaxLength(200)
  schemaName?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Teams to share it with at once.' })
  @IsOptional()
  teamIds?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'Project it belongs to (one of your tenant).' })
  @IsOptional()
  @MaxLength(36)
  projectId?: string | null;
}

@InputType({ description: 'Changes to a saved query; a change adds a version. Omitted fields stay as they are.' })
export class UpdateSavedQueryInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'New SQL.' })
  @IsOptional()
  @Length(1, MAX_SQL_LENGTH)
  sql?: string | null;
  @Field(() => String, { nullable: true, description: 'New description.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => [String], { nullable: true, description: 'New tags.' })
  @IsOptional()
  tags?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Category override; null clears it (back to detected).' })
  @IsOptional()
  @MaxLength(32)
  categoryOverride?: string | null;
  @Field(() => String, { nullable: true, description: 'Table size annotation; null clears it.' })
  @IsOptional()
  @MaxLength(32)
  tableSizeOverride?: string | null;
  @Field(() => ID, { nullable: true, description: 'Catalog it reads from; null clears it.' })
  @IsOptional()
  catalogId?: string | null;
  @Field(() => String, { nullable: true, description: 'Default schema; null clears it.' })
  @IsOptional()
  @MaxLength(200)
  schemaName?: string | null;
  @Field(() => ID, { nullable: true, description: 'Project it belongs to; null clears it.' })
  @IsOptional()
  @MaxLength(36)
  projectId?: string | null;
}

export enum SavedQuerySortField {
  NAME = 'name',
  UPDATED_AT = 'updatedAt',
  CREATED_AT = 'createdAt',
}
registerEnumType(SavedQuerySortField, { name: 'SavedQuerySortField', description: 'What to sort saved queries by.' });

@InputType({ description: 'Which saved queries to list and in what order.' })
export class SavedQueryFilter {
  @Field(() => SavedQuerySortField, { nullable: true, description: 'Default CREATED_AT.' })
  @IsOptional()
  sortBy?: SavedQuerySortField | null;
  @Field(() => SortDirection, { nullable: true, description: 'Default ASC.' })
  @IsOptional()
  direction?: SortDirection | null;
  @Field(() => ID, { nullable: true, description: 'Only queries this team may use.' })
  @IsOptional()
  @MaxLength(36)
  teamId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only queries of this project.' })
  @IsOptional()
  @MaxLength(36)
  projectId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only queries that read from this catalog.' })
  @IsOptional()
  @MaxLength(36)
  catalogId?: string | null;
}

const orderOf = (filter?: SavedQueryFilter | null) => ({ [filter?.sortBy ?? SavedQuerySortField.CREATED_AT]: filter?.direction ?? SortDirection.ASC });

/** A project's saved queries, newest first: one batch (two SQL statements) for every project of a request. */
export function savedQueriesOfProject(ctx: Context, projectId: string, page: PageArgs): Promise<Page<SavedQuery>> {
  requireIdentity(ctx);
  return loader(ctx, `catalogs.savedQueriesOfProject.${page.first ?? ''}.${page.after ?? ''}`, () =>
    new DataLoader<string, Page<SavedQuery>>((projectIds) => pagesByParent(ctx.em, SavedQuery, 'projectId', projectIds, page, { property: 'createdAt', direction: 'desc' })),
  ).load(projectId);
}

/** Saved queries by id, batched per request (federation references from other subgraphs). */
export function savedQueryById(ctx: Context, id: string): Promise<SavedQuery | null> {
  return loader(ctx, 'catalogs.savedQueryById', () =>
    new DataLoader<string, SavedQuery | null>(async (ids) => alignById(await ctx.em.find(SavedQuery, { id: { $in: [...ids] } }), ids)),
  ).load(id);
}

export async function getSavedQuery(ctx: Context, id: string): Promise<SavedQuery> {
  requireIdentity(ctx);
  const query = await ctx.em.findOne(SavedQuery, { id });
  if (!query) throw new NotFoundError('Saved query', id);
  return query;
}

export async function latestVersion(ctx: Context, query: SavedQuery): Promise<SavedQueryVersion> {
  return ctx.em.findOneOrFail(SavedQueryVersion, { savedQueryId: query.id, version: query.latestVersion });
}

/** The tenant's saved queries; a team, project or catalog in the filter that is not the tenant's is NOT_FOUND, not an empty list. */
export async function listSavedQueries(ctx: Context, filter: SavedQueryFilter | undefined, page: PageArgs): Promise<Page<SavedQuery>> {
  requireIdentity(ctx);
  if (filter?.teamId) await checkTeams(ctx, [filter.teamId]);
  if (filter?.projectId) await assertProjectExists(ctx, filter.projectId);
  if (filter?.catalogId) await getCatalog(ctx, filter.catalogId);
  const where = {
    ...(filter?.teamId ? { id: { $in: await resourcesOfTeams(ctx, 'query', [filter.teamId]) } } : {}),
    ...(filter?.projectId ? { projectId: filter.projectId } : {}),
    ...(filter?.catalogId ? { catalogId: filter.catalogId } : {}),
  };
  return paginate(ctx.em, SavedQuery, where, page, { orderBy: orderOf(filter) });
}

/** Queries the caller reaches through its teams (all of them for an Org admin). */
export async function listMySavedQueries(ctx: Context, filter: SavedQueryFilter | undefined, page: PageArgs): Promise<Page<SavedQuery>> {
  const identity = requireIdentity(ctx);
  if (hasRole(identity.roles, ORG_ADMIN)) return listSavedQueries(ctx, { ...filter, teamId: null }, page);
  return paginate(ctx.em, SavedQuery, { id: { $in: await resourcesOfCaller(ctx, 'query') } }, page, { orderBy: orderOf(filter) });
}

export async function listVersions(ctx: Context, id: string, page: PageArgs): Promise<Page<SavedQueryVersion>> {
  await getSavedQuery(ctx, id);
  return paginate(ctx.em, SavedQueryVersion, { savedQueryId: id }, page, { orderBy: { version: 'desc' } });
}

export async function createSavedQuery(ctx: Context, input: CreateSavedQueryInput): Promise<SavedQuery> {
  const identity = requireIdentity(ctx);
  const analysis = analyzeSql(input.sql);
  if (input.catalogId) await getCatalog(ctx, input.catalogId);
  if (input.projectId) await assertProjectExists(ctx, input.projectId);
  const teamIds = await checkTeams(ctx, input.teamIds ?? []);
  return transactCatalogs(ctx, async (em, emit) => {
    const query = em.create(SavedQuery, {
      tenantId: identity.tenantId, name: input.name, description: input.description ?? null, tags: input.tags ?? [],
      catalogId: input.catalogId ?? null, schemaName: input.schemaName ?? null, projectId: input.projectId ?? null,
    });
    await addGrants(em, identity.tenantId, 'query', query.id, teamIds);
    em.create(SavedQueryVersion, { tenantId: identity.tenantId, savedQueryId: query.id, version: 1, sql: input.sql, ...analysis });
    emit(SAVED_QUERY_TOPIC, 'created', query.id, { id: query.id, name: query.name, version: 1 });
    return query;
  });
}

/** Every update records a new version (with the SQL kept or replaced, and analysed again). */
export async function updateSavedQuery(ctx: Context, id: string, input: UpdateSavedQueryInput): Promise<SavedQuery> {
  const query = await getSavedQuery(ctx, id);
  const previous = await latestVersion(ctx, query);
  const sql = input.sql ?? previous.sql;
  const analysis = analyzeSql(sql);
  if (input.catalogId) await getCatalog(ctx, input.catalogId);
  if (input.projectId) await assertProjectExists(ctx, input.projectId);
  return transactCatalogs(ctx, async (em, emit) => {
    if (input.catalogId !== undefined) query.catalogId = input.catalogId;
    if (input.projectId !== undefined) query.projectId = input.projectId;
    if (input.schemaName !== undefined) query.schemaName = input.schemaName;
    if (input.name != null) query.name = input.name;
    if (input.description !== undefined) query.description = input.description;
    if (input.tags != null) query.tags = input.tags;
    if (input.categoryOverride !== undefined) query.categoryOverride = input.categoryOverride;
    if (input.tableSizeOverride !== undefined) query.tableSizeOverride = input.tableSizeOverride;
    query.latestVersion += 1;
    em.create(SavedQueryVersion, { tenantId: query.tenantId, savedQueryId: query.id, version: query.latestVersion, sql, ...analysis });
    emit(SAVED_QUERY_TOPIC, 'updated', query.id, { id: query.id, name: query.name, version: query.latestVersion });
    return query;
  });
}

export async function deleteSavedQuery(ctx: Context, id: string): Promise<SavedQuery> {
  const query = await getSavedQuery(ctx, id);
  const jobs = await jobsUsingQuery(ctx.em, query.tenantId, id);
  if (jobs.length) throw new ConflictError(`Saved query ${id} is run by active job(s) ${jobs.join(', ')}; change their versions first`, { jobIds: jobs });
  return transactCatalogs(ctx, async (em, emit) => {
    await removeGrants(em, 'query', query.id);
    query.archivedAt = new Date();
    emit(SAVED_QUERY_TOPIC, 'deleted', query.id, { id: query.id, name: query.name });
    return query;
  });
}

export async function listQueryTeams(ctx: Context, id: string): Promise<TeamGrant[]> {
  await getSavedQuery(ctx, id);
  return grantsOf(ctx, 'query', id);
}

export async function addQueryTeams(ctx: Context, id: string, teamIds: string[]): Promise<TeamGrant[]> {
  const identity = requireIdentity(ctx);
  const query = await getSavedQuery(ctx, id);
  const wanted = await checkTeams(ctx, teamIds);
  await transactCatalogs(ctx, async (em, emit) => {
    await addGrants(em, identity.tenantId, 'query', id, wanted);
    emit(SAVED_QUERY_TOPIC, 'teams_added', id, { id, name: query.name });
  });
  return grantsOf(ctx, 'query', id);
}

export async function removeQueryTeam(ctx: Context, id: string, teamId: string): Promise<TeamGrant> {
  const query = await getSavedQuery(ctx, id);
  const grant = await findGrant(ctx, 'query', id, teamId);
  return transactCatalogs(ctx, async (em, emit) => {
    em.remove(grant);
    emit(SAVED_QUERY_TOPIC, 'team_removed', id, { id, name: query.name });
    return grant;
  });
}
