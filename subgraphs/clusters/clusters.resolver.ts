import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { teamIdsOfUser } from '../../src/db/directory';
import type { EventEnvelope } from '../../src/events/envelope';
import { eventStream } from '../../src/events/stream';
import { Connection, PageArgs } from '../../src/pagination';
import { Cluster, ClusterMetricPoint } from './entities';
import * as clusters from './clusters';
import { CLUSTER_TOPIC, type ClusterEventPayload } from './events';
import { ClusterFilter, CreateClusterInput, UpdateClusterInput } from './inputs';

export const ClusterConnection = Connection(Cluster, 'Cluster');

@ObjectType({ description: 'A long cluster action that was started: the cluster as it is now and the async operation to poll (`operation(id)`) or watch (`clusterChanged`).' })
export class ClusterActionResult {
  @Field(() => Cluster, { description: 'The cluster, in its new in-between status.' })
  cluster!: Cluster;
  @Field(() => ID, { description: 'Async operation id.' })
  operationId!: string;
}

@ObjectType({ description: 'Health of one node group.' })
export class NodeGroupHealth {
  @Field(() => String, { description: 'Node group name.' })
  name!: string;
  @Field(() => String, { description: 'healthy, degraded or unavailable.' })
  status!: string;
  @Field(() => Int, { description: 'Nodes ready.' })
  readyNodes!: number;
  @Field(() => Int, { description: 'Nodes wanted.' })
  desiredNodes!: number;
}

@ObjectType({ description: 'Health of a cluster and its node groups, as its driver sees them now.' })
export class ClusterHealth {
  @Field(() => ID, { description: 'Cluster id.' })
  clusterId!: string;
  @Field(() => String, { description: 'Cluster status (lifecycle).' })
  clusterStatus!: string;
  @Field(() => String, { description: 'healthy, degraded or unavailable.' })
  status!: string;
  @Field(() => String, { description: 'Why.' })
  message!: string;
  @Field(() => [NodeGroupHealth], { description: 'Each node group.' })
  nodeGroups!: NodeGroupHealth[];
  @Field(() => Date, { description: 'When it was checked.' })
  checkedAt!: Date;
}

@ObjectType({ description: 'CPU and memory use of a cluster over a period.' })
export class ClusterMetrics {
  @Field(() => ID, { description: 'Cluster id.' })
  clusterId!: string;
  @Field(() => String, { description: 'The period: 1h, 24h or 7d.' })
  period!: string;
  @Field(() => Date, { description: 'Start of the window.' })
  from!: Date;
  @Field(() => Date, { description: 'End of the window.' })
  to!: Date;
  @Field(() => Float, { nullable: true, description: 'Average CPU use, percent (null without samples).' })
  cpuAverage?: number | null;
  @Field(() => Float, { nullable: true, description: 'Average memory use, percent (null without samples).' })
  memoryAverage?: number | null;
  @Field(() => [ClusterMetricPoint], { description: 'Samples in the window, oldest first (none while the cluster is not active).' })
  points!: ClusterMetricPoint[];
}

@ObjectType({ description: 'A change to a cluster, as pushed by `clusterChanged`: a status change or a phase step of a long action.' })
export class ClusterEvent {
  @Field(() => String, { description: 'Event cursor: resubscribe with `after` set to it to resume after this event.' })
  cursor!: string;
  @Field(() => String, { description: 'What happened: a status (pending, provisioning, active, updating, destroying, destroyed, failed), phase_started, phase_progress, phase_completed or deleted.' })
  type!: string;
  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;
  @Field(() => ID, { description: 'The cluster.' })
  clusterId!: string;
  @Field(() => String, { description: 'Its name.' })
  name!: string;
  @Field(() => String, { description: 'Its status when it happened.' })
  status!: string;
  @Field(() => String, { nullable: true, description: 'The phase a phase event is about.' })
  phase?: string | null;
  @Field(() => Int, { nullable: true, description: 'Steps of the phase done.' })
  stepsDone?: number | null;
  @Field(() => Int, { nullable: true, description: 'Steps the phase has.' })
  steps?: number | null;
  @Field(() => String, { nullable: true, description: 'Why it failed, or a note.' })
  message?: string | null;
  @Field(() => ID, { nullable: true, description: 'The async operation of the action.' })
  operationId?: string | null;
}

const idArg = Arg('id', () => ID, { description: 'Cluster id.' });

@Resolver(() => Cluster)
export class ClusterResolver {
  @Authorized()
  @Query(() => ClusterConnection, { description: 'Clusters you can access (all for an Org admin, else through your teams), by name.' })
  clusters(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => ClusterFilter, { nullable: true, description: 'Kind, connection and order.' }) filter: ClusterFilter | undefined, @Ctx() ctx: Context) {
    return clusters.listClusters(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Cluster, { description: 'One cluster you can access (NOT_FOUND without access).' })
  cluster(@idArg id: string, @Ctx() ctx: Context) {
    return clusters.getVisibleCluster(ctx, id);
  }

  @Authorized()
  @Query(() => ClusterHealth, { description: 'Health of a cluster and its node groups.' })
  clusterHealth(@idArg id: string, @Ctx() ctx: Context) {
    return clusters.clusterHealth(ctx, id);
  }

  @Authorized()
  @Query(() => String, { description: 'A kubeconfig (YAML) for an active cluster.' })
  clusterKubeconfig(@idArg id: string, @Ctx() ctx: Context) {
    return clusters.clusterKubeconfig(ctx, id);
  }

  @Authorized()
  @Query(() => ClusterMetrics, { description: 'CPU and memory use over a period.' })
  clusterMetrics(@idArg id: string, @Arg('period', () => String, { nullable: true, description: 'Period: 1h (default), 24h or 7d.' }) period: string | undefined, @Ctx() ctx: Context) {
    return clusters.clusterMetrics(ctx, id, period ?? '1h');
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => Cluster, { description: 'Register a running cluster (active at once), or create a provisioned one through an active connection and network (pending until provisioned).' })
  createCluster(@Arg('input', () => CreateClusterInput, { description: 'Name, kind, connection, network, version, node groups, teams.' }) input: CreateClusterInput, @Ctx() ctx: Context) {
    return clusters.createCluster(ctx, input);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => ClusterActionResult, { description: 'Provision a pending cluster: pending → provisioning → active (CONFLICT from any other status). Returns the async operation.' })
  provisionCluster(@idArg id: string, @Ctx() ctx: Context) {
    return clusters.provisionCluster(ctx, id);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => ClusterActionResult, { description: 'Change the Kubernetes version or node groups of an active cluster: active → updating → active. Returns the async operation.' })
  updateCluster(@idArg id: string, @Arg('input', () => UpdateClusterInput, { description: 'Version and node groups.' }) input: UpdateClusterInput, @Ctx() ctx: Context) {
    return clusters.updateCluster(ctx, id, input);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => ClusterActionResult, { description: "Destroy an active or failed cluster's infrastructure: → destroying → destroyed (the record is kept; runs on it are cancelled). Returns the async operation." })
  destroyCluster(@idArg id: string, @Ctx() ctx: Context) {
    return clusters.destroyCluster(ctx, id);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => Cluster, { description: 'Delete the record of a destroyed or failed cluster (CONFLICT otherwise).' })
  deleteCluster(@idArg id: string, @Ctx() ctx: Context) {
    return clusters.deleteCluster(ctx, id);
  }

  @FieldResolver(() => [ID], { description: 'Teams that may see and use it.' })
  teamIds(@Root() cluster: Cluster, @Ctx() ctx: Context) {
    return clusters.clusterTeamIds(ctx, cluster.id);
  }

  @Subscription(() => ClusterEvent, {
    description: 'Every status change and phase step of the clusters you may see (or of one), in order. With `after`, replays what happened since that cursor first.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const identity = requireIdentity(ctx);
      if (args.clusterId) await clusters.getVisibleCluster(ctx, args.clusterId as string);
      const teams = hasRole(identity.roles, ORG_ADMIN) ? undefined : new Set(await teamIdsOfUser(ctx.em, identity.tenantId, identity.userId));
      return eventStream(ctx, {
        topic: CLUSTER_TOPIC,
        after: args.after as string | undefined,
        subjectId: (args.clusterId as string | undefined) ?? null,
        accept: (event) => !teams || (event.payload as ClusterEventPayload).teamIds.some((t) => teams.has(t)),
      });
    },
  })
  clusterChanged(
    @Root() event: EventEnvelope,
    @Arg('clusterId', () => ID, { nullable: true, description: 'Only this cluster.' }) _clusterId: string | undefined,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event you received.' }) _after: string | undefined,
  ): ClusterEvent {
    const p = event.payload as ClusterEventPayload;
    return {
      cursor: event.cursor, type: event.type, occurredAt: new Date(event.occurredAt), clusterId: p.clusterId, name: p.name, status: p.status,
      phase: p.phase ?? null, stepsDone: p.stepsDone ?? null, steps: p.steps ?? null, message: p.message ?? null, operationId: p.operationId ?? null,
    };
  }
}
