import { Migration } from '@mikro-orm/migrations';

export class Migration20261125062846_Clusters extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "cloud_connections" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "provider" varchar(16) not null, "region" varchar(64) not null, "account_id" varchar(64) null, "status" varchar(16) not null default 'pending', "status_reason" text null, "external_id" varchar(64) not null, "verified_at" timestamptz null, constraint "cloud_connections_pkey" primary key ("id"));`);
    this.addSql(`create index "cloud_connections_tenant_id_index" on "cloud_connections" ("tenant_id");`);
    this.addSql(`create index "cloud_connections_tenant_id_name_index" on "cloud_connections" ("tenant_id", "name");`);

    this.addSql(`create table "cloud_networks" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "connection_id" varchar(36) not null, "region" varchar(64) not null, "cidr_block" varchar(64) not null, "subnets" jsonb not null, "status" varchar(16) not null default 'pending', "status_reason" text null, "phase" varchar(32) null, "phases" jsonb not null, "operation_id" varchar(36) null, "destroyed_at" timestamptz null, constraint "cloud_networks_pkey" primary key ("id"));`);
    this.addSql(`create index "cloud_networks_tenant_id_index" on "cloud_networks" ("tenant_id");`);
    this.addSql(`create index "cloud_networks_tenant_id_connection_id_index" on "cloud_networks" ("tenant_id", "connection_id");`);

    this.addSql(`create table "clusters" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "description" text null, "kind" varchar(16) not null, "status" varchar(16) not null, "status_reason" text null, "connection_id" varchar(36) null, "network_id" varchar(36) null, "region" varchar(64) null, "endpoint" varchar(500) null, "kubernetes_version" varchar(16) null, "node_groups" jsonb not null, "driver" varchar(32) not null default 'local', "phase" varchar(32) null, "phases" jsonb not null, "pending_changes" jsonb null, "operation_id" varchar(36) null, "created_by" varchar(36) null, "active_since" timestamptz null, "destroyed_at" timestamptz null, constraint "clusters_pkey" primary key ("id"));`);
    this.addSql(`create index "clusters_tenant_id_index" on "clusters" ("tenant_id");`);
    this.addSql(`create index "clusters_connection_id_index" on "clusters" ("connection_id");`);
    this.addSql(`create index "clusters_tenant_id_name_index" on "clusters" ("tenant_id", "name");`);

    this.addSql(`create table "host_metric_samples" ("id" varchar(36) not null, "sampled_at" timestamptz not null, "cpu_percent" double precision not null, "memory_percent" double precision not null, "load1" double precision not null, "memory_used_bytes" double precision not null, "memory_total_bytes" double precision not null, constraint "host_metric_samples_pkey" primary key ("id"));`);
    this.addSql(`create index "host_metric_samples_sampled_at_index" on "host_metric_samples" ("sampled_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "cloud_connections" cascade;`);

    this.addSql(`drop table if exists "cloud_networks" cascade;`);

    this.addSql(`drop table if exists "clusters" cascade;`);

    this.addSql(`drop table if exists "host_metric_samples" cascade;`);
  }

}
