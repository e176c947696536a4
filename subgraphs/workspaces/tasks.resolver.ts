import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { Workspace } from './entities';
import { AttachTaskInput, UpdateTaskBindingInput } from './inputs';
import * as tasks from './tasks';
import { WorkspaceBoundTask, WorkspaceRun } from './types';

const workspaceArg = Arg('workspaceId', () => ID, { description: 'Workspace id.' });
const bindingArg = Arg('id', () => ID, { description: 'The binding id, or the task (job) id.' });

/** Jobs bound to workspaces as tasks, and their runs. */
@Resolver(() => Workspace)
export class WorkspaceTaskResolver {
  @FieldResolver(() => [WorkspaceBoundTask], { description: 'Jobs attached to it as tasks.' })
  boundTasks(@Root() workspace: Workspace, @Ctx() ctx: Context) {
    return tasks.boundTasksLoader(ctx).load(workspace.id);
  }

  @Authorized()
  @Mutation(() => Workspace, { description: 'Attach a job you can see to a workspace as a task (409 if attached already).' })
  attachWorkspaceTask(@workspaceArg workspaceId: string, @Arg('input', () => AttachTaskInput, { description: 'The job.' }) input: AttachTaskInput, @Ctx() ctx: Context) {
    return tasks.attachTask(ctx, workspaceId, input);
  }

  @Authorized()
  @Mutation(() => Workspace, { description: "Change a bound task's mutatesWorkspace or lifecycle." })
  updateWorkspaceTaskBinding(
    @workspaceArg workspaceId: string,
    @bindingArg id: string,
    @Arg('input', () => UpdateTaskBindingInput, { description: 'Changes.' }) input: UpdateTaskBindingInput,
    @Ctx() ctx: Context,
  ) {
    return tasks.updateTaskBinding(ctx, workspaceId, id, input);
  }

  @Authorized()
  @Mutation(() => Workspace, { description: 'Detach a task from a workspace (the job stays).' })
  detachWorkspaceTask(@workspaceArg workspaceId: string, @bindingArg id: string, @Ctx() ctx: Context) {
    return tasks.detachTask(ctx, workspaceId, id);
  }

  @Authorized()
  @Query(() => WorkspaceRun, { description: "A run of one of the workspace's bound tasks." })
  workspaceRun(@workspaceArg workspaceId: string, @Arg('runId', () => ID, { description: 'The run (a job run id).' }) runId: string, @Ctx() ctx: Context) {
    return tasks.workspaceRun(ctx, workspaceId, runId);
  }
}
