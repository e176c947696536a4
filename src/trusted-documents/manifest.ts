import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/** Where `compose` writes the manifest of the operations we ship (the REST layer's), under the package root. */
export const GENERATED_MANIFEST = join('schema', 'persisted-documents.json');

/** One operation of an Apollo persisted query manifest. */
export interface ManifestOperation {
  /** The id clients send; for documents we generate, the sha256 hex of `body`. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/** Apollo's persisted query manifest (what `@apollo/generate-persisted-query-manifest` writes and GraphOS reads). */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: ManifestOperation[];
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The one text of an operation that gets registered and sent: the operation, then the fragments it
 * reaches in the order it reaches them, printed by graphql-js. The REST layer prints its typed
 * documents through this too, so their hashes are the manifest's.
 */
export function documentBody(document: DocumentNode, operationName?: string): string {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation || (!operationName && operations.length !== 1)) throw new Error(`Expected exactly one operation${operationName ? ` named ${operationName}` : ''} in the document`);
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const reached: FragmentDefinitionNode[] = [];
  const reach = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (!fragment) throw new Error(`Fragment ${spread.name.value} is not defined`);
        if (reached.includes(fragment)) return;
        reached.push(fragment);
        reach(fragment);
      },
    });
  reach(operation);
  return print({ kind: Kind.DOCUMENT, definitions: [operation, ...reached] });
}

/** The manifest of every operation in `sources` (fragments may live in any of them), sorted by name. */
export function buildManifest(sources: string[]): PersistedQueryManifest {
  const documents = sources.map((source) => parse(source));
  const definitions = documents.flatMap((d) => d.definitions);
  const all: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  const operations = definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation): ManifestOperation => {
      const name = operation.name?.value;
      if (!name) throw new Error('Every shipped operation needs a name');
      const body = documentBody(all, name);
      return { id: sha256Hex(body), name, type: operation.operation, body };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

/** `*.graphql` files under `dir`, in a stable order. */
function graphqlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => join(dir, file));
}

/**
 * The manifest of the operations we ship: every operation in `subgraphs/**\/*.graphql` (the REST
 * layer's). Tests are not clients we ship, so `test/**\/*.graphql` is not in it.
 */
export function shippedManifest(root: string): PersistedQueryManifest {
  return buildManifest(graphqlFiles(join(root, 'subgraphs')).map((file) => readFileSync(file, 'utf8')));
}

/** The manifest file's text, as committed. */
export function manifestText(manifest: PersistedQueryManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function writeShippedManifest(root: string): void {
  writeFileSync(join(root, GENERATED_MANIFEST), manifestText(shippedManifest(root)));
}

/**
 * Reads a manifest file: Apollo's format, or the flat `{ "<hash>": "<body>" }` map that
 * graphql-codegen's client preset writes (`persistedDocuments: true`). Returns id → body.
 * Throws naming the file when it is missing or not one of these.
 */
export function readManifestFile(path: string): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Trusted documents manifest ${path}: ${(error as Error).message}`);
  }
  const invalid = (why: string) => new Error(`Trusted documents manifest ${path}: ${why}`);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw invalid('expected a JSON object');
  const documents = new Map<string, string>();
  const manifest = json as Partial<PersistedQueryManifest> & Record<string, unknown>;
  if ('format' in manifest || 'operations' in manifest) {
    if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
      throw invalid('expected format "apollo-persisted-query-manifest", version 1 and an operations array');
    }
    manifest.operations.forEach((operation: Partial<ManifestOperation>, index) => {
      if (typeof operation?.id !== 'string' || !operation.id || typeof operation.body !== 'string' || !operation.body) {
        throw invalid(`operations[${index}] needs a string id and body`);
      }
      documents.set(operation.id, operation.body);
    });
    return documents;
  }
  for (const [id, body] of Object.entries(manifest)) {
    if (typeof body !== 'string' || !body) throw invalid(`"${id}" must map to a document string (Apollo's format or a flat { hash: body } map)`);
    documents.set(id, body);
  }
  return documents;
}
