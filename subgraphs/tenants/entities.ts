import { Entity, Enum, Index, Property, type Opt } from '@mikro-orm/core';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { ArchivableEntity, BaseEntity } from '../../src/db/base-entities';

/** A user's role in its tenant; the values are datacovey's spellings (the same as src/auth/roles.ts). */
export enum Role {
  DATASET_USER = 'Dataset user',
  DATASET_EDITOR = 'Dataset editor',
  ORG_ADMIN = 'Org admin',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'Role of a user in its tenant (REST spells them "Dataset user", "Dataset editor", "Org admin").',
  valuesConfig: {
    DATASET_USER: { description: 'Reads and queries datasets (default).' },
    DATASET_EDITOR: { description: 'Also creates and edits datasets.' },
    ORG_ADMIN: { description: 'Administers the tenant: users, roles, approvals, agents.' },
  },
});

/** An organisation: every other row belongs to exactly one tenant. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An organisation; all data is owned by one tenant and invisible to others.' })
@Entity({ tableName: 'tenants' })
export class Tenant extends BaseEntity {
  /** Soft deleted through `archivedAt` (the active filter applies). */
  static readonly softDelete = true;

  @Field(() => String, { description: 'Display name, unique among active tenants.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => Date, { nullable: true, description: 'When the tenant was soft deleted; null while active.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt?: Date | null = null;
}

/** A person (or service identity) in a tenant. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A member of a tenant.' })
@Entity({ tableName: 'users' })
@Index({ properties: ['tenantId', 'email'] })
export class User extends ArchivableEntity {
  @Field(() => String, { description: 'Email address, unique among the active users of a tenant.' })
  @Property({ type: 'string', length: 320 })
  email!: string;

  @Field(() => String, { description: 'Display name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => Role, { description: 'Role in the tenant.' })
  @Enum({ items: () => Role, type: 'string', length: 32 })
  role: Opt<Role> = Role.DATASET_USER;

  @Field(() => String, { nullable: true, description: 'Subject id at an external identity provider, when the user signs in through one.' })
  @Property({ type: 'string', nullable: true })
  identityProviderId?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When the user was invited, if they joined by invitation.' })
  @Property({ type: 'datetime', nullable: true })
  invitedAt?: Date | null = null;
}
