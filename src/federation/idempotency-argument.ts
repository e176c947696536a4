import { Kind, visit, type DocumentNode, type FieldDefinitionNode, type InputValueDefinitionNode } from 'graphql';
import { IDEMPOTENCY_ARGUMENT } from '../idempotency/graphql';

/** Mutation fields named like this get the argument: every create, in every subgraph, present and future. */
export const IDEMPOTENT_MUTATION = /^create[A-Z]/;

const ARGUMENT: InputValueDefinitionNode = {
  kind: Kind.INPUT_VALUE_DEFINITION,
  name: { kind: Kind.NAME, value: IDEMPOTENCY_ARGUMENT },
  type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
  description: {
    kind: Kind.STRING,
    value:
      'A key you choose (1–255 characters, e.g. a UUID) to make retries safe: a retry with the same key and the same ' +
      'arguments runs once and gets the first response; the same key with different arguments is refused with ' +
      'IDEMPOTENCY_KEY_REUSED. Keys are kept for 24 hours, per user.',
  },
};

/** Adds the optional `idempotencyKey: String` argument to every `create…` field of `type Mutation`. */
export function addIdempotencyKeyArguments(typeDefs: DocumentNode): DocumentNode {
  return visit(typeDefs, {
    ObjectTypeDefinition(node) {
      if (node.name.value !== 'Mutation') return undefined;
      return {
        ...node,
        fields: node.fields?.map((field): FieldDefinitionNode =>
          IDEMPOTENT_MUTATION.test(field.name.value) && !field.arguments?.some((a) => a.name.value === IDEMPOTENCY_ARGUMENT)
            ? { ...field, arguments: [...(field.arguments ?? []), ARGUMENT] }
            : field,
        ),
      };
    },
  });
}

type Resolver = (root: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => unknown;

/**
 * Wraps those fields' resolvers so they never see the argument: the platform acts on it around the
 * whole operation (src/idempotency/graphql.ts), where the first response can be stored and replayed.
 */
export function stripIdempotencyKeyArguments(resolvers: Record<string, Record<string, unknown>>): void {
  const mutation = resolvers.Mutation;
  if (!mutation) return;
  for (const [name, resolve] of Object.entries(mutation)) {
    if (!IDEMPOTENT_MUTATION.test(name) || typeof resolve !== 'function') continue;
    mutation[name] = (root: unknown, { [IDEMPOTENCY_ARGUMENT]: _key, ...args }: Record<string, unknown>, ctx: unknown, info: unknown) =>
      (resolve as Resolver)(root, args, ctx, info);
  }
}
