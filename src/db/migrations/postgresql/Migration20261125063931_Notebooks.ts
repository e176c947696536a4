import { Migration } from '@mikro-orm/migrations';

export class Migration20261125063931_Notebooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "compute_sessions" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "name" varchar(200) null, "owner_id" varchar(36) not null, "team_id" varchar(36) null, "workload_config_id" varchar(36) not null, "endpoint_type" varchar(32) not null, "status" varchar(16) not null default 'pending', "status_reason" text null, "activated_at" timestamptz null, "closed_at" timestamptz null, "relaunched_from_id" varchar(36) null, constraint "compute_sessions_pkey" primary key ("id"));`);
    this.addSql(`create index "compute_sessions_tenant_id_index" on "compute_sessions" ("tenant_id");`);
    this.addSql(`create index "compute_sessions_tenant_id_team_id_index" on "compute_sessions" ("tenant_id", "team_id");`);
    this.addSql(`create index "compute_sessions_tenant_id_owner_id_index" on "compute_sessions" ("tenant_id", "owner_id");`);

    this.addSql(`create table "notebooks" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "display_name" varchar(200) not null, "description" text null, "status" varchar(16) not null default 'stopped', "status_reason" text null, "idle_timeout_seconds" int not null, "workload_config_id" varchar(36) not null, "owner_id" varchar(36) not null, "last_activity_at" timestamptz null, "started_at" timestamptz null, "stopped_at" timestamptz null, constraint "notebooks_pkey" primary key ("id"));`);
    this.addSql(`create index "notebooks_tenant_id_index" on "notebooks" ("tenant_id");`);
    this.addSql(`create index "notebooks_workload_config_id_index" on "notebooks" ("workload_config_id");`);
    this.addSql(`create index "notebooks_status_last_activity_at_index" on "notebooks" ("status", "last_activity_at");`);
    this.addSql(`create index "notebooks_tenant_id_owner_id_index" on "notebooks" ("tenant_id", "owner_id");`);

    this.addSql(`create table "notebook_cells" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "notebook_id" varchar(36) not null, "position" int not null, "cell_type" varchar(16) not null, "source" text not null, "execution_status" varchar(16) null, "execution_count" int not null default 0, "output" jsonb null, "error_message" text null, "execution_time_ms" int null, "executed_at" timestamptz null, constraint "notebook_cells_pkey" primary key ("id"));`);
    this.addSql(`create index "notebook_cells_tenant_id_index" on "notebook_cells" ("tenant_id");`);
    this.addSql(`create index "notebook_cells_notebook_id_position_index" on "notebook_cells" ("notebook_id", "position");`);

    this.addSql(`create table "workload_configs" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "name" varchar(200) not null, "description" text null, "workload_type" varchar(32) not null, "cluster_id" varchar(36) not null, "settings" jsonb null, "created_by" varchar(36) not null, constraint "workload_configs_pkey" primary key ("id"));`);
    this.addSql(`create index "workload_configs_tenant_id_index" on "workload_configs" ("tenant_id");`);
    this.addSql(`create index "workload_configs_cluster_id_index" on "workload_configs" ("cluster_id");`);
    this.addSql(`alter table "workload_configs" add constraint "workload_configs_tenant_id_name_unique" unique ("tenant_id", "name");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "compute_sessions" cascade;`);

    this.addSql(`drop table if exists "notebooks" cascade;`);

    this.addSql(`drop table if exists "notebook_cells" cascade;`);

    this.addSql(`drop table if exists "workload_configs" cascade;`);
  }

}
