import type { SubgraphModule } from '../../src/federation/module';
import { NOTEBOOK_CELL_TASK, notebookCellTask } from './cells';
import { ComputeSession, Notebook, NotebookCell, WorkloadConfig } from './entities';
import { notebookIdleMonitor, notebookStartTask, notebookStopTask } from './lifecycle';
import { NOTEBOOK_START_TASK, NOTEBOOK_STOP_TASK } from './notebooks';
import { NotebookResolver } from './notebooks.resolver';
import { restNotebookRoutes } from './rest';
import { SESSION_READY_TASK, sessionReadyTask } from './sessions';
import { ComputeSessionResolver, WorkloadConfigResolver } from './sessions.resolver';

/** Notebooks: notebooks (lifecycle, idle timeout, cells executed on the SQL engine, teams), sessions and workload configs (lakesail). */
export const notebooksModule: SubgraphModule = {
  name: 'notebooks',
  resolvers: [NotebookResolver, ComputeSessionResolver, WorkloadConfigResolver],
  entities: [WorkloadConfig, Notebook, NotebookCell, ComputeSession],
  restRoutes: restNotebookRoutes,
  tasks: {
    [NOTEBOOK_START_TASK]: notebookStartTask, [NOTEBOOK_STOP_TASK]: notebookStopTask, [NOTEBOOK_CELL_TASK]: notebookCellTask, [SESSION_READY_TASK]: sessionReadyTask,
  },
  periodic: [notebookIdleMonitor],
};
