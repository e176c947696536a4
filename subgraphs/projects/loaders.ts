import DataLoader from 'dataloader';
import type { Context } from '../../src/context';
import { alignById, loader } from '../../src/context';
import { ACTIVE_FILTER } from '../../src/db/orm';
import { Project } from './entities';

/** Projects by id in one query per request (tenant filter applies; archived included for references). */
export function projectLoader(ctx: Context): DataLoader<string, Project | null> {
  return loader(ctx, 'projects.projectById', () =>
    new DataLoader<string, Project | null>(async (ids) => {
      const rows = await ctx.em.find(Project, { id: { $in: [...ids] } }, { filters: { [ACTIVE_FILTER]: false } });
      return alignById(rows, ids);
    }),
  );
}
