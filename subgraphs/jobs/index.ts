import type { SubgraphModule } from '../../src/federation/module';
import { tenantReference } from '../../src/federation/reference-stub';
import { SavedQueryReference, Job, JobRun, JobVersion, QueryResult, QueryResultExport, QueryRun } from './entities';
import { QUERY_EXPORT_TASK, queryExportTask } from './query-exports';
import { QueryResultExportResolver } from './query-exports.resolver';
import { restDatacoveyQueryJobRoutes } from './rest-datacovey-query-jobs';
import { JobResolver } from './jobs.resolver';
import { OperationResolver } from './operations.resolver';
import { JobRunResolver } from './job-runs.resolver';
import { createScheduledRun, JOB_RUN_TASK, jobRunTask } from './job-runs';
import { jobScheduler } from './schedule';
import { QueryRunResolver, SavedQueryRunsResolver } from './query-runs.resolver';
import { QUERY_RUN_TASK, queryRunTask } from './query-runs';
import { restLakesailJobRoutes } from './rest-lakesail-jobs';
import { restQueryRoutes } from './rest-queries';
import { restOperationRoutes } from './rest-operations';
import { followClusters } from './cluster-events';

/** Jobs: job definitions, versions and runs on the task runner; query runs, their persisted results and result exports; operations (background work of any domain). */
export const jobsModule: SubgraphModule = {
  name: 'jobs',
  resolvers: [QueryRunResolver, SavedQueryRunsResolver, QueryResultExportResolver, JobResolver, JobRunResolver, OperationResolver],
  entities: [QueryRun, QueryResult, QueryResultExport, Job, JobVersion, JobRun],
  restRoutes: [...restQueryRoutes, ...restLakesailJobRoutes, ...restDatacoveyQueryJobRoutes, ...restOperationRoutes],
  tasks: { [QUERY_RUN_TASK]: queryRunTask, [JOB_RUN_TASK]: jobRunTask, [QUERY_EXPORT_TASK]: queryExportTask },
  periodic: [jobScheduler(createScheduledRun)],
  orphanedTypes: [SavedQueryReference],
  referenceResolvers: {
    // The catalogs subgraph owns saved queries; this one adds their runs.
    SavedQuery: tenantReference('saved_queries'),
  },
  onEvents: followClusters,
};
