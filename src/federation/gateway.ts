import { createDefaultExecutor } from '@graphql-tools/delegate';
import { getStitchedSchemaFromSupergraphSdl } from '@graphql-tools/federation';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, type GraphQLSchema } from 'graphql';
import type { SingleSubgraphRouter } from './single-subgraph';

/**
 * The composed API in one process: the supergraph's query planning (as Hive Gateway does it)
 * with each subgraph executed in memory, so there is no network hop but real federation.
 */
export function buildInProcessGateway(supergraphSdl: string, subgraphs: Record<string, GraphQLSchema>): GraphQLSchema {
  const byName = new Map(Object.entries(subgraphs).map(([name, schema]) => [name.toLowerCase(), schema]));
  return getStitchedSchemaFromSupergraphSdl({
    supergraphSdl,
    onSubschemaConfig(config) {
      const schema = byName.get(config.name.toLowerCase());
      if (!schema) throw new Error(`Supergraph names subgraph ${config.name}, which this process does not have`);
      config.executor = createDefaultExecutor(schema);
    },
  });
}

/** What Apollo Server takes as `gateway`: a schema and the executor that runs every operation. */
type ApolloGateway = NonNullable<ApolloServerOptionsWithGateway<BaseContext>['gateway']>;

/**
 * The in-process gateway as Apollo Server's `gateway`: an operation that one subgraph answers alone
 * (see {@link SingleSubgraphRouter}) runs on that subgraph's schema with graphql-js `execute`; any
 * other goes through the stitched schema's planning and delegation.
 */
export function routingGateway(stitched: GraphQLSchema, supergraphSdl: string, subgraphs: Record<string, GraphQLSchema>, router: SingleSubgraphRouter): ApolloGateway {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: stitched, coreSupergraphSdl: supergraphSdl });
      return () => undefined;
    },
    async load() {
      return {
        executor: async ({ document, request, context }) => {
          const subgraph = router.route(document);
          // The name the client asked for: Apollo's own `operationName` here is the one it resolved,
          // null for an unknown name, which would run the document's only operation instead of failing.
          return execute({ schema: subgraph ? subgraphs[subgraph] : stitched, document, variableValues: request.variables, operationName: request.operationName, contextValue: context });
        },
      };
    },
    async stop() {},
  };
}
