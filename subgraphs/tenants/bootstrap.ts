import { ORG_ADMIN, PLATFORM_ADMIN } from '../../src/auth/roles';
import type { Bootstrapper } from '../../src/server';
import { bootstrapFirstTenant } from './tenants.service';

/** On first start with an empty database: the `default` tenant and its admin, with a token for them. */
export const bootstrapTenants: Bootstrapper = async (ctx, mintToken) => {
  const created = await bootstrapFirstTenant(ctx.em);
  if (!created) return undefined;
  const token = await mintToken({ sub: created.admin.id, tenant: created.tenant.id, roles: [ORG_ADMIN, PLATFORM_ADMIN] });
  return { tenantId: created.tenant.id, userId: created.admin.id, token };
};
