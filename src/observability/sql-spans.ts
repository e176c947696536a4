import type { MikroORM } from '@mikro-orm/core';
import { SpanKind, endSpan, startChildSpan, tracingOn, type Span } from './tracing';

/** What knex hands its `query` / `query-response` / `query-error` listeners. */
interface KnexQuery {
  __knexQueryUid?: string;
  sql?: string;
  method?: string;
}

/** The longest statement text kept on a span (statements with large IN lists run to kilobytes). */
const MAX_STATEMENT_LENGTH = 2000;

/**
 * One client span per SQL statement, on PostgreSQL and SQLite alike: MikroORM runs every statement
 * through knex, whose query events fire in the caller's async context, so the span is the child of
 * the operation that ran it. Does nothing unless tracing is on.
 */
export function traceSqlStatements(orm: MikroORM, system: 'postgresql' | 'sqlite'): void {
  if (!tracingOn) return;
  const knex = (orm.em.getConnection() as unknown as { getKnex(): { on(event: string, listener: (...args: any[]) => void): void } }).getKnex();
  const open = new Map<string, Span>();
  knex.on('query', (query: KnexQuery) => {
    if (!query.__knexQueryUid) return;
    const statement = (query.sql ?? '').slice(0, MAX_STATEMENT_LENGTH);
    // MikroORM sends raw statements, so knex's `method` is `raw`: the statement's first word says more.
    const operation = (/^\s*(\w+)/.exec(statement)?.[1] ?? query.method ?? 'query').toUpperCase();
    open.set(query.__knexQueryUid, startChildSpan(`${operation} ${system}`, SpanKind.CLIENT, { 'db.system.name': system, 'db.query.text': statement, 'db.operation.name': operation }));
  });
  const end = (error?: string) => (_response: unknown, query: KnexQuery | undefined) => {
    const uid = (query ?? (_response as KnexQuery))?.__knexQueryUid;
    const span = uid ? open.get(uid) : undefined;
    if (!span || !uid) return;
    open.delete(uid);
    endSpan(span, error);
  };
  knex.on('query-response', end());
  knex.on('query-error', (error: Error, query: KnexQuery) => end(error.message)(undefined, query));
}
