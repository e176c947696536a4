/** Event-log topics of the tenants domain. */
export const TENANT_TOPIC = 'tenant';
export const USER_TOPIC = 'user';
