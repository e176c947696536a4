import {
  Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root, Subscription, registerEnumType,
} from 'type-graphql';
import type { Context } from '../../src/context';
import type { EventEnvelope } from '../../src/events/envelope';
import { eventStream } from '../../src/events/stream';
import { selectsField } from '../../src/selection';
import { Connection, PageArgs } from '../../src/pagination';
import { Project, TenantReference, UserReference } from './entities';
import { PROJECT_TOPIC } from './events';
import { CreateProjectInput, ProjectFilter, UpdateProjectInput } from './inputs';
import { projectLoader } from './loaders';
import * as projects from './projects.service';

export const ProjectConnection = Connection(Project, 'Project');

export enum ProjectChangeType {
  CREATED = 'created',
  UPDATED = 'updated',
  DELETED = 'deleted',
}
registerEnumType(ProjectChangeType, { name: 'ProjectChangeType', description: 'What happened to a project.' });

@ObjectType({ description: 'A change to a project of your tenant, as pushed by `projectChanged`.' })
export class ProjectChangeEvent {
  @Field(() => String, { description: 'Event cursor: resubscribe with `after` set to it to resume after this event.' })
  cursor!: string;

  @Field(() => ProjectChangeType, { description: 'What happened.' })
  type!: ProjectChangeType;

  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field(() => ID, { description: 'Id of the project.' })
  projectId!: string;

  @Field(() => Project, { nullable: true, description: 'The project as it is now (soft-deleted projects included).' })
  project?: Project | null;
}

/** An event's project is read only when selected; a replayed page's projects are read in one batch (see `preload`). */
@Resolver(() => ProjectChangeEvent)
export class ProjectChangeEventResolver {
  @FieldResolver(() => Project, { nullable: true, description: 'The project as it is now (soft-deleted projects included).' })
  project(@Root() event: ProjectChangeEvent, @Ctx() ctx: Context): Promise<Project | null> {
    return projectLoader(ctx).load(event.projectId);
  }
}

@Resolver(() => Project)
export class ProjectResolver {
  @Authorized()
  @Query(() => ProjectConnection, { description: "Your tenant's projects, paged, filtered and sorted." })
  projects(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'Filter and sort.' }) filter: ProjectFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return projects.listProjects(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Project, { description: 'One project of your tenant by id.' })
  project(@Arg('id', () => ID, { description: 'Project id.' }) id: string, @Ctx() ctx: Context) {
    return projects.getProject(ctx, id);
  }

  @Authorized()
  @Mutation(() => Project, { description: 'Create a project in your tenant.' })
  createProject(@Arg('input', () => CreateProjectInput, { description: 'The project.' }) input: CreateProjectInput, @Ctx() ctx: Context) {
    return projects.createProject(ctx, input);
  }

  @Authorized()
  @Mutation(() => Project, { description: 'Change a project\'s name or description.' })
  updateProject(
    @Arg('id', () => ID, { description: 'Project id.' }) id: string,
    @Arg('input', () => UpdateProjectInput, { description: 'Changes.' }) input: UpdateProjectInput,
    @Ctx() ctx: Context,
  ) {
    return projects.updateProject(ctx, id, input);
  }

  @Authorized()
  @Mutation(() => Project, { description: 'Soft delete a project.' })
  deleteProject(@Arg('id', () => ID, { description: 'Project id.' }) id: string, @Ctx() ctx: Context) {
    return projects.deleteProject(ctx, id);
  }

  @Subscription(() => ProjectChangeEvent, {
    description: 'Created, updated and deleted projects of your tenant. With `after`, replays what happened since that cursor first.',
    subscribe: ({ args, context, info }) =>
      eventStream(context as Context, {
        topic: PROJECT_TOPIC,
        after: args.after as string | undefined,
        preload: selectsField(info, 'project') ? (events) => projectLoader(context as Context).loadMany(events.map((event) => event.subjectId)) : undefined,
      }),
  })
  projectChanged(
    @Root() event: EventEnvelope,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event you received.' }) _after: string | undefined,
  ): ProjectChangeEvent {
    return { cursor: event.cursor, type: event.type as ProjectChangeType, occurredAt: new Date(event.occurredAt), projectId: event.subjectId };
  }

  @FieldResolver(() => TenantReference, { description: 'The tenant that owns the project.' })
  tenant(@Root() project: Project): TenantReference {
    return { id: project.tenantId };
  }

  @FieldResolver(() => UserReference, { nullable: true, description: 'Who created the project.' })
  createdBy(@Root() project: Project): UserReference | null {
    return project.createdById ? { id: project.createdById } : null;
  }
}
