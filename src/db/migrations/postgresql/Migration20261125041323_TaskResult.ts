import { Migration } from '@mikro-orm/migrations';

export class Migration20261125041323_TaskResult extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "tasks" add column "result" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "tasks" drop column "result";`);
  }

}
