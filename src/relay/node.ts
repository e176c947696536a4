import {
  isNonNullType, isObjectType, Kind, parse,
  type DefinitionNode, type DocumentNode, type GraphQLResolveInfo, type GraphQLSchema, type ObjectTypeDefinitionNode,
} from 'graphql';
import type { Context } from '../context';
import { AppError, BadInputError, UnauthenticatedError } from '../errors';
import { MAX_PAGE_SIZE } from '../pagination';

/**
 * Relay's object identification over federation. A Node type is a row type (`id: ID!`) that its
 * subgraph reads by id with a root query field taking that one id (`project(id:)`, `job(jobId:)`):
 * that field is the type's lookup, with every tenant and visibility rule it already has. Each Node
 * type becomes an entity (`@key(fields: "id")`) resolved by its lookup and gets `globalId`. The
 * first subgraph (tenants) serves `node`/`nodes`: it decodes the global id, asks the owning
 * subgraph's lookup in process (every process has every domain's code and the one database) and
 * returns a reference the gateway completes from the owner, as for any entity.
 */

/** A Node type's lookup: the root query field of its subgraph that reads it by one id. */
export interface NodeLookup {
  typeName: string;
  field: string;
  argument: string;
  /** The subgraph's own executable schema (type-graphql's), whose resolver the lookup runs. */
  schema: GraphQLSchema;
}

/** Node types by name, across every subgraph. */
export type NodeDirectory = Map<string, NodeLookup>;

/** Most ids `nodes(ids:)` takes at once, as a connection's page. */
export const MAX_NODES = MAX_PAGE_SIZE;

/** `Project` and its id → an opaque global id (base64url of `Project:<id>`). */
export function toGlobalId(typeName: string, id: string): string {
  return Buffer.from(`${typeName}:${id}`, 'utf8').toString('base64url');
}

/** The type and id a global id names, or undefined for anything that is not one. */
export function fromGlobalId(globalId: string): { typeName: string; id: string } | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(globalId)) return undefined;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1 || colon === decoded.length - 1) return undefined;
  return { typeName: decoded.slice(0, colon), id: decoded.slice(colon + 1) };
}

/** The Node types a subgraph's schema owns: each row type with a root query field reading it by one required id. */
export function nodeLookupsOf(schema: GraphQLSchema, notNodes: string[] = []): NodeLookup[] {
  const found = new Map<string, NodeLookup>();
  const ambiguous = new Set<string>();
  /** `Project` → `project`: the field named after the type. */
  const fieldOf = (typeName: string) => typeName[0].toLowerCase() + typeName.slice(1);
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const returned = isNonNullType(field.type) ? field.type.ofType : field.type;
    if (!isObjectType(returned) || String(returned.getFields().id?.type) !== 'ID!' || notNodes.includes(returned.name)) continue;
    // The id argument names the row itself (`id`, or `jobId` for a Job), not a parent (`jobDraft(jobId:)`).
    const ids = field.args.filter((arg) => String(arg.type) === 'ID!' && (arg.name === 'id' || arg.name === `${fieldOf(returned.name)}Id`));
    if (field.args.filter((arg) => String(arg.type) === 'ID!').length !== ids.length) continue;
    const othersOptional = field.args.every((arg) => ids.includes(arg) || !isNonNullType(arg.type) || arg.defaultValue !== undefined);
    if (ids.length !== 1 || !othersOptional) continue;
    // `project(id:)` wins over another field that happens to return a Project; two others
    // (`organizationRole(id:)`, `teamRole(id:)`) leave no one lookup, so the type is no Node.
    const existing = found.get(returned.name);
    if (existing?.field === fieldOf(returned.name)) continue;
    if (existing && field.name !== fieldOf(returned.name)) ambiguous.add(returned.name);
    found.set(returned.name, { typeName: returned.name, field: field.name, argument: ids[0].name, schema });
  }
  return [...found.values()].filter((lookup) => !ambiguous.has(lookup.typeName) || lookup.field === fieldOf(lookup.typeName));
}

/** Runs a Node type's lookup for `id` as the caller: the row, or null when the caller may not see it. */
export async function lookUpNode(lookup: NodeLookup, id: string, ctx: Context, info: GraphQLResolveInfo): Promise<unknown> {
  const field = lookup.schema.getQueryType()!.getFields()[lookup.field];
  try {
    return (await field.resolve!(undefined, { [lookup.argument]: id }, ctx, info)) ?? null;
  } catch (error) {
    // Not found, not allowed, not an id it takes: to a lookup by global id all are "no such node".
    if (error instanceof AppError) return null;
    throw error;
  }
}

const NODE_INTERFACE = `
"An object with a global id, read back with \`node(id:)\` (Relay's object identification)."
interface Node {
  "Opaque global id of this object: pass it to \`node(id:)\` or \`nodes(ids:)\`."
  globalId: ID!
}`;

const GLOBAL_ID_FIELD = `"Opaque global id of this object: pass it to \`node(id:)\` or \`nodes(ids:)\`." globalId: ID! @shareable`;

const NODE_QUERIES = `
extend type Query {
  "The object a global id names, if it is the caller's to see (else null, as for an id that exists nowhere)."
  node("A \`globalId\`." id: ID!): Node
  "The objects some global ids name, in the same order, null where the caller may not see one (at most ${MAX_NODES})."
  nodes("\`globalId\`s." ids: [ID!]!): [Node]!
}`;

function definitionsOf(sdl: string): DefinitionNode[] {
  return [...parse(sdl).definitions];
}

/**
 * A subgraph's SDL with its Node types made entities implementing `Node`, and, in the home
 * subgraph, `node`/`nodes` and a `resolvable: false` stub of every other subgraph's Node type.
 */
export function withNodes(document: DocumentNode, own: string[], stubs: string[]): DocumentNode {
  if (!own.length && !stubs.length) return document;
  const globalId = (definitionsOf(`type X { ${GLOBAL_ID_FIELD} }`)[0] as ObjectTypeDefinitionNode).fields![0];
  const key = (definitionsOf('type X @key(fields: "id") { id: ID! }')[0] as ObjectTypeDefinitionNode).directives![0];
  const nodeInterface = { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'Node' } } as const;
  const definitions = document.definitions.map((definition) => {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || !own.includes(definition.name.value)) return definition;
    const keyed = definition.directives?.some((d) => d.name.value === 'key');
    return {
      ...definition,
      interfaces: [...(definition.interfaces ?? []), nodeInterface],
      directives: keyed ? definition.directives : [...(definition.directives ?? []), key],
      fields: [...(definition.fields ?? []), globalId],
    };
  });
  const stubDefinitions = stubs.flatMap((name) => definitionsOf(`
    "A ${name} (its fields come from the subgraph that owns it)."
    type ${name} implements Node @key(fields: "id", resolvable: false) { "Its id." id: ID! ${GLOBAL_ID_FIELD} }`));
  return { ...document, definitions: [...definitions, ...definitionsOf(NODE_INTERFACE), ...stubDefinitions, ...(stubs.length ? definitionsOf(NODE_QUERIES) : [])] };
}

type Resolvers = Record<string, Record<string, unknown>>;

/** `globalId` and, where the domain gives none, `__resolveReference` (the lookup) of a subgraph's own Node types. */
export function ownNodeResolvers(resolvers: Resolvers, lookups: NodeLookup[]): void {
  for (const lookup of lookups) {
    const type = (resolvers[lookup.typeName] ??= {});
    type.globalId = (row: { id: string }) => toGlobalId(lookup.typeName, row.id);
    type.__resolveReference ??= (reference: { id: string }, ctx: Context, info: GraphQLResolveInfo) => lookUpNode(lookup, reference.id, ctx, info);
  }
}

/** The home subgraph's `node`/`nodes` and stubs, over every subgraph's Node types. */
export function nodeQueryResolvers(resolvers: Resolvers, directory: NodeDirectory, stubs: string[]): void {
  // The row the lookup found is the answer (its id and globalId resolve here; the gateway asks the
  // owner for the rest); rows are the domains' own objects, so their type is remembered beside them.
  const typeOfRow = new WeakMap<object, string>();
  const resolveNode = async (globalId: string, ctx: Context, info: GraphQLResolveInfo) => {
    const named = fromGlobalId(globalId);
    const lookup = named && directory.get(named.typeName);
    if (!named || !lookup) return null;
    const row = await lookUpNode(lookup, named.id, ctx, info);
    if (!row || typeof row !== 'object') return null;
    typeOfRow.set(row, named.typeName);
    return row;
  };
  resolvers.Query = {
    ...(resolvers.Query ?? {}),
    node: (_root: unknown, args: { id: string }, ctx: Context, info: GraphQLResolveInfo) => {
      if (!ctx.identity) throw new UnauthenticatedError();
      return resolveNode(args.id, ctx, info);
    },
    nodes: (_root: unknown, args: { ids: string[] }, ctx: Context, info: GraphQLResolveInfo) => {
      if (!ctx.identity) throw new UnauthenticatedError();
      if (args.ids.length > MAX_NODES) throw new BadInputError(`nodes takes at most ${MAX_NODES} ids`);
      return Promise.all(args.ids.map((id) => resolveNode(id, ctx, info)));
    },
  };
  resolvers.Node = { __resolveType: (row: object) => typeOfRow.get(row) };
  for (const name of stubs) resolvers[name] = { ...(resolvers[name] ?? {}), globalId: (row: { id: string }) => toGlobalId(name, row.id) };
}
