import { Migration } from '@mikro-orm/migrations';

export class Migration20261125035430_Jobs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`jobs\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`description\` text null, \`job_key\` text not null, \`active_version\` integer not null default 1, \`last_run_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`jobs_tenant_id_index\` on \`jobs\` (\`tenant_id\`);`);
    this.addSql(`create index \`jobs_tenant_id_job_key_index\` on \`jobs\` (\`tenant_id\`, \`job_key\`);`);

    this.addSql(`create table \`job_runs\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`job_id\` text not null, \`version\` integer not null, \`status\` text not null, \`trigger\` text not null, \`parameters\` json null, \`attempts\` integer not null default 0, \`progress\` double not null default 0, \`query_run_ids\` json not null, \`created_by\` text null, \`error_message\` text null, \`started_at\` datetime null, \`ended_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`job_runs_tenant_id_index\` on \`job_runs\` (\`tenant_id\`);`);
    this.addSql(`create index \`job_runs_tenant_id_job_id_created_at_index\` on \`job_runs\` (\`tenant_id\`, \`job_id\`, \`created_at\`);`);

    this.addSql(`create table \`job_versions\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`job_id\` text not null, \`version\` integer not null, \`status\` text not null, \`query_ids\` json not null, \`cluster_id\` text null, \`schedule\` text null, \`timeout_ms\` integer not null, \`settings\` json null, \`published_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`job_versions_tenant_id_index\` on \`job_versions\` (\`tenant_id\`);`);
    this.addSql(`create index \`job_versions_job_id_version_index\` on \`job_versions\` (\`job_id\`, \`version\`);`);

  }

}
