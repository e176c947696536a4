import { Migration } from '@mikro-orm/migrations';

export class Migration20261125034811_TaskQueue extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "tasks" ("id" varchar(36) not null, "tenant_id" varchar(36) not null, "kind" varchar(64) not null, "subject_id" varchar(36) not null, "payload" jsonb not null, "actor" jsonb not null, "status" varchar(16) not null default 'queued', "attempts" int not null default 0, "max_attempts" int not null default 3, "run_at" timestamptz not null, "timeout_ms" int not null, "locked_by" varchar(64) null, "locked_until" timestamptz null, "cancel_requested" boolean not null default false, "last_error" text null, "created_at" timestamptz not null, "finished_at" timestamptz null, constraint "tasks_pkey" primary key ("id"));`);
    this.addSql(`create index "tasks_subject_id_index" on "tasks" ("subject_id");`);
    this.addSql(`create index "tasks_status_run_at_index" on "tasks" ("status", "run_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "tasks" cascade;`);
  }

}
