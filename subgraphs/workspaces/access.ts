import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Context } from '../../src/context';
import { loader, requireIdentity } from '../../src/context';
import { ConflictError, ForbiddenError, NotFoundError } from '../../src/errors';
import { ShareAccess, Workspace, WorkspaceShare, WorkspaceShareRecipient, WorkspaceStatus } from './entities';

/** The caller's access to a workspace: its owner, or a share recipient with read or write. */
export type ViewerAccess = 'owner' | 'write' | 'read';

/** Why the caller cannot change a workspace they can see. */
export const READ_ONLY_REASONS = {
  archived: 'archived',
  readShare: 'shared_read_only',
} as const;

function live(share: WorkspaceShare | undefined): boolean {
  return !!share && share.status === 'active' && (!share.expiresAt || share.expiresAt.getTime() > Date.now());
}

/** Recipients of each workspace's live share, batched per request (an expired or revoked share has none). */
export function recipientsLoader(ctx: Context): DataLoader<string, WorkspaceShareRecipient[]> {
  return loader(ctx, 'workspaces.recipientsByWorkspace', () =>
    new DataLoader<string, WorkspaceShareRecipient[]>(async (ids) => {
      const [shares, recipients] = await Promise.all([
        ctx.em.find(WorkspaceShare, { workspaceId: { $in: [...ids] } }),
        ctx.em.find(WorkspaceShareRecipient, { workspaceId: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      ]);
      const liveIds = new Set(shares.filter(live).map((s) => s.workspaceId));
      return ids.map((id) => (liveIds.has(id) ? recipients.filter((r) => r.workspaceId === id) : []));
    }),
  );
}

/** The share of each workspace (undefined: never shared or cleared), batched per request. */
export function shareLoader(ctx: Context): DataLoader<string, WorkspaceShare | null> {
  return loader(ctx, 'workspaces.shareByWorkspace', () =>
    new DataLoader<string, WorkspaceShare | null>(async (ids) => {
      const rows = await ctx.em.find(WorkspaceShare, { workspaceId: { $in: [...ids] } });
      return ids.map((id) => rows.find((r) => r.workspaceId === id) ?? null);
    }),
  );
}

export async function accessOf(ctx: Context, workspace: Workspace): Promise<ViewerAccess | null> {
  const { userId } = requireIdentity(ctx);
  if (workspace.ownerId === userId) return 'owner';
  const mine = (await recipientsLoader(ctx).load(workspace.id)).find((r) => r.userId === userId);
  return mine ? (mine.access === ShareAccess.WRITE ? 'write' : 'read') : null;
}

/** Why the caller may not change the workspace, or null when they may. */
export function readOnlyReason(workspace: Workspace, access: ViewerAccess | null): string | null {
  if (workspace.status === WorkspaceStatus.ARCHIVED) return READ_ONLY_REASONS.archived;
  if (access === 'read' || access === null) return READ_ONLY_REASONS.readShare;
  return null;
}

/**
 * A workspace the caller may see: its owner's or shared with them. Every other id, of this tenant
 * or another, is NOT_FOUND, so nobody learns that a workspace they were not given exists.
 */
export async function getVisibleWorkspace(ctx: Context, id: string): Promise<{ workspace: Workspace; access: ViewerAccess }> {
  requireIdentity(ctx);
  const workspace = await ctx.em.findOne(Workspace, { id });
  const access = workspace ? await accessOf(ctx, workspace) : null;
  if (!workspace || !access) throw new NotFoundError('Workspace', id);
  return { workspace, access };
}

/** A workspace the caller may change: owner or write recipient, and not archived. */
export async function getWritableWorkspace(ctx: Context, id: string): Promise<{ workspace: Workspace; access: ViewerAccess }> {
  const visible = await getVisibleWorkspace(ctx, id);
  if (visible.access === 'read') throw new ForbiddenError('You have read-only access to this workspace');
  if (visible.workspace.status === WorkspaceStatus.ARCHIVED) throw new ConflictError('The workspace is archived: restore it to change it');
  return visible;
}

/** A workspace the caller owns (sharing, archiving, deleting are the owner's). */
export async function getOwnedWorkspace(ctx: Context, id: string, action: string): Promise<Workspace> {
  const visible = await getVisibleWorkspace(ctx, id);
  if (visible.access !== 'owner') throw new ForbiddenError(`Only the owner can ${action}`);
  return visible.workspace;
}

/** Who may see the workspace now (owner and live recipients), read inside a transaction for its events. */
export async function viewerIdsOf(em: EntityManager, workspace: Workspace): Promise<string[]> {
  const share = await em.findOne(WorkspaceShare, { workspaceId: workspace.id });
  const recipients = live(share ?? undefined) ? await em.find(WorkspaceShareRecipient, { workspaceId: workspace.id }) : [];
  return [workspace.ownerId, ...recipients.map((r) => r.userId)];
}

/** Ids of the workspaces shared with the caller by a live share. */
export async function sharedWithCaller(ctx: Context): Promise<string[]> {
  const { userId } = requireIdentity(ctx);
  const mine = await ctx.em.find(WorkspaceShareRecipient, { userId });
  if (!mine.length) return [];
  const shares = await ctx.em.find(WorkspaceShare, { workspaceId: { $in: mine.map((r) => r.workspaceId) } });
  return shares.filter(live).map((s) => s.workspaceId);
}
