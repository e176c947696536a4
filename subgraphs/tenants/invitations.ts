import { Entity, Enum, Index, Property, type Opt } from '@mikro-orm/core';
import { IsEmail, IsOptional, Length, MaxLength } from 'class-validator';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { ORG_ADMIN } from '../../src/auth/roles';
import { TenantScopedEntity } from '../../src/db/base-entities';
import { ConflictError, NotFoundError } from '../../src/errors';
import { Connection, PageArgs, paginate } from '../../src/pagination';
import { Role, Tenant, User } from './entities';
import { INVITATION_TOPIC, transactTenants } from './events';

/** How long an invitation can be accepted. */
export const INVITATION_TTL_DAYS = 7;

export enum InvitationStatus {
  PENDING = 'pending',
  ACCEPTED = 'accepted',
  EXPIRED = 'expired',
}
registerEnumType(InvitationStatus, { name: 'InvitationStatus', description: 'Where an invitation stands.' });

/** An email invitation to join a tenant (lakesail invitations); its id is the unguessable secret the invitee holds. */
@ObjectType({ description: 'An invitation to join your organization.' })
@Entity({ tableName: 'invitations' })
@Index({ properties: ['tenantId', 'email'] })
export class Invitation extends TenantScopedEntity {
  @Field(() => String, { description: 'Who is invited.' })
  @Property({ type: 'string', length: 320 })
  email!: string;

  @Field(() => Role, { description: 'Role the invitee gets on accepting.' })
  @Enum({ items: () => Role, type: 'string', length: 32 })
  role!: Role;

  @Field(() => InvitationStatus, { description: 'pending until accepted or expired.' })
  @Enum({ items: () => InvitationStatus, type: 'string', length: 16 })
  status: Opt<InvitationStatus> = InvitationStatus.PENDING;

  @Field(() => Date, { description: `When it stops being acceptable (${INVITATION_TTL_DAYS} days after it was sent).` })
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Field(() => ID, { description: 'Org admin who invited.' })
  @Property({ type: 'string', length: 36 })
  invitedById!: string;

  @Field(() => ID, { nullable: true, description: 'The user created on acceptance.' })
  @Property({ type: 'string', length: 36, nullable: true })
  acceptedUserId?: string | null = null;
}

@InputType({ description: 'A new invitation.' })
export class CreateInvitationInput {
  @Field(() => String, { description: 'Email to invite.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(320)
  email!: string;
  @Field(() => Role, { nullable: true, description: 'Role on accepting. Default DATASET_USER.' })
  @IsOptional()
  role?: Role | null;
}

@InputType({ description: 'Accepting an invitation: who you are.' })
export class AcceptInvitationInput {
  @Field(() => String, { description: 'Your display name.' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;
}

@ObjectType({ description: 'The member an accepted invitation created, with a bearer token to sign in.' })
export class AcceptedInvitation {
  @Field(() => User, { description: 'The new member.' })
  user!: User;
  @Field(() => String, { description: 'Bearer token for the new member.' })
  token!: string;
}

export const InvitationConnection = Connection(Invitation, 'Invitation');

/** Finds an invitation by its id across tenants: the id itself is the invitee's credential. */
async function findInvitation(ctx: Context, id: string): Promise<Invitation> {
  const invitation = await ctx.em.findOne(Invitation, { id }, { filters: false });
  if (!invitation) throw new NotFoundError('Invitation', id);
  if (invitation.status === InvitationStatus.PENDING && invitation.expiresAt <= new Date()) invitation.status = InvitationStatus.EXPIRED;
  return invitation;
}

export async function createInvitation(ctx: Context, input: CreateInvitationInput): Promise<Invitation> {
  const identity = requireIdentity(ctx);
  const email = input.email.toLowerCase();
  if (await ctx.em.findOne(User, { email })) throw new ConflictError(`${email} is already a member`, { field: 'email' });
  if (await ctx.em.findOne(Invitation, { email, status: InvitationStatus.PENDING, expiresAt: { $gt: new Date() } })) {
    throw new ConflictError(`${email} already has a pending invitation`, { field: 'email' });
  }
  return transactTenants(ctx, async (em, emit) => {
    const invitation = em.create(Invitation, {
      tenantId: identity.tenantId, email, role: input.role ?? Role.DATASET_USER, invitedById: identity.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
    });
    emit(INVITATION_TOPIC, 'created', invitation.id, { id: invitation.id, email, status: invitation.status });
    return invitation;
  });
}

/** Creates the invitee as a member with the invited role and returns a token for them. */
export async function acceptInvitation(ctx: Context, id: string, input: AcceptInvitationInput): Promise<AcceptedInvitation> {
  const invitation = await findInvitation(ctx, id);
  if (invitation.status !== InvitationStatus.PENDING) throw new ConflictError(`The invitation is ${invitation.status}`, { status: invitation.status });
  if (await ctx.em.findOne(User, { tenantId: invitation.tenantId, email: invitation.email }, { filters: false })) {
    throw new ConflictError(`${invitation.email} is already a member`);
  }
  const user = await transactTenants(ctx, async (em, emit) => {
    const created = em.create(User, { tenantId: invitation.tenantId, email: invitation.email, name: input.name, role: invitation.role, invitedAt: invitation.createdAt });
    invitation.status = InvitationStatus.ACCEPTED;
    invitation.acceptedUserId = created.id;
    emit(INVITATION_TOPIC, 'accepted', invitation.id, { id: invitation.id, email: invitation.email, status: invitation.status }, invitation.tenantId);
    return created;
  });
  const token = await ctx.mintToken({ sub: user.id, tenant: user.tenantId, roles: [user.role] });
  return { user, token };
}

@Resolver(() => Invitation)
export class InvitationResolver {
  @Authorized(ORG_ADMIN)
  @Query(() => InvitationConnection, { description: "Your tenant's invitations (Org admin)." })
  invitations(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, Invitation, {}, page);
  }

  @Query(() => Invitation, { description: 'An invitation by its id (no sign-in needed: the id is what the invitee received).' })
  invitation(@Arg('id', () => ID, { description: 'Invitation id.' }) id: string, @Ctx() ctx: Context) {
    return findInvitation(ctx, id);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => Invitation, { description: `Invite someone by email (Org admin); valid ${INVITATION_TTL_DAYS} days.` })
  createInvitation(@Arg('input', () => CreateInvitationInput, { description: 'The invitation.' }) input: CreateInvitationInput, @Ctx() ctx: Context) {
    return createInvitation(ctx, input);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Name of the inviting organization (shown to the invitee).' })
  async organizationName(@Root() invitation: Invitation, @Ctx() ctx: Context): Promise<string | null> {
    const tenant = await ctx.em.findOne(Tenant, { id: invitation.tenantId }, { filters: false });
    return tenant?.name ?? null;
  }

  @Mutation(() => AcceptedInvitation, { description: 'Accept a pending invitation: become a member and get a bearer token (no sign-in needed).' })
  acceptInvitation(
    @Arg('id', () => ID, { description: 'Invitation id.' }) id: string,
    @Arg('input', () => AcceptInvitationInput, { description: 'Who you are.' }) input: AcceptInvitationInput,
    @Ctx() ctx: Context,
  ) {
    return acceptInvitation(ctx, id, input);
  }
}
