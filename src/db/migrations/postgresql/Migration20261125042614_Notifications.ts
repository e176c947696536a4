import { Migration } from '@mikro-orm/migrations';

export class Migration20261125042614_Notifications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "in_app_notifications" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "user_id" varchar(36) not null, "delivery_id" varchar(36) not null, "event_type" varchar(100) not null, "title" text not null, "payload" jsonb not null, "read_at" timestamptz null, constraint "in_app_notifications_pkey" primary key ("id"));`);
    this.addSql(`create index "in_app_notifications_tenant_id_index" on "in_app_notifications" ("tenant_id");`);
    this.addSql(`create index "in_app_notifications_tenant_id_user_id_created_at_index" on "in_app_notifications" ("tenant_id", "user_id", "created_at");`);

    this.addSql(`create table "notification_channels" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "type" varchar(16) not null, "config" jsonb not null, "sealed_secret" text null, "team_id" varchar(36) null, "member_id" varchar(36) null, "verified_at" timestamptz null, constraint "notification_channels_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_channels_tenant_id_index" on "notification_channels" ("tenant_id");`);

    this.addSql(`create table "notification_deliveries" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "rule_id" varchar(36) null, "channel_id" varchar(36) not null, "event_type" varchar(100) not null, "event_cursor" varchar(32) not null, "payload" jsonb not null, "status" varchar(16) not null default 'pending', "attempts" int not null default 0, "last_status_code" int null, "last_error" text null, "delivered_at" timestamptz null, constraint "notification_deliveries_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_deliveries_tenant_id_index" on "notification_deliveries" ("tenant_id");`);
    this.addSql(`create index "notification_deliveries_tenant_id_channel_id_created_at_index" on "notification_deliveries" ("tenant_id", "channel_id", "created_at");`);
    this.addSql(`alter table "notification_deliveries" add constraint "notification_deliveries_rule_id_channel_id_event_cursor_unique" unique ("rule_id", "channel_id", "event_cursor");`);

    this.addSql(`create table "notification_rules" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "name" varchar(200) not null, "event_types" jsonb not null, "scope_type" varchar(16) not null, "resource_type" varchar(32) null, "resource_id" varchar(36) null, "team_id" varchar(36) null, "member_id" varchar(36) null, "channel_ids" jsonb not null, "enabled" boolean not null default true, constraint "notification_rules_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_rules_tenant_id_index" on "notification_rules" ("tenant_id");`);
    this.addSql(`create index "notification_rules_tenant_id_enabled_index" on "notification_rules" ("tenant_id", "enabled");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "in_app_notifications" cascade;`);

    this.addSql(`drop table if exists "notification_channels" cascade;`);

    this.addSql(`drop table if exists "notification_deliveries" cascade;`);

    this.addSql(`drop table if exists "notification_rules" cascade;`);
  }

}
