import { Migration } from '@mikro-orm/migrations';

export class Migration20261125064445_WorkspaceSessions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "chat_rooms" add column "workspace_id" varchar(36) null;`);
    this.addSql(`create index "chat_rooms_tenant_id_workspace_id_index" on "chat_rooms" ("tenant_id", "workspace_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "chat_rooms_tenant_id_workspace_id_index";`);
    this.addSql(`alter table "chat_rooms" drop column "workspace_id";`);
  }

}
