import { randomUUID } from 'node:crypto';
import { Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * Every row has a UUID and creation/update times. Ids are stored as strings, not a native uuid
 * type, so a malformed id in a request is simply "not found" on every database.
 */
@ObjectType()
export abstract class BaseEntity {
  /** Properties with defaults, optional in `em.create`. */
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'archivedAt';

  @Field(() => ID, { description: 'Stable unique identifier (UUID).' })
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Field(() => Date, { description: 'When the record was created.' })
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { description: 'When the record last changed.' })
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/**
 * A row owned by one tenant. The `tenant` filter (see orm.ts) scopes every read of these
 * entities to the caller's tenant, so no query runs unscoped by accident. Lists page in creation
 * order by default: the (tenant, created, id) index serves that seek and every tenant lookup.
 * A list under a parent needs its own (tenant, parent, sort, id) index on its entity: with only
 * this one, SQLite would read the whole tenant for each parent.
 */
@ObjectType()
@Index({ properties: ['tenantId', 'createdAt', 'id'] })
export abstract class TenantScopedEntity extends BaseEntity {
  @Property({ type: 'string', length: 36 })
  tenantId!: string;
}

/** A tenant-owned row that is soft deleted: `archivedAt` set, hidden by the `active` filter. */
@ObjectType()
export abstract class ArchivableEntity extends TenantScopedEntity {
  @Field(() => Date, { nullable: true, description: 'When the record was soft deleted; null while active.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt?: Date | null = null;
}
