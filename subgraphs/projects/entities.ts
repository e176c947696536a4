import { Entity, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { ArchivableEntity } from '../../src/db/base-entities';

/** A tenant as this subgraph knows it: a reference the tenants subgraph resolves. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Tenant', { description: 'An organisation (resolved by the tenants subgraph).' })
export class TenantReference {
  @Field(() => ID, { description: 'Tenant id.' })
  id!: string;
}

/** A user as this subgraph knows it: a reference the tenants subgraph resolves. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User', { description: 'A member of a tenant (resolved by the tenants subgraph).' })
export class UserReference {
  @Field(() => ID, { description: 'User id.' })
  id!: string;
}

/** A unit of work that groups datasets, queries and agents. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A project: the unit that groups datasets, queries, jobs and agents.' })
@Entity({ tableName: 'projects' })
export class Project extends ArchivableEntity {
  @Field(() => String, { description: 'Name, unique among the active projects of a tenant.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Free-text description.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  /** Id of the user who created it (a row of the tenants domain). */
  @Property({ type: 'string', length: 36, nullable: true })
  createdById?: string | null = null;
}
