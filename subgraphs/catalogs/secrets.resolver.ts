import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../src/context';
import { DATASET_EDITOR } from '../../src/auth/roles';
import { BadInputError } from '../../src/errors';
import { Connection, PageArgs } from '../../src/pagination';
import * as secrets from './secrets';
import { Secret } from './entities';
import { CreateSecretInput, MAX_SECRET_BYTES, UpdateSecretInput } from './secrets';

export const SecretConnection = Connection(Secret, 'Secret');

/** A secret is addressed by id or by name (hotdata paths use the name). */
function ref(id?: string | null, name?: string | null) {
  if (!id === !name) throw new BadInputError('Pass exactly one of id or name');
  return { id, name };
}

@Resolver(() => Secret)
export class SecretResolver {
  @Authorized()
  @Query(() => SecretConnection, { description: "Your tenant's secrets (metadata only)." })
  secrets(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return secrets.listSecrets(ctx, page);
  }

  @Authorized()
  @Query(() => Secret, { description: 'One secret by id or name (metadata only).' })
  secret(
    @Arg('id', () => ID, { nullable: true, description: 'Secret id.' }) id: string | undefined,
    @Arg('name', () => String, { nullable: true, description: 'Secret name.' }) name: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return secrets.getSecret(ctx, ref(id, name));
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Secret, { description: 'Store a secret; the value is encrypted (AES-256-GCM) and never returned.' })
  createSecret(@Arg('input', () => CreateSecretInput, { description: 'The secret.' }) input: CreateSecretInput, @Ctx() ctx: Context) {
    return secrets.createSecret(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Secret, { description: "Change a secret's description or team assignments." })
  updateSecret(
    @Arg('id', () => ID, { nullable: true, description: 'Secret id.' }) id: string | undefined,
    @Arg('name', () => String, { nullable: true, description: 'Secret name.' }) name: string | undefined,
    @Arg('input', () => UpdateSecretInput, { description: 'Changes.' }) input: UpdateSecretInput,
    @Ctx() ctx: Context,
  ) {
    return secrets.updateSecret(ctx, ref(id, name), input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Secret, { description: 'Replace the value: a new encrypted version becomes current (and lifts a revocation).' })
  replaceSecretValue(
    @Arg('value', () => String, { description: 'The new value; never returned.' }) value: string,
    @Arg('id', () => ID, { nullable: true, description: 'Secret id.' }) id: string | undefined,
    @Arg('name', () => String, { nullable: true, description: 'Secret name.' }) name: string | undefined,
    @Ctx() ctx: Context,
  ) {
    if (value.length < 1 || value.length > MAX_SECRET_BYTES) throw new BadInputError(`value must be 1 to ${MAX_SECRET_BYTES} characters`);
    return secrets.replaceSecretValue(ctx, ref(id, name), value);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Secret, { description: 'Revoke the current value at once: using the secret fails until a new value is set.' })
  revokeSecret(
    @Arg('id', () => ID, { nullable: true, description: 'Secret id.' }) id: string | undefined,
    @Arg('name', () => String, { nullable: true, description: 'Secret name.' }) name: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return secrets.revokeSecret(ctx, ref(id, name));
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Secret, { description: 'Soft delete a secret.' })
  deleteSecret(
    @Arg('id', () => ID, { nullable: true, description: 'Secret id.' }) id: string | undefined,
    @Arg('name', () => String, { nullable: true, description: 'Secret name.' }) name: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return secrets.deleteSecret(ctx, ref(id, name));
  }
}

