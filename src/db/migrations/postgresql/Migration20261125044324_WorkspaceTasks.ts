import { Migration } from '@mikro-orm/migrations';

export class Migration20261125044324_WorkspaceTasks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "workspace_task_bindings" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "workspace_id" varchar(36) not null, "job_id" varchar(36) not null, "mutates_workspace" boolean not null default false, "lifecycle" text check ("lifecycle" in ('draft', 'active', 'paused')) not null default 'draft', "created_by_id" varchar(36) not null, constraint "workspace_task_bindings_pkey" primary key ("id"));`);
    this.addSql(`create index "workspace_task_bindings_tenant_id_index" on "workspace_task_bindings" ("tenant_id");`);
    this.addSql(`alter table "workspace_task_bindings" add constraint "workspace_task_bindings_workspace_id_job_id_unique" unique ("workspace_id", "job_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "workspace_task_bindings" cascade;`);
  }

}
