import DataLoader from 'dataloader';
import { IsBoolean, IsObject, IsOptional, Length, MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { Context } from '../../src/context';
import { countByKey, loader, requireIdentity } from '../../src/context';
import { BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { driverFor, SOURCE_TIMEOUT_MS } from './discovery';
import { CONNECTION_TYPES, ConnectionTable, DataConnection } from './entities';
import { CONNECTION_TOPIC, transactCatalogs } from './events';
import { getSecret, resolveSecretValue } from './secrets';

@InputType({ description: 'A new connection.' })
export class CreateConnectionInput {
  @Field(() => String, { description: 'Name, unique in your tenant.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { description: 'Source type (see connectionTypes).' })
  @Length(1, 32)
  sourceType!: string;
  @Field(() => GraphQLJSONObject, { description: 'Source settings; credentials go in a secret.' })
  @IsObject()
  config!: Record<string, unknown>;
  @Field(() => ID, { nullable: true, description: 'Secret with the password, by id.' })
  @IsOptional()
  secretId?: string | null;
  @Field(() => String, { nullable: true, description: 'Secret with the password, by name.' })
  @IsOptional()
  @MaxLength(200)
  secretName?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Register without discovering tables now.' })
  @IsOptional()
  @IsBoolean()
  skipDiscovery?: boolean | null;
}

@ObjectType({ description: 'Whether a connection answers.' })
export class ConnectionHealth {
  @Field(() => ID, { description: 'The connection.' })
  connectionId!: string;
  @Field(() => Boolean, { description: 'It answered.' })
  healthy!: boolean;
  @Field(() => Int, { description: 'Round trip in milliseconds.' })
  latencyMs!: number;
  @Field(() => String, { nullable: true, description: 'Why not.' })
  error?: string | null;
}

@ObjectType({ description: 'A source type connections can have.' })
export class ConnectionType {
  @Field(() => String, { description: 'Type name, e.g. postgres.' })
  name!: string;
  @Field(() => String, { description: 'Display label.' })
  label!: string;
  @Field(() => Boolean, { description: 'Discovery and health checks really connect to it (others are stored only).' })
  discoverable!: boolean;
  @Field(() => GraphQLJSONObject, { description: 'JSON schema of its config.' })
  configSchema!: Record<string, unknown>;
}

@InputType({ description: 'Which discovered tables to list.' })
export class InformationSchemaFilter {
  @Field(() => ID, { nullable: true, description: 'Only this connection.' })
  @IsOptional()
  connectionId?: string | null;
  @Field(() => String, { nullable: true, description: 'Schema name pattern (% wildcards).' })
  @IsOptional()
  @MaxLength(200)
  schema?: string | null;
  @Field(() => String, { nullable: true, description: 'Table name pattern (% wildcards).' })
  @IsOptional()
  @MaxLength(200)
  table?: string | null;
}

export async function getConnection(ctx: Context, id: string): Promise<DataConnection> {
  requireIdentity(ctx);
  const connection = await ctx.em.findOne(DataConnection, { id });
  if (!connection) throw new NotFoundError('Connection', id);
  return connection;
}

export async function listConnections(ctx: Context, page: PageArgs): Promise<Page<DataConnection>> {
  requireIdentity(ctx);
  return paginate(ctx.em, DataConnection, {}, page, { orderBy: { name: 'asc' } });
}

async function passwordOf(ctx: Context, connection: DataConnection): Promise<string | undefined> {
  return connection.secretId ? resolveSecretValue(ctx, { id: connection.secretId }) : undefined;
}

/** Re-discovers the connection's tables, replacing what was known; failures are recorded, not thrown. */
export async function discover(ctx: Context, connection: DataConnection): Promise<DataConnection> {
  let tables: Awaited<ReturnType<NonNullable<ReturnType<typeof driverFor>>['discover']>> | undefined;
  let failure: string | null = null;
  const driver = driverFor(ctx.config, connection.sourceType, connection.config, await passwordOf(ctx, connection));
  if (driver) {
    try {
      tables = await driver.discover();
    } catch (error) {
      failure = (error as Error).message;
    }
  }
  return transactCatalogs(ctx, async (em, emit) => {
    if (tables) {
      await em.nativeDelete(ConnectionTable, { connectionId: connection.id });
      for (const t of tables) em.create(ConnectionTable, { tenantId: connection.tenantId, connectionId: connection.id, ...t });
    }
    connection.discoveryStatus = !driver ? 'skipped' : failure ? 'failed' : 'success';
    connection.discoveryError = failure;
    if (tables) connection.discoveredAt = new Date();
    emit(CONNECTION_TOPIC, 'discovered', connection.id, { id: connection.id, name: connection.name });
    return connection;
  });
}

export async function createConnection(ctx: Context, input: CreateConnectionInput): Promise<DataConnection> {
  const identity = requireIdentity(ctx);
  if (!CONNECTION_TYPES.some((t) => t.name === input.sourceType)) throw new BadInputError(`Unknown source type "${input.sourceType}"`, { field: 'sourceType' });
  if (input.secretId && input.secretName) throw new BadInputError('Pass secretId or secretName, not both');
  if (await ctx.em.findOne(DataConnection, { name: input.name })) throw new ConflictError(`A connection named "${input.name}" already exists`, { field: 'name' });
  const secret = input.secretId || input.secretName ? await getSecret(ctx, { id: input.secretId, name: input.secretName }) : undefined;
  // Validate the settings before anything is stored (a bad SQLite path or URL is the caller's error).
  driverFor(ctx.config, input.sourceType, input.config);
  const connection = await transactCatalogs(ctx, async (em, emit) => {
    const created = em.create(DataConnection, {
      tenantId: identity.tenantId, name: input.name, sourceType: input.sourceType, config: input.config, secretId: secret?.id ?? null,
      discoveryStatus: input.skipDiscovery ? 'skipped' : 'pending',
    });
    emit(CONNECTION_TOPIC, 'created', created.id, { id: created.id, name: created.name });
    return created;
  });
  return input.skipDiscovery ? connection : discover(ctx, connection);
}

export async function deleteConnection(ctx: Context, id: string): Promise<DataConnection> {
  const connection = await getConnection(ctx, id);
  return transactCatalogs(ctx, async (em, emit) => {
    await em.nativeDelete(ConnectionTable, { connectionId: id });
    em.remove(connection);
    emit(CONNECTION_TOPIC, 'deleted', id, { id, name: connection.name });
    return connection;
  });
}

export async function checkHealth(ctx: Context, id: string): Promise<ConnectionHealth> {
  const connection = await getConnection(ctx, id);
  const started = performance.now();
  try {
    const driver = driverFor(ctx.config, connection.sourceType, connection.config, await passwordOf(ctx, connection));
    if (!driver) return { connectionId: id, healthy: false, latencyMs: 0, error: `${connection.sourceType} sources are stored, not connected to` };
    await Promise.race([driver.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), SOURCE_TIMEOUT_MS))]);
    return { connectionId: id, healthy: true, latencyMs: Math.round(performance.now() - started), error: null };
  } catch (error) {
    return { connectionId: id, healthy: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/** Discovered tables across connections, with `%` wildcards on schema and table names. */
export async function listTables(ctx: Context, filter: InformationSchemaFilter | undefined, page: PageArgs): Promise<Page<ConnectionTable>> {
  requireIdentity(ctx);
  const where: Record<string, unknown> = {};
  if (filter?.connectionId) where.connectionId = (await getConnection(ctx, filter.connectionId)).id;
  if (filter?.schema) where.schemaName = { $like: filter.schema };
  if (filter?.table) where.tableName = { $like: filter.table };
  return paginate(ctx.em, ConnectionTable, where, page, { orderBy: { connectionId: 'asc', schemaName: 'asc', tableName: 'asc' } });
}

/** Table counts of many connections (all, or only synced ones) in one query per request. */
export function tableCountLoader(ctx: Context, syncedOnly: boolean): DataLoader<string, number> {
  return loader(ctx, `catalogs.tableCount.${syncedOnly}`, () =>
    new DataLoader<string, number>(async (ids) => {
      const rows = await ctx.em.find(ConnectionTable, { connectionId: { $in: [...ids] }, ...(syncedOnly ? { synced: true } : {}) }, { fields: ['connectionId'] });
      return countByKey(rows, (row) => row.connectionId, ids);
    }),
  );
}
