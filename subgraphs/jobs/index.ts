import type { SubgraphModule } from '../../src/federation/module';
import { Job, JobRun, JobVersion, QueryResult, QueryRun } from './entities';
import { JobResolver } from './jobs.resolver';
import { JobRunResolver } from './job-runs.resolver';
import { createScheduledRun, JOB_RUN_TASK, jobRunTask } from './job-runs';
import { jobScheduler } from './schedule';
import { QueryRunResolver } from './query-runs.resolver';
import { QUERY_RUN_TASK, queryRunTask } from './query-runs';
import { restLakesailJobRoutes } from './rest-lakesail-jobs';
import { restQueryRoutes } from './rest-queries';

/** Jobs: job definitions, versions and runs on the task runner; query runs and their persisted results. */
export const jobsModule: SubgraphModule = {
  name: 'jobs',
  resolvers: [QueryRunResolver, JobResolver, JobRunResolver],
  entities: [QueryRun, QueryResult, Job, JobVersion, JobRun],
  restRoutes: [...restQueryRoutes, ...restLakesailJobRoutes],
  tasks: { [QUERY_RUN_TASK]: queryRunTask, [JOB_RUN_TASK]: jobRunTask },
  periodic: [jobScheduler(createScheduledRun)],
};
