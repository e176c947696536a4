import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { usersOfTenant } from '../../src/db/directory';
import { BadInputError, NotFoundError } from '../../src/errors';
import { getOwnedWorkspace, getVisibleWorkspace } from './access';
import { ShareAccess, WorkspaceShare, WorkspaceShareRecipient, type Workspace } from './entities';
import { transactWorkspaces } from './events';
import type { UpsertShareInput } from './inputs';
import { emitWorkspace } from './workspaces';

/** A workspace's share as callers see it; `state` is not_shared until a share is set. */
export interface ShareView {
  workspaceId: string;
  shareId: string | null;
  state: 'shared' | 'not_shared';
  status: 'active' | 'revoked' | 'expired' | null;
  expiresAt: Date | null;
  recipients: { userId: string; access: ShareAccess }[];
  createdAt: Date | null;
  updatedAt: Date | null;
}

function viewOf(workspaceId: string, share: WorkspaceShare | null, recipients: WorkspaceShareRecipient[]): ShareView {
  const expired = !!share?.expiresAt && share.expiresAt.getTime() <= Date.now();
  const status = share ? (expired && share.status === 'active' ? 'expired' : (share.status as 'active' | 'revoked')) : null;
  const live = status === 'active' && recipients.length > 0;
  return {
    workspaceId, shareId: share?.id ?? null, state: live ? 'shared' : 'not_shared', status, expiresAt: share?.expiresAt ?? null,
    recipients: status === 'active' ? recipients.map((r) => ({ userId: r.userId, access: r.access })) : [],
    createdAt: share?.createdAt ?? null, updatedAt: share?.updatedAt ?? null,
  };
}

/** The share of a workspace the caller can see (recipients see who else it is shared with). */
export async function getShare(ctx: Context, workspaceId: string): Promise<ShareView> {
  await getVisibleWorkspace(ctx, workspaceId);
  const share = await ctx.em.findOne(WorkspaceShare, { workspaceId });
  const recipients = await ctx.em.find(WorkspaceShareRecipient, { workspaceId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return viewOf(workspaceId, share, recipients);
}

/** Recipients asked for, each once (the explicit list wins over the read-only shorthand). */
function wantedRecipients(input: UpsertShareInput): Map<string, ShareAccess> {
  const wanted = new Map<string, ShareAccess>();
  for (const id of input.recipientUserIds ?? []) wanted.set(id, ShareAccess.READ);
  for (const r of input.recipients ?? []) wanted.set(r.userId, r.access ?? ShareAccess.READ);
  return wanted;
}

/** Sets the workspace's one share: its recipients are replaced by those given. Owner only. */
export async function upsertShare(ctx: Context, workspaceId: string, input: UpsertShareInput): Promise<ShareView> {
  const identity = requireIdentity(ctx);
  const workspace = await getOwnedWorkspace(ctx, workspaceId, 'share a workspace');
  const wanted = wantedRecipients(input);
  if (wanted.has(identity.userId)) throw new BadInputError('You own this workspace: share it with others');
  const found = new Set((await usersOfTenant(ctx.em, identity.tenantId, [...wanted.keys()])).map((u) => u.id));
  const unknown = [...wanted.keys()].filter((id) => !found.has(id));
  if (unknown.length) throw new NotFoundError('User', unknown.join(', '));
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new BadInputError('expiresAt must be in the future');
  return transactWorkspaces(ctx, async (em, emit) => {
    let share = await em.findOne(WorkspaceShare, { workspaceId });
    if (!share) share = em.create(WorkspaceShare, { tenantId: identity.tenantId, workspaceId, sharedById: identity.userId });
    share.status = 'active';
    share.sharedById = identity.userId;
    share.updatedAt = new Date();
    if (input.expiresAt !== undefined) share.expiresAt = input.expiresAt;
    await em.nativeDelete(WorkspaceShareRecipient, { workspaceId });
    const recipients = [...wanted.entries()].map(([userId, access]) => em.create(WorkspaceShareRecipient, { tenantId: identity.tenantId, workspaceId, userId, access }));
    const view = viewOf(workspaceId, share, recipients);
    await emitWorkspace(em, emit, ctx, 'shared', workspace, {
      recipientUserIds: view.recipients.map((r) => r.userId),
      viewerIds: [workspace.ownerId, ...view.recipients.map((r) => r.userId)],
    });
    return view;
  });
}

/**
 * Ends sharing. Revoke keeps the share (status revoked, no recipients) so it can be read back;
 * clear removes it, so the workspace is not_shared as if never shared. Either way the recipients
 * lose access at once. Owner only.
 */
export async function endShare(ctx: Context, workspaceId: string, how: 'revoke' | 'clear'): Promise<ShareView> {
  const workspace: Workspace = await getOwnedWorkspace(ctx, workspaceId, 'change sharing');
  return transactWorkspaces(ctx, async (em, emit) => {
    const share = await em.findOne(WorkspaceShare, { workspaceId });
    await em.nativeDelete(WorkspaceShareRecipient, { workspaceId });
    if (share && how === 'clear') em.remove(share);
    if (share && how === 'revoke') share.status = 'revoked';
    await emitWorkspace(em, emit, ctx, how === 'clear' ? 'share_cleared' : 'share_revoked', workspace, { viewerIds: [workspace.ownerId] });
    return viewOf(workspaceId, how === 'clear' ? null : share, []);
  });
}
