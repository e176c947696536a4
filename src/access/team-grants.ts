import type { EntityManager } from '@mikro-orm/core';
import { Entity, Index, Property } from '@mikro-orm/core';
import { ArrayNotEmpty } from 'class-validator';
import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { TenantScopedEntity } from '../db/base-entities';
import type { Context } from '../context';
import { requireIdentity } from '../context';
import { teamIdsOfUser, tenantRowIds } from '../db/directory';
import { NotFoundError } from '../errors';

/**
 * A team's access to a shared resource (catalogs, saved queries, jobs; notebooks and clusters
 * later). Part of the platform because every domain that shares with teams uses it.
 */
@Directive('@shareable')
@ObjectType({ description: 'A team granted access to a shared resource.' })
@Entity({ tableName: 'team_grants' })
@Index({ properties: ['resourceType', 'resourceId'] })
export class TeamGrant extends TenantScopedEntity {
  /** What kind of resource: `catalog`, `query`, `job`, `notebook`. */
  @Property({ type: 'string', length: 32 })
  resourceType!: string;

  @Field(() => ID, { description: 'The resource shared (a catalog, saved query or job).' })
  @Property({ type: 'string', length: 36 })
  resourceId!: string;

  @Field(() => ID, { description: 'The team.' })
  @Index()
  @Property({ type: 'string', length: 36 })
  teamId!: string;
}

@InputType({ description: 'Teams to grant access to a shared resource.' })
export class TeamIdsInput {
  @Field(() => [ID], { description: 'Team ids (at least one).' })
  @ArrayNotEmpty()
  teamIds!: string[];
}

/** Kinds of resources shared with teams through grants. */
export type GrantedResource = 'catalog' | 'query' | 'job' | 'cluster' | 'notebook';

/** Teams of the caller's tenant among `teamIds`; any other id is NOT_FOUND. */
export async function checkTeams(ctx: Context, teamIds: string[]): Promise<string[]> {
  const wanted = [...new Set(teamIds)];
  const found = await tenantRowIds(ctx.em, 'teams', requireIdentity(ctx).tenantId, wanted);
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length) throw new NotFoundError('Team', missing.join(', '));
  return wanted;
}

export function grantsOf(ctx: Context, type: GrantedResource, resourceId: string): Promise<TeamGrant[]> {
  return ctx.em.find(TeamGrant, { resourceType: type, resourceId }, { orderBy: { createdAt: 'asc' } });
}

/** Adds grants for the teams not granted yet (inside the caller's transaction). */
export async function addGrants(em: EntityManager, tenantId: string, type: GrantedResource, resourceId: string, teamIds: string[]): Promise<void> {
  const existing = new Set((await em.find(TeamGrant, { resourceType: type, resourceId })).map((g) => g.teamId));
  for (const teamId of teamIds.filter((t) => !existing.has(t))) em.create(TeamGrant, { tenantId, resourceType: type, resourceId, teamId });
}

export async function findGrant(ctx: Context, type: GrantedResource, resourceId: string, teamId: string): Promise<TeamGrant> {
  const grant = await ctx.em.findOne(TeamGrant, { resourceType: type, resourceId, teamId });
  if (!grant) throw new NotFoundError('Team grant', teamId);
  return grant;
}

export async function removeGrants(em: EntityManager, type: GrantedResource, resourceId: string): Promise<void> {
  await em.nativeDelete(TeamGrant, { resourceType: type, resourceId });
}

/** Ids of the resources of a kind that these teams may use. */
export async function resourcesOfTeams(ctx: Context, type: GrantedResource, teamIds: string[]): Promise<string[]> {
  const rows = teamIds.length ? await ctx.em.find(TeamGrant, { resourceType: type, teamId: { $in: teamIds } }) : [];
  return [...new Set(rows.map((r) => r.resourceId))];
}

/** Ids of the resources of a kind the caller reaches through its own teams. */
export async function resourcesOfCaller(ctx: Context, type: GrantedResource): Promise<string[]> {
  const identity = requireIdentity(ctx);
  return resourcesOfTeams(ctx, type, await teamIdsOfUser(ctx.em, identity.tenantId, identity.userId));
}
