import { Migration } from '@mikro-orm/migrations';

export class Migration20261125062922_Clusters extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`cloud_connections\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`provider\` text not null, \`region\` text not null, \`account_id\` text null, \`status\` text not null default 'pending', \`status_reason\` text null, \`external_id\` text not null, \`verified_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`cloud_connections_tenant_id_index\` on \`cloud_connections\` (\`tenant_id\`);`);
    this.addSql(`create index \`cloud_connections_tenant_id_name_index\` on \`cloud_connections\` (\`tenant_id\`, \`name\`);`);

    this.addSql(`create table \`cloud_networks\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`connection_id\` text not null, \`region\` text not null, \`cidr_block\` text not null, \`subnets\` json not null, \`status\` text not null default 'pending', \`status_reason\` text null, \`phase\` text null, \`phases\` json not null, \`operation_id\` text null, \`destroyed_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`cloud_networks_tenant_id_index\` on \`cloud_networks\` (\`tenant_id\`);`);
    this.addSql(`create index \`cloud_networks_tenant_id_connection_id_index\` on \`cloud_networks\` (\`tenant_id\`, \`connection_id\`);`);

    this.addSql(`create table \`clusters\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`description\` text null, \`kind\` text not null, \`status\` text not null, \`status_reason\` text null, \`connection_id\` text null, \`network_id\` text null, \`region\` text null, \`endpoint\` text null, \`kubernetes_version\` text null, \`node_groups\` json not null, \`driver\` text not null default 'local', \`phase\` text null, \`phases\` json not null, \`pending_changes\` json null, \`operation_id\` text null, \`created_by\` text null, \`active_since\` datetime null, \`destroyed_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`clusters_tenant_id_index\` on \`clusters\` (\`tenant_id\`);`);
    this.addSql(`create index \`clusters_connection_id_index\` on \`clusters\` (\`connection_id\`);`);
    this.addSql(`create index \`clusters_tenant_id_name_index\` on \`clusters\` (\`tenant_id\`, \`name\`);`);

    this.addSql(`create table \`host_metric_samples\` (\`id\` text not null, \`sampled_at\` datetime not null, \`cpu_percent\` double not null, \`memory_percent\` double not null, \`load1\` double not null, \`memory_used_bytes\` double not null, \`memory_total_bytes\` double not null, primary key (\`id\`));`);
    this.addSql(`create index \`host_metric_samples_sampled_at_index\` on \`host_metric_samples\` (\`sampled_at\`);`);
  }

}
