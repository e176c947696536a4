import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, printSchema, type GraphQLSchema } from 'graphql';

/** The port a subgraph listens on when each runs as its own process (`subgraph NAME`). */
export const SUBGRAPH_BASE_PORT = 4001;

export interface Composition {
  /** SDL of each subgraph, by name. */
  subgraphs: Record<string, string>;
  supergraphSdl: string;
  /** The client-facing schema (no federation internals). */
  apiSdl: string;
}

/** Composes the subgraphs with @apollo/composition; throws with every composition error. */
export function composeSupergraph(subgraphs: { name: string; schema: GraphQLSchema }[]): Composition {
  const sdl: Record<string, string> = {};
  for (const { name, schema } of subgraphs) sdl[name] = printSubgraphSchema(schema);
  const result = composeServices(
    subgraphs.map(({ name }, index) => ({
      name,
      url: `http://127.0.0.1:${SUBGRAPH_BASE_PORT + index}/graphql`,
      typeDefs: parse(sdl[name]),
    })),
  );
  if (result.errors?.length || !result.schema || !result.supergraphSdl) {
    throw new Error(`Supergraph composition failed:\n${(result.errors ?? []).map((e) => `- ${e.message}`).join('\n')}`);
  }
  const apiSchema = result.schema.toAPISchema().toGraphQLJSSchema();
  return { subgraphs: sdl, supergraphSdl: result.supergraphSdl, apiSdl: printSchema(apiSchema) };
}
