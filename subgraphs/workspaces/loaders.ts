import DataLoader from 'dataloader';
import type { Context } from '../../src/context';
import { loader, requireIdentity } from '../../src/context';
import { usersOfTenant } from '../../src/db/directory';
import { WorkspaceTag, WorkspaceTagLink } from './entities';
import type { WorkspaceUser } from './types';

/** Users of the caller's tenant by id, as workspaces show them (null for a removed user). */
export function userLoader(ctx: Context): DataLoader<string, WorkspaceUser | null> {
  return loader(ctx, 'workspaces.userById', () =>
    new DataLoader<string, WorkspaceUser | null>(async (ids) => {
      const rows = await usersOfTenant(ctx.em, requireIdentity(ctx).tenantId, [...ids]);
      return ids.map((id) => {
        const user = rows.find((r) => r.id === id);
        if (!user) return null;
        const [firstName, ...rest] = user.name.trim().split(/\s+/);
        return { id: user.id, email: user.email, name: user.name, firstName: firstName ?? '', lastName: rest.join(' '), profilePictureUrl: null };
      });
    }),
  );
}

/** Tags of each workspace, by name, batched per request. */
export function tagsLoader(ctx: Context): DataLoader<string, WorkspaceTag[]> {
  return loader(ctx, 'workspaces.tagsByWorkspace', () =>
    new DataLoader<string, WorkspaceTag[]>(async (ids) => {
      const links = await ctx.em.find(WorkspaceTagLink, { workspaceId: { $in: [...ids] } });
      const tags = links.length ? await ctx.em.find(WorkspaceTag, { id: { $in: [...new Set(links.map((l) => l.tagId))] } }, { orderBy: { name: 'asc' } }) : [];
      return ids.map((id) => {
        const mine = new Set(links.filter((l) => l.workspaceId === id).map((l) => l.tagId));
        return tags.filter((t) => mine.has(t.id));
      });
    }),
  );
}
