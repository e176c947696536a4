import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { analyzeSql } from '../../src/engine/analyze';
import { NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { SavedQuery, SavedQueryVersion } from './entities';
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

export async function listSavedQueries(ctx: Context, page: PageArgs): Promise<Page<SavedQuery>> {
  requireIdentity(ctx);
  return paginate(ctx.em, SavedQuery, {}, page, { orderBy: { createdAt: 'asc' } });
}

export async function listVersions(ctx: Context, id: string, page: PageArgs): Promise<Page<SavedQueryVersion>> {
  await getSavedQuery(ctx, id);
  return paginate(ctx.em, SavedQueryVersion, { savedQueryId: id }, page, { orderBy: { version: 'desc' } });
}

export async function createSavedQuery(ctx: Context, input: CreateSavedQueryInput): Promise<SavedQuery> {
  const identity = requireIdentity(ctx);
  const analysis = analyzeSql(input.sql);
  return transactCatalogs(ctx, async (em, emit) => {
    const query = em.create(SavedQuery, { tenantId: identity.tenantId, name: input.name, description: input.description ?? null, tags: input.tags ?? [] });
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
  return transactCatalogs(ctx, async (em, emit) => {
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
  return transactCatalogs(ctx, async (_em, emit) => {
    query.archivedAt = new Date();
    emit(SAVED_QUERY_TOPIC, 'deleted', query.id, { id: query.id, name: query.name });
    return query;
  });
}
