import type { EntityManager, EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { raw, type SqlEntityManager } from '@mikro-orm/knex';
import { ArgsType, Directive, Field, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { BadInputError } from './errors';

/** Page size when a list is asked for without `first`. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page any list returns, GraphQL or REST. */
export const MAX_PAGE_SIZE = 500;

/** Sort direction, shared by every list that sorts. */
export enum SortDirection {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(SortDirection, { name: 'SortDirection', description: 'Ascending or descending.' });

@Directive('@shareable')
@ObjectType({ description: 'Where a page sits in its list.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'More records follow this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Records precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first record of the page.' })
  startCursor?: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last record; pass it as `after` for the next page.' })
  endCursor?: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many records to return (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return records after this cursor (a previous `endCursor`).' })
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  totalCount: number;
  pageInfo: PageInfo;
}

/** The one connection shape every list in the API uses: `nodes`, `pageInfo`, `totalCount`. */
export function Connection<T extends object>(itemType: ClassType<T>, typeName: string) {
  @Directive('@shareable')
  @ObjectType(`${typeName}Connection`, { description: `A page of ${typeName} records.` })
  class ConnectionType implements Page<T> {
    @Field(() => [itemType], { description: 'The records of this page, in order.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Cursors and whether more pages exist.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Records in the whole list, across all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** A cursor is an opaque encoding of a position in the ordered list. */
export function encodeCursor(position: number): string {
  return Buffer.from(`pos:${position}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^pos:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new BadInputError(`Invalid cursor "${cursor}": pass an endCursor from a previous page`);
  return Number(match[1]);
}

/** The `after` cursor that skips `skip` records, for REST callers that page by offset. */
export function cursorForSkip(skip: number | undefined): string | null {
  return skip && skip > 0 ? encodeCursor(skip - 1) : null;
}

/** Reads one page of `entity` matching `where`, ordered by `orderBy` then id for a stable order. */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  options: { orderBy?: QueryOrderMap<T>; filters?: Record<string, boolean> } = {},
): Promise<Page<T>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  const [nodes, totalCount] = await em.findAndCount(entity, where, {
    limit: first,
    offset,
    orderBy: { ...(options.orderBy ?? { createdAt: 'asc' }), id: 'asc' } as QueryOrderMap<T>,
    filters: options.filters,
  });
  return pageAt(nodes, totalCount, offset);
}

/** The page of `nodes` found at `offset` of `totalCount` rows, with its cursors. */
function pageAt<T>(nodes: T[], totalCount: number, offset: number): Page<T> {
  return {
    nodes,
    totalCount,
    pageInfo: {
      hasNextPage: offset + nodes.length < totalCount,
      hasPreviousPage: offset > 0,
      startCursor: nodes.length ? encodeCursor(offset) : null,
      endCursor: nodes.length ? encodeCursor(offset + nodes.length - 1) : null,
    },
  };
}

/** One page of an in-memory list (a fixed catalogue), with the same cursors as `paginate`. */
export function pageOf<T>(items: T[], args: PageArgs): Page<T> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  const nodes = items.slice(offset, offset + first);
  return pageAt(nodes, items.length, offset);
}

/**
 * One page per parent for a batch of parents (a DataLoader's keys) in two SQL statements whatever
 * the batch size: the rows ranked per parent with a window function, and the counts per parent.
 * Filters (tenant, archived) apply as in `paginate`; cursors are the same as `paginate`'s.
 */
export async function pagesByParent<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  parentProperty: keyof T & string,
  parentIds: readonly string[],
  args: PageArgs,
  orderBy: { property: keyof T & string; direction: 'asc' | 'desc' },
): Promise<Page<T>[]> {
  const sqlEm = em as unknown as SqlEntityManager;
  const meta = em.getMetadata().get(entity as string);
  const column = (property: string) => meta.properties[property as keyof typeof meta.properties].fieldNames[0];
  const parentColumn = column(parentProperty);
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  const where = { [parentProperty]: { $in: [...parentIds] } } as FilterQuery<T>;

  const ranked = sqlEm.createQueryBuilder(entity, 'e')
    .select(['*', raw(`row_number() over (partition by e.${parentColumn} order by e.${column(orderBy.property)} ${orderBy.direction}, e.id asc) as page_rank`)])
    .where(where);
  await ranked.applyFilters();
  const page = sqlEm.getKnex().select('*').from(ranked.as('ranked'))
    .where('page_rank', '>', offset).andWhere('page_rank', '<=', offset + first).orderBy('page_rank');
  const counts = sqlEm.createQueryBuilder(entity, 'e').select([parentColumn, raw('count(*) as total')]).where(where).groupBy(parentColumn);
  await counts.applyFilters();
  const [rows, totals] = await Promise.all([
    sqlEm.getConnection().execute<Record<string, unknown>[]>(page),
    counts.execute<Record<string, unknown>[]>('all', false) as Promise<Record<string, unknown>[]>,
  ]);

  const nodesOf = new Map<string, T[]>();
  for (const row of rows) {
    const parentId = String(row[parentColumn]);
    delete row.page_rank;
    let nodes = nodesOf.get(parentId);
    if (!nodes) nodesOf.set(parentId, (nodes = []));
    nodes.push(em.map(entity, row as never));
  }
  const totalOf = new Map(totals.map((row) => [String(row[parentColumn]), Number(row.total)]));
  return parentIds.map((parentId) => {
    const nodes = nodesOf.get(parentId) ?? [];
    const totalCount = totalOf.get(parentId) ?? 0;
    return pageAt(nodes, totalCount, offset);
  });
}
