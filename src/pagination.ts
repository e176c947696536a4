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

/**
 * The one connection shape every list in the API uses: `nodes`, `edges { cursor node }` (Relay),
 * `pageInfo`, `totalCount`. Its fields read the page as it is (`simpleResolvers`), so the page's
 * `totalCount` and `edges` functions run through GraphQL's default resolver, only when selected.
 */
export function Connection<T extends object>(itemType: ClassType<T>, typeName: string) {
  @Directive('@shareable')
  @ObjectType(`${typeName}Edge`, { description: `A ${typeName} record and its cursor.`, simpleResolvers: true })
  class EdgeType {
    @Field(() => String, { description: 'Cursor of this record; pass it as `after` for the records that follow it.' })
    cursor!: string;

    @Field(() => itemType, { description: 'The record.' })
    node!: T;
  }

  @Directive('@shareable')
  @ObjectType(`${typeName}Connection`, { description: `A page of ${typeName} records.`, simpleResolvers: true })
  class ConnectionType {
    @Field(() => [itemType], { description: 'The records of this page, in order.' })
    nodes!: T[];

    @Field(() => [EdgeType], { description: 'The records of this page with their cursors, in order (Relay connections).' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Cursors and whether more pages exist.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Records in the whole list, across all pages (counted only when asked for).' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** One record of a page and its cursor (Relay's edge). */
export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  nodes: T[];
  /** Records in the whole list; a function where counting costs a query, so it runs only when selected. */
  totalCount: number | (() => Promise<number>);
  pageInfo: PageInfo;
  /** The cursor of `nodes[index]`. */
  cursorAt(index: number): string;
  /** The nodes with their cursors; resolved (as a method of the page) only when selected. */
  edges(): Edge<T>[];
}

function edgesOfPage<T>(this: Page<T>): Edge<T>[] {
  return this.nodes.map((node, index) => ({ cursor: this.cursorAt(index), node }));
}

/**
 * The page `nodes` make: cursors from `cursorAt`, `hasNextPage` as the caller found it. Pages are
 * plain objects whose `totalCount` and `edges` may be functions, which GraphQL's default resolver
 * calls only when the field is selected; `{ ...page, nodes }` keeps both working on the new nodes.
 */
export function pageOfNodes<T>(
  nodes: T[],
  options: { hasPreviousPage: boolean; hasNextPage: boolean; totalCount: Page<T>['totalCount']; cursorAt: (index: number) => string },
): Page<T> {
  return {
    nodes,
    totalCount: options.totalCount,
    pageInfo: {
      hasNextPage: options.hasNextPage,
      hasPreviousPage: options.hasPreviousPage,
      startCursor: nodes.length ? options.cursorAt(0) : null,
      endCursor: nodes.length ? options.cursorAt(nodes.length - 1) : null,
    },
    cursorAt: options.cursorAt,
    edges: edgesOfPage,
  };
}

/** A list with nothing in it (e.g. another tenant's, answered as empty where the schema allows). */
export function emptyPage<T>(): Page<T> {
  return pageOfNodes<T>([], { hasPreviousPage: false, hasNextPage: false, totalCount: 0, cursorAt: encodeCursor });
}

/** The same page with each node mapped (e.g. a row to its GraphQL view); cursors stay the rows'. */
export function mapPage<T, U>(page: Page<T>, map: (node: T) => U): Page<U> {
  // `edges` reads `this.nodes` when resolved, so the copied method pairs the mapped nodes with the rows' cursors.
  return { ...page, nodes: page.nodes.map(map) } as unknown as Page<U>;
}

/** The sort key of a keyset cursor: the order it was issued for, and the record's values in that order. */
interface SortKey {
  order: string;
  values: (string | number)[];
}

/**
 * A cursor is opaque: the record's position in the list and, where the list is ordered by
 * non-null columns, its sort key, so the next page starts there (keyset) instead of counting past
 * every earlier row. Offset-only cursors (`pos:N`, as REST offsets make) still work.
 */
export function encodeCursor(position: number, key?: SortKey): string {
  return Buffer.from(key ? `pos:${position}|${JSON.stringify([key.order, key.values])}` : `pos:${position}`).toString('base64url');
}

export function decodeCursor(cursor: string): { position: number; key?: SortKey } {
  const match = /^pos:(\d{1,9})(?:\|(.{1,2000}))?$/s.exec(Buffer.from(cursor, 'base64url').toString());
  const invalid = () => new BadInputError(`Invalid cursor "${cursor}": pass an endCursor from a previous page`);
  if (!match) throw invalid();
  const position = Number(match[1]);
  if (match[2] === undefined) return { position };
  let parsed: unknown;
  try {
    parsed = JSON.parse(match[2]);
  } catch {
    throw invalid();
  }
  const [order, values] = Array.isArray(parsed) ? parsed : [];
  if (typeof order !== 'string' || !Array.isArray(values) || !values.every((v) => typeof v === 'string' || typeof v === 'number')) throw invalid();
  return { position, key: { order, values } };
}

/** The `after` cursor that skips `skip` records, for REST callers that page by offset. */
export function cursorForSkip(skip: number | undefined): string | null {
  return skip && skip > 0 ? encodeCursor(skip - 1) : null;
}

type Direction = 'asc' | 'desc';

/** The list's order as (property, direction) pairs, ending with the id that makes it total. */
function sortColumns(orderBy: Record<string, unknown>): [string, Direction][] {
  const columns = Object.entries(orderBy).map(([property, direction]) => [property, String(direction).toLowerCase() === 'desc' ? 'desc' : 'asc'] as [string, Direction]);
  if (!columns.some(([property]) => property === 'id')) columns.push(['id', 'asc']);
  return columns;
}

/**
 * How to read and compare a record's sort key, or undefined where keyset paging cannot be used:
 * a nullable or non-scalar sort column (NULLs sort differently on SQLite and PostgreSQL).
 */
function keysetOf(em: EntityManager, entity: EntityName<object>, columns: [string, Direction][]) {
  const meta = em.getMetadata().find(entity as string);
  const properties = columns.map(([name]) => meta?.properties[name as never] as { nullable?: boolean; runtimeType?: string; kind?: string } | undefined);
  if (properties.some((p) => !p || p.nullable || p.kind !== 'scalar' || !['Date', 'string', 'number'].includes(p.runtimeType ?? ''))) return undefined;
  const order = columns.map(([name, direction]) => `${name}.${direction}`).join(',');
  return {
    order,
    keyOf(node: object): SortKey {
      return { order, values: columns.map(([name]) => { const value = (node as Record<string, unknown>)[name]; return value instanceof Date ? value.toISOString() : (value as string | number); }) };
    },
    /** Rows after `key` in this order; undefined when the key was made for another order or does not parse as its columns. */
    after(key: SortKey): Record<string, unknown> | undefined {
      if (key.order !== order || key.values.length !== columns.length) return undefined;
      const values = key.values.map((value, i) => (properties[i]!.runtimeType === 'Date' ? new Date(value) : value));
      if (values.some((value, i) => (properties[i]!.runtimeType === 'Date' ? Number.isNaN((value as Date).getTime()) : typeof value !== properties[i]!.runtimeType))) {
        throw new BadInputError('Invalid cursor: pass an endCursor from a previous page');
      }
      const beyond = (i: number) => ({ [columns[i][1] === 'asc' ? '$gt' : '$lt']: values[i] });
      const branches = columns.map((_, i) => ({ ...Object.fromEntries(columns.slice(0, i).map(([name], j) => [name, values[j]])), [columns[i][0]]: beyond(i) }));
      // The bound on the first column lets the index seek to the cursor; the branches settle ties.
      return { [columns[0][0]]: { [columns[0][1] === 'asc' ? '$gte' : '$lte']: values[0] }, $or: branches };
    },
  };
}

/** Memoises a count so that selecting `totalCount` twice (aliases) counts once. */
function countOnce<R>(count: () => Promise<R>): () => Promise<R> {
  let counted: Promise<R> | undefined;
  return () => (counted ??= count());
}

/**
 * Reads one page of `entity` matching `where`, ordered by `orderBy` then id for a stable order.
 * A cursor from a previous page of the same order continues from that record's sort key (an index
 * seek, however deep the page); `totalCount` is counted only when selected.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  options: { orderBy?: QueryOrderMap<T>; filters?: Record<string, boolean> } = {},
): Promise<Page<T>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const cursor = args.after ? decodeCursor(args.after) : undefined;
  const offset = cursor ? cursor.position + 1 : 0;
  const columns = sortColumns((options.orderBy ?? { createdAt: 'asc' }) as Record<string, unknown>);
  const keyset = keysetOf(em, entity as EntityName<object>, columns);
  const after = cursor?.key && keyset?.after(cursor.key);
  const rows = await em.find(entity, after ? ({ $and: [where, after] } as FilterQuery<T>) : where, {
    limit: first + 1,
    offset: after ? 0 : offset,
    orderBy: Object.fromEntries(columns) as QueryOrderMap<T>,
    filters: options.filters,
  });
  const nodes = rows.slice(0, first);
  return pageOfNodes(nodes, {
    hasPreviousPage: offset > 0,
    hasNextPage: rows.length > first,
    totalCount: countOnce(() => em.count(entity, where, { filters: options.filters })),
    cursorAt: (index) => encodeCursor(offset + index, keyset?.keyOf(nodes[index])),
  });
}

/** One page of an in-memory list (a fixed catalogue), with the same cursors as `paginate`. */
export function pageOf<T>(items: T[], args: PageArgs): Page<T> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const offset = args.after ? decodeCursor(args.after).position + 1 : 0;
  const nodes = items.slice(offset, offset + first);
  return pageOfNodes(nodes, { hasPreviousPage: offset > 0, hasNextPage: offset + nodes.length < items.length, totalCount: items.length, cursorAt: (index) => encodeCursor(offset + index) });
}

/**
 * One page per parent for a batch of parents (a DataLoader's keys) in one SQL statement whatever
 * the batch size: the rows ranked per parent with a window function (one past the page, to know
 * whether more follow). The counts per parent, one more statement for the whole batch, run only
 * when some page's `totalCount` is selected. Filters (tenant, archived) apply as in `paginate`;
 * cursors are offsets, as pages of children stay short.
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
  const offset = args.after ? decodeCursor(args.after).position + 1 : 0;
  const where = { [parentProperty]: { $in: [...parentIds] } } as FilterQuery<T>;

  const ranked = sqlEm.createQueryBuilder(entity, 'e')
    .select(['*', raw(`row_number() over (partition by e.${parentColumn} order by e.${column(orderBy.property)} ${orderBy.direction}, e.id asc) as page_rank`)])
    .where(where);
  await ranked.applyFilters();
  const page = sqlEm.getKnex().select('*').from(ranked.as('ranked'))
    .where('page_rank', '>', offset).andWhere('page_rank', '<=', offset + first + 1).orderBy('page_rank');
  const rows = await sqlEm.getConnection().execute<Record<string, unknown>[]>(page);

  const totals = countOnce(async () => {
    const counts = sqlEm.createQueryBuilder(entity, 'e').select([parentColumn, raw('count(*) as total')]).where(where).groupBy(parentColumn);
    await counts.applyFilters();
    const found = (await counts.execute<Record<string, unknown>[]>('all', false)) as Record<string, unknown>[];
    return new Map(found.map((row) => [String(row[parentColumn]), Number(row.total)]));
  });
  const rowsOf = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const parentId = String(row[parentColumn]);
    delete row.page_rank;
    let siblings = rowsOf.get(parentId);
    if (!siblings) rowsOf.set(parentId, (siblings = []));
    siblings.push(row);
  }
  return parentIds.map((parentId) => {
    const found = rowsOf.get(parentId) ?? [];
    const nodes = found.slice(0, first).map((row) => em.map(entity, row as never));
    return pageOfNodes(nodes, {
      hasPreviousPage: offset > 0,
      hasNextPage: found.length > first,
      totalCount: async () => (await totals()).get(parentId) ?? 0,
      cursorAt: (index) => encodeCursor(offset + index),
    });
  });
}
