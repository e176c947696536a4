import type { SubgraphModule } from '../src/federation/module';
import { loadSubgraphs, SUBGRAPH_NAMES } from './list';

/** Every subgraph (the list is subgraphs/list.ts): the server, the schema emitter and codegen all read it. */
export const subgraphs: SubgraphModule[] = loadSubgraphs(SUBGRAPH_NAMES);

export { bootstrapTenants } from './tenants';
