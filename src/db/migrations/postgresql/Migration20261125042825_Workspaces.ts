import { Migration } from '@mikro-orm/migrations';

export class Migration20261125042825_Workspaces extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "workspaces" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "title" varchar(255) not null, "description" text null, "mode" text check ("mode" in ('snapshot', 'operational')) not null default 'snapshot', "status" text check ("status" in ('active', 'archived')) not null default 'active', "public_id" varchar(40) not null, "owner_id" varchar(36) not null, "backing_dataset_id" varchar(36) null, "backing_table_name" varchar(63) null, "backing_table_scope" varchar(63) null, "row_identity_columns" jsonb not null, "renderer_config" jsonb null, "archived_at" timestamptz null, constraint "workspaces_pkey" primary key ("id"));`);
    this.addSql(`create index "workspaces_tenant_id_index" on "workspaces" ("tenant_id");`);
    this.addSql(`alter table "workspaces" add constraint "workspaces_public_id_unique" unique ("public_id");`);
    this.addSql(`create index "workspaces_tenant_id_owner_id_index" on "workspaces" ("tenant_id", "owner_id");`);

    this.addSql(`create table "workspace_charts" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "workspace_id" varchar(36) not null, "title" varchar(255) null, "spec" jsonb not null, "chart_spec_version" int not null default 1, "position" int not null, "collapsed" boolean not null default false, "renderer_config" jsonb null, "created_by_id" varchar(36) not null, "last_edited_by_id" varchar(36) not null, constraint "workspace_charts_pkey" primary key ("id"));`);
    this.addSql(`create index "workspace_charts_tenant_id_index" on "workspace_charts" ("tenant_id");`);
    this.addSql(`create index "workspace_charts_workspace_id_position_index" on "workspace_charts" ("workspace_id", "position");`);

    this.addSql(`create table "workspace_shares" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "workspace_id" varchar(36) not null, "status" varchar(16) not null default 'active', "expires_at" timestamptz null, "shared_by_id" varchar(36) not null, constraint "workspace_shares_pkey" primary key ("id"));`);
    this.addSql(`create index "workspace_shares_tenant_id_index" on "workspace_shares" ("tenant_id");`);
    this.addSql(`alter table "workspace_shares" add constraint "workspace_shares_workspace_id_unique" unique ("workspace_id");`);

    this.addSql(`create table "workspace_share_recipients" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "workspace_id" varchar(36) not null, "user_id" varchar(36) not null, "access" text check ("access" in ('read', 'write')) not null, constraint "workspace_share_recipients_pkey" primary key ("id"));`);
    this.addSql(`create index "workspace_share_recipients_tenant_id_index" on "workspace_share_recipients" ("tenant_id");`);
    this.addSql(`create index "workspace_share_recipients_tenant_id_user_id_index" on "workspace_share_recipients" ("tenant_id", "user_id");`);
    this.addSql(`alter table "workspace_share_recipients" add constraint "workspace_share_recipients_workspace_id_user_id_unique" unique ("workspace_id", "user_id");`);

    this.addSql(`create table "workspace_tags" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "name" varchar(100) not null, "slug" varchar(100) not null, "namespace" varchar(100) null, "color" varchar(32) null, "description" text null, "attributes" jsonb not null, constraint "workspace_tags_pkey" primary key ("id"));`);
    this.addSql(`create index "workspace_tags_tenant_id_index" on "workspace_tags" ("tenant_id");`);
    this.addSql(`alter table "workspace_tags" add constraint "workspace_tags_tenant_id_name_unique" unique ("tenant_id", "name");`);

    this.addSql(`create table "workspace_tag_links" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "workspace_id" varchar(36) not null, "tag_id" varchar(36) not null, constraint "workspace_tag_links_pkey" primary key ("id"));`);
    this.addSql(`create index "workspace_tag_links_tenant_id_index" on "workspace_tag_links" ("tenant_id");`);
    this.addSql(`create index "workspace_tag_links_tag_id_index" on "workspace_tag_links" ("tag_id");`);
    this.addSql(`alter table "workspace_tag_links" add constraint "workspace_tag_links_workspace_id_tag_id_unique" unique ("workspace_id", "tag_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "workspaces" cascade;`);

    this.addSql(`drop table if exists "workspace_charts" cascade;`);

    this.addSql(`drop table if exists "workspace_shares" cascade;`);

    this.addSql(`drop table if exists "workspace_share_recipients" cascade;`);

    this.addSql(`drop table if exists "workspace_tags" cascade;`);

    this.addSql(`drop table if exists "workspace_tag_links" cascade;`);
  }

}
