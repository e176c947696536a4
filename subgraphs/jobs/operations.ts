import type { FilterQuery } from '@mikro-orm/core';
import { GraphQLJSON } from 'graphql-scalars';
import { IsIn, IsOptional } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { NotFoundError } from '../../src/errors';
import { mapPage, paginate, type Page, type PageArgs } from '../../src/pagination';
import { Task, TASK_STATUSES } from '../../src/queue/task';

/** A piece of background work of any domain (a task of the queue), as callers follow it. */
@ObjectType({ description: 'Background work of any domain (an async query, a job run, a refresh, an export): follow it until it ends.' })
export class Operation {
  @Field(() => ID, { description: 'Operation id.' })
  id!: string;
  @Field(() => String, { description: 'What it does, e.g. query_run, job_run, connection_refresh.' })
  kind!: string;
  @Field(() => ID, { description: 'The record it works on (a query run, job run, connection, …).' })
  subjectId!: string;
  @Field(() => String, { description: `Status: ${TASK_STATUSES.join(', ')}.` })
  status!: string;
  @Field(() => Int, { description: 'Attempts started so far.' })
  attempts!: number;
  @Field(() => GraphQLJSON, { nullable: true, description: 'What it produced, once succeeded.' })
  result?: unknown;
  @Field(() => String, { nullable: true, description: 'Why its last attempt failed.' })
  errorMessage?: string | null;
  @Field(() => Date, { description: 'When it was asked for.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it ended.' })
  completedAt?: Date | null;
}

@InputType({ description: 'Which operations to list.' })
export class OperationFilter {
  @Field(() => [String], { nullable: true, description: 'Only these kinds.' })
  @IsOptional()
  kinds?: string[] | null;
  @Field(() => [String], { nullable: true, description: `Only these statuses (${TASK_STATUSES.join(', ')}).` })
  @IsOptional()
  @IsIn(TASK_STATUSES, { each: true, message: `status must be one of ${TASK_STATUSES.join(', ')}` })
  statuses?: string[] | null;
}

const toOperation = (task: Task): Operation => ({
  id: task.id, kind: task.kind, subjectId: task.subjectId, status: task.status, attempts: task.attempts,
  result: task.result ?? null, errorMessage: task.lastError ?? null, createdAt: task.createdAt, completedAt: task.finishedAt ?? null,
});

// Tasks are platform rows outside the tenant filter (runners read across tenants), so every read here names the tenant.
export async function getOperation(ctx: Context, id: string): Promise<Operation> {
  const identity = requireIdentity(ctx);
  const task = await ctx.em.findOne(Task, { id, tenantId: identity.tenantId });
  if (!task) throw new NotFoundError('Operation', id);
  return toOperation(task);
}

export async function listOperations(ctx: Context, filter: OperationFilter | undefined, page: PageArgs): Promise<Page<Operation>> {
  const identity = requireIdentity(ctx);
  const where: FilterQuery<Task> = {
    tenantId: identity.tenantId,
    ...(filter?.kinds?.length ? { kind: { $in: filter.kinds } } : {}),
    ...(filter?.statuses?.length ? { status: { $in: filter.statuses as Task['status'][] } } : {}),
  };
  return mapPage(await paginate(ctx.em, Task, where, page, { orderBy: { createdAt: 'desc' } }), toOperation);
}
