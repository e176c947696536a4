import { Migration } from '@mikro-orm/migrations';

export class Migration20261125044320_WorkspaceTasks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`workspace_task_bindings\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`workspace_id\` text not null, \`job_id\` text not null, \`mutates_workspace\` integer not null default false, \`lifecycle\` text check (\`lifecycle\` in ('draft', 'active', 'paused')) not null default 'draft', \`created_by_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`workspace_task_bindings_tenant_id_index\` on \`workspace_task_bindings\` (\`tenant_id\`);`);
    this.addSql(`create unique index \`workspace_task_bindings_workspace_id_job_id_unique\` on \`workspace_task_bindings\` (\`workspace_id\`, \`job_id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`workspace_task_bindings\`;`);
  }

}
