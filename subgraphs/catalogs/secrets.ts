import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { decrypt, encrypt, resolveSecretsKey } from '../../src/crypto';
import { ConflictError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { Catalog, DataConnection, Secret, SecretVersion } from './entities';
import { SECRET_TOPIC, transactCatalogs } from './events';

/** Largest secret value accepted. */
export const MAX_SECRET_BYTES = 64 * 1024;

@InputType({ description: 'A new secret.' })
export class CreateSecretInput {
  @Field(() => String, { description: 'Name (letters, digits, . _ -), unique among your active secrets.' })
  @Length(1, 200)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'name may contain letters, digits, ".", "_" and "-" only' })
  name!: string;

  @Field(() => String, { description: 'The value; stored encrypted, never returned.' })
  @Length(1, MAX_SECRET_BYTES, { message: `value must be 1 to ${MAX_SECRET_BYTES} characters` })
  value!: string;

  @Field(() => String, { nullable: true, description: 'What the secret is for.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Teams that may use it.' })
  @IsOptional()
  teamIds?: string[] | null;
}

@InputType({ description: "Changes to a secret's metadata; omitted fields stay as they are." })
export class UpdateSecretInput {
  @Field(() => String, { nullable: true, description: 'New description.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;

  @Field(() => [ID], { nullable: true, description: 'New team assignments (replaces them).' })
  @IsOptional()
  teamIds?: string[] | null;
}

const aad = (secret: { id: string; tenantId: string }, version: number) => `${secret.tenantId}/${secret.id}/${version}`;

export async function listSecrets(ctx: Context, page: PageArgs): Promise<Page<Secret>> {
  requireIdentity(ctx);
  return paginate(ctx.em, Secret, {}, page, { orderBy: { name: 'asc' } });
}

/** A secret of the caller's tenant by id or by name. */
export async function getSecret(ctx: Context, ref: { id?: string | null; name?: string | null }): Promise<Secret> {
  requireIdentity(ctx);
  const secret = ref.id ? await ctx.em.findOne(Secret, { id: ref.id }) : ref.name ? await ctx.em.findOne(Secret, { name: ref.name }) : null;
  if (!secret) throw new NotFoundError('Secret', ref.id ?? ref.name ?? undefined);
  return secret;
}

export async function createSecret(ctx: Context, input: CreateSecretInput): Promise<Secret> {
  const identity = requireIdentity(ctx);
  if (await ctx.em.findOne(Secret, { name: input.name })) throw new ConflictError(`A secret named "${input.name}" already exists`, { field: 'name' });
  const key = resolveSecretsKey(ctx.config);
  return transactCatalogs(ctx, async (em, emit) => {
    const secret = em.create(Secret, { tenantId: identity.tenantId, name: input.name, description: input.description ?? null, teamIds: input.teamIds ?? [] });
    em.create(SecretVersion, { tenantId: identity.tenantId, secretId: secret.id, version: 1, sealedValue: encrypt(key, input.value, aad(secret, 1)) });
    emit(SECRET_TOPIC, 'created', secret.id, { id: secret.id, name: secret.name, version: 1 });
    return secret;
  });
}

export async function updateSecret(ctx: Context, ref: { id?: string | null; name?: string | null }, input: UpdateSecretInput): Promise<Secret> {
  const secret = await getSecret(ctx, ref);
  return transactCatalogs(ctx, async (_em, emit) => {
    if (input.description !== undefined) secret.description = input.description;
    if (input.teamIds) secret.teamIds = [...new Set(input.teamIds)];
    emit(SECRET_TOPIC, 'updated', secret.id, { id: secret.id, name: secret.name });
    return secret;
  });
}

/** Adds a new encrypted version and makes it current (clearing a revocation). */
export async function replaceSecretValue(ctx: Context, ref: { id?: string | null; name?: string | null }, value: string): Promise<Secret> {
  const secret = await getSecret(ctx, ref);
  const key = resolveSecretsKey(ctx.config);
  return transactCatalogs(ctx, async (em, emit) => {
    const version = secret.currentVersion + 1;
    em.create(SecretVersion, { tenantId: secret.tenantId, secretId: secret.id, version, sealedValue: encrypt(key, value, aad(secret, version)) });
    secret.currentVersion = version;
    secret.revokedAt = null;
    emit(SECRET_TOPIC, 'value_replaced', secret.id, { id: secret.id, name: secret.name, version });
    return secret;
  });
}

/** Emergency revoke: the current value stops resolving until a replacement is set. */
export async function revokeSecret(ctx: Context, ref: { id?: string | null; name?: string | null }): Promise<Secret> {
  const secret = await getSecret(ctx, ref);
  if (secret.revokedAt) throw new ConflictError(`Secret "${secret.name}" is already revoked`);
  return transactCatalogs(ctx, async (_em, emit) => {
    secret.revokedAt = new Date();
    emit(SECRET_TOPIC, 'revoked', secret.id, { id: secret.id, name: secret.name, version: secret.currentVersion });
    return secret;
  });
}

/** Soft delete, refused while a catalog or connection references the secret. */
export async function deleteSecret(ctx: Context, ref: { id?: string | null; name?: string | null }): Promise<Secret> {
  const secret = await getSecret(ctx, ref);
  const users = (await ctx.em.count(Catalog, { secretId: secret.id })) + (await ctx.em.count(DataConnection, { secretId: secret.id }));
  if (users > 0) throw new ConflictError(`Secret "${secret.name}" is used by ${users} catalog(s) or connection(s): point them elsewhere first`, { references: users });
  return transactCatalogs(ctx, async (_em, emit) => {
    secret.archivedAt = new Date();
    emit(SECRET_TOPIC, 'deleted', secret.id, { id: secret.id, name: secret.name });
    return secret;
  });
}

/** The current plaintext, for the engine and connections only; fails closed when revoked. */
export async function resolveSecretValue(ctx: Context, ref: { id?: string | null; name?: string | null }): Promise<string> {
  const secret = await getSecret(ctx, ref);
  if (secret.revokedAt) throw new ConflictError(`Secret "${secret.name}" is revoked: set a new value first`);
  const version = await ctx.em.findOne(SecretVersion, { secretId: secret.id, version: secret.currentVersion });
  if (!version) throw new NotFoundError('Secret value', secret.name);
  return decrypt(resolveSecretsKey(ctx.config), version.sealedValue, aad(secret, version.version));
}
