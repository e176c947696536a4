import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { addGrants, checkTeams, grantsOf, resourcesOfCaller } from '../../src/access/team-grants';
import { BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import { paginate, SortDirection, type Page, type PageArgs } from '../../src/pagination';
import { CloudConnection, CloudNetwork, Cluster, type NodeGroup } from './entities';
import { CLUSTER_TOPIC, transactClusters, type ClusterEventPayload } from './events';
import type { ClusterFilter, CreateClusterInput, NodeGroupInput, UpdateClusterInput } from './inputs';
import { DELETABLE_CLUSTER_STATUSES, transition } from './cluster.machine';
import { driverFor } from './drivers';
import type { ClusterHealthReport, InfraTarget } from './drivers/driver';
import { startAction } from './lifecycle';

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

/** Clusters the caller may see, sorted by name (lakesail's "list my clusters"); a connection not of the tenant is NOT_FOUND, not an empty list. */
export async function listClusters(ctx: Context, filter: ClusterFilter | undefined, page: PageArgs): Promise<Page<Cluster>> {
  if (filter?.connectionId) await getConnection(ctx, filter.connectionId);
  const visible = await visibleClusterIds(ctx);
  const where: Record<string, unknown> = {};
  if (visible !== 'all') where.id = { $in: visible };
  if (filter?.kind) where.kind = filter.kind;
  if (filter?.connectionId) where.connectionId = filter.connectionId;
  const direction = filter?.direction ?? SortDirection.ASC;
  return paginate(ctx.em, Cluster, where, page, { orderBy: { name: direction, id: direction } });
}

/** A cloud connection of the tenant (here rather than in cloud.ts because clusters need it and cloud.ts imports this module). */
export async function getConnection(ctx: Context, id: string): Promise<CloudConnection> {
  requireIdentity(ctx);
  const connection = await ctx.em.findOne(CloudConnection, { id });
  if (!connection) throw new NotFoundError('Connection', id);
  return connection;
}

/** An active connection of the tenant; CONFLICT while it is not verified active. */
export async function activeConnection(ctx: Context, id: string): Promise<CloudConnection> {
  const connection = await getConnection(ctx, id);
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

/** The outcome of a long action: the record as it is now and the async operation that carries it on. */
export interface ClusterActionResult {
  cluster: Cluster;
  operationId: string;
}

function requireProvisioned(cluster: Cluster, action: string): void {
  if (cluster.kind !== 'provisioned') throw new ConflictError(`Cannot ${action} a registered cluster: only provisioned clusters are ${action}d through a connection`, { status: cluster.status });
}

/** pending → provisioning → active, on the driver. */
export async function provisionCluster(ctx: Context, id: string, connectionId?: string): Promise<ClusterActionResult> {
  const cluster = connectionId ? await getProvisionedCluster(ctx, id, connectionId) : await getVisibleCluster(ctx, id);
  requireProvisioned(cluster, 'provision');
  transition(cluster.status, 'provision');
  if (cluster.connectionId) await activeConnection(ctx, cluster.connectionId);
  return { cluster, operationId: await startAction(ctx, 'cluster', cluster, 'provision') };
}

/** active → updating → active with a new Kubernetes version and/or node groups. */
export async function updateCluster(ctx: Context, id: string, input: UpdateClusterInput, connectionId?: string): Promise<ClusterActionResult> {
  const cluster = connectionId ? await getProvisionedCluster(ctx, id, connectionId) : await getVisibleCluster(ctx, id);
  requireProvisioned(cluster, 'update');
  transition(cluster.status, 'update');
  if (!input.kubernetesVersion && !input.nodeGroups) throw new BadInputError('Give a kubernetesVersion or nodeGroups to update');
  if (input.kubernetesVersion && cluster.kubernetesVersion && compareVersions(input.kubernetesVersion, cluster.kubernetesVersion) < 0) {
    throw new BadInputError(`Kubernetes cannot be downgraded (from ${cluster.kubernetesVersion} to ${input.kubernetesVersion})`);
  }
  const pendingChanges = { kubernetesVersion: input.kubernetesVersion ?? null, nodeGroups: input.nodeGroups ? toNodeGroups(input.nodeGroups) : null };
  return { cluster, operationId: await startAction(ctx, 'cluster', cluster, 'update', { pendingChanges }) };
}

/** active (or failed, which may still hold infrastructure) → destroying → destroyed; the record is kept. Jobs cancel their runs on it. */
export async function destroyCluster(ctx: Context, id: string, connectionId?: string): Promise<ClusterActionResult> {
  const cluster = connectionId ? await getProvisionedCluster(ctx, id, connectionId) : await getVisibleCluster(ctx, id);
  return { cluster, operationId: await startAction(ctx, 'cluster', cluster, 'destroy') };
}

/** Deletes the record of a destroyed or failed cluster (CONFLICT otherwise). */
export async function deleteCluster(ctx: Context, id: string): Promise<Cluster> {
  const cluster = await getVisibleCluster(ctx, id);
  if (!(DELETABLE_CLUSTER_STATUSES as readonly string[]).includes(cluster.status)) {
    throw new ConflictError(`Only a destroyed or failed cluster's record can be deleted; this one is ${cluster.status} (destroy it first)`, { status: cluster.status });
  }
  const teamIds = await clusterTeamIds(ctx, id);
  return transactClusters(ctx, async (_em, emit) => {
    cluster.archivedAt = new Date();
    emit(CLUSTER_TOPIC, 'deleted', cluster.id, clusterEvent(cluster, teamIds));
    return cluster;
  });
}

function compareVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** Metric windows lakesail names. */
export const METRIC_PERIODS: Record<string, number> = { '1h': 3600_000, '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000 };

export async function clusterHealth(ctx: Context, id: string, connectionId?: string): Promise<ClusterHealthReport & { clusterId: string; clusterStatus: string; checkedAt: Date }> {
  const cluster = connectionId ? await getProvisionedCluster(ctx, id, connectionId) : await getVisibleCluster(ctx, id);
  const report = await driverFor(ctx.config).health(infraTargetOf(cluster), cluster.status);
  return { ...report, clusterId: cluster.id, clusterStatus: cluster.status, checkedAt: new Date() };
}

/** A kubeconfig for an active (or updating) cluster; CONFLICT while it has no API server. */
export async function clusterKubeconfig(ctx: Context, id: string, connectionId?: string): Promise<string> {
  const cluster = connectionId ? await getProvisionedCluster(ctx, id, connectionId) : await getVisibleCluster(ctx, id);
  if (!['active', 'updating'].includes(cluster.status)) throw new ConflictError(`A kubeconfig is available while the cluster is active; it is ${cluster.status}`, { status: cluster.status });
  const driver = driverFor(ctx.config);
  const target = infraTargetOf(cluster);
  return driver.kubeconfig(target, cluster.endpoint ?? driver.endpointOf(target));
}

/** CPU and memory over `1h`, `24h` or `7d` (BAD_USER_INPUT otherwise), since the cluster last became active. */
export async function clusterMetrics(ctx: Context, id: string, period: string, connectionId?: string) {
  const windowMs = METRIC_PERIODS[period];
  if (!windowMs) throw new BadInputError(`period must be one of ${Object.keys(METRIC_PERIODS).join(', ')}`, { field: 'period' });
  const cluster = connectionId ? await getProvisionedCluster(ctx, id, connectionId) : await getVisibleCluster(ctx, id);
  const from = new Date(Date.now() - windowMs);
  const up = ['active', 'updating'].includes(cluster.status);
  const points = up ? await driverFor(ctx.config).metrics(ctx.em, infraTargetOf(cluster), from) : [];
  const avg = (f: (p: (typeof points)[number]) => number) => (points.length ? Math.round((points.reduce((s, p) => s + f(p), 0) / points.length) * 100) / 100 : null);
  return { clusterId: cluster.id, period, from, to: new Date(), points, cpuAverage: avg((p) => p.cpuPercent), memoryAverage: avg((p) => p.memoryPercent) };
}

function infraTargetOf(cluster: Cluster): InfraTarget {
  return { kind: 'cluster', id: cluster.id, tenantId: cluster.tenantId, name: cluster.name, region: cluster.region, kubernetesVersion: cluster.kubernetesVersion, nodeGroups: cluster.nodeGroups };
}
