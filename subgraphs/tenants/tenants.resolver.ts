import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { PLATFORM_ADMIN } from '../../src/auth/roles';
import { Connection, emptyPage, PageArgs } from '../../src/pagination';
import { Tenant, User } from './entities';
import { CreateTenantInput, TenantFilter, UpdateTenantInput, UserFilter } from './inputs';
import * as tenants from './tenants.service';

export const TenantConnection = Connection(Tenant, 'Tenant');
export const UserConnection = Connection(User, 'User');

@Resolver(() => Tenant)
export class TenantResolver {
  @Authorized()
  @Query(() => TenantConnection, { description: 'Tenants you can see: your own, or all for a platform admin.' })
  tenants(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => TenantFilter, { nullable: true, description: 'Narrow the list.' }) filter: TenantFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return tenants.listTenants(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Tenant, { description: 'One tenant by id (NOT_FOUND for tenants you cannot see).' })
  tenant(@Arg('id', () => ID, { description: 'Tenant id.' }) id: string, @Ctx() ctx: Context) {
    return tenants.getTenant(ctx, id);
  }

  @Authorized(PLATFORM_ADMIN)
  @Mutation(() => Tenant, { description: 'Create a tenant, optionally with its first Org admin (platform admins only).' })
  createTenant(@Arg('input', () => CreateTenantInput, { description: 'The tenant.' }) input: CreateTenantInput, @Ctx() ctx: Context) {
    return tenants.createTenant(ctx, input);
  }

  @Authorized()
  @Mutation(() => Tenant, { description: "Rename a tenant (platform admins, or the tenant's own Org admins)." })
  updateTenant(
    @Arg('id', () => ID, { description: 'Tenant id.' }) id: string,
    @Arg('input', () => UpdateTenantInput, { description: 'Changes.' }) input: UpdateTenantInput,
    @Ctx() ctx: Context,
  ) {
    return tenants.updateTenant(ctx, id, input);
  }

  @Authorized(PLATFORM_ADMIN)
  @Mutation(() => Tenant, { description: 'Soft delete a tenant (platform admins only).' })
  deleteTenant(@Arg('id', () => ID, { description: 'Tenant id.' }) id: string, @Ctx() ctx: Context) {
    return tenants.deleteTenant(ctx, id);
  }

  @FieldResolver(() => UserConnection, { description: "The tenant's active users (your own tenant only)." })
  users(
    @Root() tenant: Tenant,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Narrow the list.' }) filter: UserFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    if (tenant.id !== ctx.identity?.tenantId) return emptyPage();
    return tenants.listUsers(ctx, filter, page);
  }
}
