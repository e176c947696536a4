import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { authChecker } from '../auth/auth-checker';
import { nodeLookupsOf, nodeQueryResolvers, ownNodeResolvers, withNodes, type NodeDirectory, type NodeLookup } from '../relay/node';
import type { SubgraphModule } from './module';
import { addIdempotencyKeyArguments, stripIdempotencyKeyArguments } from './idempotency-argument';

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])`;

/** One domain's schema as type-graphql builds it, with its resolvers attached. */
async function buildDomainSchema(module: SubgraphModule): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: module.resolvers,
    orphanedTypes: module.orphanedTypes,
    authChecker,
    validate: { forbidUnknownValues: false },
    skipCheck: true,
    // Subscriptions stream from the event log (src/events/stream.ts) through their own `subscribe`,
    // but type-graphql insists on a pubSub; this one refuses to be used by mistake.
    pubSub: {
      publish: () => {
        throw new Error('Publish through transact() so events reach the event log');
      },
      subscribe: () => {
        throw new Error('Subscribe through eventStream() so events replay from the log');
      },
    },
    emitSchemaFile: false,
  });
}

/**
 * Builds the Federation 2 subgraph schemas (with `_service` and `_entities`) of `served`, out of
 * `modules` (every domain): each domain's Node types are entities with `globalId`, and the first
 * module serves `node`/`nodes` over all of them (src/relay/node.ts), so it needs every domain's lookups.
 */
export async function buildSubgraphs(modules: SubgraphModule[], served: SubgraphModule[] = modules): Promise<Record<string, GraphQLSchema>> {
  const home = modules[0];
  // Only the home subgraph needs every domain's lookups; the others need their own.
  const needed = served.includes(home) ? modules : served;
  const domains = await Promise.all(needed.map(async (m) => ({ module: m, schema: await buildDomainSchema(m) })));
  const lookups = new Map<string, NodeLookup[]>(domains.map(({ module, schema }) => [module.name, nodeLookupsOf(schema, module.notNodes)]));
  const directory: NodeDirectory = new Map([...lookups.values()].flat().map((lookup) => [lookup.typeName, lookup]));
  const built: Record<string, GraphQLSchema> = {};
  for (const { module, schema } of domains) {
    if (!served.includes(module)) continue;
    const own = lookups.get(module.name)!;
    const stubs = module === home ? [...directory.keys()].filter((name) => !own.some((l) => l.typeName === name)) : [];
    const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
    for (const [typeName, resolveReference] of Object.entries(module.referenceResolvers ?? {})) {
      resolvers[typeName] = { ...(resolvers[typeName] ?? {}), __resolveReference: resolveReference };
    }
    ownNodeResolvers(resolvers, own);
    if (module === home) nodeQueryResolvers(resolvers, directory, stubs);
    stripIdempotencyKeyArguments(resolvers);
    const typeDefs = withNodes(addIdempotencyKeyArguments(parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`)), own.map((l) => l.typeName), stubs);
    built[module.name] = buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
  }
  return built;
}
