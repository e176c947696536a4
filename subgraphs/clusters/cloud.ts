import { randomUUID } from 'node:crypto';
import { IsIn, IsOptional, Length, Matches, MaxLength, ArrayMaxSize } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { ConflictError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { DELETABLE_CLUSTER_STATUSES } from './cluster.machine';
import { activeConnection, getConnection } from './clusters';
import { CloudConnection, CloudNetwork, Cluster } from './entities';
import { CLOUD_TOPIC, transactClusters } from './events';
import { startAction } from './lifecycle';

/** Cloud providers a connection may name (local: the local driver's own host). */
export const CLOUD_PROVIDERS = ['aws', 'local'] as const;

@InputType({ description: 'A new cloud account connection (pending until verified).' })
export class CreateCloudConnectionInput {
  @Field(() => String, { description: 'Name.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { nullable: true, description: `Provider: ${CLOUD_PROVIDERS.join(' or ')} (default aws).` })
  @IsOptional()
  @IsIn(CLOUD_PROVIDERS, { message: `provider must be one of ${CLOUD_PROVIDERS.join(', ')}` })
  provider?: string | null;
  @Field(() => String, { description: 'Default region, e.g. us-east-1.' })
  @Matches(/^[a-z0-9-]{2,64}$/, { message: 'region must be lower-case letters, digits and -' })
  region!: string;
  @Field(() => String, { nullable: true, description: 'Cloud account id.' })
  @IsOptional()
  @Matches(/^[0-9]{12}$/, { message: 'accountId must be 12 digits' })
  accountId?: string | null;
}

@InputType({ description: 'A new managed network (pending until provisioned).' })
export class CreateCloudNetworkInput {
  @Field(() => String, { description: 'Name.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { nullable: true, description: "Region (default: the connection's)." })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,64}$/, { message: 'region must be lower-case letters, digits and -' })
  region?: string | null;
  @Field(() => String, { nullable: true, description: 'VPC CIDR block (default 10.0.0.0/16).' })
  @IsOptional()
  @Matches(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { message: 'cidrBlock must look like 10.0.0.0/16' })
  cidrBlock?: string | null;
  @Field(() => [String], { nullable: true, description: 'Subnet CIDRs (default two /20s).' })
  @IsOptional()
  @ArrayMaxSize(16)
  @Matches(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { each: true, message: 'subnets must look like 10.0.0.0/20' })
  subnets?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'The connection (when not given by the path).' })
  @IsOptional()
  @MaxLength(36)
  connectionId?: string | null;
}

export function listConnections(ctx: Context, page: PageArgs): Promise<Page<CloudConnection>> {
  requireIdentity(ctx);
  return paginate(ctx.em, CloudConnection, {}, page, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

export async function createConnection(ctx: Context, input: CreateCloudConnectionInput): Promise<CloudConnection> {
  const identity = requireIdentity(ctx);
  return transactClusters(ctx, async (em, emit) => {
    const connection = em.create(CloudConnection, {
      tenantId: identity.tenantId, name: input.name, provider: input.provider ?? 'aws', region: input.region, accountId: input.accountId ?? null, externalId: randomUUID(),
    });
    emit(CLOUD_TOPIC, 'pending', connection.id, { id: connection.id, kind: 'connection', status: connection.status });
    return connection;
  });
}

/**
 * Verifies a connection after its IaC template was deployed: pending (or failed) → active. The
 * local driver's accounts are always reachable; a cloud driver would assume the role here.
 */
export async function verifyConnection(ctx: Context, id: string): Promise<CloudConnection> {
  const connection = await getConnection(ctx, id);
  return transactClusters(ctx, async (_em, emit) => {
    Object.assign(connection, { status: 'active', statusReason: null, verifiedAt: new Date() });
    emit(CLOUD_TOPIC, 'verified', connection.id, { id: connection.id, kind: 'connection', status: connection.status });
    return connection;
  });
}

/** Deletes a connection whose clusters and networks are all destroyed (CONFLICT otherwise). */
export async function deleteConnection(ctx: Context, id: string): Promise<CloudConnection> {
  const connection = await getConnection(ctx, id);
  const liveClusters = await ctx.em.count(Cluster, { connectionId: id, status: { $nin: [...DELETABLE_CLUSTER_STATUSES] } });
  const liveNetworks = await ctx.em.count(CloudNetwork, { connectionId: id, status: { $nin: [...DELETABLE_CLUSTER_STATUSES] } });
  if (liveClusters || liveNetworks) throw new ConflictError(`Destroy the connection's ${liveClusters} cluster(s) and ${liveNetworks} network(s) first`, { status: connection.status });
  return transactClusters(ctx, async (_em, emit) => {
    connection.archivedAt = new Date();
    emit(CLOUD_TOPIC, 'deleted', connection.id, { id: connection.id, kind: 'connection', status: connection.status });
    return connection;
  });
}

export async function getNetwork(ctx: Context, id: string, connectionId?: string): Promise<CloudNetwork> {
  requireIdentity(ctx);
  const network = await ctx.em.findOne(CloudNetwork, { id, ...(connectionId ? { connectionId } : {}) });
  if (!network) throw new NotFoundError('Network', id);
  return network;
}

/** The tenant's networks, or one connection's (a connection not of the tenant is NOT_FOUND, not an empty list). */
export async function listNetworks(ctx: Context, connectionId: string | undefined, page: PageArgs): Promise<Page<CloudNetwork>> {
  requireIdentity(ctx);
  if (connectionId) await getConnection(ctx, connectionId);
  return paginate(ctx.em, CloudNetwork, connectionId ? { connectionId } : {}, page, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** A network through an active connection, pending until provisioned. */
export async function createNetwork(ctx: Context, input: CreateCloudNetworkInput, connectionIdFromPath?: string): Promise<CloudNetwork> {
  const identity = requireIdentity(ctx);
  const connectionId = connectionIdFromPath ?? input.connectionId;
  if (!connectionId) throw new NotFoundError('Connection', '(none given)');
  const connection = await activeConnection(ctx, connectionId);
  return transactClusters(ctx, async (em, emit) => {
    const network = em.create(CloudNetwork, {
      tenantId: identity.tenantId, name: input.name, connectionId, region: input.region ?? connection.region, cidrBlock: input.cidrBlock ?? '10.0.0.0/16',
      subnets: input.subnets ?? ['10.0.0.0/20', '10.0.16.0/20'],
    });
    emit(CLOUD_TOPIC, 'pending', network.id, { id: network.id, kind: 'network', status: network.status });
    return network;
  });
}

export async function provisionNetwork(ctx: Context, id: string, connectionId?: string): Promise<{ network: CloudNetwork; operationId: string }> {
  const network = await getNetwork(ctx, id, connectionId);
  await activeConnection(ctx, network.connectionId);
  return { network, operationId: await startAction(ctx, 'network', network, 'provision') };
}

/** Destroys an active (or failed) network whose clusters are all destroyed (CONFLICT otherwise); the record is kept. */
export async function destroyNetwork(ctx: Context, id: string, connectionId?: string): Promise<{ network: CloudNetwork; operationId: string }> {
  const network = await getNetwork(ctx, id, connectionId);
  const live = await ctx.em.count(Cluster, { networkId: id, status: { $nin: [...DELETABLE_CLUSTER_STATUSES] } });
  if (live) throw new ConflictError(`Destroy the ${live} cluster(s) in network ${id} first`, { status: network.status });
  return { network, operationId: await startAction(ctx, 'network', network, 'destroy') };
}

/** Deletes the record of a destroyed or failed network (CONFLICT otherwise). */
export async function deleteNetwork(ctx: Context, id: string): Promise<CloudNetwork> {
  const network = await getNetwork(ctx, id);
  if (!(DELETABLE_CLUSTER_STATUSES as readonly string[]).includes(network.status)) {
    throw new ConflictError(`Only a destroyed or failed network's record can be deleted; this one is ${network.status} (destroy it first)`, { status: network.status });
  }
  return transactClusters(ctx, async (_em, emit) => {
    network.archivedAt = new Date();
    emit(CLOUD_TOPIC, 'deleted', network.id, { id: network.id, kind: 'network', status: network.status });
    return network;
  });
}
