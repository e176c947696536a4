import { MAX_PAGE_SIZE } from '../pagination';
import { offsetPage } from './paging';
import type { JsonSchema, RestRequest } from './route';

/** hotdata's offset paging: `limit` (default 100) and `offset` (default 0). */
export const OFFSET_LIMIT_QUERY: Record<string, JsonSchema> = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 },
  offset: { type: 'integer', minimum: 0, default: 0 },
};

/** GraphQL `first`/`after` for a hotdata offset request. */
export function pageFromOffset(req: RestRequest): { first: number; after: string | null } {
  return offsetPage(Number(req.query.offset ?? 0), Number(req.query.limit ?? 100));
}

/** The fields every hotdata offset-paged list carries beside its items: `count`, `has_more`, `limit`, `offset`. */
export function offsetEnvelope(req: RestRequest, connection: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } }) {
  return { count: connection.nodes.length, has_more: connection.pageInfo.hasNextPage, limit: Number(req.query.limit ?? 100), offset: Number(req.query.offset ?? 0) };
}
