import { Entity, Enum, Index, Property, type Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { BaseEntity } from '../../src/db/base-entities';
import { projectDatasetSnapshot, tenantSnapshot, userSnapshot } from '../../src/db/directory';
import { ConflictError, ForbiddenError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import type { Emit } from '../../src/events/outbox';
import { APPROVAL_TOPIC, transactProjects, type ProjectEvents } from './events';
import { getProject } from './projects.service';

/** A request expires this long after it is made. */
export const APPROVAL_TTL_DAYS = 15;

export enum ApprovalKind {
  PROJECT_TENANT = 'project_tenant',
  PROJECT_DATASET = 'project_dataset',
}
registerEnumType(ApprovalKind, {
  name: 'ApprovalKind',
  description: 'What an approval asks for.',
  valuesConfig: {
    PROJECT_TENANT: { description: 'Invite another tenant into a project.' },
    PROJECT_DATASET: { description: "Add another tenant's dataset to a project." },
  },
});

export enum ApprovalStatus {
  PENDING = 'pending',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  EXPIRED = 'expired',
}
registerEnumType(ApprovalStatus, { name: 'ApprovalStatus', description: 'Where an approval request stands.' });

/**
 * A cross-tenant request, visible to two tenants: the requester's (`tenantId`) and the one that
 * reviews it (`targetTenantId`). It is deliberately not a TenantScopedEntity: every query here
 * names both tenant ids explicitly instead of relying on the one-tenant filter.
 */
@ObjectType({ description: 'A request from one tenant that another tenant\'s Org admins approve or reject.' })
@Entity({ tableName: 'approvals' })
@Index({ properties: ['targetTenantId', 'status'] })
export class Approval extends BaseEntity {
  /** The requesting tenant. */
  @Index()
  @Property({ type: 'string', length: 36 })
  tenantId!: string;

  @Field(() => ApprovalKind, { description: 'What is asked for.' })
  @Enum({ items: () => ApprovalKind, type: 'string', length: 32 })
  kind!: ApprovalKind;

  @Field(() => ApprovalStatus, { description: 'pending until reviewed or expired.' })
  @Enum({ items: () => ApprovalStatus, type: 'string', length: 16 })
  status: Opt<ApprovalStatus> = ApprovalStatus.PENDING;

  @Field(() => ID, { description: 'The project asking.' })
  @Property({ type: 'string', length: 36 })
  projectId!: string;

  @Field(() => String, { description: 'Name of the project when the request was made.' })
  @Property({ type: 'string', length: 200 })
  projectName!: string;

  @Field(() => ID, { description: 'The tenant that reviews: the one invited, or the dataset\'s owner.' })
  @Property({ type: 'string', length: 36 })
  targetTenantId!: string;

  @Field(() => String, { nullable: true, description: 'Name of the reviewing tenant when the request was made.' })
  @Property({ type: 'string', length: 200, nullable: true })
  targetTenantName?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The dataset asked for (PROJECT_DATASET).' })
  @Property({ type: 'string', length: 36, nullable: true })
  datasetId?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Name of the dataset asked for.' })
  @Property({ type: 'string', length: 200, nullable: true })
  datasetName?: string | null = null;

  @Field(() => ID, { description: 'User who asked.' })
  @Property({ type: 'string', length: 36 })
  requestedById!: string;

  @Field(() => String, { description: 'Name of the user who asked.' })
  @Property({ type: 'string', length: 200 })
  requesterName!: string;

  @Field(() => String, { description: 'Email of the user who asked.' })
  @Property({ type: 'string', length: 320 })
  requesterEmail!: string;

  @Field(() => ID, { nullable: true, description: 'Org admin who approved or rejected.' })
  @Property({ type: 'string', length: 36, nullable: true })
  reviewedById?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was approved or rejected.' })
  @Property({ type: 'datetime', nullable: true })
  reviewedAt?: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected, if a reason was given.' })
  @Property({ type: 'text', nullable: true })
  rejectionReason?: string | null = null;

  @Field(() => Date, { description: `When a pending request expires (${APPROVAL_TTL_DAYS} days after it was made).` })
  @Property({ type: 'datetime' })
  expiresAt!: Date;
}

/** A project shared with another tenant, created when a PROJECT_TENANT approval is approved. */
@ObjectType({ description: 'A project another tenant shared with yours.' })
@Entity({ tableName: 'project_shares' })
@Index({ properties: ['sharedWithTenantId'] })
export class ProjectShare extends BaseEntity {
  /** The owning tenant. */
  @Property({ type: 'string', length: 36 })
  tenantId!: string;

  @Field(() => ID, { description: 'The shared project.' })
  @Property({ type: 'string', length: 36 })
  projectId!: string;

  @Field(() => String, { description: 'Name of the project when it was shared.' })
  @Property({ type: 'string', length: 200 })
  projectName!: string;

  @Field(() => ID, { description: 'Tenant the project was shared with.' })
  @Property({ type: 'string', length: 36 })
  sharedWithTenantId!: string;

  @Field(() => ID, { description: 'The approval that created the share.' })
  @Property({ type: 'string', length: 36 })
  approvalId!: string;
}

export type ApprovalDirection = 'incoming' | 'outgoing';

/** Approvals the caller's tenant asked for (outgoing) or must review (incoming). */
export async function listApprovals(
  ctx: Context,
  filter: { direction?: ApprovalDirection | null; status?: ApprovalStatus | null },
  page: PageArgs,
): Promise<Page<Approval>> {
  const { tenantId } = requireIdentity(ctx);
  const where: Record<string, unknown> =
    filter.direction === 'incoming' ? { targetTenantId: tenantId } : filter.direction === 'outgoing' ? { tenantId } : { $or: [{ tenantId }, { targetTenantId: tenantId }] };
  if (filter.status) where.status = filter.status;
  if (filter.status === ApprovalStatus.PENDING) where.expiresAt = { $gt: new Date() };
  return paginate(ctx.em, Approval, where, page, { orderBy: { createdAt: 'asc' } });
}

/** An approval either tenant may see; any other id is NOT_FOUND. */
export async function getApproval(ctx: Context, id: string): Promise<Approval> {
  const { tenantId } = requireIdentity(ctx);
  const approval = await ctx.em.findOne(Approval, { id, $or: [{ tenantId }, { targetTenantId: tenantId }] });
  if (!approval) throw new NotFoundError('Approval', id);
  return approval;
}

/** Details are for Org admins of either tenant, and for the user who asked (to follow its status). */
export async function viewApproval(ctx: Context, id: string): Promise<Approval> {
  const identity = requireIdentity(ctx);
  const approval = await getApproval(ctx, id);
  if (!hasRole(identity.roles, ORG_ADMIN) && approval.requestedById !== identity.userId) {
    throw new ForbiddenError('Approval details are for Org admins and the user who made the request');
  }
  return approval;
}

/** Both tenants hear of every change to a request: the requester's stream and the reviewer's. */
function emitToBoth(emit: Emit<ProjectEvents>, type: string, approval: Approval): void {
  for (const tenantId of [approval.tenantId, approval.targetTenantId]) {
    emit(APPROVAL_TOPIC, type, approval.id, { id: approval.id, status: approval.status }, tenantId);
  }
}

async function requesterSnapshot(ctx: Context) {
  const identity = requireIdentity(ctx);
  const user = await userSnapshot(ctx.em, identity.userId);
  return { requestedById: identity.userId, requesterName: user?.name ?? '', requesterEmail: user?.email ?? '' };
}

/** Records a pending request from the caller (expiring in APPROVAL_TTL_DAYS) and tells both tenants. */
async function openApproval(
  ctx: Context,
  request: Pick<Approval, 'kind' | 'projectId' | 'projectName' | 'targetTenantId' | 'targetTenantName' | 'datasetId' | 'datasetName'>,
): Promise<Approval> {
  const { tenantId } = requireIdentity(ctx);
  const requester = await requesterSnapshot(ctx);
  return transactProjects(ctx, async (em, emit) => {
    const approval = em.create(Approval, { tenantId, ...request, ...requester, expiresAt: new Date(Date.now() + APPROVAL_TTL_DAYS * 86_400_000) });
    emitToBoth(emit, 'requested', approval);
    return approval;
  });
}

/** Tenant A asks tenant B to join one of A's projects; B's Org admins review. */
export async function requestProjectTenant(ctx: Context, projectId: string, targetTenantId: string): Promise<Approval> {
  const identity = requireIdentity(ctx);
  const project = await getProject(ctx, projectId);
  const target = await tenantSnapshot(ctx.em, targetTenantId);
  if (!target) throw new NotFoundError('Tenant', targetTenantId);
  if (target.id === identity.tenantId) throw new ConflictError('A project already belongs to its own tenant');
  const duplicate = await ctx.em.findOne(Approval, {
    kind: ApprovalKind.PROJECT_TENANT, projectId, targetTenantId, status: ApprovalStatus.PENDING, expiresAt: { $gt: new Date() },
  });
  if (duplicate) throw new ConflictError('A pending request for this project and tenant already exists', { approvalId: duplicate.id });
  if (await ctx.em.findOne(ProjectShare, { projectId, sharedWithTenantId: targetTenantId })) {
    throw new ConflictError('The project is already shared with this tenant');
  }
  return openApproval(ctx, {
    kind: ApprovalKind.PROJECT_TENANT, projectId, projectName: project.name, targetTenantId, targetTenantName: target.name,
  });
}

/** Tenant A asks for tenant B's project dataset in one of A's projects; B (the owner) reviews. */
export async function requestProjectDataset(ctx: Context, projectId: string, datasetId: string): Promise<Approval> {
  const identity = requireIdentity(ctx);
  const project = await getProject(ctx, projectId);
  const dataset = await projectDatasetSnapshot(ctx.em, datasetId);
  if (!dataset) throw new NotFoundError('Dataset', datasetId);
  if (dataset.tenantId === identity.tenantId) throw new ConflictError('The dataset already belongs to your tenant: add it to the project directly');
  const owner = await tenantSnapshot(ctx.em, dataset.tenantId);
  if (!owner) throw new NotFoundError('Dataset', datasetId);
  const duplicate = await ctx.em.findOne(Approval, {
    kind: ApprovalKind.PROJECT_DATASET, projectId, datasetId, status: ApprovalStatus.PENDING, expiresAt: { $gt: new Date() },
  });
  if (duplicate) throw new ConflictError('A pending request for this project and dataset already exists', { approvalId: duplicate.id });
  return openApproval(ctx, {
    kind: ApprovalKind.PROJECT_DATASET, projectId, projectName: project.name, targetTenantId: owner.id, targetTenantName: owner.name,
    datasetId, datasetName: dataset.name,
  });
}

/** Approve or reject: only the reviewing tenant's Org admins, only while pending and unexpired. */
export async function reviewApproval(ctx: Context, id: string, decision: 'approved' | 'rejected', reason?: string | null): Promise<Approval> {
  const identity = requireIdentity(ctx);
  const approval = await getApproval(ctx, id);
  if (approval.targetTenantId !== identity.tenantId || !hasRole(identity.roles, ORG_ADMIN)) {
    throw new ForbiddenError("Only Org admins of the tenant asked can review this request");
  }
  if (approval.status === ApprovalStatus.PENDING && approval.expiresAt <= new Date()) approval.status = ApprovalStatus.EXPIRED;
  if (approval.status !== ApprovalStatus.PENDING) {
    throw new ConflictError(`The request is already ${approval.status}`, { status: approval.status });
  }
  return transactProjects(ctx, async (em, emit) => {
    approval.status = decision === 'approved' ? ApprovalStatus.APPROVED : ApprovalStatus.REJECTED;
    approval.reviewedById = identity.userId;
    approval.reviewedAt = new Date();
    if (decision === 'rejected') approval.rejectionReason = reason ?? null;
    if (decision === 'approved' && approval.kind === ApprovalKind.PROJECT_TENANT) {
      em.create(ProjectShare, {
        tenantId: approval.tenantId, projectId: approval.projectId, projectName: approval.projectName,
        sharedWithTenantId: approval.targetTenantId, approvalId: approval.id,
      });
    }
    emitToBoth(emit, approval.status, approval);
    return approval;
  });
}

/** Marks every pending request past its expiry as expired; returns how many. */
export async function expireApprovals(ctx: Context): Promise<number> {
  return transactProjects(ctx, async (em, emit) => {
    const stale = await em.find(Approval, { status: ApprovalStatus.PENDING, expiresAt: { $lte: new Date() } });
    for (const approval of stale) {
      approval.status = ApprovalStatus.EXPIRED;
      emitToBoth(emit, 'expired', approval);
    }
    return stale.length;
  });
}

/** Projects other tenants shared with the caller's tenant. */
export async function listSharedProjects(ctx: Context, page: PageArgs): Promise<Page<ProjectShare>> {
  const { tenantId } = requireIdentity(ctx);
  return paginate(ctx.em, ProjectShare, { sharedWithTenantId: tenantId }, page);
}

