import { Migration } from '@mikro-orm/migrations';

export class Migration20261125040625_JobSchedules extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`jobs\` add column \`next_run_at\` datetime null;`);
    this.addSql(`create index \`jobs_next_run_at_index\` on \`jobs\` (\`next_run_at\`);`);
    this.addSql(`alter table \`job_runs\` add column \`scheduled_for\` datetime null;`);
    this.addSql(`create unique index \`job_runs_job_id_scheduled_for_unique\` on \`job_runs\` (\`job_id\`, \`scheduled_for\`);`);
  }

}
