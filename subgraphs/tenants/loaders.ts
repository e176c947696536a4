import DataLoader from 'dataloader';
import type { Context } from '../../src/context';
import { alignById, loader } from '../../src/context';
import { ACTIVE_FILTER } from '../../src/db/orm';
import { hasRole, PLATFORM_ADMIN } from '../../src/auth/roles';
import { Tenant, User } from './entities';

/** Tenants by id in one query per request; a caller sees only its own tenant unless platform admin. */
export function tenantLoader(ctx: Context): DataLoader<string, Tenant | null> {
  return loader(ctx, 'tenants.tenantById', () =>
    new DataLoader<string, Tenant | null>(async (ids) => {
      const identity = ctx.identity;
      if (!identity) return ids.map(() => null);
      const visible = hasRole(identity.roles, PLATFORM_ADMIN) ? [...ids] : ids.filter((id) => id === identity.tenantId);
      const rows = visible.length ? await ctx.em.find(Tenant, { id: { $in: visible } }, { filters: { [ACTIVE_FILTER]: false } }) : [];
      return alignById(rows, ids);
    }),
  );
}

/** Users by id (the tenant filter applies), archived ones included so old references still resolve. */
export function userLoader(ctx: Context): DataLoader<string, User | null> {
  return loader(ctx, 'tenants.userById', () =>
    new DataLoader<string, User | null>(async (ids) => {
      const rows = await ctx.em.find(User, { id: { $in: [...ids] } }, { filters: { [ACTIVE_FILTER]: false } });
      return alignById(rows, ids);
    }),
  );
}
