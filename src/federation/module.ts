import type { EntityClass } from '@mikro-orm/core';
import type { NonEmptyArray } from 'type-graphql';
import type { Context } from '../context';
import type { RestRoute } from '../rest/route';
import type { PeriodicTask, TaskHandler } from '../queue/runner';
import type { EventObserver } from '../events/outbox';

/** Resolves `_entities` representations of one type, in a batch per request. */
export type ReferenceResolver = (reference: { id: string }, ctx: Context) => Promise<unknown> | unknown;

/** One domain: everything the platform needs to serve it, alone or composed with the others. */
export interface SubgraphModule {
  /** Subgraph name, lower case: the `subgraph NAME` argument and the SDL file name. */
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** MikroORM entities this domain owns. */
  entities: EntityClass<unknown>[];
  /** Types to emit even when no resolver returns them. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type name, for types carrying `@key` here. */
  referenceResolvers?: Record<string, ReferenceResolver>;
  /**
   * Types this domain reads by id that are not Relay Nodes (src/relay/node.ts), e.g. one whose id
   * is a secret anyone holding it may use. Every other row type with a by-id query is a Node.
   */
  notNodes?: string[];
  /** REST compatibility routes that answer for this domain. */
  restRoutes?: RestRoute[];
  /** Handlers of this domain's background task kinds (task kind → handler). */
  tasks?: Record<string, TaskHandler>;
  /**
   * Indexes its migrations create by hand that entities cannot describe (e.g. a full-text GIN
   * index on PostgreSQL); schema comparisons leave them alone.
   */
  manualIndexes?: string[];
  /** Sees the events every transaction records, before it commits (notifications match their rules here). */
  onEvents?: EventObserver;
  /** Work this domain does on a timer, in processes that run tasks. */
  periodic?: PeriodicTask[];
}
