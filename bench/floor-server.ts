/**
 * The floor (issue 17): what the same answers cost without our layers, in a process of its own
 * (forked by bench/api.ts, so its heap and GC are not the project's). Two servers:
 *  - **hand-written**: node:http + graphql-js + the project's SQLite driver (`libsql`, no ORM) on the
 *    SAME database file, answering `{ me { id } }`, the nested list and `updateProject` with
 *    hand-written SQL, batched per request with DataLoader (3 statements for the nested list). It does
 *    what the project must do and no more: verify the HS256 token, check in one statement that the
 *    user and tenant are active, scope every read to the tenant, and write the row and its event log
 *    row in one transaction. Documents are parsed and validated once per distinct text, as Apollo does.
 *  - **bare Apollo Server**: `startStandaloneServer` with `type Query { me: User }` and a resolver
 *    returning a constant: the cost of Apollo itself, the target for `{ me { id } }`.
 * IPC: the parent sends `{ databaseFile, jwtSecret }`, the child answers `{ floorUrl, apolloUrl }`;
 * later, `cpu` is answered with `{ cpuMs }`, the CPU time this process has used.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import DataLoader from 'dataloader';
import { buildSchema, execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLFieldResolver } from 'graphql';
import { jwtVerify } from 'jose';
import Database from 'libsql';

export interface FloorStart {
  /** The SQLite file the project's server uses. */
  databaseFile: string;
  /** The project's HS256 secret (its tokens are valid here). */
  jwtSecret: string;
}

export interface FloorReady {
  floorUrl: string;
  apolloUrl: string;
}

const FLOOR_SDL = `
  type Query { me: User!  projects(first: Int): ProjectConnection! }
  type Mutation { updateProject(id: ID!, input: UpdateProjectInput!): Project! }
  input UpdateProjectInput { name: String  description: String }
  type User { id: ID! }
  type ProjectConnection { nodes: [Project!]! }
  type Project { id: ID!  name: String!  updatedAt: String!  savedQueries(first: Int): SavedQueryConnection! }
  type SavedQueryConnection { totalCount: Int!  nodes: [SavedQuery!]! }
  type SavedQuery { id: ID!  name: String!  runs(first: Int): QueryRunConnection! }
  type QueryRunConnection { totalCount: Int!  nodes: [QueryRun!]! }
  type QueryRun { id: ID!  status: String!  rowCount: Int }
`;

interface FloorContext {
  userId: string;
  tenantId: string;
  /** Per-request DataLoaders, by name and page size. */
  loaders: Map<string, DataLoader<string, Page>>;
}

type Row = Record<string, unknown>;
interface Page {
  totalCount: number;
  nodes: Row[];
}

/** MikroORM stores SQLite datetimes as epoch ms. */
const iso = (value: unknown) => new Date(typeof value === 'number' || typeof value === 'bigint' ? Number(value) : String(value)).toISOString();

async function startFloor(start: FloorStart): Promise<string> {
  const db = new Database(start.databaseFile);
  db.exec('pragma busy_timeout = 5000');
  const secret = new TextEncoder().encode(start.jwtSecret);
  const schema = buildSchema(FLOOR_SDL);

  const activeUser = db.prepare(
    'select u.id from users u join tenants t on t.id = u.tenant_id where u.id = ? and u.tenant_id = ? and u.archived_at is null and t.archived_at is null',
  );
  const projects = db.prepare('select id, name, updated_at from projects where tenant_id = ? and archived_at is null order by created_at asc, id asc limit ?');
  const project = db.prepare('select id, name, description, updated_at from projects where id = ? and tenant_id = ? and archived_at is null');
  const nameClash = db.prepare('select 1 from projects where tenant_id = ? and name = ? and id <> ? and archived_at is null');
  const touchProject = db.prepare('update projects set name = ?, description = ?, updated_at = ? where id = ?');
  const logEvent = db.prepare('insert into event_log (tenant_id, topic, type, subject_id, payload, created_at) values (?, ?, ?, ?, ?, ?)');

  /** One page per parent for every parent of the request, newest first, with each parent's total: one statement. */
  const pagesOf = (table: 'saved_queries' | 'query_runs', parentColumn: string, columns: string, archived: boolean) => {
    const statements = new Map<number, ReturnType<typeof db.prepare>>();
    return (tenantId: string, parentIds: readonly string[], first: number): Page[] => {
      // One prepared statement per number of parents (SQLite has no array parameter).
      let statement = statements.get(parentIds.length);
      if (!statement) {
        statement = db.prepare(
          `select * from (select ${columns}, ${parentColumn} as parent_id, row_number() over (partition by ${parentColumn} order by created_at desc, id desc) as rn, count(*) over (partition by ${parentColumn}) as total
           from ${table} where tenant_id = ? ${archived ? 'and archived_at is null' : ''} and ${parentColumn} in (${parentIds.map(() => '?').join(',')})) where rn <= ?`,
        );
        statements.set(parentIds.length, statement);
      }
      const pages = new Map<string, Page>(parentIds.map((id) => [id, { totalCount: 0, nodes: [] }]));
      for (const row of statement.all([tenantId, ...parentIds, first]) as Row[]) {
        const page = pages.get(row.parent_id as string)!;
        page.totalCount = Number(row.total);
        page.nodes.push(row);
      }
      return parentIds.map((id) => pages.get(id)!);
    };
  };
  const savedQueryPages = pagesOf('saved_queries', 'project_id', 'id, name', true);
  const runPages = pagesOf('query_runs', 'saved_query_id', 'id, status, row_count', false);
  const pageLoader = (ctx: FloorContext, name: string, first: number, pages: (tenantId: string, ids: readonly string[], first: number) => Page[]) => {
    const key = `${name}.${first}`;
    let existing = ctx.loaders.get(key);
    if (!existing) {
      existing = new DataLoader<string, Page>(async (ids) => pages(ctx.tenantId, ids, first));
      ctx.loaders.set(key, existing);
    }
    return existing;
  };

  const resolvers: Record<string, Record<string, GraphQLFieldResolver<Row, FloorContext, any>>> = {
    Query: {
      me: (_root, _args, ctx) => ({ id: ctx.userId }),
      projects: (_root, { first }, ctx) => ({ nodes: projects.all(ctx.tenantId, first ?? 20) }),
    },
    Mutation: {
      updateProject: (_root, { id, input }, ctx) => {
        const updatedAt = Date.now();
        const write = db.transaction(() => {
          const row = project.get(id, ctx.tenantId) as Row | undefined;
          if (!row) throw new GraphQLError(`Project ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
          const name = input.name ?? row.name;
          if (name !== row.name && nameClash.get(ctx.tenantId, name, id)) throw new GraphQLError('Name taken', { extensions: { code: 'CONFLICT' } });
          const description = input.description === undefined ? row.description : input.description;
          touchProject.run(name, description, updatedAt, id);
          logEvent.run(ctx.tenantId, 'project', 'updated', id, JSON.stringify({ id, name }), updatedAt);
          return { id, name, updated_at: updatedAt };
        });
        return write();
      },
    },
    Project: {
      updatedAt: (row) => iso(row.updated_at),
      savedQueries: (row, { first }, ctx) => pageLoader(ctx, 'savedQueries', first ?? 20, savedQueryPages).load(row.id as string),
    },
    SavedQuery: {
      runs: (row, { first }, ctx) => pageLoader(ctx, 'runs', first ?? 20, runPages).load(row.id as string),
    },
    QueryRun: {
      rowCount: (row) => (row.row_count == null ? null : Number(row.row_count)),
    },
  };
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName) as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    for (const [fieldName, resolve] of Object.entries(fields)) type.getFields()[fieldName].resolve = resolve;
  }

  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  const documentOf = (query: string) => {
    let known = documents.get(query);
    if (!known) {
      const document = parse(query);
      const errors = validate(schema, document);
      known = errors.length ? errors : document;
      documents.set(query, known);
    }
    return known;
  };

  const authenticate = async (request: IncomingMessage): Promise<FloorContext | undefined> => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['exp'] });
      if (typeof payload.sub !== 'string' || typeof payload.tenant !== 'string') return undefined;
      if (!activeUser.get(payload.sub, payload.tenant)) return undefined;
      return { userId: payload.sub, tenantId: payload.tenant, loaders: new Map() };
    } catch {
      return undefined;
    }
  };

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    try {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const ctx = await authenticate(request);
      if (!ctx) return send(401, { errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] });
      const document = documentOf(query);
      if (!('kind' in document)) return send(400, { errors: document.map((e) => e.toJSON()) });
      send(200, await execute({ schema, document, variableValues: variables, contextValue: ctx }));
    } catch (error) {
      send(400, { errors: [{ message: (error as Error).message }] });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

async function startBareApollo(): Promise<string> {
  const apollo = new ApolloServer({
    typeDefs: 'type Query { me: User } type User { id: ID! }',
    resolvers: { Query: { me: () => ({ id: '00000000-0000-0000-0000-000000000001' }) } },
  });
  const { url } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } });
  return `${url.replace(/\/$/, '')}/graphql`;
}

process.on('message', (message) => {
  if (message !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.send!({ cpuMs: (user + system) / 1000 });
});

process.once('message', (start: FloorStart) => {
  Promise.all([startFloor(start), startBareApollo()]).then(
    ([floorUrl, apolloUrl]) => process.send!({ floorUrl, apolloUrl } satisfies FloorReady),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
