import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphs } from './build-subgraph';
import { composeSupergraph, type Composition } from './compose';
import type { SubgraphModule } from './module';

/** Builds every subgraph and composes them: the contents of the committed `schema/` folder. */
export async function buildComposition(modules: SubgraphModule[]): Promise<Composition> {
  const built = await buildSubgraphs(modules);
  return composeSupergraph(modules.map((m) => ({ name: m.name, schema: built[m.name] })));
}

/** The files of `schema/`, by file name. */
export function schemaFiles(composition: Composition): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, sdl] of Object.entries(composition.subgraphs)) files[`${name}.graphql`] = `${sdl.trim()}\n`;
  files['supergraph.graphql'] = `${composition.supergraphSdl.trim()}\n`;
  files['api.graphql'] = `${composition.apiSdl.trim()}\n`;
  return files;
}

export async function writeSchemaFiles(modules: SubgraphModule[], dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(schemaFiles(await buildComposition(modules)))) writeFileSync(join(dir, file), content);
}
