import { Migration } from '@mikro-orm/migrations';

export class Migration20261125033032_Datasets extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`datasets\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`label\` text not null, \`schema_name\` text not null, \`table_name\` text not null, \`source_type\` text not null, \`latest_version\` integer not null default 0, \`pinned_version\` integer null, \`project_dataset_id\` text null, \`declared_schema\` json null, primary key (\`id\`));`);
    this.addSql(`create index \`datasets_tenant_id_index\` on \`datasets\` (\`tenant_id\`);`);
    this.addSql(`create index \`datasets_project_dataset_id_index\` on \`datasets\` (\`project_dataset_id\`);`);
    this.addSql(`create index \`datasets_tenant_id_schema_name_table_name_index\` on \`datasets\` (\`tenant_id\`, \`schema_name\`, \`table_name\`);`);

    this.addSql(`create table \`dataset_versions\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`dataset_id\` text not null, \`version\` integer not null, \`source_type\` text not null, \`upload_id\` text null, \`format\` text null, \`columns\` json not null, \`row_count\` bigint not null, \`file_name\` text not null, \`size_bytes\` bigint not null, primary key (\`id\`));`);
    this.addSql(`create index \`dataset_versions_tenant_id_index\` on \`dataset_versions\` (\`tenant_id\`);`);
    this.addSql(`create index \`dataset_versions_dataset_id_version_index\` on \`dataset_versions\` (\`dataset_id\`, \`version\`);`);

    this.addSql(`create table \`project_datasets\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`description\` text null, \`project_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`project_datasets_tenant_id_index\` on \`project_datasets\` (\`tenant_id\`);`);
    this.addSql(`create index \`project_datasets_project_id_index\` on \`project_datasets\` (\`project_id\`);`);
    this.addSql(`create index \`project_datasets_tenant_id_name_index\` on \`project_datasets\` (\`tenant_id\`, \`name\`);`);

    this.addSql(`create table \`query_results\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`query_run_id\` text not null, \`status\` text not null default 'processing', \`columns\` json null, \`rows\` json null, \`row_count\` bigint null, \`error_message\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`query_results_tenant_id_index\` on \`query_results\` (\`tenant_id\`);`);
    this.addSql(`create index \`query_results_tenant_id_created_at_index\` on \`query_results\` (\`tenant_id\`, \`created_at\`);`);

    this.addSql(`create table \`query_runs\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`sql_text\` text not null, \`sql_hash\` text not null, \`status\` text not null default 'running', \`user_id\` text null, \`saved_query_id\` text null, \`saved_query_version\` integer null, \`result_id\` text null, \`row_count\` bigint null, \`execution_time_ms\` integer null, \`server_processing_ms\` integer null, \`error_message\` text null, \`warning_message\` text null, \`completed_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`query_runs_tenant_id_index\` on \`query_runs\` (\`tenant_id\`);`);
    this.addSql(`create index \`query_runs_saved_query_id_index\` on \`query_runs\` (\`saved_query_id\`);`);
    this.addSql(`create index \`query_runs_tenant_id_created_at_index\` on \`query_runs\` (\`tenant_id\`, \`created_at\`);`);

    this.addSql(`create table \`uploads\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`content_type\` text null, \`size_bytes\` bigint not null, \`status\` text not null default 'uploaded', primary key (\`id\`));`);
    this.addSql(`create index \`uploads_tenant_id_index\` on \`uploads\` (\`tenant_id\`);`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`api_keys__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`key_id\` text not null, \`secret_hash\` text not null, \`last_four\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null, \`user_id\` text not null, \`last_used_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`insert into \`api_keys__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`tenant_id\`, \`archived_at\`, \`name\`, \`key_id\`, \`secret_hash\`, \`last_four\`, \`role\`, \`user_id\`, \`last_used_at\` from \`api_keys\`;`);
    this.addSql(`drop table \`api_keys\`;`);
    this.addSql(`alter table \`api_keys__temp_alter\` rename to \`api_keys\`;`);
    this.addSql(`create index \`api_keys_tenant_id_index\` on \`api_keys\` (\`tenant_id\`);`);
    this.addSql(`create index \`api_keys_key_id_index\` on \`api_keys\` (\`key_id\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`approvals__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`kind\` text check (\`kind\` in ('project_tenant', 'project_dataset')) not null, \`status\` text check (\`status\` in ('pending', 'approved', 'rejected', 'expired')) not null default 'pending', \`project_id\` text not null, \`project_name\` text not null, \`target_tenant_id\` text not null, \`target_tenant_name\` text null, \`dataset_id\` text null, \`dataset_name\` text null, \`requested_by_id\` text not null, \`requester_name\` text not null, \`requester_email\` text not null, \`reviewed_by_id\` text null, \`reviewed_at\` datetime null, \`rejection_reason\` text null, \`expires_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`insert into \`approvals__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`tenant_id\`, \`kind\`, \`status\`, \`project_id\`, \`project_name\`, \`target_tenant_id\`, \`target_tenant_name\`, \`dataset_id\`, \`dataset_name\`, \`requested_by_id\`, \`requester_name\`, \`requester_email\`, \`reviewed_by_id\`, \`reviewed_at\`, \`rejection_reason\`, \`expires_at\` from \`approvals\`;`);
    this.addSql(`drop table \`approvals\`;`);
    this.addSql(`alter table \`approvals__temp_alter\` rename to \`approvals\`;`);
    this.addSql(`create index \`approvals_tenant_id_index\` on \`approvals\` (\`tenant_id\`);`);
    this.addSql(`create index \`approvals_target_tenant_id_status_index\` on \`approvals\` (\`target_tenant_id\`, \`status\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`event_log__temp_alter\` (\`id\` integer not null primary key autoincrement, \`tenant_id\` text not null, \`topic\` text not null, \`type\` text not null, \`subject_id\` text not null, \`payload\` json not null, \`created_at\` datetime not null);`);
    this.addSql(`insert into \`event_log__temp_alter\` select \`id\`, \`tenant_id\`, \`topic\`, \`type\`, \`subject_id\`, \`payload\`, \`created_at\` from \`event_log\`;`);
    this.addSql(`drop table \`event_log\`;`);
    this.addSql(`alter table \`event_log__temp_alter\` rename to \`event_log\`;`);
    this.addSql(`create index \`event_log_tenant_id_topic_id_index\` on \`event_log\` (\`tenant_id\`, \`topic\`, \`id\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`invitations__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`email\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null, \`status\` text check (\`status\` in ('pending', 'accepted', 'expired')) not null default 'pending', \`expires_at\` datetime not null, \`invited_by_id\` text not null, \`accepted_user_id\` text null, primary key (\`id\`));`);
    this.addSql(`insert into \`invitations__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`tenant_id\`, \`email\`, \`role\`, \`status\`, \`expires_at\`, \`invited_by_id\`, \`accepted_user_id\` from \`invitations\`;`);
    this.addSql(`drop table \`invitations\`;`);
    this.addSql(`alter table \`invitations__temp_alter\` rename to \`invitations\`;`);
    this.addSql(`create index \`invitations_tenant_id_index\` on \`invitations\` (\`tenant_id\`);`);
    this.addSql(`create index \`invitations_tenant_id_email_index\` on \`invitations\` (\`tenant_id\`, \`email\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`users__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`email\` text not null, \`name\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null default 'Dataset user', \`identity_provider_id\` text null, \`invited_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`insert into \`users__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`tenant_id\`, \`archived_at\`, \`email\`, \`name\`, \`role\`, \`identity_provider_id\`, \`invited_at\` from \`users\`;`);
    this.addSql(`drop table \`users\`;`);
    this.addSql(`alter table \`users__temp_alter\` rename to \`users\`;`);
    this.addSql(`create index \`users_tenant_id_index\` on \`users\` (\`tenant_id\`);`);
    this.addSql(`create index \`users_tenant_id_email_index\` on \`users\` (\`tenant_id\`, \`email\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

}
