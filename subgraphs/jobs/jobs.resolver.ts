import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../src/context';
import { DATASET_EDITOR } from '../../src/auth/roles';
import { TeamGrant, TeamIdsInput } from '../../src/access/team-grants';
import { Connection, PageArgs } from '../../src/pagination';
import { Job, JobVersion } from './entities';
import { cancelOpenRuns } from './job-runs';
import * as jobs from './jobs';
import { CreateJobInput, JobConfigInput, JobFilter, UpdateJobInput } from './jobs';

export const JobConnection = Connection(Job, 'Job');
export const JobVersionConnection = Connection(JobVersion, 'JobVersion');

const jobId = () => Arg('jobId', () => ID, { description: 'Job id.' });

@Resolver(() => Job)
export class JobResolver {
  @Authorized()
  @Query(() => JobConnection, { description: "Your tenant's jobs that you may see: all for an Org admin, else your teams' (by team, or by the cluster their active version runs on)." })
  jobs(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => JobFilter, { nullable: true, description: 'Sort, team, cluster.' }) filter: JobFilter | undefined, @Ctx() ctx: Context) {
    return jobs.listJobs(ctx, filter, page);
  }

  @Authorized()
  @Query(() => JobConnection, { description: 'Jobs you reach through your teams (all of them for an Org admin).' })
  myJobs(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => JobFilter, { nullable: true, description: 'Sort.' }) filter: JobFilter | undefined, @Ctx() ctx: Context) {
    return jobs.listJobs(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Job, { description: 'One job.' })
  job(@jobId() id: string, @Ctx() ctx: Context) {
    return jobs.getVisibleJob(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Job, { description: 'Create a job with its first, published version. Needs a team and at least one saved query; a duplicate jobKey is CONFLICT.' })
  createJob(@Arg('input', () => CreateJobInput, { description: 'The job.' }) input: CreateJobInput, @Ctx() ctx: Context) {
    return jobs.createJob(ctx, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Job, { description: "Change a job's name or description (configuration changes are new versions)." })
  updateJob(@jobId() id: string, @Arg('input', () => UpdateJobInput, { description: 'Changes.' }) input: UpdateJobInput, @Ctx() ctx: Context) {
    return jobs.updateJob(ctx, id, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Job, { description: 'Delete a job; its pending, ready and running runs are cancelled first.' })
  async deleteJob(@jobId() id: string, @Ctx() ctx: Context) {
    const job = await jobs.getVisibleJob(ctx, id);
    await cancelOpenRuns(ctx, job);
    return jobs.archiveJob(ctx, job);
  }

  @Authorized()
  @Query(() => JobVersionConnection, { description: 'Published versions of a job, by version number.' })
  jobVersions(@jobId() id: string, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return jobs.listVersions(ctx, id, page);
  }

  @Authorized()
  @Query(() => JobVersion, { description: 'One published version of a job.' })
  jobVersion(@jobId() id: string, @Arg('version', () => Int, { description: 'Version number.' }) version: number, @Ctx() ctx: Context) {
    return jobs.getVersion(ctx, id, version);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => JobVersion, { description: 'Create and publish a version in one step (CONFLICT while a draft exists).' })
  createJobVersion(@jobId() id: string, @Arg('input', () => JobConfigInput, { description: 'Configuration; omitted fields keep the active version’s.' }) input: JobConfigInput, @Ctx() ctx: Context) {
    return jobs.createVersion(ctx, id, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Job, { description: 'Make an earlier published version active (CONFLICT while a draft exists).' })
  activateJobVersion(@jobId() id: string, @Arg('version', () => Int, { description: 'Published version to activate.' }) version: number, @Ctx() ctx: Context) {
    return jobs.activateVersion(ctx, id, version);
  }

  @Authorized()
  @Query(() => JobVersion, { description: 'The draft version of a job (NOT_FOUND when there is none).' })
  jobDraft(@jobId() id: string, @Ctx() ctx: Context) {
    return jobs.getDraft(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => JobVersion, { description: 'Start a draft from the active version with these changes (one draft at a time: CONFLICT).' })
  createJobDraft(@jobId() id: string, @Arg('input', () => JobConfigInput, { description: 'Changes to the copy.' }) input: JobConfigInput, @Ctx() ctx: Context) {
    return jobs.createDraft(ctx, id, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => JobVersion, { description: 'Change the draft (only the given fields).' })
  updateJobDraft(@jobId() id: string, @Arg('input', () => JobConfigInput, { description: 'Changes.' }) input: JobConfigInput, @Ctx() ctx: Context) {
    return jobs.updateDraft(ctx, id, input);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => JobVersion, { description: 'Throw the draft away; the job keeps its active version.' })
  discardJobDraft(@jobId() id: string, @Ctx() ctx: Context) {
    return jobs.discardDraft(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Job, { description: 'Publish the draft and make it the active version (BAD_USER_INPUT when there is no draft).' })
  publishJobDraft(@jobId() id: string, @Ctx() ctx: Context) {
    return jobs.publishDraft(ctx, id);
  }

  @Authorized()
  @Query(() => [TeamGrant], { description: 'Teams granted a job.' })
  jobTeams(@jobId() id: string, @Ctx() ctx: Context) {
    return jobs.listJobTeams(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => [TeamGrant], { description: 'Share a job with teams; returns all its teams.' })
  addJobTeams(@jobId() id: string, @Arg('input', () => TeamIdsInput, { description: 'Teams to add.' }) input: TeamIdsInput, @Ctx() ctx: Context) {
    return jobs.addJobTeams(ctx, id, input.teamIds);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => TeamGrant, { description: "Revoke a team's access to a job (a job keeps at least one team)." })
  removeJobTeam(@jobId() id: string, @Arg('teamId', () => ID, { description: 'Team id.' }) teamId: string, @Ctx() ctx: Context) {
    return jobs.removeJobTeam(ctx, id, teamId);
  }

  @FieldResolver(() => JobVersion, { description: 'The active version: what new runs execute.' })
  active(@Root() job: Job, @Ctx() ctx: Context) {
    return jobs.activeVersionOf(ctx, job);
  }
}
