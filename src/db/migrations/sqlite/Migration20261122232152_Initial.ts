import { Migration } from '@mikro-orm/migrations';

export class Migration20261122232152_Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`api_keys\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`key_id\` text not null, \`secret_hash\` text not null, \`last_four\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null, \`user_id\` text not null, \`last_used_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`api_keys_tenant_id_index\` on \`api_keys\` (\`tenant_id\`);`);
    this.addSql(`create index \`api_keys_key_id_index\` on \`api_keys\` (\`key_id\`);`);

    this.addSql(`create table \`event_log\` (\`id\` integer not null primary key autoincrement, \`tenant_id\` text not null, \`topic\` text not null, \`type\` text not null, \`subject_id\` text not null, \`payload\` json not null, \`created_at\` datetime not null);`);
    this.addSql(`create index \`event_log_tenant_id_topic_id_index\` on \`event_log\` (\`tenant_id\`, \`topic\`, \`id\`);`);

    this.addSql(`create table \`projects\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`description\` text null, \`created_by_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`projects_tenant_id_index\` on \`projects\` (\`tenant_id\`);`);

    this.addSql(`create table \`tenants\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`archived_at\` datetime null, primary key (\`id\`));`);

    this.addSql(`create table \`users\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`email\` text not null, \`name\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null default 'Dataset user', \`identity_provider_id\` text null, \`invited_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`users_tenant_id_index\` on \`users\` (\`tenant_id\`);`);
    this.addSql(`create index \`users_tenant_id_email_index\` on \`users\` (\`tenant_id\`, \`email\`);`);
  }

}
