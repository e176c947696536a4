import { Entity, Index, Property, type Opt } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ArchivableEntity, TenantScopedEntity } from '../../src/db/base-entities';

/** Catalog providers a catalog can be configured for. */
export const CATALOG_PROVIDERS = ['glue', 'iceberg-rest', 'unity', 'hive', 'local'] as const;

/** A named credential; its value lives only encrypted, in versions, and is never returned. */
@ObjectType({ description: 'A stored credential. Only metadata is ever returned: the value is write-only.' })
@Entity({ tableName: 'secrets' })
@Index({ properties: ['tenantId', 'name'] })
export class Secret extends ArchivableEntity {
  @Field(() => String, { description: 'Name, unique among your active secrets; connections reference it.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the secret is for.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => [ID], { description: 'Teams that may use the secret.' })
  @Property({ type: 'json' })
  teamIds: Opt<string[]> = [];

  @Field(() => Int, { description: 'Version of the current value (each replacement adds one).' })
  @Property({ type: 'integer' })
  currentVersion: Opt<number> = 1;

  @Field(() => Date, { nullable: true, description: 'When the current value was revoked; resolving it fails until a new value is set.' })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null = null;
}

/** One value of a secret, AES-256-GCM encrypted, bound to its secret and version. */
@Entity({ tableName: 'secret_versions' })
@Index({ properties: ['secretId', 'version'] })
export class SecretVersion extends TenantScopedEntity {
  @Property({ type: 'string', length: 36 })
  secretId!: string;

  @Property({ type: 'integer' })
  version!: number;

  /** base64(iv | tag | ciphertext) */
  @Property({ type: 'text' })
  sealedValue!: string;
}

/** A data catalog registered with the platform (lakesail): a provider plus its configuration. */
@ObjectType({ description: 'A data catalog: a provider (e.g. AWS Glue) and its configuration, shared with teams.' })
@Entity({ tableName: 'catalogs' })
@Index({ properties: ['tenantId', 'name'] })
export class Catalog extends TenantScopedEntity {
  @Field(() => String, { description: 'Name, unique in your tenant.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { description: `Provider: ${CATALOG_PROVIDERS.join(', ')}.` })
  @Property({ type: 'string', length: 32 })
  provider!: string;

  @Field(() => GraphQLJSONObject, { description: 'Provider configuration (credentials belong in a secret, referenced by secretId).' })
  @Property({ type: 'json' })
  config!: Record<string, unknown>;

  @Field(() => ID, { nullable: true, description: 'Secret holding the credentials; it cannot be deleted while referenced.' })
  @Property({ type: 'string', length: 36, nullable: true })
  secretId?: string | null = null;
}

/** A team's access to a catalog. */
@ObjectType({ description: 'A team granted access to a catalog.' })
@Entity({ tableName: 'catalog_teams' })
@Index({ properties: ['catalogId', 'teamId'] })
export class CatalogTeam extends TenantScopedEntity {
  @Field(() => ID, { description: 'The catalog.' })
  @Property({ type: 'string', length: 36 })
  catalogId!: string;

  @Field(() => ID, { description: 'The team.' })
  @Index()
  @Property({ type: 'string', length: 36 })
  teamId!: string;
}

