import type { SubgraphModule } from '../../src/federation/module';
import { ApiKey, ApiKeyResolver } from './api-keys';
import { Invitation, InvitationResolver } from './invitations';
import { RoleResolver } from './roles';
import { Team, TeamMember } from './teams';
import { TeamMemberResolver, TeamResolver, UserTeamsResolver } from './teams.resolver';
import { Tenant, User } from './entities';
import { tenantLoader, userLoader } from './loaders';
import { tenantsRestRoutes } from './rest';
import { lakesailTenantRoutes } from './rest-lakesail';
import { lakesailUserRoutes } from './rest-lakesail-users';
import { TenantResolver } from './tenants.resolver';
import { UserResolver } from './users.resolver';

/** Tenants, users, roles, teams, invitations and API keys. */
export const tenantsModule: SubgraphModule = {
  name: 'tenants',
  resolvers: [TenantResolver, UserResolver, ApiKeyResolver, RoleResolver, TeamResolver, TeamMemberResolver, UserTeamsResolver, InvitationResolver],
  entities: [Tenant, User, ApiKey, Team, TeamMember, Invitation],
  referenceResolvers: {
    Tenant: (ref, ctx) => tenantLoader(ctx).load(ref.id),
    User: (ref, ctx) => userLoader(ctx).load(ref.id),
  },
  // An invitation's id is its invitee's secret (describing one needs no sign-in): not a global id to pass around.
  notNodes: ['Invitation'],
  restRoutes: [...tenantsRestRoutes, ...lakesailTenantRoutes, ...lakesailUserRoutes],
};

export { bootstrapTenants } from './bootstrap';
