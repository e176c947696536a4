import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { DATASET_EDITOR } from '../../src/auth/roles';
import { NotFoundError } from '../../src/errors';
import { Connection, PageArgs } from '../../src/pagination';
import * as connections from './connections';
import { ConnectionHealth, ConnectionType, CreateConnectionInput, InformationSchemaFilter } from './connections';
import { CONNECTION_TYPES, ConnectionTable, DataConnection } from './entities';

export const DataConnectionConnection = Connection(DataConnection, 'DataConnection');
export const ConnectionTableConnection = Connection(ConnectionTable, 'ConnectionTable');

@Resolver(() => DataConnection)
export class ConnectionResolver {
  @Authorized()
  @Query(() => DataConnectionConnection, { description: "Your tenant's connections to remote databases." })
  connections(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return connections.listConnections(ctx, page);
  }

  @Authorized()
  @Query(() => DataConnection, { description: 'One connection.' })
  connection(@Arg('id', () => ID, { description: 'Connection id.' }) id: string, @Ctx() ctx: Context) {
    return connections.getConnection(ctx, id);
  }

  @Authorized()
  @Query(() => [ConnectionType], { description: 'Source types a connection can have.' })
  connectionTypes() {
    return CONNECTION_TYPES;
  }

  @Authorized()
  @Query(() => ConnectionType, { description: 'One source type.' })
  connectionType(@Arg('name', () => String, { description: 'Type name, e.g. postgres.' }) name: string) {
    const type = CONNECTION_TYPES.find((t) => t.name === name);
    if (!type) throw new NotFoundError('Connection type', name);
    return type;
  }

  @Authorized()
  @Query(() => ConnectionHealth, { description: 'Connect to the source now and report whether it answers.' })
  connectionHealth(@Arg('id', () => ID, { description: 'Connection id.' }) id: string, @Ctx() ctx: Context) {
    return connections.checkHealth(ctx, id);
  }

  @Authorized()
  @Query(() => ConnectionTableConnection, { description: 'Discovered tables across your connections, with % wildcards.' })
  informationSchema(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => InformationSchemaFilter, { nullable: true, description: 'Connection and name patterns.' }) filter: InformationSchemaFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return connections.listTables(ctx, filter, page);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => DataConnection, { description: 'Register a connection and discover its tables (unless skipDiscovery).' })
  createConnection(@Arg('input', () => CreateConnectionInput, { description: 'The connection.' }) input: CreateConnectionInput, @Ctx() ctx: Context) {
    return connections.createConnection(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => DataConnection, { description: 'Discover the tables of a connection again (schema refresh).' })
  async refreshConnection(@Arg('id', () => ID, { description: 'Connection id.' }) id: string, @Ctx() ctx: Context) {
    return connections.discover(ctx, await connections.getConnection(ctx, id));
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => DataConnection, { description: 'Delete a connection and what was discovered in it.' })
  deleteConnection(@Arg('id', () => ID, { description: 'Connection id.' }) id: string, @Ctx() ctx: Context) {
    return connections.deleteConnection(ctx, id);
  }

  @FieldResolver(() => Int, { description: 'Tables discovery found.' })
  tableCount(@Root() connection: DataConnection, @Ctx() ctx: Context) {
    return connections.tableCountLoader(ctx, false).load(connection.id);
  }

  @FieldResolver(() => Int, { description: 'Tables whose data is cached locally.' })
  syncedTableCount(@Root() connection: DataConnection, @Ctx() ctx: Context) {
    return connections.tableCountLoader(ctx, true).load(connection.id);
  }
}
