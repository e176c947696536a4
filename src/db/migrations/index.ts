import type { MigrationObject } from '@mikro-orm/core';
import type { Dialect } from '../orm';
import { Migration20261123001741_Initial as PostgresInitial } from './postgresql/Migration20261123001741_Initial';
import { Migration20261123001740_Initial as SqliteInitial } from './sqlite/Migration20261123001740_Initial';
import { Migration20261125033040_Datasets as PostgresDatasets } from './postgresql/Migration20261125033040_Datasets';
import { Migration20261125033032_Datasets as SqliteDatasets } from './sqlite/Migration20261125033032_Datasets';
import { Migration20261125033642_ProjectQueries as PostgresProjectQueries } from './postgresql/Migration20261125033642_ProjectQueries';
import { Migration20261125033640_ProjectQueries as SqliteProjectQueries } from './sqlite/Migration20261125033640_ProjectQueries';

import { Migration20261125034811_TaskQueue as PostgresTaskQueue } from './postgresql/Migration20261125034811_TaskQueue';
import { Migration20261125034800_TaskQueue as SqliteTaskQueue } from './sqlite/Migration20261125034800_TaskQueue';
import { Migration20261125035442_Jobs as PostgresJobs } from './postgresql/Migration20261125035442_Jobs';
import { Migration20261125035430_Jobs as SqliteJobs } from './sqlite/Migration20261125035430_Jobs';
import { Migration20261125040633_JobSchedules as PostgresJobSchedules } from './postgresql/Migration20261125040633_JobSchedules';
import { Migration20261125040625_JobSchedules as SqliteJobSchedules } from './sqlite/Migration20261125040625_JobSchedules';
import { Migration20261125041323_TaskResult as PostgresTaskResult } from './postgresql/Migration20261125041323_TaskResult';
import { Migration20261125041312_TaskResult as SqliteTaskResult } from './sqlite/Migration20261125041312_TaskResult';
import { Migration20261125042614_Notifications as PostgresNotifications } from './postgresql/Migration20261125042614_Notifications';
import { Migration20261125042542_Notifications as SqliteNotifications } from './sqlite/Migration20261125042542_Notifications';
import { Migration20261125041745_QueryExports as PostgresQueryExports } from './postgresql/Migration20261125041745_QueryExports';
import { Migration20261125041724_QueryExports as SqliteQueryExports } from './sqlite/Migration20261125041724_QueryExports';
import { Migration20261125042631_Chat as PostgresChat } from './postgresql/Migration20261125042631_Chat';
import { Migration20261125042628_Chat as SqliteChat } from './sqlite/Migration20261125042628_Chat';
import { Migration20261125042825_Workspaces as PostgresWorkspaces } from './postgresql/Migration20261125042825_Workspaces';
import { Migration20261125042821_Workspaces as SqliteWorkspaces } from './sqlite/Migration20261125042821_Workspaces';
import { Migration20261125044324_WorkspaceTasks as PostgresWorkspaceTasks } from './postgresql/Migration20261125044324_WorkspaceTasks';
import { Migration20261125044320_WorkspaceTasks as SqliteWorkspaceTasks } from './sqlite/Migration20261125044320_WorkspaceTasks';
import { Migration20261125062846_Clusters as PostgresClusters } from './postgresql/Migration20261125062846_Clusters';
import { Migration20261125062922_Clusters as SqliteClusters } from './sqlite/Migration20261125062922_Clusters';
import { Migration20261125063931_Notebooks as PostgresNotebooks } from './postgresql/Migration20261125063931_Notebooks';
import { Migration20261125064009_Notebooks as SqliteNotebooks } from './sqlite/Migration20261125064009_Notebooks';
import { Migration20261125064445_WorkspaceSessions as PostgresWorkspaceSessions } from './postgresql/Migration20261125064445_WorkspaceSessions';
import { Migration20261125064440_WorkspaceSessions as SqliteWorkspaceSessions } from './sqlite/Migration20261125064440_WorkspaceSessions';
import { Migration20261125064624_IdempotencyKeys as PostgresIdempotencyKeys } from './postgresql/Migration20261125064624_IdempotencyKeys';
import { Migration20261125064620_IdempotencyKeys as SqliteIdempotencyKeys } from './sqlite/Migration20261125064620_IdempotencyKeys';
import { Migration20261204213935_ListIndexes as PostgresListIndexes } from './postgresql/Migration20261204213935_ListIndexes';
import { Migration20261204213930_ListIndexes as SqliteListIndexes } from './sqlite/Migration20261204213930_ListIndexes';
/**
 * Every migration, per dialect, in order. Listed explicitly (not globbed) so they load the same
 * from `dist/` and under vitest. `npm run migration:create -- NAME` writes one for the configured
 * dialect (run it once plain, once with DATABASE_URL); add both here.
 */
export const MIGRATIONS: Record<Dialect, MigrationObject[]> = {
  sqlite: [
    { name: 'Migration20261123001740_Initial', class: SqliteInitial },
    { name: 'Migration20261125033032_Datasets', class: SqliteDatasets },
    { name: 'Migration20261125033640_ProjectQueries', class: SqliteProjectQueries },
    { name: 'Migration20261125034800_TaskQueue', class: SqliteTaskQueue },
    { name: 'Migration20261125035430_Jobs', class: SqliteJobs },
    { name: 'Migration20261125040625_JobSchedules', class: SqliteJobSchedules },
    { name: 'Migration20261125041312_TaskResult', class: SqliteTaskResult },
    { name: 'Migration20261125042542_Notifications', class: SqliteNotifications },
    { name: 'Migration20261125041724_QueryExports', class: SqliteQueryExports },
    { name: 'Migration20261125042628_Chat', class: SqliteChat },
    { name: 'Migration20261125042821_Workspaces', class: SqliteWorkspaces },
    { name: 'Migration20261125044320_WorkspaceTasks', class: SqliteWorkspaceTasks },
    { name: 'Migration20261125062922_Clusters', class: SqliteClusters },
    { name: 'Migration20261125064009_Notebooks', class: SqliteNotebooks },
    { name: 'Migration20261125064440_WorkspaceSessions', class: SqliteWorkspaceSessions },
    { name: 'Migration20261125064620_IdempotencyKeys', class: SqliteIdempotencyKeys },
    { name: 'Migration20261204213930_ListIndexes', class: SqliteListIndexes },
  ],
  postgresql: [
    { name: 'Migration20261123001741_Initial', class: PostgresInitial },
    { name: 'Migration20261125033040_Datasets', class: PostgresDatasets },
    { name: 'Migration20261125033642_ProjectQueries', class: PostgresProjectQueries },
    { name: 'Migration20261125034811_TaskQueue', class: PostgresTaskQueue },
    { name: 'Migration20261125035442_Jobs', class: PostgresJobs },
    { name: 'Migration20261125040633_JobSchedules', class: PostgresJobSchedules },
    { name: 'Migration20261125041323_TaskResult', class: PostgresTaskResult },
    { name: 'Migration20261125042614_Notifications', class: PostgresNotifications },
    { name: 'Migration20261125041745_QueryExports', class: PostgresQueryExports },
    { name: 'Migration20261125042631_Chat', class: PostgresChat },
    { name: 'Migration20261125042825_Workspaces', class: PostgresWorkspaces },
    { name: 'Migration20261125044324_WorkspaceTasks', class: PostgresWorkspaceTasks },
    { name: 'Migration20261125062846_Clusters', class: PostgresClusters },
    { name: 'Migration20261125063931_Notebooks', class: PostgresNotebooks },
    { name: 'Migration20261125064445_WorkspaceSessions', class: PostgresWorkspaceSessions },
    { name: 'Migration20261125064624_IdempotencyKeys', class: PostgresIdempotencyKeys },
    { name: 'Migration20261204213935_ListIndexes', class: PostgresListIndexes },
  ],
};
