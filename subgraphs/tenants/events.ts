import { transactWith } from '../../src/events/outbox';

/** Event-log topics of the tenants domain. */
export const TENANT_TOPIC = 'tenant';
export const USER_TOPIC = 'user';
export const API_KEY_TOPIC = 'api_key';
export const TEAM_TOPIC = 'team';
export const INVITATION_TOPIC = 'invitation';

/** The tenants domain's events: topic → payload. */
export type TenantEvents = {
  [TENANT_TOPIC]: { id: string; name?: string };
  [USER_TOPIC]: { id: string; email?: string; role?: string };
  [API_KEY_TOPIC]: { id: string; name?: string };
  [TEAM_TOPIC]: { id: string; name?: string; userId?: string };
  [INVITATION_TOPIC]: { id: string; email: string; status: string };
};

/** `transact` for this domain: emits type-check against TenantEvents. */
export const transactTenants = transactWith<TenantEvents>();
