import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { ORG_ADMIN } from '../../src/auth/roles';
import { PageArgs } from '../../src/pagination';
import { Role, Tenant, User } from './entities';
import { UpdateUserInput, UserFilter, UserInput } from './inputs';
import { tenantLoader } from './loaders';
import { UserConnection } from './tenants.resolver';
import * as tenants from './tenants.service';

@Resolver(() => User)
export class UserResolver {
  @Authorized()
  @Query(() => User, { description: 'The signed-in user.' })
  me(@Ctx() ctx: Context) {
    return tenants.currentUser(ctx);
  }

  @Authorized()
  @Query(() => UserConnection, { description: 'Active users of your tenant.' })
  users(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Narrow the list.' }) filter: UserFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return tenants.listUsers(ctx, filter, page);
  }

  @Authorized()
  @Query(() => User, { description: 'One user of your tenant by id.' })
  user(@Arg('id', () => ID, { description: 'User id.' }) id: string, @Ctx() ctx: Context) {
    return tenants.getUser(ctx, id);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => User, { description: 'Add a user to your tenant (Org admin).' })
  createUser(@Arg('input', () => UserInput, { description: 'The user.' }) input: UserInput, @Ctx() ctx: Context) {
    return tenants.createUser(ctx, input);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => User, { description: 'Invite a user to your tenant (Org admin); the user is created with `invitedAt` set.' })
  inviteUser(@Arg('input', () => UserInput, { description: 'The invitee.' }) input: UserInput, @Ctx() ctx: Context) {
    return tenants.createUser(ctx, input, true);
  }

  @Authorized()
  @Mutation(() => User, { description: "Change a user's email, name or role (your own name and email, or anyone as Org admin)." })
  updateUser(
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
    @Arg('input', () => UpdateUserInput, { description: 'Changes; omitted fields stay.' }) input: UpdateUserInput,
    @Ctx() ctx: Context,
  ) {
    return tenants.updateUser(ctx, id, input);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => User, { description: "Change a user's role (Org admin). The last Org admin cannot be demoted." })
  updateUserRole(
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
    @Arg('role', () => Role, { description: 'The new role.' }) role: Role,
    @Ctx() ctx: Context,
  ) {
    return tenants.updateUserRole(ctx, id, role);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => User, { description: 'Soft delete a user (Org admin). The last Org admin cannot be deleted.' })
  deleteUser(@Arg('id', () => ID, { description: 'User id.' }) id: string, @Ctx() ctx: Context) {
    return tenants.deleteUser(ctx, id);
  }

  @FieldResolver(() => Tenant, { description: 'The tenant the user belongs to.' })
  tenant(@Root() user: User, @Ctx() ctx: Context) {
    return tenantLoader(ctx).load(user.tenantId);
  }
}
