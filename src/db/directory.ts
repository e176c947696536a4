import type { EntityManager } from '@mikro-orm/core';

/**
 * Facts owned by one domain that other domains need: names for denormalised snapshots
 * (approvals, shown to two tenants), team memberships for team-based access, and the projects and
 * project datasets other domains reference. Read straight from the owning domain's tables,
 * bypassing the tenant filter on purpose, so that no subgraph imports another; every function here names the tenant or the ids it reads.
 */
export async function tenantSnapshot(em: EntityManager, id: string): Promise<{ id: string; name: string } | undefined> {
  const rows = (await em.getConnection().execute('select id, name from tenants where id = ? and archived_at is null', [id])) as { id: string; name: string }[];
  return rows[0];
}

export async function userSnapshot(em: EntityManager, id: string): Promise<{ id: string; name: string; email: string } | undefined> {
  const rows = (await em.getConnection().execute('select id, name, email from users where id = ?', [id])) as { id: string; name: string; email: string }[];
  return rows[0];
}

/** Which of `userIds` are active users of the tenant (the tenants domain's), for checking references to them. */
export async function existingUserIds(em: EntityManager, tenantId: string, userIds: string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = (await em.getConnection().execute(
    `select id from users where tenant_id = ? and archived_at is null and id in (${userIds.map(() => '?').join(', ')})`,
    [tenantId, ...userIds],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Ids of the teams a user belongs to (the tenants domain's memberships), for team-based access. */
export async function teamIdsOfUser(em: EntityManager, tenantId: string, userId: string): Promise<string[]> {
  const rows = (await em.getConnection().execute('select team_id from team_members where tenant_id = ? and user_id = ?', [tenantId, userId])) as { team_id: string }[];
  return rows.map((r) => r.team_id);
}

/** An active project of the tenant (the projects domain's), for checking a reference to it. */
export async function projectSnapshot(em: EntityManager, tenantId: string, id: string): Promise<{ id: string; name: string } | undefined> {
  const rows = (await em.getConnection().execute('select id, name from projects where tenant_id = ? and id = ? and archived_at is null', [tenantId, id])) as { id: string; name: string }[];
  return rows[0];
}

/** An active project dataset of any tenant (the catalogs domain's), for cross-tenant approvals. */
export async function projectDatasetSnapshot(em: EntityManager, id: string): Promise<{ id: string; name: string; tenantId: string } | undefined> {
  const rows = (await em.getConnection().execute('select id, name, tenant_id from project_datasets where id = ? and archived_at is null', [id])) as { id: string; name: string; tenant_id: string }[];
  return rows[0] && { id: rows[0].id, name: rows[0].name, tenantId: rows[0].tenant_id };
}

/** Ids of the tenant's jobs whose active version runs saved query `queryId` (the jobs domain's tables). */
export async function jobsUsingQuery(em: EntityManager, tenantId: string, queryId: string): Promise<string[]> {
  const rows = (await em.getConnection().execute(
    `select j.id from jobs j join job_versions v on v.job_id = j.id and v.version = j.active_version and v.status = 'published'
      where j.tenant_id = ? and j.archived_at is null and cast(v.query_ids as text) like ?`,
    [tenantId, `%"${queryId.replace(/[%_"\\]/g, '')}"%`],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Ids of a team's members (the tenants domain's memberships). */
export async function userIdsOfTeam(em: EntityManager, tenantId: string, teamId: string): Promise<string[]> {
  const rows = (await em.getConnection().execute('select user_id from team_members where tenant_id = ? and team_id = ?', [tenantId, teamId])) as { user_id: string }[];
  return rows.map((r) => r.user_id);
}

/** Active users of the tenant among `ids` (the tenants domain's), for showing who shared with whom. */
export async function usersOfTenant(em: EntityManager, tenantId: string, ids: string[]): Promise<{ id: string; name: string; email: string }[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return [];
  return (await em.getConnection().execute(
    `select id, name, email from users where tenant_id = ? and archived_at is null and id in (${wanted.map(() => '?').join(', ')})`,
    [tenantId, ...wanted],
  )) as { id: string; name: string; email: string }[];
}

/** A datetime column read by plain SQL: SQLite stores epoch milliseconds, PostgreSQL returns a Date. */
export function dateFromSql(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) return new Date(Number(value));
  return new Date(String(value));
}

/** Active jobs of the tenant among `ids` (the jobs domain's), for binding them to workspaces as tasks. */
export async function jobSnapshots(em: EntityManager, tenantId: string, ids: string[]): Promise<{ id: string; name: string; description: string | null; jobKey: string }[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return [];
  const rows = (await em.getConnection().execute(
    `select id, name, description, job_key from jobs where tenant_id = ? and archived_at is null and id in (${wanted.map(() => '?').join(', ')})`,
    [tenantId, ...wanted],
  )) as { id: string; name: string; description: string | null; job_key: string }[];
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, jobKey: r.job_key }));
}

/** A run of one of `jobIds` (the jobs domain's job_runs), for showing a bound task's run in a workspace. */
export async function jobRunSnapshot(em: EntityManager, tenantId: string, runId: string, jobIds: string[]) {
  if (!jobIds.length) return undefined;
  const rows = (await em.getConnection().execute(
    `select id, job_id, version, status, "trigger", parameters, query_run_ids, created_by, error_message, created_at, started_at, ended_at
       from job_runs where tenant_id = ? and id = ? and job_id in (${jobIds.map(() => '?').join(', ')})`,
    [tenantId, runId, ...jobIds],
  )) as Record<string, unknown>[];
  const r = rows[0];
  if (!r) return undefined;
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    id: String(r.id), jobId: String(r.job_id), version: Number(r.version), status: String(r.status), trigger: String(r.trigger),
    parameters: (json(r.parameters) ?? null) as Record<string, unknown> | null, queryRunIds: (json(r.query_run_ids) ?? []) as string[],
    createdBy: (r.created_by as string | null) ?? null, errorMessage: (r.error_message as string | null) ?? null,
    createdAt: dateFromSql(r.created_at) as Date, startedAt: dateFromSql(r.started_at), endedAt: dateFromSql(r.ended_at),
  };
}

/** A caller's access to a workspace (the workspaces domain's owner and live share), as chat sessions need it. */
export interface WorkspaceAccessSnapshot {
  access: 'owner' | 'write' | 'read';
  ownerId: string;
  archived: boolean;
  /** Who set the live share, and its recipients (empty while not shared). */
  sharedById: string | null;
  recipientIds: string[];
}

/**
 * `userId`'s access to a workspace of the tenant: its owner, or a recipient of its live share
 * (active and not expired); undefined for everyone else, as the workspaces domain's own check decides.
 */
export async function workspaceAccessOf(em: EntityManager, tenantId: string, workspaceId: string, userId: string): Promise<WorkspaceAccessSnapshot | undefined> {
  const connection = em.getConnection();
  const workspaces = (await connection.execute('select owner_id, status from workspaces where tenant_id = ? and id = ?', [tenantId, workspaceId])) as { owner_id: string; status: string }[];
  if (!workspaces[0]) return undefined;
  const shares = (await connection.execute('select status, expires_at, shared_by_id from workspace_shares where workspace_id = ?', [workspaceId])) as {
    status: string; expires_at: unknown; shared_by_id: string;
  }[];
  const share = shares[0];
  const expiresAt = dateFromSql(share?.expires_at);
  const live = share?.status === 'active' && (!expiresAt || expiresAt.getTime() > Date.now());
  const recipients = live
    ? ((await connection.execute('select user_id, access from workspace_share_recipients where workspace_id = ? order by created_at, id', [workspaceId])) as { user_id: string; access: string }[])
    : [];
  const ownerId = workspaces[0].owner_id;
  const mine = recipients.find((r) => r.user_id === userId);
  const access = ownerId === userId ? 'owner' : mine ? (mine.access === 'write' ? 'write' : 'read') : undefined;
  if (!access) return undefined;
  return {
    access, ownerId, archived: workspaces[0].status === 'archived',
    sharedById: recipients.length ? share!.shared_by_id : null, recipientIds: recipients.map((r) => r.user_id),
  };
}

/** Which of `ids` are rows of the tenant in `table` (archived included), for references into another domain's rows. */
export async function tenantRowIds(em: EntityManager, table: 'teams' | 'projects' | 'saved_queries', tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = (await em.getConnection().execute(`select id from ${table} where tenant_id = ? and id in (${ids.map(() => '?').join(', ')})`, [tenantId, ...ids])) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}
