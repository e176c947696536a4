import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../src/context';
import { requireIdentity, requireRole } from '../../src/context';
import { ACTIVE_FILTER } from '../../src/db/orm';
import { containsInsensitive } from '../../src/db/like';
import { ConflictError, ForbiddenError, NotFoundError } from '../../src/errors';
import { hasRole, ORG_ADMIN, PLATFORM_ADMIN } from '../../src/auth/roles';
import { paginate, SortDirection, type Page, type PageArgs } from '../../src/pagination';
import { Role, Tenant, User } from './entities';
import { UserSortField, type CreateTenantInput, type TenantFilter, type UpdateTenantInput, type UpdateUserInput, type UserFilter, type UserInput } from './inputs';
import { TENANT_TOPIC, transactTenants, USER_TOPIC } from './events';

const isPlatformAdmin = (ctx: Context) => hasRole(requireIdentity(ctx).roles, PLATFORM_ADMIN);

/** Tenants the caller may see: all for a platform admin, otherwise only its own. */
export async function listTenants(ctx: Context, filter: TenantFilter | undefined, page: PageArgs): Promise<Page<Tenant>> {
  const identity = requireIdentity(ctx);
  const where: Record<string, unknown> = isPlatformAdmin(ctx) ? {} : { id: identity.tenantId };
  if (filter?.nameContains) where.name = containsInsensitive(ctx.em, filter.nameContains);
  return paginate(ctx.em, Tenant, where, page, {
    orderBy: { createdAt: 'asc' },
    filters: filter?.includeArchived ? { [ACTIVE_FILTER]: false } : undefined,
  });
}

/** A tenant by id; another tenant's id is "not found" unless the caller is a platform admin. */
export async function getTenant(ctx: Context, id: string): Promise<Tenant> {
  const identity = requireIdentity(ctx);
  const tenant = isPlatformAdmin(ctx) || id === identity.tenantId ? await ctx.em.findOne(Tenant, { id }) : null;
  if (!tenant) throw new NotFoundError('Tenant', id);
  return tenant;
}

async function assertTenantNameFree(em: EntityManager, name: string, exceptId?: string): Promise<void> {
  const clash = await em.findOne(Tenant, { name, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (clash) throw new ConflictError(`A tenant named "${name}" already exists`, { field: 'name' });
}

export async function createTenant(ctx: Context, input: CreateTenantInput): Promise<Tenant> {
  return transactTenants(ctx, async (em, emit) => {
    await assertTenantNameFree(em, input.name);
    const tenant = em.create(Tenant, { name: input.name });
    if (input.admin) {
      em.create(User, { tenantId: tenant.id, email: input.admin.email.toLowerCase(), name: input.admin.name, role: Role.ORG_ADMIN });
    }
    emit(TENANT_TOPIC, 'created', tenant.id, { id: tenant.id, name: tenant.name }, tenant.id);
    return tenant;
  });
}

/** Platform admins update any tenant; an Org admin updates its own. */
export async function updateTenant(ctx: Context, id: string, input: UpdateTenantInput): Promise<Tenant> {
  const identity = requireIdentity(ctx);
  const tenant = await getTenant(ctx, id);
  if (!isPlatformAdmin(ctx) && !(tenant.id === identity.tenantId && hasRole(identity.roles, ORG_ADMIN))) {
    throw new ForbiddenError("Updating a tenant requires the role 'Org admin' in it");
  }
  return transactTenants(ctx, async (em, emit) => {
    if (input.name != null && input.name !== tenant.name) {
      await assertTenantNameFree(em, input.name, tenant.id);
      tenant.name = input.name;
    }
    emit(TENANT_TOPIC, 'updated', tenant.id, { id: tenant.id, name: tenant.name }, tenant.id);
    return tenant;
  });
}

export async function deleteTenant(ctx: Context, id: string): Promise<Tenant> {
  const tenant = await getTenant(ctx, id);
  if (tenant.id === requireIdentity(ctx).tenantId) throw new ConflictError('A tenant cannot delete itself while signed in to it');
  return transactTenants(ctx, async (_em, emit) => {
    tenant.archivedAt = new Date();
    emit(TENANT_TOPIC, 'deleted', tenant.id, { id: tenant.id }, tenant.id);
    return tenant;
  });
}

export async function listUsers(ctx: Context, filter: UserFilter | undefined, page: PageArgs): Promise<Page<User>> {
  requireIdentity(ctx);
  const where: Record<string, unknown> = {};
  if (filter?.role) where.role = filter.role;
  if (filter?.search) where.$or = [{ name: containsInsensitive(ctx.em, filter.search) }, { email: containsInsensitive(ctx.em, filter.search) }];
  return paginate(ctx.em, User, where, page, { orderBy: { [filter?.sortBy ?? UserSortField.CREATED_AT]: filter?.direction ?? SortDirection.ASC } });
}

export async function getUser(ctx: Context, id: string): Promise<User> {
  requireIdentity(ctx);
  const user = await ctx.em.findOne(User, { id });
  if (!user) throw new NotFoundError('User', id);
  return user;
}

export async function currentUser(ctx: Context): Promise<User> {
  const identity = requireIdentity(ctx);
  const user = await ctx.em.findOne(User, { id: identity.userId });
  if (!user) throw new NotFoundError('User', identity.userId);
  return user;
}

async function assertEmailFree(em: EntityManager, email: string, exceptId?: string): Promise<void> {
  const clash = await em.findOne(User, { email, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (clash) throw new ConflictError(`A user with email ${email} already exists in this tenant`, { field: 'email' });
}

/** Adds a user to the caller's tenant (Org admin only: a role is granted). `invited` marks an invitation. */
export async function createUser(ctx: Context, input: UserInput, invited = false): Promise<User> {
  requireRole(ctx, ORG_ADMIN, invited ? 'Inviting a user' : 'Creating a user');
  const identity = requireIdentity(ctx);
  return transactTenants(ctx, async (em, emit) => {
    const email = input.email.toLowerCase();
    await assertEmailFree(em, email);
    const user = em.create(User, {
      tenantId: identity.tenantId,
      email,
      name: input.name,
      role: input.role ?? Role.DATASET_USER,
      invitedAt: invited ? new Date() : null,
    });
    emit(USER_TOPIC, invited ? 'invited' : 'created', user.id, { id: user.id, email, role: user.role });
    return user;
  });
}

/**
 * Changes a user's email, name or role (omitted fields stay). Anyone may edit their own name and
 * email; editing others or changing a role takes an Org admin, and the last Org admin stays one.
 */
export async function updateUser(ctx: Context, id: string, input: UpdateUserInput): Promise<User> {
  const identity = requireIdentity(ctx);
  const user = await getUser(ctx, id);
  const role = input.role ?? user.role;
  if (user.id !== identity.userId || role !== user.role) requireRole(ctx, ORG_ADMIN, 'Changing another user or a role');
  await assertNotLastAdmin(ctx, user, role);
  return transactTenants(ctx, async (em, emit) => {
    const email = input.email?.toLowerCase() ?? user.email;
    if (email !== user.email) await assertEmailFree(em, email, user.id);
    em.assign(user, { email, name: input.name ?? user.name, role });
    emit(USER_TOPIC, 'updated', user.id, { id: user.id, email, role });
    return user;
  });
}

export async function updateUserRole(ctx: Context, id: string, role: Role): Promise<User> {
  requireRole(ctx, ORG_ADMIN, "Changing a user's role");
  const user = await getUser(ctx, id);
  await assertNotLastAdmin(ctx, user, role);
  return transactTenants(ctx, async (_em, emit) => {
    user.role = role;
    emit(USER_TOPIC, 'role_changed', user.id, { id: user.id, role });
    return user;
  });
}

/** A tenant keeps at least one Org admin. */
async function assertNotLastAdmin(ctx: Context, user: User, newRole?: Role): Promise<void> {
  if (user.role !== Role.ORG_ADMIN || newRole === Role.ORG_ADMIN) return;
  const admins = await ctx.em.count(User, { role: Role.ORG_ADMIN });
  if (admins <= 1) throw new ConflictError('The last Org admin of a tenant cannot be removed or demoted');
}

export async function deleteUser(ctx: Context, id: string): Promise<User> {
  requireRole(ctx, ORG_ADMIN, 'Deleting a user');
  const user = await getUser(ctx, id);
  await assertNotLastAdmin(ctx, user);
  return transactTenants(ctx, async (_em, emit) => {
    user.archivedAt = new Date();
    emit(USER_TOPIC, 'deleted', user.id, { id: user.id });
    return user;
  });
}

/** First start on an empty database: one tenant and its admin, who is also platform admin. */
export async function bootstrapFirstTenant(em: EntityManager): Promise<{ tenant: Tenant; admin: User } | undefined> {
  const existing = await em.count(Tenant, {}, { filters: { [ACTIVE_FILTER]: false } });
  if (existing > 0) return undefined;
  return em.transactional(async (tx) => {
    const tenant = tx.create(Tenant, { name: 'default' });
    const admin = tx.create(User, { tenantId: tenant.id, email: 'admin@localhost', name: 'Administrator', role: Role.ORG_ADMIN });
    return { tenant, admin };
  });
}

