import { timingSafeEqual } from 'node:crypto';
import { Arg, Args, Authorized, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver, registerEnumType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import type { Context } from '../../src/context';
import { hasRole, ORG_ADMIN, PLATFORM_ADMIN } from '../../src/auth/roles';
import { ForbiddenError } from '../../src/errors';
import { Connection, PageArgs } from '../../src/pagination';
import * as approvals from './approvals';
import { Approval, ApprovalStatus, ProjectShare } from './approvals';

export const ApprovalConnection = Connection(Approval, 'Approval');
export const ProjectShareConnection = Connection(ProjectShare, 'ProjectShare');

export enum ApprovalDirection {
  INCOMING = 'incoming',
  OUTGOING = 'outgoing',
}
registerEnumType(ApprovalDirection, {
  name: 'ApprovalDirection',
  description: 'Requests your tenant must review (INCOMING) or made (OUTGOING).',
});

@InputType({ description: 'Which approvals to list.' })
export class ApprovalFilter {
  @Field(() => ApprovalDirection, { nullable: true, description: 'Incoming or outgoing; both when omitted.' })
  @IsOptional()
  direction?: ApprovalDirection | null;

  @Field(() => ApprovalStatus, { nullable: true, description: 'Only this status (PENDING excludes expired ones).' })
  @IsOptional()
  status?: ApprovalStatus | null;
}

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

@Resolver(() => Approval)
export class ApprovalResolver {
  @Authorized(ORG_ADMIN)
  @Query(() => ApprovalConnection, { description: 'Approval requests your tenant made or must review (Org admin).' })
  approvals(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ApprovalFilter, { nullable: true, description: 'Direction and status.' }) filter: ApprovalFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return approvals.listApprovals(ctx, filter ?? {}, page);
  }

  @Authorized()
  @Query(() => Approval, { description: 'One approval request your tenant made or must review (Org admins of either tenant, or the user who asked).' })
  approval(@Arg('id', () => ID, { description: 'Approval id.' }) id: string, @Ctx() ctx: Context) {
    return approvals.viewApproval(ctx, id);
  }

  @Authorized()
  @Query(() => ProjectShareConnection, { description: 'Projects other tenants shared with your tenant through approved requests.' })
  sharedProjects(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return approvals.listSharedProjects(ctx, page);
  }

  @Authorized()
  @Mutation(() => Approval, { description: "Ask another tenant to join one of your projects; its Org admins review the request." })
  requestProjectTenantApproval(
    @Arg('projectId', () => ID, { description: 'Your project.' }) projectId: string,
    @Arg('tenantId', () => ID, { description: 'The tenant to invite.' }) tenantId: string,
    @Ctx() ctx: Context,
  ) {
    return approvals.requestProjectTenant(ctx, projectId, tenantId);
  }

  @Authorized()
  @Mutation(() => Approval, { description: "Ask for another tenant's dataset to be added to your project; its Org admins review the request." })
  requestProjectDatasetApproval(
    @Arg('projectId', () => ID, { description: 'Your project.' }) projectId: string,
    @Arg('datasetId', () => ID, { description: 'The dataset asked for.' }) datasetId: string,
    @Ctx() ctx: Context,
  ) {
    return approvals.requestProjectDataset(ctx, projectId, datasetId);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => Approval, { description: 'Approve a pending request made to your tenant (Org admin); creates the association.' })
  approveApproval(@Arg('id', () => ID, { description: 'Approval id.' }) id: string, @Ctx() ctx: Context) {
    return approvals.reviewApproval(ctx, id, 'approved');
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => Approval, { description: 'Reject a pending request made to your tenant (Org admin), optionally with a reason.' })
  rejectApproval(
    @Arg('id', () => ID, { description: 'Approval id.' }) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why, shown to the requester.' }) reason: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return approvals.reviewApproval(ctx, id, 'rejected', reason);
  }

  @Mutation(() => Int, {
    description: `Expire pending requests older than ${approvals.APPROVAL_TTL_DAYS} days; returns how many. For the scheduler (internalToken) or a platform admin.`,
  })
  expireApprovals(
    @Arg('internalToken', () => String, { nullable: true, description: 'The INTERNAL_TOKEN the server was started with.' }) internalToken: string | undefined,
    @Ctx() ctx: Context,
  ) {
    const byScheduler = !!internalToken && !!ctx.config.internalToken && sameSecret(internalToken, ctx.config.internalToken);
    if (!byScheduler && !(ctx.identity && hasRole(ctx.identity.roles, PLATFORM_ADMIN))) {
      throw new ForbiddenError('Expiring approvals needs the internal token or a platform admin');
    }
    return approvals.expireApprovals(ctx);
  }
}

