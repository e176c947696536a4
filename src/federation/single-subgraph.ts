import {
  BREAK, getNamedType, Kind, parse, TypeInfo, visit, visitWithTypeInfo, type DirectiveNode, type DocumentNode, type GraphQLSchema,
} from 'graphql';

/** The fields a subgraph resolves itself (`Type.field`) and the types it knows, read from its SDL. */
interface SubgraphFields {
  name: string;
  fields: Set<string>;
  types: Set<string>;
}

const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

/** Federation directives that mark a field as resolved, or needing data, from another subgraph. */
const NOT_LOCAL = new Set(['external', 'requires', 'override']);

function fieldsOf(name: string, sdl: string): SubgraphFields {
  const fields = new Set<string>();
  const types = new Set<string>();
  const local = (directives: readonly DirectiveNode[] | undefined) => !directives?.some((d) => NOT_LOCAL.has(d.name.value));
  for (const definition of parse(sdl).definitions) {
    if (!('name' in definition) || !definition.name) continue;
    types.add(definition.name.value);
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION
      && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_EXTENSION) continue;
    // A type-level @interfaceObject or @external leaves its fields to others.
    if (definition.directives?.some((d) => d.name.value === 'interfaceObject' || d.name.value === 'external')) continue;
    for (const field of definition.fields ?? []) if (local(field.directives)) fields.add(`${definition.name.value}.${field.name.value}`);
  }
  return { name, fields, types };
}

/**
 * Which one subgraph, if any, answers a whole operation by itself: every field it selects (at any
 * depth, in fragments too) is resolved there, every type condition and variable type exists there,
 * and no introspection beyond `__typename`. Such an operation is executed on that subgraph's schema
 * directly, skipping the in-process gateway's planning and delegation, with the same answer (the
 * gateway would send it to that subgraph in one fetch anyway). Answers are kept per document:
 * Apollo hands the same parsed document for the same text, so each is worked out once.
 */
export class SingleSubgraphRouter {
  private readonly subgraphs: SubgraphFields[];
  private readonly known = new WeakMap<DocumentNode, string | null>();

  /**
   * @param apiSchema the client-facing schema documents are validated against
   * @param subgraphSdls each subgraph's SDL (as composed), by name
   */
  constructor(
    private readonly apiSchema: GraphQLSchema,
    subgraphSdls: Record<string, string>,
  ) {
    this.subgraphs = Object.entries(subgraphSdls).map(([name, sdl]) => fieldsOf(name, sdl));
  }

  /** The name of the subgraph that answers `document` alone, or undefined when it needs the gateway. */
  route(document: DocumentNode): string | undefined {
    let known = this.known.get(document);
    if (known === undefined) {
      known = this.work(document) ?? null;
      this.known.set(document, known);
    }
    return known ?? undefined;
  }

  private work(document: DocumentNode): string | undefined {
    let candidates = this.subgraphs;
    let refused = false;
    /** Keeps the subgraphs that pass; stops the walk when none is left. */
    const narrow = (keep: (s: SubgraphFields) => boolean) => {
      candidates = candidates.filter(keep);
      refused = !candidates.length;
      return refused ? BREAK : undefined;
    };
    const typeInfo = new TypeInfo(this.apiSchema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const name = node.name.value;
          if (name === '__typename') return undefined;
          const parent = typeInfo.getParentType();
          if (!parent || name.startsWith('__')) {
            refused = true;
            return BREAK;
          }
          const key = `${parent.name}.${name}`;
          return narrow((s) => s.fields.has(key));
        },
        InlineFragment() {
          const type = typeInfo.getType();
          if (!type) return undefined;
          return narrow((s) => s.types.has(getNamedType(type).name));
        },
        FragmentDefinition(node) {
          return narrow((s) => s.types.has(node.typeCondition.name.value));
        },
        VariableDefinition() {
          const type = typeInfo.getInputType();
          if (!type) return undefined;
          const name = getNamedType(type).name;
          return narrow((s) => s.types.has(name) || BUILT_IN_SCALARS.has(name));
        },
      }),
    );
    return refused ? undefined : candidates[0].name;
  }
}
