import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError, Kind, parse, type DocumentNode, type ParseOptions, type SelectionSetNode } from 'graphql';
import type { Config } from '../config';
import { packageRoot } from '../package-root';
import { GENERATED_MANIFEST, readManifestFile, sha256Hex } from './manifest';

/** A document that is not registered (nor introspection only, where introspection is on). */
export const PERSISTED_QUERY_NOT_ALLOWED = 'PERSISTED_QUERY_NOT_ALLOWED';
/** A hash or document id that no manifest holds. */
export const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';

/** What a request names to run, on any transport (HTTP body or query string, graphql-ws payload, gateway params). */
export interface DocumentRequest {
  query?: unknown;
  extensions?: unknown;
  /** GraphQL-over-HTTP persisted documents: `"sha256:<hex>"`. */
  documentId?: unknown;
}

/**
 * The trusted documents mode (`TRUSTED_DOCUMENTS=on`): only documents in the generated manifest or
 * an extra one run. Every transport asks {@link resolve} which text to run, so the rule is one.
 */
export class TrustedDocuments {
  /** Document id (hash) → body, over every manifest. */
  private readonly bodies = new Map<string, string>();
  /** sha256 of every registered body, so a full query is recognised whatever id its manifest gave it. */
  private readonly bodyHashes = new Set<string>();

  /**
   * @param manifests files to read: the generated one first, then `TRUSTED_DOCUMENTS_MANIFEST`'s
   * @param allowIntrospection whether introspection-only documents run unregistered (see {@link isIntrospectionOnly})
   */
  constructor(
    manifests: string[],
    private readonly allowIntrospection: boolean,
    private readonly parseOptions: ParseOptions = {},
  ) {
    for (const file of manifests) {
      for (const [id, body] of readManifestFile(file)) {
        this.bodies.set(id, body);
        this.bodyHashes.add(sha256Hex(body));
      }
    }
  }

  /** The mode as configured, or undefined when it is off. A missing or invalid manifest throws (a startup error). */
  static fromConfig(config: Config, parseOptions?: ParseOptions): TrustedDocuments | undefined {
    if (!config.trustedDocuments.enabled) return undefined;
    // Introspection is off in production; elsewhere it is what GraphiQL needs to load the schema.
    return new TrustedDocuments([join(packageRoot(), GENERATED_MANIFEST), ...config.trustedDocuments.manifests], config.nodeEnv !== 'production', parseOptions);
  }

  /** How many documents are registered. */
  get size(): number {
    return this.bodies.size;
  }

  /**
   * The text to run for this request, or undefined when it names nothing (the transport's own
   * "no query" error applies). Throws PERSISTED_QUERY_NOT_ALLOWED for an unregistered document and
   * PERSISTED_QUERY_NOT_FOUND for an unknown hash; an APQ hash with its query never registers it.
   */
  resolve(request: DocumentRequest): string | undefined {
    const id = requestedId(request);
    const query = typeof request.query === 'string' && request.query !== '' ? request.query : undefined;
    if (query !== undefined) {
      const hash = sha256Hex(query);
      if (id !== undefined && id !== hash && this.bodies.get(id) !== query) {
        throw refusal('BAD_REQUEST', 'The persisted query hash does not match the query');
      }
      if (this.bodyHashes.has(hash) || (this.allowIntrospection && this.isIntrospectionOnly(query))) return query;
      throw refusal(PERSISTED_QUERY_NOT_ALLOWED, 'Only registered documents run on this server (trusted documents mode): send the hash of a registered document');
    }
    if (id === undefined) return undefined;
    const body = this.bodies.get(id);
    if (body === undefined) throw refusal(PERSISTED_QUERY_NOT_FOUND, 'No registered document has this hash');
    return body;
  }

  /**
   * Whether every root field of every operation is introspection (`__schema`, `__type`,
   * `__typename`). GraphiQL's introspection query differs with its version and options, so these run
   * without registration where introspection is on; they read the schema only, which introspection
   * gives away anyway.
   */
  private isIntrospectionOnly(query: string): boolean {
    let document: DocumentNode;
    try {
      document = parse(query, this.parseOptions);
    } catch {
      return false;
    }
    const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
    const seen = new Set<string>();
    const rootFieldsAreIntrospection = (selectionSet: SelectionSetNode): boolean =>
      selectionSet.selections.every((selection) => {
        if (selection.kind === Kind.FIELD) return selection.name.value.startsWith('__');
        if (selection.kind === Kind.INLINE_FRAGMENT) return rootFieldsAreIntrospection(selection.selectionSet);
        const fragment = fragments.get(selection.name.value);
        if (!fragment) return false;
        if (seen.has(fragment.name.value)) return true;
        seen.add(fragment.name.value);
        return rootFieldsAreIntrospection(fragment.selectionSet);
      });
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    return operations.length > 0 && operations.every((operation) => rootFieldsAreIntrospection(operation.selectionSet));
  }

  /**
   * Express middleware for GraphQL over HTTP, before Apollo: turns a hash or document id into its
   * registered text and drops the APQ extension (Apollo's APQ cache never sees a registration), or
   * answers 400 with the refusal.
   */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      try {
        if (req.method === 'GET') {
          const url = new URL(req.url, 'http://graphql');
          const extensions = url.searchParams.get('extensions');
          const query = this.resolve({ query: url.searchParams.get('query') ?? undefined, extensions: extensions ? parseJson(extensions) : undefined, documentId: url.searchParams.get('documentId') ?? undefined });
          if (query !== undefined) {
            url.searchParams.set('query', query);
            url.searchParams.delete('documentId');
            if (extensions) setOrDelete(url.searchParams, 'extensions', withoutPersistedQuery(parseJson(extensions)));
            req.url = `${url.pathname}${url.search}`;
          }
        } else if (req.body && typeof req.body === 'object' && !Array.isArray(req.body)) {
          const body = req.body as Record<string, unknown>;
          const query = this.resolve(body);
          if (query !== undefined) {
            const { documentId: _documentId, extensions, ...rest } = body;
            req.body = { ...rest, query, ...(withoutPersistedQuery(extensions) === undefined ? {} : { extensions: withoutPersistedQuery(extensions) }) };
          }
        }
        next();
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        res.status(400).json({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
      }
    };
  }
}

/** The sha256 a request names: `documentId: "sha256:<hex>"` or APQ's `extensions.persistedQuery.sha256Hash`. */
function requestedId(request: DocumentRequest): string | undefined {
  if (typeof request.documentId === 'string') return request.documentId.startsWith('sha256:') ? request.documentId.slice('sha256:'.length) : request.documentId;
  const persisted = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/** `extensions` without `persistedQuery` (undefined when nothing else is left). */
export function withoutPersistedQuery(extensions: unknown): Record<string, unknown> | undefined {
  if (!extensions || typeof extensions !== 'object') return undefined;
  const { persistedQuery: _persisted, ...rest } = extensions as Record<string, unknown>;
  return Object.keys(rest).length ? rest : undefined;
}

function refusal(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function setOrDelete(params: URLSearchParams, name: string, value: Record<string, unknown> | undefined): void {
  if (value === undefined) params.delete(name);
  else params.set(name, JSON.stringify(value));
}
