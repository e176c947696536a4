import type { EntityManager } from '@mikro-orm/core';

/**
 * Names of tenants and users, for records that keep a denormalised snapshot of them (approvals
 * shown to two tenants). Read straight from the tenants domain's tables, bypassing the tenant
 * filter on purpose, so that no subgraph imports another; callers decide what may be shown.
 */
export async function tenantSnapshot(em: EntityManager, id: string): Promise<{ id: string; name: string } | undefined> {
  const rows = (await em.getConnection().execute('select id, name from tenants where id = ? and archived_at is null', [id])) as { id: string; name: string }[];
  return rows[0];
}

export async function userSnapshot(em: EntityManager, id: string): Promise<{ id: string; name: string; email: string } | undefined> {
  const rows = (await em.getConnection().execute('select id, name, email from users where id = ?', [id])) as { id: string; name: string; email: string }[];
  return rows[0];
}
