import { Migration } from '@mikro-orm/migrations';

export class Migration20261123001740_Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`agents\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`description\` text null, \`protocol\` text not null, \`endpoint_url\` text not null, \`capabilities\` json null, \`agent_metadata\` json null, \`status\` text not null default 'active', \`rate_limit_id\` text not null, \`max_requests_per_second\` integer not null default 10, \`max_requests_per_minute\` integer not null default 600, \`max_requests_per_hour\` integer not null default 36000, primary key (\`id\`));`);
    this.addSql(`create index \`agents_tenant_id_index\` on \`agents\` (\`tenant_id\`);`);

    this.addSql(`create table \`api_keys\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`key_id\` text not null, \`secret_hash\` text not null, \`last_four\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null, \`user_id\` text not null, \`last_used_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`api_keys_tenant_id_index\` on \`api_keys\` (\`tenant_id\`);`);
    this.addSql(`create index \`api_keys_key_id_index\` on \`api_keys\` (\`key_id\`);`);

    this.addSql(`create table \`approvals\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`kind\` text check (\`kind\` in ('project_tenant', 'project_dataset')) not null, \`status\` text check (\`status\` in ('pending', 'approved', 'rejected', 'expired')) not null default 'pending', \`project_id\` text not null, \`project_name\` text not null, \`target_tenant_id\` text not null, \`target_tenant_name\` text null, \`dataset_id\` text null, \`dataset_name\` text null, \`requested_by_id\` text not null, \`requester_name\` text not null, \`requester_email\` text not null, \`reviewed_by_id\` text null, \`reviewed_at\` datetime null, \`rejection_reason\` text null, \`expires_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`approvals_tenant_id_index\` on \`approvals\` (\`tenant_id\`);`);
    this.addSql(`create index \`approvals_target_tenant_id_status_index\` on \`approvals\` (\`target_tenant_id\`, \`status\`);`);

    this.addSql(`create table \`catalogs\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`name\` text not null, \`provider\` text not null, \`config\` json not null, \`secret_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`catalogs_tenant_id_index\` on \`catalogs\` (\`tenant_id\`);`);
    this.addSql(`create index \`catalogs_tenant_id_name_index\` on \`catalogs\` (\`tenant_id\`, \`name\`);`);

    this.addSql(`create table \`connection_tables\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`connection_id\` text not null, \`schema_name\` text not null, \`table_name\` text not null, \`columns\` json not null, \`synced\` integer not null default false, primary key (\`id\`));`);
    this.addSql(`create index \`connection_tables_tenant_id_index\` on \`connection_tables\` (\`tenant_id\`);`);
    this.addSql(`create index \`connection_tables_connection_id_schema_name_table_name_index\` on \`connection_tables\` (\`connection_id\`, \`schema_name\`, \`table_name\`);`);

    this.addSql(`create table \`connections\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`name\` text not null, \`source_type\` text not null, \`config\` json not null, \`secret_id\` text null, \`discovery_status\` text not null default 'pending', \`discovery_error\` text null, \`discovered_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`connections_tenant_id_index\` on \`connections\` (\`tenant_id\`);`);
    this.addSql(`create index \`connections_tenant_id_name_index\` on \`connections\` (\`tenant_id\`, \`name\`);`);

    this.addSql(`create table \`event_log\` (\`id\` integer not null primary key autoincrement, \`tenant_id\` text not null, \`topic\` text not null, \`type\` text not null, \`subject_id\` text not null, \`payload\` json not null, \`created_at\` datetime not null);`);
    this.addSql(`create index \`event_log_tenant_id_topic_id_index\` on \`event_log\` (\`tenant_id\`, \`topic\`, \`id\`);`);

    this.addSql(`create table \`invitations\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`email\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null, \`status\` text check (\`status\` in ('pending', 'accepted', 'expired')) not null default 'pending', \`expires_at\` datetime not null, \`invited_by_id\` text not null, \`accepted_user_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`invitations_tenant_id_index\` on \`invitations\` (\`tenant_id\`);`);
    this.addSql(`create index \`invitations_tenant_id_email_index\` on \`invitations\` (\`tenant_id\`, \`email\`);`);

    this.addSql(`create table \`projects\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`description\` text null, \`created_by_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`projects_tenant_id_index\` on \`projects\` (\`tenant_id\`);`);

    this.addSql(`create table \`project_agents\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`project_id\` text not null, \`agent_id\` text not null, \`role\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`project_agents_tenant_id_index\` on \`project_agents\` (\`tenant_id\`);`);
    this.addSql(`create index \`project_agents_project_id_agent_id_index\` on \`project_agents\` (\`project_id\`, \`agent_id\`);`);

    this.addSql(`create table \`project_shares\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`project_id\` text not null, \`project_name\` text not null, \`shared_with_tenant_id\` text not null, \`approval_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`project_shares_shared_with_tenant_id_index\` on \`project_shares\` (\`shared_with_tenant_id\`);`);

    this.addSql(`create table \`saved_queries\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`description\` text null, \`tags\` json not null, \`latest_version\` integer not null default 1, \`category_override\` text null, \`table_size_override\` text null, \`catalog_id\` text null, \`schema_name\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`saved_queries_tenant_id_index\` on \`saved_queries\` (\`tenant_id\`);`);

    this.addSql(`create table \`saved_query_versions\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`saved_query_id\` text not null, \`version\` integer not null, \`sql\` text not null, \`sql_hash\` text not null, \`category\` text not null, \`has_aggregation\` integer not null, \`has_group_by\` integer not null, \`has_join\` integer not null, \`has_limit\` integer not null, \`has_order_by\` integer not null, \`has_predicate\` integer not null, \`num_tables\` integer not null, primary key (\`id\`));`);
    this.addSql(`create index \`saved_query_versions_tenant_id_index\` on \`saved_query_versions\` (\`tenant_id\`);`);
    this.addSql(`create index \`saved_query_versions_saved_query_id_version_index\` on \`saved_query_versions\` (\`saved_query_id\`, \`version\`);`);

    this.addSql(`create table \`secrets\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`description\` text null, \`team_ids\` json not null, \`current_version\` integer not null default 1, \`revoked_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`secrets_tenant_id_index\` on \`secrets\` (\`tenant_id\`);`);
    this.addSql(`create index \`secrets_tenant_id_name_index\` on \`secrets\` (\`tenant_id\`, \`name\`);`);

    this.addSql(`create table \`secret_versions\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`secret_id\` text not null, \`version\` integer not null, \`sealed_value\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`secret_versions_tenant_id_index\` on \`secret_versions\` (\`tenant_id\`);`);
    this.addSql(`create index \`secret_versions_secret_id_version_index\` on \`secret_versions\` (\`secret_id\`, \`version\`);`);

    this.addSql(`create table \`teams\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`name\` text not null, \`description\` text null, \`default_role_id\` text not null default 'TEAMMEMBER', primary key (\`id\`));`);
    this.addSql(`create index \`teams_tenant_id_index\` on \`teams\` (\`tenant_id\`);`);

    this.addSql(`create table \`team_grants\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`resource_type\` text not null, \`resource_id\` text not null, \`team_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`team_grants_tenant_id_index\` on \`team_grants\` (\`tenant_id\`);`);
    this.addSql(`create index \`team_grants_team_id_index\` on \`team_grants\` (\`team_id\`);`);
    this.addSql(`create index \`team_grants_resource_type_resource_id_index\` on \`team_grants\` (\`resource_type\`, \`resource_id\`);`);

    this.addSql(`create table \`team_members\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`team_id\` text not null, \`user_id\` text not null, \`role_ids\` json not null, primary key (\`id\`));`);
    this.addSql(`create index \`team_members_tenant_id_index\` on \`team_members\` (\`tenant_id\`);`);
    this.addSql(`create index \`team_members_user_id_index\` on \`team_members\` (\`user_id\`);`);
    this.addSql(`create index \`team_members_team_id_user_id_index\` on \`team_members\` (\`team_id\`, \`user_id\`);`);

    this.addSql(`create table \`tenants\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`archived_at\` datetime null, primary key (\`id\`));`);

    this.addSql(`create table \`users\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`email\` text not null, \`name\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null default 'Dataset user', \`identity_provider_id\` text null, \`invited_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`users_tenant_id_index\` on \`users\` (\`tenant_id\`);`);
    this.addSql(`create index \`users_tenant_id_email_index\` on \`users\` (\`tenant_id\`, \`email\`);`);
  }

}
