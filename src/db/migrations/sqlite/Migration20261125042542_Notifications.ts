import { Migration } from '@mikro-orm/migrations';

export class Migration20261125042542_Notifications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`in_app_notifications\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`user_id\` text not null, \`delivery_id\` text not null, \`event_type\` text not null, \`title\` text not null, \`payload\` json not null, \`read_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`in_app_notifications_tenant_id_index\` on \`in_app_notifications\` (\`tenant_id\`);`);
    this.addSql(`create index \`in_app_notifications_tenant_id_user_id_created_at_index\` on \`in_app_notifications\` (\`tenant_id\`, \`user_id\`, \`created_at\`);`);

    this.addSql(`create table \`notification_channels\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`type\` text not null, \`config\` json not null, \`sealed_secret\` text null, \`team_id\` text null, \`member_id\` text null, \`verified_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`notification_channels_tenant_id_index\` on \`notification_channels\` (\`tenant_id\`);`);

    this.addSql(`create table \`notification_deliveries\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`rule_id\` text null, \`channel_id\` text not null, \`event_type\` text not null, \`event_cursor\` text not null, \`payload\` json not null, \`status\` text not null default 'pending', \`attempts\` integer not null default 0, \`last_status_code\` integer null, \`last_error\` text null, \`delivered_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`notification_deliveries_tenant_id_index\` on \`notification_deliveries\` (\`tenant_id\`);`);
    this.addSql(`create index \`notification_deliveries_tenant_id_channel_id_created_at_index\` on \`notification_deliveries\` (\`tenant_id\`, \`channel_id\`, \`created_at\`);`);
    this.addSql(`create unique index \`notification_deliveries_rule_id_channel_id_event_cursor_unique\` on \`notification_deliveries\` (\`rule_id\`, \`channel_id\`, \`event_cursor\`);`);

    this.addSql(`create table \`notification_rules\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`event_types\` json not null, \`scope_type\` text not null, \`resource_type\` text null, \`resource_id\` text null, \`team_id\` text null, \`member_id\` text null, \`channel_ids\` json not null, \`enabled\` integer not null default true, primary key (\`id\`));`);
    this.addSql(`create index \`notification_rules_tenant_id_index\` on \`notification_rules\` (\`tenant_id\`);`);
    this.addSql(`create index \`notification_rules_tenant_id_enabled_index\` on \`notification_rules\` (\`tenant_id\`, \`enabled\`);`);

  }

}
