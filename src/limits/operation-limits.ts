import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  getOperationAST,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLNamedType,
  type GraphQLSchema,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import type { LimitsConfig } from '../config';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination';

/** Code of every operation refused by a limit (HTTP 400); `extensions.limit` names the limit. */
export const LIMIT_ERROR_CODE = 'GRAPHQL_VALIDATION_FAILED';

/** Arguments that say how many items a list field returns. */
const SIZE_ARGUMENTS = ['first', 'last', 'limit', 'pageSize'];
/** List arguments whose length is the size of the list returned (`_entities(representations)`, `…(ids)`). */
const COUNTED_ARGUMENTS = ['representations', 'ids'];
/** Items assumed for a list with no size argument (a dataset's columns, a job's teams): small, bounded by the data. */
export const UNSIZED_LIST_SIZE = 10;

export type LimitName = 'maxDepth' | 'maxAliases' | 'maxDirectives' | 'maxTokens' | 'maxCost';

export function limitError(limit: LimitName, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: LIMIT_ERROR_CODE, limit, ...details } });
}

/**
 * The one set of operation limits, built once from config and used by GraphQL over HTTP (Apollo's
 * parse options, validation rules and a plugin), graphql-ws (its onSubscribe hook) and REST (whose
 * routes run through Apollo).
 */
export class OperationLimits {
  /** Parse options: the parser stops once a document passes `maxTokens`. */
  readonly parseOptions: ParseOptions;
  /** Depth, alias and directive limits as validation rules, each refusal a GRAPHQL_VALIDATION_FAILED with `extensions.limit`. */
  readonly validationRules: ValidationRule[];

  constructor(readonly config: Pick<LimitsConfig, LimitName>) {
    this.parseOptions = { maxTokens: config.maxTokens };
    const reject = (limit: LimitName): GraphQLArmorRejectCallback => (context, error) =>
      context?.reportError(limitError(limit, error.message.replace(/^Syntax Error: /, ''), { max: config[limit] }));
    const armor = (limit: LimitName) => ({ propagateOnRejection: false, exposeLimits: true, onReject: [reject(limit)] });
    this.validationRules = [
      maxDepthRule({ n: config.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...armor('maxDepth') }),
      // An empty allow list: armor lets aliases of `__typename` through by default, and 200 of them are as costly as any.
      maxAliasesRule({ n: config.maxAliases, allowList: [], ...armor('maxAliases') }),
      maxDirectivesRule({ n: config.maxDirectives, ...armor('maxDirectives') }),
    ];
  }

  /**
   * The parser's own refusal past `maxTokens` (GRAPHQL_PARSE_FAILED, whatever the transport) named
   * like the other limits, with `extensions.limit` and `max`.
   */
  nameTokenLimit(formatted: GraphQLFormattedError): GraphQLFormattedError {
    if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED' || !/Document contains more tha[nt] \d+ tokens/.test(formatted.message)) return formatted;
    return {
      ...formatted,
      message: `Syntax Error: the document has more than ${this.config.maxTokens} tokens, the limit; parsing stopped.`,
      extensions: { ...formatted.extensions, limit: 'maxTokens', max: this.config.maxTokens },
    };
  }

  /** Throws when the operation (with these variables) could resolve more than `maxCost` objects. */
  assertWithinCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): void {
    const cost = operationCost(schema, document, operationName, variables ?? {});
    if (cost > this.config.maxCost) {
      throw limitError('maxCost', `Operation cost ${cost} exceeds the limit of ${this.config.maxCost}: ask for smaller pages (first/limit) or fewer nested lists`, {
        cost,
        max: this.config.maxCost,
        http: { status: 400 },
      });
    }
  }
}

/**
 * How many objects an operation may resolve: every object-typed field counts once per parent
 * item, and a list multiplies what is under it by its size (`first`/`last`/`limit`, capped at the
 * largest page; the page default when absent; the length of `representations`/`ids`). A
 * connection's size argument applies to its first list field (`nodes`/`edges`). Scalars are free.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  const valueOf = (node: ValueNode): unknown => {
    switch (node.kind) {
      case Kind.VARIABLE:
        return variables[node.name.value];
      case Kind.INT:
        return Number(node.value);
      case Kind.LIST:
        return node.values;
      default:
        return undefined;
    }
  };

  const sizeFromArguments = (field: FieldNode, definition: GraphQLField<unknown, unknown>): number | undefined => {
    for (const name of COUNTED_ARGUMENTS) {
      const given = field.arguments?.find((a) => a.name.value === name);
      const value = given ? valueOf(given.value) : undefined;
      if (Array.isArray(value)) return value.length;
    }
    const sizeArgument = definition.args.find((a) => SIZE_ARGUMENTS.includes(a.name));
    if (!sizeArgument) return undefined;
    const given = field.arguments?.find((a) => a.name.value === sizeArgument.name);
    const value = given ? valueOf(given.value) : sizeArgument.defaultValue;
    const size = typeof value === 'number' && Number.isFinite(value) ? value : DEFAULT_PAGE_SIZE;
    return Math.max(0, Math.min(size, MAX_PAGE_SIZE));
  };

  const selectionCost = (type: GraphQLNamedType | undefined | null, selectionSet: SelectionSetNode | undefined, multiplier: number, pendingSize: number | undefined, fragmentPath: Set<string>): number => {
    if (!type || !selectionSet) return 0;
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const target = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        total += selectionCost(target, selection.selectionSet, multiplier, pendingSize, fragmentPath);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || fragmentPath.has(fragment.name.value)) continue; // cycles are a validation error of their own
        const path = new Set(fragmentPath).add(fragment.name.value);
        total += selectionCost(schema.getType(fragment.typeCondition.name.value), fragment.selectionSet, multiplier, pendingSize, path);
        continue;
      }
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const definition = type.getFields()[selection.name.value];
      if (!definition) continue;
      const named = getNamedType(definition.type);
      if (isLeafType(named)) continue;
      const isList = isListType(getNullableType(definition.type));
      const ownSize = sizeFromArguments(selection, definition);
      const count = isList ? multiplier * (ownSize ?? pendingSize ?? UNSIZED_LIST_SIZE) : multiplier;
      total += count;
      // A connection (an object with a size argument) hands its size to the list inside it.
      total += selectionCost(named, selection.selectionSet, count, isList ? undefined : ownSize, fragmentPath);
    }
    return total;
  };

  return selectionCost(root, operation.selectionSet, 1, undefined, new Set());
}
