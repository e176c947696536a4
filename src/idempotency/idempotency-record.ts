import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';

/**
 * One `Idempotency-Key` (REST) or `idempotencyKey` argument (GraphQL) a caller used: the request's
 * fingerprint and, once it succeeded, its response. The unique key (tenant, caller, key) is what
 * stops two concurrent duplicates from both running.
 */
@Entity({ tableName: 'idempotency_keys' })
@Unique({ properties: ['tenantId', 'principal', 'key'] })
export class IdempotencyRecord {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Property({ type: 'string', length: 36 })
  tenantId!: string;

  /** Who sent it (`user:<id>`): keys of different callers never meet. */
  @Property({ type: 'string', length: 80 })
  principal!: string;

  @Property({ type: 'string', length: 255 })
  key!: string;

  /** Where it was used (`graphql:createProject`, `rest:POST /api/v1/projects`), for the error message. */
  @Property({ type: 'string', length: 255 })
  scope!: string;

  /** SHA-256 of the request (operation and variables, or method, path, query and body). */
  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  /** `pending` while the first request runs, `completed` once its response is stored. */
  @Property({ type: 'string', length: 16 })
  status: Opt<'pending' | 'completed'> = 'pending';

  /** The first response (GraphQL `{data}`), replayed to every retry. */
  @Property({ type: 'json', nullable: true })
  response?: Record<string, unknown> | null = null;

  @Property({ type: 'datetime' })
  createdAt: Opt<Date> = new Date();

  @Index()
  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
