import { Migration } from '@mikro-orm/migrations';

export class Migration20261125042821_Workspaces extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`workspaces\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`title\` text not null, \`description\` text null, \`mode\` text check (\`mode\` in ('snapshot', 'operational')) not null default 'snapshot', \`status\` text check (\`status\` in ('active', 'archived')) not null default 'active', \`public_id\` text not null, \`owner_id\` text not null, \`backing_dataset_id\` text null, \`backing_table_name\` text null, \`backing_table_scope\` text null, \`row_identity_columns\` json not null, \`renderer_config\` json null, \`archived_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`workspaces_tenant_id_index\` on \`workspaces\` (\`tenant_id\`);`);
    this.addSql(`create unique index \`workspaces_public_id_unique\` on \`workspaces\` (\`public_id\`);`);
    this.addSql(`create index \`workspaces_tenant_id_owner_id_index\` on \`workspaces\` (\`tenant_id\`, \`owner_id\`);`);

    this.addSql(`create table \`workspace_charts\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`workspace_id\` text not null, \`title\` text null, \`spec\` json not null, \`chart_spec_version\` integer not null default 1, \`position\` integer not null, \`collapsed\` integer not null default false, \`renderer_config\` json null, \`created_by_id\` text not null, \`last_edited_by_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`workspace_charts_tenant_id_index\` on \`workspace_charts\` (\`tenant_id\`);`);
    this.addSql(`create index \`workspace_charts_workspace_id_position_index\` on \`workspace_charts\` (\`workspace_id\`, \`position\`);`);

    this.addSql(`create table \`workspace_shares\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`workspace_id\` text not null, \`status\` text not null default 'active', \`expires_at\` datetime null, \`shared_by_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`workspace_shares_tenant_id_index\` on \`workspace_shares\` (\`tenant_id\`);`);
    this.addSql(`create unique index \`workspace_shares_workspace_id_unique\` on \`workspace_shares\` (\`workspace_id\`);`);

    this.addSql(`create table \`workspace_share_recipients\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`workspace_id\` text not null, \`user_id\` text not null, \`access\` text check (\`access\` in ('read', 'write')) not null, primary key (\`id\`));`);
    this.addSql(`create index \`workspace_share_recipients_tenant_id_index\` on \`workspace_share_recipients\` (\`tenant_id\`);`);
    this.addSql(`create index \`workspace_share_recipients_tenant_id_user_id_index\` on \`workspace_share_recipients\` (\`tenant_id\`, \`user_id\`);`);
    this.addSql(`create unique index \`workspace_share_recipients_workspace_id_user_id_unique\` on \`workspace_share_recipients\` (\`workspace_id\`, \`user_id\`);`);

    this.addSql(`create table \`workspace_tags\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`name\` text not null, \`slug\` text not null, \`namespace\` text null, \`color\` text null, \`description\` text null, \`attributes\` json not null, primary key (\`id\`));`);
    this.addSql(`create index \`workspace_tags_tenant_id_index\` on \`workspace_tags\` (\`tenant_id\`);`);
    this.addSql(`create unique index \`workspace_tags_tenant_id_name_unique\` on \`workspace_tags\` (\`tenant_id\`, \`name\`);`);

    this.addSql(`create table \`workspace_tag_links\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`workspace_id\` text not null, \`tag_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`workspace_tag_links_tenant_id_index\` on \`workspace_tag_links\` (\`tenant_id\`);`);
    this.addSql(`create index \`workspace_tag_links_tag_id_index\` on \`workspace_tag_links\` (\`tag_id\`);`);
    this.addSql(`create unique index \`workspace_tag_links_workspace_id_tag_id_unique\` on \`workspace_tag_links\` (\`workspace_id\`, \`tag_id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`workspaces\`;`);
    this.addSql(`drop table if exists \`workspace_charts\`;`);
    this.addSql(`drop table if exists \`workspace_shares\`;`);
    this.addSql(`drop table if exists \`workspace_share_recipients\`;`);
    this.addSql(`drop table if exists \`workspace_tags\`;`);
    this.addSql(`drop table if exists \`workspace_tag_links\`;`);
  }

}
