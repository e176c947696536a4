import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { addGrants, checkTeams, grantsOf, resourcesOfCaller } from '../../src/access/team-grants';
import { BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import { paginate, SortDirection, type Page, type PageArgs } from '../../src/pagination';
import { CloudConnection, CloudNetwork, Cluster, type NodeGroup } from './entities';
import { CLUSTER_TOPIC, transactClusters, type ClusterEventPayload } from './events';
import type { ClusterFilter, CreateClusterInput, NodeGroupInput } from './inputs';

export const DEFAULT_KUBERNETES_VERSION = '1.30';

/** Clusters the caller may see: all for an Org admin, else those granted to its teams. */
export async function visibleClusterIds(ctx: Context): Promise<string[] | 'all'> {
  const identity = requireIdentity(ctx);
  return hasRole(identity.roles, ORG_ADMIN) ? 'all' : resourcesOfCaller(ctx, 'cluster');
}

/** A cluster the caller may see (another team's is NOT_FOUND, like another tenant's: lakesail's 404 without access). */
export async function getVisibleCluster(ctx: Context, id: string): Promise<Cluster> {
  requireIdentity(ctx);
  const cluster = await ctx.em.findOne(Cluster, { id });
  const visible = cluster && (await visibleClusterIds(ctx));
  if (!cluster || (visible !== 'all' && !visible?.includes(id))) throw new NotFoundError('Cluster', id);
  return cluster;
}

/** A provisioned cluster the caller may see. */
export async function getProvisionedCluster(ctx: Context, id: string, connectionId?: string): Promise<Cluster> {
  const cluster = await getVisibleCluster(ctx, id);
  if (cluster.kind !== 'provisioned' || (connectionId && cluster.connectionId !== connectionId)) throw new NotFoundError('Provisioned cluster', id);
  return cluster;
}

export async function clusterTeamIds(ctx: Context, clusterId: string): Promise<string[]> {
  return (await grantsOf(ctx, 'cluster', clusterId)).map((g) => g.teamId);
}

/** The payload of a cluster event as of now. */
export function clusterEvent(cluster: Cluster, teamIds: string[], extra: Partial<ClusterEventPayload> = {}): ClusterEventPayload {
  return { clusterId: cluster.id, name: cluster.name, status: cluster.status, teamIds, phase: cluster.phase ?? null, message: cluster.statusReason ?? null, operationId: cluster.operationId ?? null, ...extra };
}

export function toNodeGroups(groups: NodeGroupInput[]): NodeGroup[] {
  const names = new Set<string>();
  return groups.map((g) => {
    if (names.has(g.name)) throw new BadInputError(`Node group "${g.name}" is given twice`);
    names.add(g.name);
    const minSize = g.minSize ?? g.desiredSize;
    const maxSize = g.maxSize ?? g.desiredSize;
    if (minSize > g.desiredSize || g.desiredSize > maxSize) throw new BadInputError(`Node group "${g.name}": minSize ≤ desiredSize ≤ maxSize`);
    return { name: g.name, instanceType: g.instanceType, desiredSize: g.desiredSize, minSize, maxSize };
  });
}

/** Clusters the caller may see, sorted by name (lakesail's "list my clusters"). */
export async function listClusters(ctx: Context, filter: ClusterFilter | undefined, page: PageArgs): Promise<Page<Cluster>> {
  const visible = await visibleClusterIds(ctx);
  const where: Record<string, unknown> = {};
  if (visible !== 'all') where.id = { $in: visible };
  if (filter?.kind) where.kind = filter.kind;
  if (filter?.connectionId) where.connectionId = filter.connectionId;
  const direction = filter?.direction ?? SortDirection.ASC;
  return paginate(ctx.em, Cluster, where, page, { orderBy: { name: direction, id: direction } });
}

/** An active connection of the tenant; CONFLICT while it is not verified active. */
export async function activeConnection(ctx: Context, id: string): Promise<CloudConnection> {
  const connection = await ctx.em.findOne(CloudConnection, { id });
  if (!connection) throw new NotFoundError('Connection', id);
  if (connection.status !== 'active') throw new ConflictError(`Connection ${id} is ${connection.status}; it must be active (verify it first)`, { status: connection.status });
  return connection;
}

/** Registered clusters are active at once; provisioned ones are pending until provisioned, and need an active connection and network. */
export async function createCluster(ctx: Context, input: CreateClusterInput, connectionIdFromPath?: string): Promise<Cluster> {
  const identity = requireIdentity(ctx);
  const connectionId = connectionIdFromPath ?? input.connectionId ?? null;
  const kind = input.kind ?? (connectionId ? 'provisioned' : 'registered');
  const teamIds = input.teamIds?.length ? await checkTeams(ctx, input.teamIds) : [];
  let region: string | null = null;
  if (kind === 'provisioned') {
    if (!connectionId) throw new BadInputError('A provisioned cluster needs a connectionId');
    if (!input.networkId) throw new BadInputError('A provisioned cluster needs a networkId');
    const connection = await activeConnection(ctx, connectionId);
    const network = await ctx.em.findOne(CloudNetwork, { id: input.networkId, connectionId });
    if (!network) throw new NotFoundError('Network', input.networkId);
    if (network.status !== 'active') throw new ConflictError(`Network ${network.id} is ${network.status}; it must be active (provision it first)`, { status: network.status });
    region = network.region ?? connection.region;
  } else if (connectionId || input.networkId) {
    throw new BadInputError('A registered cluster takes no connectionId or networkId');
  }
  if (await ctx.em.findOne(Cluster, { name: input.name, status: { $ne: 'destroyed' } })) throw new ConflictError(`A cluster named "${input.name}" already exists`);
  const nodeGroups = kind === 'provisioned' ? toNodeGroups(input.nodeGroups ?? [{ name: 'default', instanceType: 'm5.large', desiredSize: 2 }]) : [];
  return transactClusters(ctx, async (em, emit) => {
    const cluster = em.create(Cluster, {
      tenantId: identity.tenantId, name: input.name, description: input.description ?? null, kind, status: kind === 'registered' ? 'active' : 'pending',
      endpoint: input.endpoint ?? null, connectionId, networkId: input.networkId ?? null, region, kubernetesVersion: input.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
      nodeGroups, createdBy: identity.userId, activeSince: kind === 'registered' ? new Date() : null,
    });
    await addGrants(em, identity.tenantId, 'cluster', cluster.id, teamIds);
    emit(CLUSTER_TOPIC, cluster.status, cluster.id, clusterEvent(cluster, teamIds));
    return cluster;
  });
}
