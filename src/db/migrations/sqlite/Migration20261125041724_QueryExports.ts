import { Migration } from '@mikro-orm/migrations';

export class Migration20261125041724_QueryExports extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`query_result_exports\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`query_run_id\` text not null, \`format\` text not null, \`compression\` text not null, \`status\` text not null default 'pending', \`file_name\` text null, \`size_bytes\` bigint null, \`error_message\` text null, \`completed_at\` datetime null, \`expires_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`query_result_exports_tenant_id_index\` on \`query_result_exports\` (\`tenant_id\`);`);
    this.addSql(`create index \`query_result_exports_tenant_id_query_run_id_index\` on \`query_result_exports\` (\`tenant_id\`, \`query_run_id\`);`);

    this.addSql(`create table \`table_jobs\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`kind\` text not null, \`table_id\` text not null, \`status\` text not null default 'pending', \`label\` text null, \`upload_id\` text null, \`format\` text null, \`compression\` text null, \`version\` integer null, \`file_name\` text null, \`size_bytes\` bigint null, \`error_message\` text null, \`completed_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`table_jobs_tenant_id_index\` on \`table_jobs\` (\`tenant_id\`);`);
    this.addSql(`create index \`table_jobs_tenant_id_kind_table_id_index\` on \`table_jobs\` (\`tenant_id\`, \`kind\`, \`table_id\`);`);
  }

}
