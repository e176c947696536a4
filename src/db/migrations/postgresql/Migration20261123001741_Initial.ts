import { Migration } from '@mikro-orm/migrations';

export class Migration20261123001741_Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "agents" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "description" text null, "protocol" varchar(8) not null, "endpoint_url" varchar(2000) not null, "capabilities" jsonb null, "agent_metadata" jsonb null, "status" varchar(32) not null default 'active', "rate_limit_id" varchar(36) not null, "max_requests_per_second" int not null default 10, "max_requests_per_minute" int not null default 600, "max_requests_per_hour" int not null default 36000, constraint "agents_pkey" primary key ("id"));`);
    this.addSql(`create index "agents_tenant_id_index" on "agents" ("tenant_id");`);

    this.addSql(`create table "api_keys" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "key_id" varchar(32) not null, "secret_hash" varchar(64) not null, "last_four" varchar(4) not null, "role" text check ("role" in ('Dataset user', 'Dataset editor', 'Org admin')) not null, "user_id" varchar(36) not null, "last_used_at" timestamptz null, constraint "api_keys_pkey" primary key ("id"));`);
    this.addSql(`create index "api_keys_tenant_id_index" on "api_keys" ("tenant_id");`);
    this.addSql(`create index "api_keys_key_id_index" on "api_keys" ("key_id");`);

    this.addSql(`create table "approvals" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "kind" text check ("kind" in ('project_tenant', 'project_dataset')) not null, "status" text check ("status" in ('pending', 'approved', 'rejected', 'expired')) not null default 'pending', "project_id" varchar(36) not null, "project_name" varchar(200) not null, "target_tenant_id" varchar(36) not null, "target_tenant_name" varchar(200) null, "dataset_id" varchar(36) null, "dataset_name" varchar(200) null, "requested_by_id" varchar(36) not null, "requester_name" varchar(200) not null, "requester_email" varchar(320) not null, "reviewed_by_id" varchar(36) null, "reviewed_at" timestamptz null, "rejection_reason" text null, "expires_at" timestamptz not null, constraint "approvals_pkey" primary key ("id"));`);
    this.addSql(`create index "approvals_tenant_id_index" on "approvals" ("tenant_id");`);
    this.addSql(`create index "approvals_target_tenant_id_status_index" on "approvals" ("target_tenant_id", "status");`);

    this.addSql(`create table "catalogs" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "name" varchar(200) not null, "provider" varchar(32) not null, "config" jsonb not null, "secret_id" varchar(36) null, constraint "catalogs_pkey" primary key ("id"));`);
    this.addSql(`create index "catalogs_tenant_id_index" on "catalogs" ("tenant_id");`);
    this.addSql(`create index "catalogs_tenant_id_name_index" on "catalogs" ("tenant_id", "name");`);

    this.addSql(`create table "connection_tables" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "connection_id" varchar(36) not null, "schema_name" varchar(200) not null, "table_name" varchar(200) not null, "columns" jsonb not null, "synced" boolean not null default false, constraint "connection_tables_pkey" primary key ("id"));`);
    this.addSql(`create index "connection_tables_tenant_id_index" on "connection_tables" ("tenant_id");`);
    this.addSql(`create index "connection_tables_connection_id_schema_name_table_name_index" on "connection_tables" ("connection_id", "schema_name", "table_name");`);

    this.addSql(`create table "connections" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "name" varchar(200) not null, "source_type" varchar(32) not null, "config" jsonb not null, "secret_id" varchar(36) null, "discovery_status" varchar(16) not null default 'pending', "discovery_error" text null, "discovered_at" timestamptz null, constraint "connections_pkey" primary key ("id"));`);
    this.addSql(`create index "connections_tenant_id_index" on "connections" ("tenant_id");`);
    this.addSql(`create index "connections_tenant_id_name_index" on "connections" ("tenant_id", "name");`);

    this.addSql(`create table "event_log" ("id" bigserial primary key, "tenant_id" varchar(36) not null, "topic" varchar(64) not null, "type" varchar(64) not null, "subject_id" varchar(64) not null, "payload" jsonb not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "event_log_tenant_id_topic_id_index" on "event_log" ("tenant_id", "topic", "id");`);

    this.addSql(`create table "invitations" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "email" varchar(320) not null, "role" text check ("role" in ('Dataset user', 'Dataset editor', 'Org admin')) not null, "status" text check ("status" in ('pending', 'accepted', 'expired')) not null default 'pending', "expires_at" timestamptz not null, "invited_by_id" varchar(36) not null, "accepted_user_id" varchar(36) null, constraint "invitations_pkey" primary key ("id"));`);
    this.addSql(`create index "invitations_tenant_id_index" on "invitations" ("tenant_id");`);
    this.addSql(`create index "invitations_tenant_id_email_index" on "invitations" ("tenant_id", "email");`);

    this.addSql(`create table "projects" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "description" text null, "created_by_id" varchar(36) null, constraint "projects_pkey" primary key ("id"));`);
    this.addSql(`create index "projects_tenant_id_index" on "projects" ("tenant_id");`);

    this.addSql(`create table "project_agents" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "project_id" varchar(36) not null, "agent_id" varchar(36) not null, "role" varchar(200) null, constraint "project_agents_pkey" primary key ("id"));`);
    this.addSql(`create index "project_agents_tenant_id_index" on "project_agents" ("tenant_id");`);
    this.addSql(`create index "project_agents_project_id_agent_id_index" on "project_agents" ("project_id", "agent_id");`);

    this.addSql(`create table "project_shares" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "project_id" varchar(36) not null, "project_name" varchar(200) not null, "shared_with_tenant_id" varchar(36) not null, "approval_id" varchar(36) not null, constraint "project_shares_pkey" primary key ("id"));`);
    this.addSql(`create index "project_shares_shared_with_tenant_id_index" on "project_shares" ("shared_with_tenant_id");`);

    this.addSql(`create table "saved_queries" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "description" text null, "tags" jsonb not null, "latest_version" int not null default 1, "category_override" varchar(32) null, "table_size_override" varchar(32) null, "catalog_id" varchar(36) null, "schema_name" varchar(200) null, constraint "saved_queries_pkey" primary key ("id"));`);
    this.addSql(`create index "saved_queries_tenant_id_index" on "saved_queries" ("tenant_id");`);

    this.addSql(`create table "saved_query_versions" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "saved_query_id" varchar(36) not null, "version" int not null, "sql" text not null, "sql_hash" varchar(64) not null, "category" varchar(32) not null, "has_aggregation" boolean not null, "has_group_by" boolean not null, "has_join" boolean not null, "has_limit" boolean not null, "has_order_by" boolean not null, "has_predicate" boolean not null, "num_tables" int not null, constraint "saved_query_versions_pkey" primary key ("id"));`);
    this.addSql(`create index "saved_query_versions_tenant_id_index" on "saved_query_versions" ("tenant_id");`);
    this.addSql(`create index "saved_query_versions_saved_query_id_version_index" on "saved_query_versions" ("saved_query_id", "version");`);

    this.addSql(`create table "secrets" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "description" text null, "team_ids" jsonb not null, "current_version" int not null default 1, "revoked_at" timestamptz null, constraint "secrets_pkey" primary key ("id"));`);
    this.addSql(`create index "secrets_tenant_id_index" on "secrets" ("tenant_id");`);
    this.addSql(`create index "secrets_tenant_id_name_index" on "secrets" ("tenant_id", "name");`);

    this.addSql(`create table "secret_versions" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "secret_id" varchar(36) not null, "version" int not null, "sealed_value" text not null, constraint "secret_versions_pkey" primary key ("id"));`);
    this.addSql(`create index "secret_versions_tenant_id_index" on "secret_versions" ("tenant_id");`);
    this.addSql(`create index "secret_versions_secret_id_version_index" on "secret_versions" ("secret_id", "version");`);

    this.addSql(`create table "teams" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "name" varchar(200) not null, "description" text null, "default_role_id" varchar(20) not null default 'TEAMMEMBER', constraint "teams_pkey" primary key ("id"));`);
    this.addSql(`create index "teams_tenant_id_index" on "teams" ("tenant_id");`);

    this.addSql(`create table "team_grants" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "resource_type" varchar(32) not null, "resource_id" varchar(36) not null, "team_id" varchar(36) not null, constraint "team_grants_pkey" primary key ("id"));`);
    this.addSql(`create index "team_grants_tenant_id_index" on "team_grants" ("tenant_id");`);
    this.addSql(`create index "team_grants_team_id_index" on "team_grants" ("team_id");`);
    this.addSql(`create index "team_grants_resource_type_resource_id_index" on "team_grants" ("resource_type", "resource_id");`);

    this.addSql(`create table "team_members" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "team_id" varchar(36) not null, "user_id" varchar(36) not null, "role_ids" jsonb not null, constraint "team_members_pkey" primary key ("id"));`);
    this.addSql(`create index "team_members_tenant_id_index" on "team_members" ("tenant_id");`);
    this.addSql(`create index "team_members_user_id_index" on "team_members" ("user_id");`);
    this.addSql(`create index "team_members_team_id_user_id_index" on "team_members" ("team_id", "user_id");`);

    this.addSql(`create table "tenants" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(200) not null, "archived_at" timestamptz null, constraint "tenants_pkey" primary key ("id"));`);

    this.addSql(`create table "users" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "email" varchar(320) not null, "name" varchar(200) not null, "role" text check ("role" in ('Dataset user', 'Dataset editor', 'Org admin')) not null default 'Dataset user', "identity_provider_id" varchar(255) null, "invited_at" timestamptz null, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`create index "users_tenant_id_index" on "users" ("tenant_id");`);
    this.addSql(`create index "users_tenant_id_email_index" on "users" ("tenant_id", "email");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "agents" cascade;`);

    this.addSql(`drop table if exists "api_keys" cascade;`);

    this.addSql(`drop table if exists "approvals" cascade;`);

    this.addSql(`drop table if exists "catalogs" cascade;`);

    this.addSql(`drop table if exists "connection_tables" cascade;`);

    this.addSql(`drop table if exists "connections" cascade;`);

    this.addSql(`drop table if exists "event_log" cascade;`);

    this.addSql(`drop table if exists "invitations" cascade;`);

    this.addSql(`drop table if exists "projects" cascade;`);

    this.addSql(`drop table if exists "project_agents" cascade;`);

    this.addSql(`drop table if exists "project_shares" cascade;`);

    this.addSql(`drop table if exists "saved_queries" cascade;`);

    this.addSql(`drop table if exists "saved_query_versions" cascade;`);

    this.addSql(`drop table if exists "secrets" cascade;`);

    this.addSql(`drop table if exists "secret_versions" cascade;`);

    this.addSql(`drop table if exists "teams" cascade;`);

    this.addSql(`drop table if exists "team_grants" cascade;`);

    this.addSql(`drop table if exists "team_members" cascade;`);

    this.addSql(`drop table if exists "tenants" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);
  }

}
