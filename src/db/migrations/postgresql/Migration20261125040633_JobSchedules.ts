import { Migration } from '@mikro-orm/migrations';

export class Migration20261125040633_JobSchedules extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "jobs" add column "next_run_at" timestamptz null;`);
    this.addSql(`create index "jobs_next_run_at_index" on "jobs" ("next_run_at");`);

    this.addSql(`alter table "job_runs" add column "scheduled_for" timestamptz null;`);
    this.addSql(`alter table "job_runs" add constraint "job_runs_job_id_scheduled_for_unique" unique ("job_id", "scheduled_for");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "job_runs" drop constraint "job_runs_job_id_scheduled_for_unique";`);
    this.addSql(`alter table "job_runs" drop column "scheduled_for";`);

    this.addSql(`drop index "jobs_next_run_at_index";`);
    this.addSql(`alter table "jobs" drop column "next_run_at";`);
  }

}
