import { Arg, Args, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../src/context';
import { ORG_ADMIN } from '../../src/auth/roles';
import { Connection, PageArgs } from '../../src/pagination';
import * as cloud from './cloud';
import { CreateCloudConnectionInput, CreateCloudNetworkInput } from './cloud';
import { getConnection } from './clusters';
import { CloudConnection, CloudNetwork } from './entities';

export const CloudConnectionConnection = Connection(CloudConnection, 'CloudConnection');
export const CloudNetworkConnection = Connection(CloudNetwork, 'CloudNetwork');

@ObjectType({ description: 'A long network action that was started: the network as it is now and the async operation to poll.' })
export class NetworkActionResult {
  @Field(() => CloudNetwork, { description: 'The network, in its new in-between status.' })
  network!: CloudNetwork;
  @Field(() => ID, { description: 'Async operation id.' })
  operationId!: string;
}

const connectionArg = Arg('id', () => ID, { description: 'Connection id.' });
const networkArg = Arg('id', () => ID, { description: 'Network id.' });

/** Cloud connections and networks, as far as provisioned clusters need them. Infrastructure is an Org admin's. */
@Resolver(() => CloudConnection)
export class CloudResolver {
  @Authorized()
  @Query(() => CloudConnectionConnection, { description: "Your tenant's cloud account connections, oldest first." })
  cloudConnections(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return cloud.listConnections(ctx, page);
  }

  @Authorized()
  @Query(() => CloudConnection, { description: 'One cloud account connection.' })
  cloudConnection(@connectionArg id: string, @Ctx() ctx: Context) {
    return getConnection(ctx, id);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => CloudConnection, { description: 'Create a cloud account connection (pending until verified).' })
  createCloudConnection(@Arg('input', () => CreateCloudConnectionInput, { description: 'Name, provider, region, account.' }) input: CreateCloudConnectionInput, @Ctx() ctx: Context) {
    return cloud.createConnection(ctx, input);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => CloudConnection, { description: 'Verify a connection after deploying its template: → active.' })
  verifyCloudConnection(@connectionArg id: string, @Ctx() ctx: Context) {
    return cloud.verifyConnection(ctx, id);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => CloudConnection, { description: 'Delete a connection whose clusters and networks are all destroyed (CONFLICT otherwise).' })
  deleteCloudConnection(@connectionArg id: string, @Ctx() ctx: Context) {
    return cloud.deleteConnection(ctx, id);
  }

  @Authorized()
  @Query(() => CloudNetworkConnection, { description: 'Managed networks, of every connection or of one, oldest first.' })
  cloudNetworks(@Args(() => PageArgs) page: PageArgs, @Arg('connectionId', () => ID, { nullable: true, description: 'Only networks of this connection.' }) connectionId: string | undefined, @Ctx() ctx: Context) {
    return cloud.listNetworks(ctx, connectionId, page);
  }

  @Authorized()
  @Query(() => CloudNetwork, { description: 'One managed network.' })
  cloudNetwork(@networkArg id: string, @Ctx() ctx: Context) {
    return cloud.getNetwork(ctx, id);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => CloudNetwork, { description: 'Create a network through an active connection (pending until provisioned).' })
  createCloudNetwork(@Arg('input', () => CreateCloudNetworkInput, { description: 'Name, connection, region, CIDRs.' }) input: CreateCloudNetworkInput, @Ctx() ctx: Context) {
    return cloud.createNetwork(ctx, input);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => NetworkActionResult, { description: 'Provision a pending network: pending → provisioning → active. Returns the async operation.' })
  provisionCloudNetwork(@networkArg id: string, @Ctx() ctx: Context) {
    return cloud.provisionNetwork(ctx, id);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => NetworkActionResult, { description: 'Destroy an active or failed network whose clusters are destroyed: → destroying → destroyed (record kept). Returns the async operation.' })
  destroyCloudNetwork(@networkArg id: string, @Ctx() ctx: Context) {
    return cloud.destroyNetwork(ctx, id);
  }

  @Authorized(ORG_ADMIN)
  @Mutation(() => CloudNetwork, { description: 'Delete the record of a destroyed or failed network (CONFLICT otherwise).' })
  deleteCloudNetwork(@networkArg id: string, @Ctx() ctx: Context) {
    return cloud.deleteNetwork(ctx, id);
  }
}
