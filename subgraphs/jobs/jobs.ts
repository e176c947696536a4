import { GraphQLJSON } from 'graphql-scalars';
import { IsInt, IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { hasRole, ORG_ADMIN } from '../../src/auth/roles';
import { addGrants, checkTeams, findGrant, grantsOf, removeGrants, resourcesOfCaller, resourcesOfTeams, type TeamGrant } from '../../src/access/team-grants';
import { savedQueryStatement } from '../../src/engine/tables';
import { clusterState, type ClusterState } from '../../src/db/clusters';
import { BadInputError, ConflictError, NotFoundError } from '../../src/errors';
import { paginate, SortDirection, type Page, type PageArgs } from '../../src/pagination';
import { Job, JobVersion } from './entities';
import { JOB_TOPIC, transactJobs } from './events';
import { nextFireTime, nextRunOf } from './schedule';

/** Longest a job run may be allowed to run. */
export const MAX_JOB_TIMEOUT_MS = 24 * 3600 * 1000;
const DEFAULT_JOB_TIMEOUT_MS = 3600 * 1000;

@InputType({ description: 'What a job version runs; on a draft or a new version, omitted fields keep the current values.' })
export class JobConfigInput {
  @Field(() => [ID], { nullable: true, description: 'Saved queries to run, in order (at least one).' })
  @IsOptional()
  queryIds?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'Target cluster.' })
  @IsOptional()
  @MaxLength(36)
  clusterId?: string | null;
  @Field(() => String, { nullable: true, description: 'Cron schedule (5 fields, or 6 with seconds first; UTC); null for none.' })
  @IsOptional()
  @MaxLength(100)
  schedule?: string | null;
  @Field(() => Int, { nullable: true, description: `A run longer than this many ms ends timeout (default ${DEFAULT_JOB_TIMEOUT_MS}).` })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(MAX_JOB_TIMEOUT_MS)
  timeoutMs?: number | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Dependency and other settings, kept as given.' })
  @IsOptional()
  settings?: unknown;
}

@InputType({ description: 'A new job and its first, published version.' })
export class CreateJobInput extends JobConfigInput {
  @Field(() => String, { description: 'Name.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { nullable: true, description: 'Stable key, unique in your tenant; derived from the name when omitted.' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,99}$/, { message: 'jobKey must be lower-case letters, digits, - or _ (at most 100)' })
  jobKey?: string | null;
  @Field(() => String, { nullable: true, description: 'What it does.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => [ID], { description: 'Teams that may see and run it (at least one).' })
  teamIds!: string[];
}

@InputType({ description: 'Changes to a job: metadata only (configuration changes are new versions).' })
export class UpdateJobInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'New description.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
}

export enum JobSortField {
  JOB_KEY = 'jobKey',
  CREATED_AT = 'createdAt',
  LAST_RUN_AT = 'lastRunAt',
}
registerEnumType(JobSortField, { name: 'JobSortField', description: 'What to sort jobs by.' });

@InputType({ description: 'Which jobs to list and in what order.' })
export class JobFilter {
  @Field(() => JobSortField, { nullable: true, description: 'Default LAST_RUN_AT.' })
  @IsOptional()
  sortBy?: JobSortField | null;
  @Field(() => SortDirection, { nullable: true, description: 'Default DESC.' })
  @IsOptional()
  direction?: SortDirection | null;
  @Field(() => ID, { nullable: true, description: 'Only jobs this team may use.' })
  @IsOptional()
  @MaxLength(36)
  teamId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only jobs whose active version runs on this cluster.' })
  @IsOptional()
  @MaxLength(36)
  clusterId?: string | null;
}

const jobKeyFrom = (name: string) => name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'job';

export async function getJob(ctx: Context, id: string): Promise<Job> {
  requireIdentity(ctx);
  const job = await ctx.em.findOne(Job, { id });
  if (!job) throw new NotFoundError('Job', id);
  return job;
}

/** Jobs the caller may see: all for an Org admin, else those of its teams. */
export async function visibleJobIds(ctx: Context): Promise<string[] | 'all'> {
  const identity = requireIdentity(ctx);
  return hasRole(identity.roles, ORG_ADMIN) ? 'all' : resourcesOfCaller(ctx, 'job');
}

/** A job the caller may see (another team's job is NOT_FOUND, like another tenant's). */
export async function getVisibleJob(ctx: Context, id: string): Promise<Job> {
  const job = await getJob(ctx, id);
  const visible = await visibleJobIds(ctx);
  if (visible !== 'all' && !visible.includes(id)) throw new NotFoundError('Job', id);
  return job;
}

/**
 * The tenant's jobs the caller may see (all for an Org admin, else its teams' jobs: one rule for
 * every list, as for `job(id)`); a team or cluster in the filter that is not the tenant's is
 * NOT_FOUND, not an empty list.
 */
export async function listJobs(ctx: Context, filter: JobFilter | undefined, page: PageArgs): Promise<Page<Job>> {
  requireIdentity(ctx);
  if (filter?.teamId) await checkTeams(ctx, [filter.teamId]);
  if (filter?.clusterId) await requireCluster(ctx, filter.clusterId);
  const where: Record<string, unknown> = {};
  const ids: string[][] = [];
  const visible = await visibleJobIds(ctx);
  if (visible !== 'all') ids.push(visible);
  if (filter?.teamId) ids.push(await resourcesOfTeams(ctx, 'job', [filter.teamId]));
  if (filter?.clusterId) {
    const versions = await ctx.em.find(JobVersion, { clusterId: filter.clusterId, status: 'published' });
    const jobs = await ctx.em.find(Job, { id: { $in: versions.map((v) => v.jobId) } });
    ids.push(jobs.filter((j) => versions.some((v) => v.jobId === j.id && v.version === j.activeVersion)).map((j) => j.id));
  }
  if (ids.length) where.id = { $in: ids.reduce((a, b) => a.filter((id) => b.includes(id))) };
  const sortBy = filter?.sortBy ?? JobSortField.LAST_RUN_AT;
  return paginate(ctx.em, Job, where, page, { orderBy: { [sortBy]: filter?.direction ?? SortDirection.DESC } });
}

/** One of the tenant's clusters, in any status (a draft may wait for it); NOT_FOUND for any other id. */
async function requireCluster(ctx: Context, clusterId: string): Promise<ClusterState> {
  const cluster = await clusterState(ctx.em, requireIdentity(ctx).tenantId, clusterId);
  if (!cluster) throw new NotFoundError('Cluster', clusterId);
  return cluster;
}

/** lakesail: creating a job requires an active cluster (when one is given). */
async function requireActiveCluster(ctx: Context, clusterId: string): Promise<void> {
  const cluster = await requireCluster(ctx, clusterId);
  if (cluster.status !== 'active') throw new ConflictError(`Creating a job requires an active cluster; cluster ${cluster.name} is ${cluster.status}`, { status: cluster.status });
}

/** Checks a configuration: at least one saved query, each one of the tenant's, and a valid schedule. */
async function checkConfig(ctx: Context, queryIds: string[], schedule?: string | null): Promise<void> {
  const identity = requireIdentity(ctx);
  if (schedule) nextFireTime(schedule, new Date());
  if (!queryIds.length) throw new BadInputError('A job runs at least one saved query: give queryIds');
  for (const id of new Set(queryIds)) {
    if (!(await savedQueryStatement(ctx.em, identity.tenantId, id))) throw new NotFoundError('Saved query', id);
  }
}

export async function createJob(ctx: Context, input: CreateJobInput): Promise<Job> {
  const identity = requireIdentity(ctx);
  const jobKey = input.jobKey ?? jobKeyFrom(input.name);
  if (await ctx.em.findOne(Job, { jobKey })) throw new ConflictError(`A job with key "${jobKey}" already exists`);
  if (!input.teamIds?.length) throw new BadInputError('A job needs at least one team: give teamIds');
  const teamIds = await checkTeams(ctx, input.teamIds);
  await checkConfig(ctx, input.queryIds ?? [], input.schedule);
  if (input.clusterId) await requireActiveCluster(ctx, input.clusterId);
  return transactJobs(ctx, async (em, emit) => {
    const job = em.create(Job, {
      tenantId: identity.tenantId, name: input.name, description: input.description ?? null, jobKey, activeVersion: 1, nextRunAt: nextRunOf({ schedule: input.schedule ?? null }),
    });
    em.create(JobVersion, {
      tenantId: identity.tenantId, jobId: job.id, version: 1, status: 'published', publishedAt: new Date(), queryIds: input.queryIds ?? [],
      clusterId: input.clusterId ?? null, schedule: input.schedule ?? null, timeoutMs: input.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS, settings: input.settings ?? null,
    });
    await addGrants(em, identity.tenantId, 'job', job.id, teamIds);
    emit(JOB_TOPIC, 'created', job.id, { id: job.id, name: job.name, version: 1 });
    return job;
  });
}

export async function updateJob(ctx: Context, id: string, input: UpdateJobInput): Promise<Job> {
  const job = await getVisibleJob(ctx, id);
  return transactJobs(ctx, async (_em, emit) => {
    if (input.name != null) job.name = input.name;
    if (input.description !== undefined) job.description = input.description;
    emit(JOB_TOPIC, 'updated', id, { id, name: job.name });
    return job;
  });
}

export async function getVersion(ctx: Context, jobId: string, version: number): Promise<JobVersion> {
  await getVisibleJob(ctx, jobId);
  const found = await ctx.em.findOne(JobVersion, { jobId, version, status: 'published' });
  if (!found) throw new NotFoundError('Job version', `${jobId}@${version}`);
  return found;
}

export async function activeVersionOf(ctx: Context, job: Job): Promise<JobVersion> {
  return ctx.em.findOneOrFail(JobVersion, { jobId: job.id, version: job.activeVersion, status: 'published' });
}

export async function listVersions(ctx: Context, jobId: string, page: PageArgs): Promise<Page<JobVersion>> {
  await getVisibleJob(ctx, jobId);
  return paginate(ctx.em, JobVersion, { jobId, status: 'published' }, page, { orderBy: { version: 'asc' } });
}

export async function getDraft(ctx: Context, jobId: string): Promise<JobVersion> {
  await getVisibleJob(ctx, jobId);
  const draft = await ctx.em.findOne(JobVersion, { jobId, status: 'draft' });
  if (!draft) throw new NotFoundError('Draft version of job', jobId);
  return draft;
}

/** A copy of the active configuration with `input` applied. */
async function configFrom(ctx: Context, job: Job, input: JobConfigInput) {
  const base = await activeVersionOf(ctx, job);
  const config = {
    queryIds: input.queryIds ?? base.queryIds,
    clusterId: input.clusterId !== undefined ? input.clusterId : base.clusterId,
    schedule: input.schedule !== undefined ? input.schedule : base.schedule,
    timeoutMs: input.timeoutMs ?? base.timeoutMs,
    settings: input.settings !== undefined ? input.settings : base.settings,
  };
  await checkConfig(ctx, config.queryIds, config.schedule);
  if (input.clusterId) await requireCluster(ctx, input.clusterId);
  return config;
}

/** The next version number (published and draft share the sequence). */
async function nextVersion(ctx: Context, jobId: string): Promise<number> {
  const latest = await ctx.em.findOne(JobVersion, { jobId }, { orderBy: { version: 'desc' } });
  return (latest?.version ?? 0) + 1;
}

export async function createDraft(ctx: Context, jobId: string, input: JobConfigInput): Promise<JobVersion> {
  const job = await getVisibleJob(ctx, jobId);
  if (await ctx.em.findOne(JobVersion, { jobId, status: 'draft' })) throw new ConflictError(`Job ${jobId} already has a draft; update, publish or discard it`);
  const config = await configFrom(ctx, job, input);
  const version = await nextVersion(ctx, jobId);
  return transactJobs(ctx, async (em, emit) => {
    const draft = em.create(JobVersion, { tenantId: job.tenantId, jobId, version, status: 'draft', ...config });
    emit(JOB_TOPIC, 'draft_created', jobId, { id: jobId, name: job.name, version });
    return draft;
  });
}

export async function updateDraft(ctx: Context, jobId: string, input: JobConfigInput): Promise<JobVersion> {
  const draft = await getDraft(ctx, jobId);
  await checkConfig(ctx, input.queryIds ?? draft.queryIds, input.schedule);
  if (input.clusterId) await requireCluster(ctx, input.clusterId);
  return transactJobs(ctx, async (_em, emit) => {
    if (input.queryIds) draft.queryIds = input.queryIds;
    if (input.clusterId !== undefined) draft.clusterId = input.clusterId;
    if (input.schedule !== undefined) draft.schedule = input.schedule;
    if (input.timeoutMs != null) draft.timeoutMs = input.timeoutMs;
    if (input.settings !== undefined) draft.settings = input.settings;
    emit(JOB_TOPIC, 'draft_updated', jobId, { id: jobId, name: '', version: draft.version });
    return draft;
  });
}

export async function discardDraft(ctx: Context, jobId: string): Promise<JobVersion> {
  const draft = await getDraft(ctx, jobId);
  return transactJobs(ctx, async (em, emit) => {
    em.remove(draft);
    emit(JOB_TOPIC, 'draft_discarded', jobId, { id: jobId, name: '', version: draft.version });
    return draft;
  });
}

/** The draft becomes published and active. No draft is BAD_USER_INPUT (lakesail answers 400). */
export async function publishDraft(ctx: Context, jobId: string): Promise<Job> {
  const job = await getVisibleJob(ctx, jobId);
  const draft = await ctx.em.findOne(JobVersion, { jobId, status: 'draft' });
  if (!draft) throw new BadInputError(`Job ${jobId} has no draft to publish`);
  return transactJobs(ctx, async (_em, emit) => {
    Object.assign(draft, { status: 'published', publishedAt: new Date() });
    job.activeVersion = draft.version;
    job.nextRunAt = nextRunOf(draft);
    emit(JOB_TOPIC, 'version_published', jobId, { id: jobId, name: job.name, version: draft.version });
    return job;
  });
}

/** Create and publish in one step; refused while a draft exists. */
export async function createVersion(ctx: Context, jobId: string, input: JobConfigInput): Promise<JobVersion> {
  await createDraft(ctx, jobId, input);
  await publishDraft(ctx, jobId);
  return ctx.em.findOneOrFail(JobVersion, { jobId, version: (await getJob(ctx, jobId)).activeVersion });
}

export async function activateVersion(ctx: Context, jobId: string, version: number): Promise<Job> {
  const job = await getVisibleJob(ctx, jobId);
  if (await ctx.em.findOne(JobVersion, { jobId, status: 'draft' })) throw new ConflictError(`Job ${jobId} has a draft; publish or discard it first`);
  const target = await getVersion(ctx, jobId, version);
  return transactJobs(ctx, async (_em, emit) => {
    job.activeVersion = version;
    job.nextRunAt = nextRunOf(target);
    emit(JOB_TOPIC, 'version_activated', jobId, { id: jobId, name: job.name, version });
    return job;
  });
}

/** Soft delete; its open runs are cancelled first (see job-runs.ts `cancelOpenRuns`). */
export async function archiveJob(ctx: Context, job: Job): Promise<Job> {
  return transactJobs(ctx, async (em, emit) => {
    job.archivedAt = new Date();
    job.nextRunAt = null;
    await removeGrants(em, 'job', job.id);
    emit(JOB_TOPIC, 'deleted', job.id, { id: job.id, name: job.name });
    return job;
  });
}

export async function listJobTeams(ctx: Context, jobId: string): Promise<TeamGrant[]> {
  await getVisibleJob(ctx, jobId);
  return grantsOf(ctx, 'job', jobId);
}

export async function addJobTeams(ctx: Context, jobId: string, teamIds: string[]): Promise<TeamGrant[]> {
  const job = await getVisibleJob(ctx, jobId);
  const wanted = await checkTeams(ctx, teamIds);
  await transactJobs(ctx, async (em, emit) => {
    await addGrants(em, job.tenantId, 'job', jobId, wanted);
    emit(JOB_TOPIC, 'teams_added', jobId, { id: jobId, name: job.name });
  });
  return grantsOf(ctx, 'job', jobId);
}

export async function removeJobTeam(ctx: Context, jobId: string, teamId: string): Promise<TeamGrant> {
  const job = await getVisibleJob(ctx, jobId);
  const grant = await findGrant(ctx, 'job', jobId, teamId);
  if ((await grantsOf(ctx, 'job', jobId)).length === 1) throw new ConflictError('A job keeps at least one team');
  return transactJobs(ctx, async (em, emit) => {
    em.remove(grant);
    emit(JOB_TOPIC, 'team_removed', jobId, { id: jobId, name: job.name });
    return grant;
  });
}

/** The job's team ids, for run events (subscribers' access). */
export async function jobTeamIds(ctx: Context, jobId: string): Promise<string[]> {
  return (await grantsOf(ctx, 'job', jobId)).map((g) => g.teamId);
}
