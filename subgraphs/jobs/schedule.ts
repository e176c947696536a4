import { CronExpressionParser } from 'cron-parser';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { ORG_ADMIN } from '../../src/auth/roles';
import type { Identity } from '../../src/auth/identity';
import type { Context } from '../../src/context';
import { TENANT_FILTER } from '../../src/db/orm';
import { BadInputError } from '../../src/errors';
import type { PeriodicTask } from '../../src/queue/runner';
import { Job, JobVersion } from './entities';

/** The actor of scheduled runs (recorded as their creator). */
export const SCHEDULER_USER_ID = 'scheduler';

/** The first time after `from` that `schedule` fires (cron, 5 fields or 6 with seconds; UTC). Bad cron is BAD_USER_INPUT. */
export function nextFireTime(schedule: string, from: Date): Date {
  try {
    return CronExpressionParser.parse(schedule, { currentDate: from, tz: 'UTC' }).next().toDate();
  } catch (error) {
    throw new BadInputError(`schedule "${schedule}" is not a cron expression: ${(error as Error).message}`);
  }
}

/** When the job's active version next fires (null without a schedule); set whenever the active version changes. */
export function nextRunOf(version: Pick<JobVersion, 'schedule'>, from = new Date()): Date | null {
  return version.schedule ? nextFireTime(version.schedule, from) : null;
}

/**
 * Creates the runs that are due, for every tenant: a job whose `nextRunAt` has passed gets one
 * run for that time, and `nextRunAt` moves to the next time after now (times missed while no
 * instance ran are not made up, beyond one run). Advancing `nextRunAt` is a conditional update
 * and a run is unique per (job, scheduled time), so two instances never create the same run.
 */
export function jobScheduler(createRun: (ctx: Context, job: Job, scheduledFor: Date) => Promise<unknown>): PeriodicTask {
  return {
    name: 'job-scheduler',
    everyMs: 1000,
    async run(em: EntityManager, contextFor: (identity: Identity) => Context) {
      const now = new Date();
      const due = await em.find(Job, { nextRunAt: { $lte: now } }, { filters: { [TENANT_FILTER]: false }, limit: 100, orderBy: { nextRunAt: 'asc' } });
      for (const job of due) {
        const scheduledFor = job.nextRunAt!;
        const version = await em.findOne(JobVersion, { jobId: job.id, version: job.activeVersion }, { filters: { [TENANT_FILTER]: false } });
        const next = version ? nextRunOf(version, now) : null;
        if (!(await em.nativeUpdate(Job, { id: job.id, nextRunAt: scheduledFor }, { nextRunAt: next }, { filters: { [TENANT_FILTER]: false } }))) continue;
        const ctx = contextFor({ tenantId: job.tenantId, userId: SCHEDULER_USER_ID, roles: [ORG_ADMIN], via: 'jwt' });
        try {
          await createRun(ctx, job, scheduledFor);
        } catch (error) {
          if (!(error instanceof UniqueConstraintViolationException)) throw error;
        }
      }
    },
  };
}
