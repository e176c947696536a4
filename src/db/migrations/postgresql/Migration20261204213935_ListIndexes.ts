import { Migration } from '@mikro-orm/migrations';

export class Migration20261204213935_ListIndexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "agents_tenant_id_index";`);

    this.addSql(`create index "agents_tenant_id_created_at_id_index" on "agents" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "api_keys_tenant_id_index";`);

    this.addSql(`create index "api_keys_tenant_id_created_at_id_index" on "api_keys" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "catalogs_tenant_id_index";`);

    this.addSql(`create index "catalogs_tenant_id_created_at_id_index" on "catalogs" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "chat_members_tenant_id_index";`);

    this.addSql(`create index "chat_members_tenant_id_created_at_id_index" on "chat_members" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "chat_messages_tenant_id_index";`);

    this.addSql(`create index "chat_messages_tenant_id_created_at_id_index" on "chat_messages" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "chat_reactions_tenant_id_index";`);

    this.addSql(`create index "chat_reactions_tenant_id_created_at_id_index" on "chat_reactions" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "chat_rooms_tenant_id_index";`);
    this.addSql(`drop index "chat_rooms_tenant_id_workspace_id_index";`);

    this.addSql(`create index "chat_rooms_tenant_id_created_at_id_index" on "chat_rooms" ("tenant_id", "created_at", "id");`);
    this.addSql(`create index "chat_rooms_tenant_id_workspace_id_created_at_id_index" on "chat_rooms" ("tenant_id", "workspace_id", "created_at", "id");`);

    this.addSql(`drop index "cloud_connections_tenant_id_index";`);

    this.addSql(`create index "cloud_connections_tenant_id_created_at_id_index" on "cloud_connections" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "cloud_networks_tenant_id_connection_id_index";`);
    this.addSql(`drop index "cloud_networks_tenant_id_index";`);

    this.addSql(`create index "cloud_networks_tenant_id_created_at_id_index" on "cloud_networks" ("tenant_id", "created_at", "id");`);
    this.addSql(`create index "cloud_networks_tenant_id_connection_id_created_at_id_index" on "cloud_networks" ("tenant_id", "connection_id", "created_at", "id");`);

    this.addSql(`drop index "clusters_tenant_id_index";`);

    this.addSql(`create index "clusters_tenant_id_created_at_id_index" on "clusters" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "compute_sessions_tenant_id_index";`);

    this.addSql(`create index "compute_sessions_tenant_id_created_at_id_index" on "compute_sessions" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "connection_tables_tenant_id_index";`);

    this.addSql(`create index "connection_tables_tenant_id_created_at_id_index" on "connection_tables" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "connections_tenant_id_index";`);

    this.addSql(`create index "connections_tenant_id_created_at_id_index" on "connections" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "datasets_tenant_id_index";`);

    this.addSql(`create index "datasets_tenant_id_created_at_id_index" on "datasets" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "dataset_versions_tenant_id_index";`);

    this.addSql(`create index "dataset_versions_tenant_id_created_at_id_index" on "dataset_versions" ("tenant_id", "created_at", "id");`);

    this.addSql(`create index "event_log_tenant_id_topic_subject_id_id_index" on "event_log" ("tenant_id", "topic", "subject_id", "id");`);

    this.addSql(`drop index "in_app_notifications_tenant_id_index";`);

    this.addSql(`create index "in_app_notifications_tenant_id_created_at_id_index" on "in_app_notifications" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "invitations_tenant_id_index";`);

    this.addSql(`create index "invitations_tenant_id_created_at_id_index" on "invitations" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "jobs_tenant_id_index";`);

    this.addSql(`create index "jobs_tenant_id_created_at_id_index" on "jobs" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "job_runs_tenant_id_index";`);
    this.addSql(`drop index "job_runs_tenant_id_job_id_created_at_index";`);

    this.addSql(`create index "job_runs_tenant_id_created_at_id_index" on "job_runs" ("tenant_id", "created_at", "id");`);
    this.addSql(`create index "job_runs_tenant_id_job_id_created_at_id_index" on "job_runs" ("tenant_id", "job_id", "created_at", "id");`);

    this.addSql(`drop index "job_versions_tenant_id_index";`);

    this.addSql(`create index "job_versions_tenant_id_created_at_id_index" on "job_versions" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "notebooks_tenant_id_index";`);

    this.addSql(`create index "notebooks_tenant_id_created_at_id_index" on "notebooks" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "notebook_cells_tenant_id_index";`);

    this.addSql(`create index "notebook_cells_tenant_id_created_at_id_index" on "notebook_cells" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "notification_channels_tenant_id_index";`);

    this.addSql(`create index "notification_channels_tenant_id_created_at_id_index" on "notification_channels" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "notification_deliveries_tenant_id_index";`);

    this.addSql(`create index "notification_deliveries_tenant_id_created_at_id_index" on "notification_deliveries" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "notification_rules_tenant_id_index";`);

    this.addSql(`create index "notification_rules_tenant_id_created_at_id_index" on "notification_rules" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "projects_tenant_id_index";`);

    this.addSql(`create index "projects_tenant_id_created_at_id_index" on "projects" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "project_agents_tenant_id_index";`);

    this.addSql(`create index "project_agents_tenant_id_created_at_id_index" on "project_agents" ("tenant_id", "created_at", "id");`);
    this.addSql(`create index "project_agents_tenant_id_project_id_created_at_id_index" on "project_agents" ("tenant_id", "project_id", "created_at", "id");`);

    this.addSql(`drop index "project_datasets_tenant_id_index";`);

    this.addSql(`create index "project_datasets_tenant_id_created_at_id_index" on "project_datasets" ("tenant_id", "created_at", "id");`);
    this.addSql(`create index "project_datasets_tenant_id_project_id_created_at_id_index" on "project_datasets" ("tenant_id", "project_id", "created_at", "id");`);

    this.addSql(`drop index "query_results_tenant_id_created_at_index";`);
    this.addSql(`drop index "query_results_tenant_id_index";`);

    this.addSql(`create index "query_results_tenant_id_created_at_id_index" on "query_results" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "query_result_exports_tenant_id_index";`);

    this.addSql(`create index "query_result_exports_tenant_id_created_at_id_index" on "query_result_exports" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "query_runs_tenant_id_created_at_index";`);
    this.addSql(`drop index "query_runs_tenant_id_index";`);

    this.addSql(`create index "query_runs_tenant_id_created_at_id_index" on "query_runs" ("tenant_id", "created_at", "id");`);
    this.addSql(`create index "query_runs_tenant_id_saved_query_id_created_at_id_index" on "query_runs" ("tenant_id", "saved_query_id", "created_at", "id");`);

    this.addSql(`drop index "saved_queries_tenant_id_index";`);

    this.addSql(`create index "saved_queries_tenant_id_created_at_id_index" on "saved_queries" ("tenant_id", "created_at", "id");`);
    this.addSql(`create index "saved_queries_tenant_id_project_id_created_at_id_index" on "saved_queries" ("tenant_id", "project_id", "created_at", "id");`);

    this.addSql(`drop index "saved_query_versions_tenant_id_index";`);

    this.addSql(`create index "saved_query_versions_tenant_id_created_at_id_index" on "saved_query_versions" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "secrets_tenant_id_index";`);

    this.addSql(`create index "secrets_tenant_id_created_at_id_index" on "secrets" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "secret_versions_tenant_id_index";`);

    this.addSql(`create index "secret_versions_tenant_id_created_at_id_index" on "secret_versions" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "table_jobs_tenant_id_index";`);

    this.addSql(`create index "table_jobs_tenant_id_created_at_id_index" on "table_jobs" ("tenant_id", "created_at", "id");`);

    this.addSql(`create index "tasks_tenant_id_created_at_id_index" on "tasks" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "teams_tenant_id_index";`);

    this.addSql(`create index "teams_tenant_id_created_at_id_index" on "teams" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "team_grants_tenant_id_index";`);

    this.addSql(`create index "team_grants_tenant_id_created_at_id_index" on "team_grants" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "team_members_tenant_id_index";`);

    this.addSql(`create index "team_members_tenant_id_created_at_id_index" on "team_members" ("tenant_id", "created_at", "id");`);
    this.addSql(`create index "team_members_tenant_id_team_id_created_at_id_index" on "team_members" ("tenant_id", "team_id", "created_at", "id");`);

    this.addSql(`drop index "uploads_tenant_id_index";`);

    this.addSql(`create index "uploads_tenant_id_created_at_id_index" on "uploads" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "users_tenant_id_index";`);

    this.addSql(`create index "users_tenant_id_created_at_id_index" on "users" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "workload_configs_tenant_id_index";`);

    this.addSql(`create index "workload_configs_tenant_id_created_at_id_index" on "workload_configs" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "workspaces_tenant_id_index";`);

    this.addSql(`create index "workspaces_tenant_id_created_at_id_index" on "workspaces" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "workspace_charts_tenant_id_index";`);

    this.addSql(`create index "workspace_charts_tenant_id_created_at_id_index" on "workspace_charts" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "workspace_shares_tenant_id_index";`);

    this.addSql(`create index "workspace_shares_tenant_id_created_at_id_index" on "workspace_shares" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "workspace_share_recipients_tenant_id_index";`);

    this.addSql(`create index "workspace_share_recipients_tenant_id_created_at_id_index" on "workspace_share_recipients" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "workspace_tags_tenant_id_index";`);

    this.addSql(`create index "workspace_tags_tenant_id_created_at_id_index" on "workspace_tags" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "workspace_tag_links_tenant_id_index";`);

    this.addSql(`create index "workspace_tag_links_tenant_id_created_at_id_index" on "workspace_tag_links" ("tenant_id", "created_at", "id");`);

    this.addSql(`drop index "workspace_task_bindings_tenant_id_index";`);

    this.addSql(`create index "workspace_task_bindings_tenant_id_created_at_id_index" on "workspace_task_bindings" ("tenant_id", "created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "agents_tenant_id_created_at_id_index";`);

    this.addSql(`create index "agents_tenant_id_index" on "agents" ("tenant_id");`);

    this.addSql(`drop index "api_keys_tenant_id_created_at_id_index";`);

    this.addSql(`create index "api_keys_tenant_id_index" on "api_keys" ("tenant_id");`);

    this.addSql(`drop index "catalogs_tenant_id_created_at_id_index";`);

    this.addSql(`create index "catalogs_tenant_id_index" on "catalogs" ("tenant_id");`);

    this.addSql(`drop index "chat_members_tenant_id_created_at_id_index";`);

    this.addSql(`create index "chat_members_tenant_id_index" on "chat_members" ("tenant_id");`);

    this.addSql(`drop index "chat_messages_tenant_id_created_at_id_index";`);

    this.addSql(`create index "chat_messages_tenant_id_index" on "chat_messages" ("tenant_id");`);

    this.addSql(`drop index "chat_reactions_tenant_id_created_at_id_index";`);

    this.addSql(`create index "chat_reactions_tenant_id_index" on "chat_reactions" ("tenant_id");`);

    this.addSql(`drop index "chat_rooms_tenant_id_created_at_id_index";`);
    this.addSql(`drop index "chat_rooms_tenant_id_workspace_id_created_at_id_index";`);

    this.addSql(`create index "chat_rooms_tenant_id_index" on "chat_rooms" ("tenant_id");`);
    this.addSql(`create index "chat_rooms_tenant_id_workspace_id_index" on "chat_rooms" ("tenant_id", "workspace_id");`);

    this.addSql(`drop index "cloud_connections_tenant_id_created_at_id_index";`);

    this.addSql(`create index "cloud_connections_tenant_id_index" on "cloud_connections" ("tenant_id");`);

    this.addSql(`drop index "cloud_networks_tenant_id_created_at_id_index";`);
    this.addSql(`drop index "cloud_networks_tenant_id_connection_id_created_at_id_index";`);

    this.addSql(`create index "cloud_networks_tenant_id_connection_id_index" on "cloud_networks" ("tenant_id", "connection_id");`);
    this.addSql(`create index "cloud_networks_tenant_id_index" on "cloud_networks" ("tenant_id");`);

    this.addSql(`drop index "clusters_tenant_id_created_at_id_index";`);

    this.addSql(`create index "clusters_tenant_id_index" on "clusters" ("tenant_id");`);

    this.addSql(`drop index "compute_sessions_tenant_id_created_at_id_index";`);

    this.addSql(`create index "compute_sessions_tenant_id_index" on "compute_sessions" ("tenant_id");`);

    this.addSql(`drop index "connection_tables_tenant_id_created_at_id_index";`);

    this.addSql(`create index "connection_tables_tenant_id_index" on "connection_tables" ("tenant_id");`);

    this.addSql(`drop index "connections_tenant_id_created_at_id_index";`);

    this.addSql(`create index "connections_tenant_id_index" on "connections" ("tenant_id");`);

    this.addSql(`drop index "dataset_versions_tenant_id_created_at_id_index";`);

    this.addSql(`create index "dataset_versions_tenant_id_index" on "dataset_versions" ("tenant_id");`);

    this.addSql(`drop index "datasets_tenant_id_created_at_id_index";`);

    this.addSql(`create index "datasets_tenant_id_index" on "datasets" ("tenant_id");`);

    this.addSql(`drop index "event_log_tenant_id_topic_subject_id_id_index";`);

    this.addSql(`drop index "in_app_notifications_tenant_id_created_at_id_index";`);

    this.addSql(`create index "in_app_notifications_tenant_id_index" on "in_app_notifications" ("tenant_id");`);

    this.addSql(`drop index "invitations_tenant_id_created_at_id_index";`);

    this.addSql(`create index "invitations_tenant_id_index" on "invitations" ("tenant_id");`);

    this.addSql(`drop index "job_runs_tenant_id_created_at_id_index";`);
    this.addSql(`drop index "job_runs_tenant_id_job_id_created_at_id_index";`);

    this.addSql(`create index "job_runs_tenant_id_index" on "job_runs" ("tenant_id");`);
    this.addSql(`create index "job_runs_tenant_id_job_id_created_at_index" on "job_runs" ("tenant_id", "job_id", "created_at");`);

    this.addSql(`drop index "job_versions_tenant_id_created_at_id_index";`);

    this.addSql(`create index "job_versions_tenant_id_index" on "job_versions" ("tenant_id");`);

    this.addSql(`drop index "jobs_tenant_id_created_at_id_index";`);

    this.addSql(`create index "jobs_tenant_id_index" on "jobs" ("tenant_id");`);

    this.addSql(`drop index "notebook_cells_tenant_id_created_at_id_index";`);

    this.addSql(`create index "notebook_cells_tenant_id_index" on "notebook_cells" ("tenant_id");`);

    this.addSql(`drop index "notebooks_tenant_id_created_at_id_index";`);

    this.addSql(`create index "notebooks_tenant_id_index" on "notebooks" ("tenant_id");`);

    this.addSql(`drop index "notification_channels_tenant_id_created_at_id_index";`);

    this.addSql(`create index "notification_channels_tenant_id_index" on "notification_channels" ("tenant_id");`);

    this.addSql(`drop index "notification_deliveries_tenant_id_created_at_id_index";`);

    this.addSql(`create index "notification_deliveries_tenant_id_index" on "notification_deliveries" ("tenant_id");`);

    this.addSql(`drop index "notification_rules_tenant_id_created_at_id_index";`);

    this.addSql(`create index "notification_rules_tenant_id_index" on "notification_rules" ("tenant_id");`);

    this.addSql(`drop index "project_agents_tenant_id_created_at_id_index";`);
    this.addSql(`drop index "project_agents_tenant_id_project_id_created_at_id_index";`);

    this.addSql(`create index "project_agents_tenant_id_index" on "project_agents" ("tenant_id");`);

    this.addSql(`drop index "project_datasets_tenant_id_created_at_id_index";`);
    this.addSql(`drop index "project_datasets_tenant_id_project_id_created_at_id_index";`);

    this.addSql(`create index "project_datasets_tenant_id_index" on "project_datasets" ("tenant_id");`);

    this.addSql(`drop index "projects_tenant_id_created_at_id_index";`);

    this.addSql(`create index "projects_tenant_id_index" on "projects" ("tenant_id");`);

    this.addSql(`drop index "query_result_exports_tenant_id_created_at_id_index";`);

    this.addSql(`create index "query_result_exports_tenant_id_index" on "query_result_exports" ("tenant_id");`);

    this.addSql(`drop index "query_results_tenant_id_created_at_id_index";`);

    this.addSql(`create index "query_results_tenant_id_created_at_index" on "query_results" ("tenant_id", "created_at");`);
    this.addSql(`create index "query_results_tenant_id_index" on "query_results" ("tenant_id");`);

    this.addSql(`drop index "query_runs_tenant_id_created_at_id_index";`);
    this.addSql(`drop index "query_runs_tenant_id_saved_query_id_created_at_id_index";`);

    this.addSql(`create index "query_runs_tenant_id_created_at_index" on "query_runs" ("tenant_id", "created_at");`);
    this.addSql(`create index "query_runs_tenant_id_index" on "query_runs" ("tenant_id");`);

    this.addSql(`drop index "saved_queries_tenant_id_created_at_id_index";`);
    this.addSql(`drop index "saved_queries_tenant_id_project_id_created_at_id_index";`);

    this.addSql(`create index "saved_queries_tenant_id_index" on "saved_queries" ("tenant_id");`);

    this.addSql(`drop index "saved_query_versions_tenant_id_created_at_id_index";`);

    this.addSql(`create index "saved_query_versions_tenant_id_index" on "saved_query_versions" ("tenant_id");`);

    this.addSql(`drop index "secret_versions_tenant_id_created_at_id_index";`);

    this.addSql(`create index "secret_versions_tenant_id_index" on "secret_versions" ("tenant_id");`);

    this.addSql(`drop index "secrets_tenant_id_created_at_id_index";`);

    this.addSql(`create index "secrets_tenant_id_index" on "secrets" ("tenant_id");`);

    this.addSql(`drop index "table_jobs_tenant_id_created_at_id_index";`);

    this.addSql(`create index "table_jobs_tenant_id_index" on "table_jobs" ("tenant_id");`);

    this.addSql(`drop index "tasks_tenant_id_created_at_id_index";`);

    this.addSql(`drop index "team_grants_tenant_id_created_at_id_index";`);

    this.addSql(`create index "team_grants_tenant_id_index" on "team_grants" ("tenant_id");`);

    this.addSql(`drop index "team_members_tenant_id_created_at_id_index";`);
    this.addSql(`drop index "team_members_tenant_id_team_id_created_at_id_index";`);

    this.addSql(`create index "team_members_tenant_id_index" on "team_members" ("tenant_id");`);

    this.addSql(`drop index "teams_tenant_id_created_at_id_index";`);

    this.addSql(`create index "teams_tenant_id_index" on "teams" ("tenant_id");`);

    this.addSql(`drop index "uploads_tenant_id_created_at_id_index";`);

    this.addSql(`create index "uploads_tenant_id_index" on "uploads" ("tenant_id");`);

    this.addSql(`drop index "users_tenant_id_created_at_id_index";`);

    this.addSql(`create index "users_tenant_id_index" on "users" ("tenant_id");`);

    this.addSql(`drop index "workload_configs_tenant_id_created_at_id_index";`);

    this.addSql(`create index "workload_configs_tenant_id_index" on "workload_configs" ("tenant_id");`);

    this.addSql(`drop index "workspace_charts_tenant_id_created_at_id_index";`);

    this.addSql(`create index "workspace_charts_tenant_id_index" on "workspace_charts" ("tenant_id");`);

    this.addSql(`drop index "workspace_share_recipients_tenant_id_created_at_id_index";`);

    this.addSql(`create index "workspace_share_recipients_tenant_id_index" on "workspace_share_recipients" ("tenant_id");`);

    this.addSql(`drop index "workspace_shares_tenant_id_created_at_id_index";`);

    this.addSql(`create index "workspace_shares_tenant_id_index" on "workspace_shares" ("tenant_id");`);

    this.addSql(`drop index "workspace_tag_links_tenant_id_created_at_id_index";`);

    this.addSql(`create index "workspace_tag_links_tenant_id_index" on "workspace_tag_links" ("tenant_id");`);

    this.addSql(`drop index "workspace_tags_tenant_id_created_at_id_index";`);

    this.addSql(`create index "workspace_tags_tenant_id_index" on "workspace_tags" ("tenant_id");`);

    this.addSql(`drop index "workspace_task_bindings_tenant_id_created_at_id_index";`);

    this.addSql(`create index "workspace_task_bindings_tenant_id_index" on "workspace_task_bindings" ("tenant_id");`);

    this.addSql(`drop index "workspaces_tenant_id_created_at_id_index";`);

    this.addSql(`create index "workspaces_tenant_id_index" on "workspaces" ("tenant_id");`);
  }

}
