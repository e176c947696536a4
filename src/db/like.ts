import type { EntityManager } from '@mikro-orm/core';

/**
 * A case-insensitive "contains" condition. PostgreSQL gets ILIKE with the user's `%` and `_`
 * escaped; SQLite's LIKE is already case-insensitive (ASCII) but has no default escape
 * character, so there a `%` or `_` in the search text acts as a wildcard.
 */
export function containsInsensitive(em: EntityManager, text: string): { $ilike: string } | { $like: string } {
  const postgres = /postgre/i.test(em.getPlatform().constructor.name);
  return postgres ? { $ilike: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } : { $like: `%${text}%` };
}
