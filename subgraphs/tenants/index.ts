import type { SubgraphModule } from '../../src/federation/module';
import { ApiKey, ApiKeyResolver, resolveApiKey } from './api-keys';
import { Tenant, User } from './entities';
import { tenantLoader, userLoader } from './loaders';
import { tenantsRestRoutes } from './rest';
import { isIdentityActive } from './tenants.service';
import { TenantResolver } from './tenants.resolver';
import { UserResolver } from './users.resolver';

/** Tenants, users, roles, teams, invitations and API keys. */
export const tenantsModule: SubgraphModule = {
  name: 'tenants',
  resolvers: [TenantResolver, UserResolver, ApiKeyResolver],
  entities: [Tenant, User, ApiKey],
  referenceResolvers: {
    Tenant: (ref, ctx) => tenantLoader(ctx).load(ref.id),
    User: (ref, ctx) => userLoader(ctx).load(ref.id),
  },
  restRoutes: tenantsRestRoutes,
  isIdentityActive,
  resolveApiKey,
};

export { bootstrapTenants } from './bootstrap';
