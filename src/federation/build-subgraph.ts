import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { authChecker } from '../auth/auth-checker';
import type { SubgraphModule } from './module';
import { addIdempotencyKeyArguments, stripIdempotencyKeyArguments } from './idempotency-argument';

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])`;

/** Builds one domain's Federation 2 subgraph schema (with `_service` and `_entities`). */
export async function buildSubgraph(module: SubgraphModule): Promise<GraphQLSchema> {
  const schema = await buildSchema({
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
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolveReference] of Object.entries(module.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), __resolveReference: resolveReference };
  }
  stripIdempotencyKeyArguments(resolvers);
  const typeDefs = addIdempotencyKeyArguments(parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`));
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
}
