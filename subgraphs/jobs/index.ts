import type { SubgraphModule } from '../../src/federation/module';
import { QueryResult, QueryRun } from './entities';
import { QueryRunResolver } from './query-runs.resolver';
import { QUERY_RUN_TASK, queryRunTask } from './query-runs';
import { restQueryRoutes } from './rest-queries';

/** Jobs: query runs and their persisted results so far (definitions, runs and the runner come with the jobs issue). */
export const jobsModule: SubgraphModule = {
  name: 'jobs',
  resolvers: [QueryRunResolver],
  entities: [QueryRun, QueryResult],
  restRoutes: restQueryRoutes,
  tasks: { [QUERY_RUN_TASK]: queryRunTask },
};
