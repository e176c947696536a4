import { Migration } from '@mikro-orm/migrations';

export class Migration20261125042631_Chat extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "chat_members" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "room_id" varchar(36) not null, "user_id" varchar(36) not null, "role" varchar(16) not null, "last_read_seq" int not null default 0, "last_read_message_id" varchar(36) null, "muted" boolean not null default false, constraint "chat_members_pkey" primary key ("id"));`);
    this.addSql(`create index "chat_members_tenant_id_index" on "chat_members" ("tenant_id");`);
    this.addSql(`create index "chat_members_tenant_id_user_id_index" on "chat_members" ("tenant_id", "user_id");`);
    this.addSql(`alter table "chat_members" add constraint "chat_members_room_id_user_id_unique" unique ("room_id", "user_id");`);

    this.addSql(`create table "chat_messages" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "room_id" varchar(36) not null, "room_seq" int not null, "sender_id" varchar(36) not null, "client_message_id" varchar(200) null, "body_text" text null, "body_json" jsonb null, "reply_to_message_id" varchar(36) null, "metadata_json" jsonb null, "edited_at" timestamptz null, "deleted_at" timestamptz null, constraint "chat_messages_pkey" primary key ("id"));`);
    this.addSql(`create index "chat_messages_tenant_id_index" on "chat_messages" ("tenant_id");`);
    this.addSql(`alter table "chat_messages" add constraint "chat_messages_room_id_sender_id_client_message_id_unique" unique ("room_id", "sender_id", "client_message_id");`);
    this.addSql(`alter table "chat_messages" add constraint "chat_messages_room_id_room_seq_unique" unique ("room_id", "room_seq");`);

    this.addSql(`create table "chat_reactions" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "message_id" varchar(36) not null, "room_id" varchar(36) not null, "user_id" varchar(36) not null, "emoji" varchar(64) not null, constraint "chat_reactions_pkey" primary key ("id"));`);
    this.addSql(`create index "chat_reactions_tenant_id_index" on "chat_reactions" ("tenant_id");`);
    this.addSql(`alter table "chat_reactions" add constraint "chat_reactions_message_id_user_id_emoji_unique" unique ("message_id", "user_id", "emoji");`);

    this.addSql(`create table "chat_rooms" ("id" varchar(36) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" varchar(36) not null, "archived_at" timestamptz null, "kind" varchar(16) not null, "title" varchar(200) null, "created_by_id" varchar(36) not null, "last_message_seq" int not null default 0, "last_message_id" varchar(36) null, "last_message_at" timestamptz null, "version" int not null default 0, constraint "chat_rooms_pkey" primary key ("id"));`);
    this.addSql(`create index "chat_rooms_tenant_id_index" on "chat_rooms" ("tenant_id");`);

    // Full-text search (see subgraphs/chat/search.ts): a GIN index on the tsvector expression the search queries with.
    this.addSql(`create index "chat_messages_search_index" on "chat_messages" using gin (to_tsvector('simple', coalesce("body_text", '')));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "chat_members" cascade;`);

    this.addSql(`drop table if exists "chat_messages" cascade;`);

    this.addSql(`drop table if exists "chat_reactions" cascade;`);

    this.addSql(`drop table if exists "chat_rooms" cascade;`);
  }

}
