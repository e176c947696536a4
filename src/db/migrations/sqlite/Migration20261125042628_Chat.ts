import { Migration } from '@mikro-orm/migrations';

export class Migration20261125042628_Chat extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`chat_members\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`room_id\` text not null, \`user_id\` text not null, \`role\` text not null, \`last_read_seq\` integer not null default 0, \`last_read_message_id\` text null, \`muted\` integer not null default false, primary key (\`id\`));`);
    this.addSql(`create index \`chat_members_tenant_id_index\` on \`chat_members\` (\`tenant_id\`);`);
    this.addSql(`create index \`chat_members_tenant_id_user_id_index\` on \`chat_members\` (\`tenant_id\`, \`user_id\`);`);
    this.addSql(`create unique index \`chat_members_room_id_user_id_unique\` on \`chat_members\` (\`room_id\`, \`user_id\`);`);

    this.addSql(`create table \`chat_messages\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`room_id\` text not null, \`room_seq\` integer not null, \`sender_id\` text not null, \`client_message_id\` text null, \`body_text\` text null, \`body_json\` json null, \`reply_to_message_id\` text null, \`metadata_json\` json null, \`edited_at\` datetime null, \`deleted_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`chat_messages_tenant_id_index\` on \`chat_messages\` (\`tenant_id\`);`);
    this.addSql(`create unique index \`chat_messages_room_id_sender_id_client_message_id_unique\` on \`chat_messages\` (\`room_id\`, \`sender_id\`, \`client_message_id\`);`);
    this.addSql(`create unique index \`chat_messages_room_id_room_seq_unique\` on \`chat_messages\` (\`room_id\`, \`room_seq\`);`);

    this.addSql(`create table \`chat_reactions\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`message_id\` text not null, \`room_id\` text not null, \`user_id\` text not null, \`emoji\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`chat_reactions_tenant_id_index\` on \`chat_reactions\` (\`tenant_id\`);`);
    this.addSql(`create unique index \`chat_reactions_message_id_user_id_emoji_unique\` on \`chat_reactions\` (\`message_id\`, \`user_id\`, \`emoji\`);`);

    this.addSql(`create table \`chat_rooms\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`kind\` text not null, \`title\` text null, \`created_by_id\` text not null, \`last_message_seq\` integer not null default 0, \`last_message_id\` text null, \`last_message_at\` datetime null, \`version\` integer not null default 0, primary key (\`id\`));`);
    this.addSql(`create index \`chat_rooms_tenant_id_index\` on \`chat_rooms\` (\`tenant_id\`);`);

    // Full-text search (see subgraphs/chat/search.ts): an FTS5 table whose rowid is the message's
    // rowid, kept in step by triggers; deleted messages and messages without text are not indexed.
    this.addSql(`create virtual table \`chat_messages_fts\` using fts5(\`body_text\`, tokenize = 'unicode61 remove_diacritics 0');`);
    this.addSql(`create trigger \`chat_messages_fts_insert\` after insert on \`chat_messages\` when new.\`body_text\` is not null and new.\`deleted_at\` is null begin insert into \`chat_messages_fts\` (rowid, \`body_text\`) values (new.rowid, new.\`body_text\`); end;`);
    this.addSql(`create trigger \`chat_messages_fts_update\` after update of \`body_text\`, \`deleted_at\` on \`chat_messages\` begin delete from \`chat_messages_fts\` where rowid = old.rowid; insert into \`chat_messages_fts\` (rowid, \`body_text\`) select new.rowid, new.\`body_text\` where new.\`body_text\` is not null and new.\`deleted_at\` is null; end;`);
    this.addSql(`create trigger \`chat_messages_fts_delete\` after delete on \`chat_messages\` begin delete from \`chat_messages_fts\` where rowid = old.rowid; end;`);
  }

}
