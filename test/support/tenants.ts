import { randomUUID } from 'node:crypto';
import { gqlOk } from './clients';
import type { TestServer } from './server';

export interface TestTenant {
  tenantId: string;
  adminId: string;
  /** Token of the tenant's Org admin. */
  token: string;
}

/** Creates a tenant with an Org admin through the API (as the platform admin) and mints the admin a token. */
export async function createTenant(server: TestServer, name = `tenant-${randomUUID().slice(0, 8)}`): Promise<TestTenant> {
  const email = `admin@${name}.test`;
  const data = await gqlOk(server, server.adminToken, `mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }`, {
    input: { name, admin: { email, name: 'Admin' } },
  });
  const tenantId = data.createTenant.id as string;
  // The API shows a tenant's users only to that tenant; setup reads the new admin's id directly.
  const admin = (await server.orm.em.fork().findOne('User', { tenantId, email } as never, { filters: false })) as { id: string };
  const adminId = admin.id;
  return { tenantId, adminId, token: await server.mintToken({ sub: adminId, tenant: tenantId, roles: ['Org admin'] }) };
}

/** Adds a user with `role` to the tenant (as its admin) and returns the user's id and token. */
export async function createUser(server: TestServer, tenant: TestTenant, role: 'DATASET_USER' | 'DATASET_EDITOR' | 'ORG_ADMIN' = 'DATASET_USER') {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`;
  const data = await gqlOk(server, tenant.token, `mutation($input: UserInput!) { createUser(input: $input) { id } }`, {
    input: { email, name: role, role },
  });
  const roleName = { DATASET_USER: 'Dataset user', DATASET_EDITOR: 'Dataset editor', ORG_ADMIN: 'Org admin' }[role];
  const id = data.createUser.id as string;
  return { id, email, token: await server.mintToken({ sub: id, tenant: tenant.tenantId, roles: [roleName] }) };
}
