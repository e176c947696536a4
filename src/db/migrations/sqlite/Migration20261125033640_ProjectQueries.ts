import { Migration } from '@mikro-orm/migrations';

// Trimmed by hand: the generator also rebuilt unrelated tables (check-constraint noise) and glued
// `pragma …;alter table …` into one statement, of which libsql runs only the first.
export class Migration20261125033640_ProjectQueries extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`saved_queries\` add column \`project_id\` text null;`);
    this.addSql(`create index \`saved_queries_project_id_index\` on \`saved_queries\` (\`project_id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index \`saved_queries_project_id_index\`;`);
    this.addSql(`alter table \`saved_queries\` drop column \`project_id\`;`);
  }

}
