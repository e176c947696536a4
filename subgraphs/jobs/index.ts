import type { SubgraphModule } from '../../src/federation/module';
import { Job, JobRun, JobVersion, QueryResult, QueryRun } from './entities';
import { JobResolver } from './jobs.resolver';
import { OperationResolver } from './operations.resolver';
import { JobRunResolver } from './job-runs.resolver';
import { createScheduledRun, JOB_RUN_TASK, jobRunTask } from './job-runs';
import { jobScheduler } from './schedule';
import { QueryRunResolver } from './query-runs.resolver';
import { QUERY_RUN_TASK, queryRunTask } from './query-runs';
import { restLakesailJobRoutes } from './rest-lakesail-jobs';
import { restQueryRoutes } from './rest-queries';
import { restOperationRoutes } from './rest-operations';

/** Jobs: job definitions, versions and runs on the task runner; query runs and their persisted results; operations (background work of any domain). */
export const jobsModule: SubgraphModule = {
  name: 'jobs',
  resolvers: [QueryRunResolver, JobResolver, JobRunResolver, OperationResolver],
  entities: [QueryRun, QueryResult, Job, JobVersion, JobRun],
  restRoutes: [...restQueryRoutes, ...restLakesailJobRoutes, ...restOperationRoutes],
  tasks: { [QUERY_RUN_TASK]: queryRunTask, [JOB_RUN_TASK]: jobRunTask },
  periodic: [jobScheduler(createScheduledRun)],
};
