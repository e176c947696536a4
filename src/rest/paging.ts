import { cursorForSkip, MAX_PAGE_SIZE } from '../pagination';
import type { JsonSchema, RestRequest, RestRoute } from './route';

/** datacovey's offset paging: `skip` (default 0) and `limit` (default 100). */
export const SKIP_LIMIT_QUERY: Record<string, JsonSchema> = {
  skip: { type: 'integer', minimum: 0, default: 0 },
  limit: { type: 'integer', minimum: 0, maximum: MAX_PAGE_SIZE, default: 100 },
};

/** GraphQL `first`/`after` for a page that skips `offset` records and holds `limit`. */
export function offsetPage(offset: number, limit: number): { first: number; after: string | null } {
  return { first: limit, after: cursorForSkip(offset) };
}

/** GraphQL `first`/`after` for a skip/limit request. */
export function pageFromSkipLimit(req: RestRequest): { first: number; after: string | null } {
  return offsetPage(Number(req.query.skip ?? 0), Number(req.query.limit ?? 100));
}

/** The same update route under PUT and PATCH, since the seed does not say which verb it used. */
export function putAndPatch<TData, TVariables>(route: Omit<RestRoute<TData, TVariables>, 'method'>): RestRoute[] {
  return [
    { ...route, method: 'put' } as RestRoute,
    { ...route, method: 'patch' } as RestRoute,
  ];
}
