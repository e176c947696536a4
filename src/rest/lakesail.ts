import { MAX_PAGE_SIZE } from '../pagination';
import { offsetPage } from './paging';
import type { JsonSchema, RestRequest } from './route';

/** lakesail's offset paging: `page` (1-based, default 1) and `limit` (0..100, default 100). */
export const PAGE_LIMIT_QUERY: Record<string, JsonSchema> = {
  page: { type: 'integer', minimum: 1, default: 1 },
  limit: { type: 'integer', minimum: 0, maximum: 100, default: 100 },
  dir: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
};

export function pageFromPageLimit(req: RestRequest): { first: number; after: string | null } {
  const limit = Math.min(Number(req.query.limit ?? 100), MAX_PAGE_SIZE);
  return offsetPage((Number(req.query.page ?? 1) - 1) * limit, limit);
}

/** lakesail's `dir` query parameter as the GraphQL sort direction. */
export function lakesailDirection(req: RestRequest): 'ASC' | 'DESC' {
  return req.query.dir === 'desc' ? 'DESC' : 'ASC';
}

/** The one lakesail list envelope: `{ items, page, limit, total }`. */
export function lakesailList<T, U>(req: RestRequest, connection: { totalCount: number; nodes: T[] }, map: (item: T) => U) {
  return { items: connection.nodes.map(map), page: Number(req.query.page ?? 1), limit: Number(req.query.limit ?? 100), total: connection.totalCount };
}

/** lakesail's token paging ("marker-based"): `limit` (0..100, default 100) and `token`, the previous page's `nextToken`. */
export const TOKEN_LIMIT_QUERY: Record<string, JsonSchema> = {
  limit: { type: 'integer', minimum: 0, maximum: 100, default: 100 },
  token: { type: 'string' },
};

export function pageFromToken(req: RestRequest): { first: number; after: string | null } {
  return { first: Number(req.query.limit ?? 100), after: req.query.token || null };
}

/** The token-paged envelope: `{ items, nextToken }`, `nextToken` null on the last page. */
export function lakesailTokenList<T, U>(connection: { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } }, map: (item: T) => U) {
  return { items: connection.nodes.map(map), nextToken: connection.pageInfo.hasNextPage ? (connection.pageInfo.endCursor ?? null) : null };
}

/** `{ items, page, limit, total }` over a whole list an operation returns unpaged (e.g. a resource's teams). */
export function lakesailListOf<T>(req: RestRequest, all: T[]) {
  const limit = Number(req.query.limit ?? 100);
  const page = Number(req.query.page ?? 1);
  return { items: all.slice((page - 1) * limit, page * limit), page, limit, total: all.length };
}
