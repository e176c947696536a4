import { Migration } from '@mikro-orm/migrations';

export class Migration20261125064009_Notebooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`compute_sessions\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`name\` text null, \`owner_id\` text not null, \`team_id\` text null, \`workload_config_id\` text not null, \`endpoint_type\` text not null, \`status\` text not null default 'pending', \`status_reason\` text null, \`activated_at\` datetime null, \`closed_at\` datetime null, \`relaunched_from_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`compute_sessions_tenant_id_index\` on \`compute_sessions\` (\`tenant_id\`);`);
    this.addSql(`create index \`compute_sessions_tenant_id_team_id_index\` on \`compute_sessions\` (\`tenant_id\`, \`team_id\`);`);
    this.addSql(`create index \`compute_sessions_tenant_id_owner_id_index\` on \`compute_sessions\` (\`tenant_id\`, \`owner_id\`);`);

    this.addSql(`create table \`notebooks\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`display_name\` text not null, \`description\` text null, \`status\` text not null default 'stopped', \`status_reason\` text null, \`idle_timeout_seconds\` integer not null, \`workload_config_id\` text not null, \`owner_id\` text not null, \`last_activity_at\` datetime null, \`started_at\` datetime null, \`stopped_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`notebooks_tenant_id_index\` on \`notebooks\` (\`tenant_id\`);`);
    this.addSql(`create index \`notebooks_workload_config_id_index\` on \`notebooks\` (\`workload_config_id\`);`);
    this.addSql(`create index \`notebooks_status_last_activity_at_index\` on \`notebooks\` (\`status\`, \`last_activity_at\`);`);
    this.addSql(`create index \`notebooks_tenant_id_owner_id_index\` on \`notebooks\` (\`tenant_id\`, \`owner_id\`);`);

    this.addSql(`create table \`notebook_cells\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`notebook_id\` text not null, \`position\` integer not null, \`cell_type\` text not null, \`source\` text not null, \`execution_status\` text null, \`execution_count\` integer not null default 0, \`output\` json null, \`error_message\` text null, \`execution_time_ms\` integer null, \`executed_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`notebook_cells_tenant_id_index\` on \`notebook_cells\` (\`tenant_id\`);`);
    this.addSql(`create index \`notebook_cells_notebook_id_position_index\` on \`notebook_cells\` (\`notebook_id\`, \`position\`);`);

    this.addSql(`create table \`workload_configs\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`name\` text not null, \`description\` text null, \`workload_type\` text not null, \`cluster_id\` text not null, \`settings\` json null, \`created_by\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`workload_configs_tenant_id_index\` on \`workload_configs\` (\`tenant_id\`);`);
    this.addSql(`create index \`workload_configs_cluster_id_index\` on \`workload_configs\` (\`cluster_id\`);`);
    this.addSql(`create unique index \`workload_configs_tenant_id_name_unique\` on \`workload_configs\` (\`tenant_id\`, \`name\`);`);
  }

}
