import { Arg, Args, Authorized, Ctx, Field, Float, ID, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { DATASET_EDITOR, hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { teamIdsOfUser } from '../../src/db/directory';
import type { EventEnvelope } from '../../src/events/envelope';
import { eventStream } from '../../src/events/stream';
import { Connection, PageArgs } from '../../src/pagination';
import { JobRun } from './entities';
import { JOB_RUN_TOPIC, type JobRunEventPayload } from './events';
import * as runs from './job-runs';
import { CreateJobRunInput, JobRunFilter } from './job-runs';
import { getVisibleJob } from './jobs';

export const JobRunConnection = Connection(JobRun, 'JobRun');

@ObjectType({ description: 'A change to a job run, as pushed by `jobRunUpdated`: a state change, a progress step or a log line.' })
export class JobRunEvent {
  @Field(() => String, { description: 'Event cursor: resubscribe with `after` set to it to resume after this event.' })
  cursor!: string;
  @Field(() => String, { description: 'What happened: a status (pending, ready, running, succeeded, failed, timeout, cancelled), progress, log or deleted.' })
  type!: string;
  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;
  @Field(() => ID, { description: 'The run.' })
  runId!: string;
  @Field(() => ID, { description: 'Its job.' })
  jobId!: string;
  @Field(() => String, { description: 'The run status when it happened.' })
  status!: string;
  @Field(() => Float, { nullable: true, description: 'Share of its queries done, 0 to 1.' })
  progress?: number | null;
  @Field(() => String, { nullable: true, description: 'Log line, or why it failed, timed out or was cancelled.' })
  message?: string | null;
  @Field(() => ID, { nullable: true, description: 'The query run a progress step finished.' })
  queryRunId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Its persisted result.' })
  resultId?: string | null;
}

const ids = () => [Arg('jobId', () => ID, { description: 'Job id.' }), Arg('runId', () => ID, { description: 'Job run id.' })] as const;
const [jobArg, runArg] = ids();

@Resolver(() => JobRun)
export class JobRunResolver {
  @Authorized()
  @Query(() => JobRunConnection, { description: 'Runs of a job, or of every job you may see, newest first.' })
  jobRuns(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => JobRunFilter, { nullable: true, description: 'Job.' }) filter: JobRunFilter | undefined, @Ctx() ctx: Context) {
    return runs.listJobRuns(ctx, filter, page);
  }

  @Authorized()
  @Query(() => JobRun, { description: 'One job run.' })
  jobRun(@jobArg jobId: string, @runArg runId: string, @Ctx() ctx: Context) {
    return runs.getJobRun(ctx, jobId, runId);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => JobRun, { description: 'Run a job (its active version): ready at once, or pending with `hold` until released.' })
  createJobRun(@jobArg jobId: string, @Arg('input', () => CreateJobRunInput, { nullable: true, description: 'Hold and parameters.' }) input: CreateJobRunInput | undefined, @Ctx() ctx: Context) {
    return runs.createJobRun(ctx, jobId, input ?? {});
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => JobRun, { description: 'pending → ready (CONFLICT, with the current status, otherwise).' })
  releaseJobRun(@jobArg jobId: string, @runArg runId: string, @Ctx() ctx: Context) {
    return runs.releaseJobRun(ctx, jobId, runId);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => JobRun, { description: 'Stop a pending, ready or running run; it ends cancelled.' })
  cancelJobRun(@jobArg jobId: string, @runArg runId: string, @Ctx() ctx: Context) {
    return runs.cancelJobRun(ctx, jobId, runId);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => JobRun, { description: 'failed, timeout or cancelled → ready (or pending with `hold`), keeping id, version and parameters.' })
  retryJobRun(@jobArg jobId: string, @runArg runId: string, @Arg('hold', () => Boolean, { nullable: true, description: 'Hold as pending until released.' }) hold: boolean | undefined, @Ctx() ctx: Context) {
    return runs.retryJobRun(ctx, jobId, runId, hold ?? false);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => JobRun, { description: 'Delete an ended run (CONFLICT while it is pending, ready or running).' })
  deleteJobRun(@jobArg jobId: string, @runArg runId: string, @Ctx() ctx: Context) {
    return runs.deleteJobRun(ctx, jobId, runId);
  }

  @Subscription(() => JobRunEvent, {
    description: 'Every state change, progress step and log line of the job runs you may see (of one job, or one run), in order. With `after`, replays what happened since that cursor first.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const identity = requireIdentity(ctx);
      if (args.jobId) await getVisibleJob(ctx, args.jobId as string);
      const teams = hasRole(identity.roles, ORG_ADMIN) ? undefined : new Set(await teamIdsOfUser(ctx.em, identity.tenantId, identity.userId));
      return eventStream(ctx, {
        topic: JOB_RUN_TOPIC,
        after: args.after as string | undefined,
        subjectId: (args.runId as string | undefined) ?? null,
        accept: (event) => {
          const payload = event.payload as JobRunEventPayload;
          return (!args.jobId || payload.jobId === args.jobId) && (!teams || payload.teamIds.some((t) => teams.has(t)));
        },
      });
    },
  })
  jobRunUpdated(
    @Root() event: EventEnvelope,
    @Arg('jobId', () => ID, { nullable: true, description: 'Only runs of this job.' }) _jobId: string | undefined,
    @Arg('runId', () => ID, { nullable: true, description: 'Only this run.' }) _runId: string | undefined,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event you received.' }) _after: string | undefined,
  ): JobRunEvent {
    const payload = event.payload as JobRunEventPayload;
    return {
      cursor: event.cursor, type: event.type, occurredAt: new Date(event.occurredAt), runId: payload.runId, jobId: payload.jobId, status: payload.status,
      progress: payload.progress ?? null, message: payload.message ?? null, queryRunId: payload.queryRunId ?? null, resultId: payload.resultId ?? null,
    };
  }
}
