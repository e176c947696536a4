import type { PeriodicTask } from '../queue/runner';
import { deleteExpiredIdempotencyKeys } from './store';

/** Forgets idempotency keys past their 24 hours, hourly, in processes that run tasks. */
export const IDEMPOTENCY_CLEANUP: PeriodicTask = {
  name: 'idempotency-key-cleanup',
  everyMs: 60 * 60 * 1000,
  run: async (em) => {
    await deleteExpiredIdempotencyKeys(em);
  },
};
