import { Migration } from '@mikro-orm/migrations';

export class Migration20261125033642_ProjectQueries extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "saved_queries" add column "project_id" varchar(36) null;`);
    this.addSql(`create index "saved_queries_project_id_index" on "saved_queries" ("project_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "saved_queries_project_id_index";`);
    this.addSql(`alter table "saved_queries" drop column "project_id";`);
  }

}
