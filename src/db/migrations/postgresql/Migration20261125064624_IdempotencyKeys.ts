import { Migration } from '@mikro-orm/migrations';

export class Migration20261125064624_IdempotencyKeys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_keys" ("id" varchar(36) not null, "tenant_id" varchar(36) not null, "principal" varchar(80) not null, "key" varchar(255) not null, "scope" varchar(255) not null, "fingerprint" varchar(64) not null, "status" varchar(16) not null default 'pending', "response" jsonb null, "created_at" timestamptz not null, "expires_at" timestamptz not null, constraint "idempotency_keys_pkey" primary key ("id"));`);
    this.addSql(`create index "idempotency_keys_expires_at_index" on "idempotency_keys" ("expires_at");`);
    this.addSql(`alter table "idempotency_keys" add constraint "idempotency_keys_tenant_id_principal_key_unique" unique ("tenant_id", "principal", "key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_keys" cascade;`);
  }

}
