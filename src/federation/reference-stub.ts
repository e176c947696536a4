import DataLoader from 'dataloader';
import { loader } from '../context';
import { tenantRowIds } from '../db/directory';
import type { ReferenceResolver } from './module';

/**
 * Resolves references to an entity another subgraph owns, to which this one only adds fields:
 * `{ id }` when the row is the caller's tenant's, else null, as the owning subgraph answers. Without
 * the check a subgraph served alone would resolve any tenant's reference (a stub, but still not
 * "not found"). One query per request for all references of the type.
 */
export function tenantReference(table: 'projects' | 'saved_queries'): ReferenceResolver {
  return (reference, ctx) => {
    const tenantId = ctx.identity?.tenantId;
    if (!tenantId) return null;
    const owned = loader(ctx, `reference.${table}`, () =>
      new DataLoader<string, boolean>(async (ids) => {
        const found = await tenantRowIds(ctx.em, table, tenantId, ids);
        return ids.map((id) => found.has(id));
      }),
    );
    return owned.load(reference.id).then((mine) => (mine ? { id: reference.id } : null));
  };
}
