import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

/**
 * Text no database stores: a NUL character ends a statement in SQLite and is rejected by
 * PostgreSQL. Refusing it at the door keeps such input a 400 on every transport.
 */
const NUL = '\u0000';

function variablesContainNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, inner]) => key.includes(NUL) || variablesContainNul(inner, depth + 1));
}

function documentContainsNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (node.value.includes(NUL)) found = true;
    },
  });
  return found;
}

/** Throws BAD_USER_INPUT (HTTP 400) when an operation's strings or variables contain a NUL character. */
export function assertStorableInput(document: DocumentNode, variables: unknown): void {
  if (variablesContainNul(variables) || documentContainsNul(document)) {
    throw new GraphQLError('Input must not contain NUL (\\u0000) characters', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
}
