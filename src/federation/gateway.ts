import { createDefaultExecutor } from '@graphql-tools/delegate';
import { getStitchedSchemaFromSupergraphSdl } from '@graphql-tools/federation';
import type { GraphQLSchema } from 'graphql';

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
