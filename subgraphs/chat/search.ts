import type { EntityManager } from '@mikro-orm/core';

/**
 * Full-text search over chat messages: the one place with dialect-specific SQL for it.
 *
 * - SQLite: an FTS5 table `chat_messages_fts` whose rowid is the message row's rowid, kept in
 *   step by triggers on `chat_messages` (see the Chat migration); ranked by bm25.
 * - PostgreSQL: a GIN index on `to_tsvector('simple', coalesce(body_text, ''))`, queried with
 *   the same expression so the index applies; ranked by ts_rank.
 *
 * Both tokenize without stemming ('simple' / unicode61), so a word finds the same messages on
 * either database. Only messages of rooms the user belongs to, not deleted, are searched.
 */
export async function searchMessageIds(
  em: EntityManager,
  params: { tenantId: string; userId: string; query: string; roomId?: string | null; limit: number },
): Promise<string[]> {
  const words = params.query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (!words.length) return [];
  const postgres = /postgre/i.test(em.getPlatform().constructor.name);
  const roomFilter = params.roomId ? ' and m.room_id = ?' : '';
  const scope = [params.userId, params.tenantId, ...(params.roomId ? [params.roomId] : [])];
  const rows = postgres
    ? ((await em.getConnection().execute(
        `select m.id from chat_messages m
           join chat_members mb on mb.room_id = m.room_id and mb.user_id = ?
          where m.tenant_id = ? and m.deleted_at is null${roomFilter}
            and to_tsvector('simple', coalesce(m.body_text, '')) @@ to_tsquery('simple', ?)
          order by ts_rank(to_tsvector('simple', coalesce(m.body_text, '')), to_tsquery('simple', ?)) desc, m.created_at desc
          limit ?`,
        [...scope, tsQuery(words), tsQuery(words), params.limit],
      )) as { id: string }[])
    : ((await em.getConnection().execute(
        `select m.id from chat_messages_fts f
           join chat_messages m on m.rowid = f.rowid
           join chat_members mb on mb.room_id = m.room_id and mb.user_id = ?
          where m.tenant_id = ? and m.deleted_at is null${roomFilter}
            and chat_messages_fts match ?
          order by bm25(chat_messages_fts), m.created_at desc
          limit ?`,
        [...scope, ftsQuery(words), params.limit],
      )) as { id: string }[]);
  return rows.map((r) => r.id);
}

/** Every word must occur; each is quoted, so user text never reaches FTS5's query syntax. */
function ftsQuery(words: string[]): string {
  return words.map((w) => `"${w}"`).join(' ');
}

/** Every word must occur; words are plain tokens (letters, digits, `_`), so nothing is tsquery syntax. */
function tsQuery(words: string[]): string {
  return words.join(' & ');
}
