import { Migration } from '@mikro-orm/migrations';

export class Migration20261125033040_Datasets extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "datasets" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "label" varchar(200) not null, "schema_name" varchar(63) not null, "table_name" varchar(63) not null, "source_type" varchar(16) not null, "latest_version" int not null default 0, "pinned_version" int null, "project_dataset_id" varchar(36) null, "declared_schema" jsonb null, constraint "datasets_pkey" primary key ("id"));`);
    this.addSql(`create index "datasets_tenant_id_index" on "datasets" ("tenant_id");`);
    this.addSql(`create index "datasets_project_dataset_id_index" on "datasets" ("project_dataset_id");`);
    this.addSql(`create index "datasets_tenant_id_schema_name_table_name_index" on "datasets" ("tenant_id", "schema_name", "table_name");`);

    this.addSql(`create table "dataset_versions" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "dataset_id" varchar(36) not null, "version" int not null, "source_type" varchar(16) not null, "upload_id" varchar(36) null, "format" varchar(16) null, "columns" jsonb not null, "row_count" bigint not null, "file_name" varchar(100) not null, "size_bytes" bigint not null, constraint "dataset_versions_pkey" primary key ("id"));`);
    this.addSql(`create index "dataset_versions_tenant_id_index" on "dataset_versions" ("tenant_id");`);
    this.addSql(`create index "dataset_versions_dataset_id_version_index" on "dataset_versions" ("dataset_id", "version");`);

    this.addSql(`create table "project_datasets" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(63) not null, "description" text null, "project_id" varchar(36) not null, constraint "project_datasets_pkey" primary key ("id"));`);
    this.addSql(`create index "project_datasets_tenant_id_index" on "project_datasets" ("tenant_id");`);
    this.addSql(`create index "project_datasets_project_id_index" on "project_datasets" ("project_id");`);
    this.addSql(`create index "project_datasets_tenant_id_name_index" on "project_datasets" ("tenant_id", "name");`);

    this.addSql(`create table "query_results" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "query_run_id" varchar(36) not null, "status" varchar(16) not null default 'processing', "columns" jsonb null, "rows" jsonb null, "row_count" bigint null, "error_message" text null, constraint "query_results_pkey" primary key ("id"));`);
    this.addSql(`create index "query_results_tenant_id_index" on "query_results" ("tenant_id");`);
    this.addSql(`create index "query_results_tenant_id_created_at_index" on "query_results" ("tenant_id", "created_at");`);

    this.addSql(`create table "query_runs" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "sql_text" text not null, "sql_hash" varchar(64) not null, "status" varchar(16) not null default 'running', "user_id" varchar(36) null, "saved_query_id" varchar(36) null, "saved_query_version" int null, "result_id" varchar(36) null, "row_count" bigint null, "execution_time_ms" int null, "server_processing_ms" int null, "error_message" text null, "warning_message" text null, "completed_at" timestamptz null, constraint "query_runs_pkey" primary key ("id"));`);
    this.addSql(`create index "query_runs_tenant_id_index" on "query_runs" ("tenant_id");`);
    this.addSql(`create index "query_runs_saved_query_id_index" on "query_runs" ("saved_query_id");`);
    this.addSql(`create index "query_runs_tenant_id_created_at_index" on "query_runs" ("tenant_id", "created_at");`);

    this.addSql(`create table "uploads" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "content_type" varchar(200) null, "size_bytes" bigint not null, "status" varchar(16) not null default 'uploaded', constraint "uploads_pkey" primary key ("id"));`);
    this.addSql(`create index "uploads_tenant_id_index" on "uploads" ("tenant_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "datasets" cascade;`);

    this.addSql(`drop table if exists "dataset_versions" cascade;`);

    this.addSql(`drop table if exists "project_datasets" cascade;`);

    this.addSql(`drop table if exists "query_results" cascade;`);

    this.addSql(`drop table if exists "query_runs" cascade;`);

    this.addSql(`drop table if exists "uploads" cascade;`);
  }

}
