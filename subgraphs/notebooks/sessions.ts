import type { EntityManager } from '@mikro-orm/core';
import { IsIn, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { checkTeams } from '../../src/access/team-grants';
import { teamIdsOfUser } from '../../src/db/directory';
import type { Emit } from '../../src/events/outbox';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import type { TaskHandler } from '../../src/queue/runner';
import { enqueueTask } from '../../src/queue/task';
import { ComputeSession } from './entities';
import { startBlocker } from './notebooks';
import { SESSION_TOPIC, transactNotebooks, type NotebookEvents } from './events';
import { signProxyToken } from './proxy-tokens';
import { ENDPOINT_TYPES, SESSION_STATUSES, sessionTransition, TERMINAL_SESSION_STATUSES, type SessionAction } from './session.machine';
import { getWorkloadConfig } from './workload-configs';

/** Task kind that makes a pending session active once its compute is ready. */
export const SESSION_READY_TASK = 'session_ready';
/** Default and longest lifetime of a session proxy token. */
export const PROXY_TOKEN_TTL_SECONDS = 900;
export const MAX_PROXY_TOKEN_TTL_SECONDS = 3600;

@InputType({ description: 'A new session on a workload config.' })
export class CreateComputeSessionInput {
  @Field(() => ID, { description: 'The workload config to run it with.' })
  @MaxLength(36)
  workloadConfigId!: string;
  @Field(() => String, { nullable: true, description: `Endpoint type: ${ENDPOINT_TYPES.join(' or ')} (default: the config's workloadType).` })
  @IsOptional()
  @IsIn(ENDPOINT_TYPES, { message: `endpointType must be one of ${ENDPOINT_TYPES.join(', ')}` })
  endpointType?: string | null;
  @Field(() => ID, { nullable: true, description: 'A team it belongs to (its members see it).' })
  @IsOptional()
  @MaxLength(36)
  teamId?: string | null;
  @Field(() => String, { nullable: true, description: 'Name.' })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
}

@InputType({ description: 'Which sessions to list.' })
export class ComputeSessionFilter {
  @Field(() => ID, { nullable: true, description: 'Only sessions of this team.' })
  @IsOptional()
  @MaxLength(36)
  teamId?: string | null;
  @Field(() => String, { nullable: true, description: `Only this endpoint type (${ENDPOINT_TYPES.join(', ')}).` })
  @IsOptional()
  @IsIn(ENDPOINT_TYPES, { message: `endpointType must be one of ${ENDPOINT_TYPES.join(', ')}` })
  endpointType?: string | null;
  @Field(() => String, { nullable: true, description: `Only this status (${SESSION_STATUSES.join(', ')}).` })
  @IsOptional()
  @IsIn(SESSION_STATUSES, { message: `status must be one of ${SESSION_STATUSES.join(', ')}` })
  status?: string | null;
}

@ObjectType({ description: "How the owner reaches a session: the gRPC proxy (Spark Connect) or a proxy auth URL (Marimo, HTTP)." })
export class SessionConnectionInfo {
  @Field(() => String, { description: 'grpc (Spark Connect) or http (Marimo).' })
  transport!: string;
  @Field(() => String, { nullable: true, description: 'gRPC proxy address to dial (Spark Connect); authenticate with issueSessionProxyToken.' })
  grpcEndpoint?: string | null;
  @Field(() => String, { nullable: true, description: 'Proxy authentication URL with a signed JWT (Marimo), valid until expiresAt.' })
  proxyAuthUrl?: string | null;
  @Field(() => Date, { nullable: true, description: 'When proxyAuthUrl stops working.' })
  expiresAt?: Date | null;
}

@ObjectType({ description: 'A short-lived bearer token for the session gRPC proxy.' })
export class SessionProxyToken {
  @Field(() => String, { description: 'Signed JWT: send it as Authorization: Bearer to grpcEndpoint.' })
  token!: string;
  @Field(() => Date, { description: 'When it expires.' })
  expiresAt!: Date;
  @Field(() => String, { description: 'The gRPC proxy address to dial.' })
  grpcEndpoint!: string;
}

const isAdmin = (ctx: Context) => hasRole(requireIdentity(ctx).roles, ORG_ADMIN);

/** Sessions the caller sees: an Org admin all; others their own and their teams'. */
async function visibleWhere(ctx: Context): Promise<Record<string, unknown>> {
  const identity = requireIdentity(ctx);
  if (isAdmin(ctx)) return {};
  return { $or: [{ ownerId: identity.userId }, { teamId: { $in: await teamIdsOfUser(ctx.em, identity.tenantId, identity.userId) } }] };
}

export async function getComputeSession(ctx: Context, id: string): Promise<ComputeSession> {
  const session = await ctx.em.findOne(ComputeSession, { $and: [{ id }, await visibleWhere(ctx)] });
  if (!session) throw new NotFoundError('Session', id);
  return session;
}

export async function listComputeSessions(ctx: Context, filter: ComputeSessionFilter | undefined, page: PageArgs): Promise<Page<ComputeSession>> {
  const where: Record<string, unknown>[] = [await visibleWhere(ctx)];
  if (filter?.teamId) where.push({ teamId: filter.teamId });
  if (filter?.endpointType) where.push({ endpointType: filter.endpointType });
  if (filter?.status) where.push({ status: filter.status });
  return paginate<ComputeSession>(ctx.em, ComputeSession, { $and: where }, page, { orderBy: { createdAt: 'desc' } });
}

type SessionEmit = Emit<NotebookEvents>;

/** A transition as a conditional update on the status it was read in; every one is an event. */
async function applySession(em: EntityManager, emit: SessionEmit, session: ComputeSession, action: SessionAction, changes: Partial<ComputeSession> = {}): Promise<void> {
  const from = session.status;
  const status = sessionTransition(from, action);
  if (!(await em.nativeUpdate(ComputeSession, { id: session.id, status: from }, { ...changes, status }))) {
    throw new ConflictError('The session changed meanwhile; read it again', { action });
  }
  Object.assign(session, changes, { status });
  emit(SESSION_TOPIC, status, session.id, { sessionId: session.id, status, ownerId: session.ownerId, teamId: session.teamId ?? null, message: session.statusReason ?? null }, session.tenantId);
}

/** A new pending session; a task makes it active once its compute is ready (SESSION_START_MS), or failed. */
async function launch(ctx: Context, fields: Pick<ComputeSession, 'workloadConfigId' | 'endpointType' | 'teamId' | 'name' | 'relaunchedFromId'>): Promise<ComputeSession> {
  const identity = requireIdentity(ctx);
  const session = await transactNotebooks(ctx, async (em, emit) => {
    const created = em.create(ComputeSession, { ...fields, tenantId: identity.tenantId, ownerId: identity.userId, status: 'pending' });
    enqueueTask(em, {
      tenantId: identity.tenantId, kind: SESSION_READY_TASK, subjectId: created.id, actor: { userId: identity.userId, roles: identity.roles },
      runAt: new Date(Date.now() + ctx.config.sessionStartMs), timeoutMs: 60_000, maxAttempts: 3,
    });
    emit(SESSION_TOPIC, 'pending', created.id, { sessionId: created.id, status: 'pending', ownerId: identity.userId, teamId: created.teamId ?? null });
    return created;
  });
  ctx.tasks.wake();
  return session;
}

export async function createComputeSession(ctx: Context, input: CreateComputeSessionInput): Promise<ComputeSession> {
  const config = await getWorkloadConfig(ctx, input.workloadConfigId);
  if (input.teamId) await checkTeams(ctx, [input.teamId]);
  return launch(ctx, { workloadConfigId: config.id, endpointType: input.endpointType ?? config.workloadType, teamId: input.teamId ?? null, name: input.name ?? null, relaunchedFromId: null });
}

/** Closed at once (closedAt set); cleanup of its compute is asynchronous. The owner or an Org admin. */
export async function closeComputeSession(ctx: Context, id: string): Promise<ComputeSession> {
  const session = await getComputeSession(ctx, id);
  if (session.ownerId !== requireIdentity(ctx).userId && !isAdmin(ctx)) throw new ForbiddenError('Only the session owner or an Org admin may close it');
  sessionTransition(session.status, 'close');
  await transactNotebooks(ctx, (em, emit) => applySession(em, emit, session, 'close', { closedAt: new Date() }));
  await ctx.tasks.cancel(id).catch(() => false);
  return session;
}

/** A new session (new id) with the same workload config as a closed or failed one; its owner only. The original is not changed. */
export async function relaunchComputeSession(ctx: Context, id: string): Promise<ComputeSession> {
  const original = await getComputeSession(ctx, id);
  if (original.ownerId !== requireIdentity(ctx).userId) throw new ForbiddenError('Only the session owner may relaunch it');
  if (!(TERMINAL_SESSION_STATUSES as readonly string[]).includes(original.status)) {
    throw new ConflictError(`Only closed or failed sessions can be relaunched; this one is ${original.status}`, { status: original.status });
  }
  await getWorkloadConfig(ctx, original.workloadConfigId);
  return launch(ctx, { workloadConfigId: original.workloadConfigId, endpointType: original.endpointType, teamId: original.teamId ?? null, name: original.name ?? null, relaunchedFromId: original.id });
}

const grpcEndpointOf = (ctx: Context) => `${new URL(ctx.config.sessionProxyUrl).hostname}:443`;

/** The owner's proxy token (a signed JWT, 15 minutes by default) for a session that is not closed or failed. */
export async function issueSessionProxyToken(ctx: Context, id: string, ttlSeconds?: number | null): Promise<SessionProxyToken> {
  const identity = requireIdentity(ctx);
  const session = await getComputeSession(ctx, id);
  if (ttlSeconds != null && (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > MAX_PROXY_TOKEN_TTL_SECONDS)) {
    throw new BadInputError(`ttlSeconds must be an integer from 60 to ${MAX_PROXY_TOKEN_TTL_SECONDS}`);
  }
  if (session.ownerId !== identity.userId) throw new ForbiddenError('Only the session owner may get a proxy token');
  if ((TERMINAL_SESSION_STATUSES as readonly string[]).includes(session.status)) throw new ConflictError(`The session is ${session.status}`, { status: session.status });
  const signed = await signProxyToken(ctx.config, 'session-proxy', { userId: identity.userId, tenantId: identity.tenantId, resource: { sid: id } }, ttlSeconds ?? PROXY_TOKEN_TTL_SECONDS);
  return { ...signed, grpcEndpoint: grpcEndpointOf(ctx) };
}

/** connectionInfo: for the owner of a session that is not closed or failed; null for anyone else. */
export async function connectionInfoOf(ctx: Context, session: ComputeSession): Promise<SessionConnectionInfo | null> {
  const identity = requireIdentity(ctx);
  if (session.ownerId !== identity.userId || (TERMINAL_SESSION_STATUSES as readonly string[]).includes(session.status)) return null;
  if (session.endpointType === 'spark_connect') return { transport: 'grpc', grpcEndpoint: grpcEndpointOf(ctx), proxyAuthUrl: null, expiresAt: null };
  const { token, expiresAt } = await signProxyToken(ctx.config, 'session-proxy', { userId: identity.userId, tenantId: identity.tenantId, resource: { sid: session.id } }, 300);
  return { transport: 'http', grpcEndpoint: null, proxyAuthUrl: `${ctx.config.sessionProxyUrl}/sessions/${session.id}/auth?token=${token}`, expiresAt };
}

/** pending → active once the compute is ready, or → failed when its workload config's cluster is gone or not active. */
export const sessionReadyTask: TaskHandler = {
  async run(ctx, task) {
    const session = await ctx.em.findOne(ComputeSession, { id: task.subjectId });
    if (!session || session.status !== 'pending') return;
    const blocker = await startBlocker(ctx, session.tenantId, session.workloadConfigId);
    await transactNotebooks(ctx, (em, emit) =>
      blocker
        ? applySession(em, emit, session, 'fail', { statusReason: `Compute could not start: ${blocker}` })
        : applySession(em, emit, session, 'activate', { activatedAt: new Date() }),
    );
  },
  async settle(ctx, task, outcome) {
    const session = await ctx.em.findOne(ComputeSession, { id: task.subjectId });
    if (!session || session.status !== 'pending') return;
    await transactNotebooks(ctx, (em, emit) => applySession(em, emit, session, 'fail', { statusReason: outcome.message }));
  },
};
