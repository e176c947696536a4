import { Migration } from '@mikro-orm/migrations';

export class Migration20261125041312_TaskResult extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`tasks\` add column \`result\` json null;`);
  }

}
