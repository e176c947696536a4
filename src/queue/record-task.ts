import type { EntityName } from '@mikro-orm/core';
import type { Context } from '../context';
import type { TaskHandler } from './runner';

/** A domain record a task works on with the plain lifecycle pending → running → done | failed. */
export interface TaskRecord {
  status: string;
  errorMessage?: string | null;
  completedAt?: Date | null;
}

const ENDED = new Set(['done', 'failed']);

/**
 * The handler of a task whose subject is one such record (exports, imports): each attempt marks
 * it `running`, then `perform` does the work and returns the changes the record ends `done` with;
 * when the task gives up, the record ends `failed` with the reason. A record that already ended
 * is left alone, so a recovered task does not redo finished work.
 */
export function recordTask<T extends TaskRecord & object>(entity: EntityName<T>, perform: (ctx: Context, record: T) => Promise<Partial<T>>): TaskHandler {
  const find = (ctx: Context, id: string) => ctx.em.findOne(entity, { id } as never) as Promise<T | null>;
  const end = async (ctx: Context, record: T, changes: Partial<T>) => {
    Object.assign(record, changes, { completedAt: new Date() });
    await ctx.em.flush();
  };
  return {
    async run(ctx, task) {
      const record = await find(ctx, task.subjectId);
      if (!record || ENDED.has(record.status)) return;
      record.status = 'running';
      await ctx.em.flush();
      await end(ctx, record, { status: 'done', errorMessage: null, ...(await perform(ctx, record)) } as Partial<T>);
    },
    async settle(ctx, task, outcome) {
      const record = await find(ctx, task.subjectId);
      if (!record || ENDED.has(record.status)) return;
      await end(ctx, record, { status: 'failed', errorMessage: outcome.message } as Partial<T>);
    },
  };
}
