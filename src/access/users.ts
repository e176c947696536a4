import type { Context } from '../context';
import { requireIdentity } from '../context';
import { existingUserIds } from '../db/directory';
import { NotFoundError } from '../errors';

/** Users of the caller's tenant among `userIds` (deduplicated); any other id is NOT_FOUND. */
export async function requireUsers(ctx: Context, userIds: string[]): Promise<string[]> {
  const identity = requireIdentity(ctx);
  const unique = [...new Set(userIds)];
  const found = new Set(await existingUserIds(ctx.em, identity.tenantId, unique));
  const missing = unique.find((id) => !found.has(id));
  if (missing) throw new NotFoundError('User', missing);
  return unique;
}
