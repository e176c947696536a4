import { Migration } from '@mikro-orm/migrations';

export class Migration20261125035442_Jobs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "jobs" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "description" text null, "job_key" varchar(100) not null, "active_version" int not null default 1, "last_run_at" timestamptz null, constraint "jobs_pkey" primary key ("id"));`);
    this.addSql(`create index "jobs_tenant_id_index" on "jobs" ("tenant_id");`);
    this.addSql(`create index "jobs_tenant_id_job_key_index" on "jobs" ("tenant_id", "job_key");`);

    this.addSql(`create table "job_runs" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "job_id" varchar(36) not null, "version" int not null, "status" varchar(16) not null, "trigger" varchar(16) not null, "parameters" jsonb null, "attempts" int not null default 0, "progress" double precision not null default 0, "query_run_ids" jsonb not null, "created_by" varchar(36) null, "error_message" text null, "started_at" timestamptz null, "ended_at" timestamptz null, constraint "job_runs_pkey" primary key ("id"));`);
    this.addSql(`create index "job_runs_tenant_id_index" on "job_runs" ("tenant_id");`);
    this.addSql(`create index "job_runs_tenant_id_job_id_created_at_index" on "job_runs" ("tenant_id", "job_id", "created_at");`);

    this.addSql(`create table "job_versions" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "job_id" varchar(36) not null, "version" int not null, "status" varchar(16) not null, "query_ids" jsonb not null, "cluster_id" varchar(36) null, "schedule" varchar(100) null, "timeout_ms" int not null, "settings" jsonb null, "published_at" timestamptz null, constraint "job_versions_pkey" primary key ("id"));`);
    this.addSql(`create index "job_versions_tenant_id_index" on "job_versions" ("tenant_id");`);
    this.addSql(`create index "job_versions_job_id_version_index" on "job_versions" ("job_id", "version");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jobs" cascade;`);

    this.addSql(`drop table if exists "job_runs" cascade;`);

    this.addSql(`drop table if exists "job_versions" cascade;`);
  }

}
