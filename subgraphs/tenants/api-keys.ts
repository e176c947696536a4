import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Entity, Enum, Index, Property, type EntityManager } from '@mikro-orm/core';
import { IsOptional, Length } from 'class-validator';
import { Arg, Args, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { API_KEY_PREFIX } from '../../src/auth/authenticate';
import type { Identity } from '../../src/auth/identity';
import { ORG_ADMIN, roleRank } from '../../src/auth/roles';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { ArchivableEntity } from '../../src/db/base-entities';
import { ForbiddenError, NotFoundError } from '../../src/errors';
import { Connection, PageArgs, paginate } from '../../src/pagination';
import { Role } from './entities';
import { API_KEY_TOPIC, transactTenants } from './events';

/** A long-lived credential for programs: `Authorization: Bearer dpk_<keyId>_<secret>`. Only a hash is stored. */
@ObjectType({ description: 'An API key. The secret is shown once, when it is created.' })
@Entity({ tableName: 'api_keys' })
export class ApiKey extends ArchivableEntity {
  @Field(() => String, { description: 'What the key is for.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  /** Public half of the key, used to find it without scanning hashes. */
  @Index()
  @Property({ type: 'string', length: 32 })
  keyId!: string;

  /** SHA-256 of the secret half (a random 32-byte value, so a fast hash is enough). */
  @Property({ type: 'string', length: 64 })
  secretHash!: string;

  @Field(() => String, { description: 'Last four characters of the key, to tell keys apart.' })
  @Property({ type: 'string', length: 4 })
  lastFour!: string;

  @Field(() => Role, { description: 'Role the key acts with (never more than its creator had).' })
  @Enum({ items: () => Role, type: 'string', length: 32 })
  role!: Role;

  /** The user the key acts as. */
  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Field(() => Date, { nullable: true, description: 'When the key was last used to authenticate.' })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date | null = null;
}

@ObjectType({ description: 'A newly created API key with its secret: store it now, it is never shown again.' })
export class CreatedApiKey {
  @Field(() => ApiKey, { description: 'The key record.' })
  apiKey!: ApiKey;

  @Field(() => String, { description: 'The full key, to send as `Authorization: Bearer <key>`.' })
  key!: string;
}

@InputType({ description: 'A new API key.' })
export class CreateApiKeyInput {
  @Field(() => String, { description: 'What the key is for.' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;

  @Field(() => Role, { nullable: true, description: 'Role the key acts with. Default DATASET_USER.' })
  @IsOptional()
  role?: Role | null;
}

export const ApiKeyConnection = Connection(ApiKey, 'ApiKey');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function createApiKey(ctx: Context, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const identity = requireIdentity(ctx);
  const role = input.role ?? Role.DATASET_USER;
  const creatorRank = Math.max(-1, ...identity.roles.map(roleRank));
  if (roleRank(role) > creatorRank) throw new ForbiddenError('An API key cannot have a higher role than its creator');
  const keyId = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  const secret = randomBytes(32).toString('base64url');
  const key = `${API_KEY_PREFIX}${keyId}_${secret}`;
  return transactTenants(ctx, async (em, emit) => {
    const apiKey = em.create(ApiKey, {
      tenantId: identity.tenantId, name: input.name, keyId, secretHash: sha256(secret), lastFour: key.slice(-4), role, userId: identity.userId,
    });
    emit(API_KEY_TOPIC, 'created', apiKey.id, { id: apiKey.id, name: apiKey.name });
    return { apiKey, key };
  });
}

export async function revokeApiKey(ctx: Context, id: string): Promise<ApiKey> {
  const apiKey = await ctx.em.findOne(ApiKey, { id });
  if (!apiKey) throw new NotFoundError('API key', id);
  return transactTenants(ctx, async (_em, emit) => {
    apiKey.archivedAt = new Date();
    emit(API_KEY_TOPIC, 'revoked', apiKey.id, { id: apiKey.id });
    return apiKey;
  });
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized(ORG_ADMIN)
  @Query(() => ApiKeyConnection, { description: "Your tenant's active API keys (Org admin). Secrets are never shown." })
  apiKeys(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, ApiKey, {}, page);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => CreatedApiKey, { description: 'Create an API key acting as you with the given role (Org admin). The key is returned once.' })
  createApiKey(@Arg('input', () => CreateApiKeyInput, { description: 'The key.' }) input: CreateApiKeyInput, @Ctx() ctx: Context) {
    return createApiKey(ctx, input);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => ApiKey, { description: 'Revoke an API key (Org admin); it stops working at once.' })
  revokeApiKey(@Arg('id', () => ID, { description: 'API key id.' }) id: string, @Ctx() ctx: Context) {
    return revokeApiKey(ctx, id);
  }
}

