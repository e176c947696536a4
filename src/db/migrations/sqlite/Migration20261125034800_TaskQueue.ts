import { Migration } from '@mikro-orm/migrations';

export class Migration20261125034800_TaskQueue extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`tasks\` (\`id\` text not null, \`tenant_id\` text not null, \`kind\` text not null, \`subject_id\` text not null, \`payload\` json not null, \`actor\` json not null, \`status\` text not null default 'queued', \`attempts\` integer not null default 0, \`max_attempts\` integer not null default 3, \`run_at\` datetime not null, \`timeout_ms\` integer not null, \`locked_by\` text null, \`locked_until\` datetime null, \`cancel_requested\` integer not null default false, \`last_error\` text null, \`created_at\` datetime not null, \`finished_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`tasks_subject_id_index\` on \`tasks\` (\`subject_id\`);`);
    this.addSql(`create index \`tasks_status_run_at_index\` on \`tasks\` (\`status\`, \`run_at\`);`);

  }

}
