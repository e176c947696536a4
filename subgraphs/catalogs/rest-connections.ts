import { MAX_PAGE_SIZE } from '../../src/pagination';
import { defineRoute, type RestRoute } from '../../src/rest/route';
import {
  HotdataConnectionHealthDocument, HotdataConnectionTypeDocument, HotdataConnectionTypesDocument, HotdataCreateConnectionDocument,
  HotdataDeleteConnectionDocument, HotdataGetConnectionDocument, HotdataInformationSchemaDocument, HotdataListConnectionsDocument,
  HotdataRefreshConnectionDocument,
} from '../../src/generated/operations';

/** hotdata connections, connection types, information schema and (schema) refresh under `/v1`. */
export const restConnectionRoutes: RestRoute[] = [
  defineRoute({
    profile: 'hotdata', tag: 'connections', method: 'get', path: '/connections', summary: 'List connections',
    operation: HotdataListConnectionsDocument,
    variables: () => ({ first: MAX_PAGE_SIZE }),
    response: (data) => ({ connections: data.connections.nodes.map((c) => ({ id: c.id, name: c.name, source_type: c.sourceType })) }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'connections', method: 'post', path: '/connections', summary: 'Create connection', status: 201,
    body: {
      type: 'object', required: ['name', 'source_type', 'config'],
      properties: { name: { type: 'string' }, source_type: { type: 'string' }, config: { type: 'object' }, secret_id: { type: ['string', 'null'] }, secret_name: { type: ['string', 'null'] }, skip_discovery: { type: 'boolean' } },
    },
    operation: HotdataCreateConnectionDocument,
    variables: (req) => ({
      input: {
        name: String(req.body.name), sourceType: String(req.body.source_type), config: req.body.config,
        secretId: (req.body.secret_id as string | null) ?? null, secretName: (req.body.secret_name as string | null) ?? null, skipDiscovery: (req.body.skip_discovery as boolean | undefined) ?? null,
      },
    }),
    response: (data) => {
      const c = data.createConnection;
      return { discovery_error: c.discoveryError ?? null, discovery_status: c.discoveryStatus, id: c.id, name: c.name, source_type: c.sourceType, tables_discovered: c.tableCount };
    },
  }),
  defineRoute({
    profile: 'hotdata', tag: 'connections', method: 'get', path: '/connections/{connection_id}', summary: 'Get connection',
    operation: HotdataGetConnectionDocument,
    variables: (req) => ({ id: req.params.connection_id }),
    response: (data) => {
      const c = data.connection;
      return { id: c.id, name: c.name, source_type: c.sourceType, synced_table_count: c.syncedTableCount, table_count: c.tableCount };
    },
  }),
  defineRoute({
    profile: 'hotdata', tag: 'connections', method: 'delete', path: '/connections/{connection_id}', summary: 'Delete connection', status: 204,
    operation: HotdataDeleteConnectionDocument,
    variables: (req) => ({ id: req.params.connection_id }),
    response: () => undefined,
  }),
  defineRoute({
    profile: 'hotdata', tag: 'connections', method: 'get', path: '/connections/{connection_id}/health', summary: 'Check connection health',
    operation: HotdataConnectionHealthDocument,
    variables: (req) => ({ id: req.params.connection_id }),
    response: (data) => {
      const h = data.connectionHealth;
      return { connection_id: h.connectionId, error: h.error ?? null, healthy: h.healthy, latency_ms: h.latencyMs };
    },
  }),
  defineRoute({
    profile: 'hotdata', tag: 'connection-types', method: 'get', path: '/connection-types', summary: 'List connection types',
    operation: HotdataConnectionTypesDocument,
    response: (data) => ({ connection_types: data.connectionTypes }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'connection-types', method: 'get', path: '/connection-types/{name}', summary: 'Get connection type details',
    operation: HotdataConnectionTypeDocument,
    variables: (req) => ({ name: req.params.name }),
    response: (data) => ({ auth: null, config_schema: data.connectionType.configSchema, label: data.connectionType.label, name: data.connectionType.name }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'refresh', method: 'post', path: '/refresh', summary: 'Refresh connection data',
    body: { type: 'object', required: ['connection_id'], properties: { connection_id: { type: 'string' }, data: { type: 'boolean' } } },
    operation: HotdataRefreshConnectionDocument,
    variables: (req) => ({ id: String(req.body.connection_id) }),
    response: (data) => ({ connection_id: data.refreshConnection.id, discovery_status: data.refreshConnection.discoveryStatus, tables_discovered: data.refreshConnection.tableCount }),
  }),
  defineRoute({
    profile: 'hotdata', tag: 'information-schema', method: 'get', path: '/information_schema', summary: 'List tables',
    query: {
      connection_id: { type: 'string' }, schema: { type: 'string', maxLength: 200 }, table: { type: 'string', maxLength: 200 },
      include_columns: { type: 'boolean', default: false }, limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 }, cursor: { type: 'string' },
    },
    operation: HotdataInformationSchemaDocument,
    variables: (req) => ({
      first: Number(req.query.limit ?? 100), after: req.query.cursor || null,
      filter: { connectionId: req.query.connection_id || null, schema: req.query.schema || null, table: req.query.table || null },
    }),
    response: (data, req) => ({
      count: data.informationSchema.nodes.length,
      has_more: data.informationSchema.pageInfo.hasNextPage,
      limit: Number(req.query.limit ?? 100),
      next_cursor: data.informationSchema.pageInfo.hasNextPage ? data.informationSchema.pageInfo.endCursor : null,
      tables: data.informationSchema.nodes.map((t) => ({
        columns: String(req.query.include_columns) === 'true' ? t.columns.map((c) => ({ name: c.name, data_type: c.dataType, nullable: c.nullable })) : null,
        connection: t.connectionId, last_sync: null, schema: t.schemaName, synced: t.synced, table: t.tableName,
      })),
    }),
  }),
];
