/** A case-insensitive "contains" condition, with the user's `%` and `_` taken literally. */
export function containsInsensitive(text: string): { $ilike: string } {
  return { $ilike: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
}
