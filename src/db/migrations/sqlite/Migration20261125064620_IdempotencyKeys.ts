import { Migration } from '@mikro-orm/migrations';

// Written by hand: migration:create on SQLite currently fails reading an existing table's column type.
export class Migration20261125064620_IdempotencyKeys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`idempotency_keys\` (\`id\` text not null, \`tenant_id\` text not null, \`principal\` text not null, \`key\` text not null, \`scope\` text not null, \`fingerprint\` text not null, \`status\` text not null default 'pending', \`response\` json null, \`created_at\` datetime not null, \`expires_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`idempotency_keys_expires_at_index\` on \`idempotency_keys\` (\`expires_at\`);`);
    this.addSql(`create unique index \`idempotency_keys_tenant_id_principal_key_unique\` on \`idempotency_keys\` (\`tenant_id\`, \`principal\`, \`key\`);`);
  }

}
