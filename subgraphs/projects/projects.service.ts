import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import { ACTIVE_FILTER } from '../../src/db/orm';
import { containsInsensitive } from '../../src/db/like';
import { ConflictError, NotFoundError } from '../../src/errors';
import type { Emit } from '../../src/events/outbox';
import { paginate, SortDirection, type Page, type PageArgs } from '../../src/pagination';
import { Project } from './entities';
import { PROJECT_TOPIC, transactProjects, type ProjectChangeType, type ProjectEvents } from './events';
import { ProjectSortField, type CreateProjectInput, type ProjectFilter, type UpdateProjectInput } from './inputs';

export async function listProjects(ctx: Context, filter: ProjectFilter | undefined, page: PageArgs): Promise<Page<Project>> {
  requireIdentity(ctx);
  const where: Record<string, unknown> = {};
  if (filter?.nameContains) where.name = containsInsensitive(ctx.em, filter.nameContains);
  return paginate(ctx.em, Project, where, page, {
    orderBy: { [filter?.sortBy ?? ProjectSortField.CREATED_AT]: filter?.direction ?? SortDirection.ASC },
    filters: filter?.includeArchived ? { [ACTIVE_FILTER]: false } : undefined,
  });
}

/** A project of the caller's tenant; any other id, including another tenant's, is NOT_FOUND. */
export async function getProject(ctx: Context, id: string): Promise<Project> {
  requireIdentity(ctx);
  const project = await ctx.em.findOne(Project, { id });
  if (!project) throw new NotFoundError('Project', id);
  return project;
}

async function assertNameFree(em: EntityManager, name: string, exceptId?: string): Promise<void> {
  const clash = await em.findOne(Project, { name, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (clash) throw new ConflictError(`A project named "${name}" already exists`, { field: 'name' });
}

function emitChange(emit: Emit<ProjectEvents>, type: ProjectChangeType, project: Project): void {
  emit(PROJECT_TOPIC, type, project.id, { id: project.id, name: project.name });
}

export async function createProject(ctx: Context, input: CreateProjectInput): Promise<Project> {
  const identity = requireIdentity(ctx);
  return transactProjects(ctx, async (em, emit) => {
    await assertNameFree(em, input.name);
    const project = em.create(Project, {
      tenantId: identity.tenantId,
      name: input.name,
      description: input.description ?? null,
      createdById: identity.userId,
    });
    emitChange(emit, 'created', project);
    return project;
  });
}

export async function updateProject(ctx: Context, id: string, input: UpdateProjectInput): Promise<Project> {
  const project = await getProject(ctx, id);
  return transactProjects(ctx, async (em, emit) => {
    if (input.name != null && input.name !== project.name) {
      await assertNameFree(em, input.name, project.id);
      project.name = input.name;
    }
    if (input.description !== undefined) project.description = input.description;
    emitChange(emit, 'updated', project);
    return project;
  });
}

/** Soft delete: the project disappears from lists and lookups, its row stays. */
export async function deleteProject(ctx: Context, id: string): Promise<Project> {
  const project = await getProject(ctx, id);
  return transactProjects(ctx, async (_em, emit) => {
    project.archivedAt = new Date();
    emitChange(emit, 'deleted', project);
    return project;
  });
}
