import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { ORG_ADMIN } from '../../src/auth/roles';
import { Connection, PageArgs } from '../../src/pagination';
import { Cluster } from './entities';
import * as clusters from './clusters';
import { ClusterFilter, CreateClusterInput } from './inputs';

export const ClusterConnection = Connection(Cluster, 'Cluster');

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

  @Authorized(ORG_ADMIN)
  @Mutation(() => Cluster, { description: 'Register a running cluster (active at once), or create a provisioned one through an active connection and network (pending until provisioned).' })
  createCluster(@Arg('input', () => CreateClusterInput, { description: 'Name, kind, connection, network, version, node groups, teams.' }) input: CreateClusterInput, @Ctx() ctx: Context) {
    return clusters.createCluster(ctx, input);
  }

  @FieldResolver(() => [ID], { description: 'Teams that may see and use it.' })
  teamIds(@Root() cluster: Cluster, @Ctx() ctx: Context) {
    return clusters.clusterTeamIds(ctx, cluster.id);
  }
}
