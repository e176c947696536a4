import { Migration } from '@mikro-orm/migrations';

export class Migration20261125041745_QueryExports extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "query_result_exports" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "query_run_id" varchar(36) not null, "format" varchar(16) not null, "compression" varchar(16) not null, "status" varchar(16) not null default 'pending', "file_name" varchar(80) null, "size_bytes" bigint null, "error_message" text null, "completed_at" timestamptz null, "expires_at" timestamptz not null, constraint "query_result_exports_pkey" primary key ("id"));`);
    this.addSql(`create index "query_result_exports_tenant_id_index" on "query_result_exports" ("tenant_id");`);
    this.addSql(`create index "query_result_exports_tenant_id_query_run_id_index" on "query_result_exports" ("tenant_id", "query_run_id");`);

    this.addSql(`create table "table_jobs" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "kind" varchar(16) not null, "table_id" varchar(36) not null, "status" varchar(16) not null default 'pending', "label" varchar(200) null, "upload_id" varchar(36) null, "format" varchar(16) null, "compression" varchar(16) null, "version" int null, "file_name" varchar(80) null, "size_bytes" bigint null, "error_message" text null, "completed_at" timestamptz null, constraint "table_jobs_pkey" primary key ("id"));`);
    this.addSql(`create index "table_jobs_tenant_id_index" on "table_jobs" ("tenant_id");`);
    this.addSql(`create index "table_jobs_tenant_id_kind_table_id_index" on "table_jobs" ("tenant_id", "kind", "table_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "query_result_exports" cascade;`);

    this.addSql(`drop table if exists "table_jobs" cascade;`);
  }

}
