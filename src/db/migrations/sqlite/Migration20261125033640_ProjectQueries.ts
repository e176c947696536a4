import { Migration } from '@mikro-orm/migrations';

export class Migration20261125033640_ProjectQueries extends Migration {

  override async up(): Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`api_keys__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`name\` text not null, \`key_id\` text not null, \`secret_hash\` text not null, \`last_four\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null, \`user_id\` text not null, \`last_used_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`insert into \`api_keys__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`tenant_id\`, \`archived_at\`, \`name\`, \`key_id\`, \`secret_hash\`, \`last_four\`, \`role\`, \`user_id\`, \`last_used_at\` from \`api_keys\`;`);
    this.addSql(`drop table \`api_keys\`;`);
    this.addSql(`alter table \`api_keys__temp_alter\` rename to \`api_keys\`;`);
    this.addSql(`create index \`api_keys_tenant_id_index\` on \`api_keys\` (\`tenant_id\`);`);
    this.addSql(`create index \`api_keys_key_id_index\` on \`api_keys\` (\`key_id\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`approvals__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`kind\` text check (\`kind\` in ('project_tenant', 'project_dataset')) not null, \`status\` text check (\`status\` in ('pending', 'approved', 'rejected', 'expired')) not null default 'pending', \`project_id\` text not null, \`project_name\` text not null, \`target_tenant_id\` text not null, \`target_tenant_name\` text null, \`dataset_id\` text null, \`dataset_name\` text null, \`requested_by_id\` text not null, \`requester_name\` text not null, \`requester_email\` text not null, \`reviewed_by_id\` text null, \`reviewed_at\` datetime null, \`rejection_reason\` text null, \`expires_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`insert into \`approvals__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`tenant_id\`, \`kind\`, \`status\`, \`project_id\`, \`project_name\`, \`target_tenant_id\`, \`target_tenant_name\`, \`dataset_id\`, \`dataset_name\`, \`requested_by_id\`, \`requester_name\`, \`requester_email\`, \`reviewed_by_id\`, \`reviewed_at\`, \`rejection_reason\`, \`expires_at\` from \`approvals\`;`);
    this.addSql(`drop table \`approvals\`;`);
    this.addSql(`alter table \`approvals__temp_alter\` rename to \`approvals\`;`);
    this.addSql(`create index \`approvals_tenant_id_index\` on \`approvals\` (\`tenant_id\`);`);
    this.addSql(`create index \`approvals_target_tenant_id_status_index\` on \`approvals\` (\`target_tenant_id\`, \`status\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`event_log__temp_alter\` (\`id\` integer not null primary key autoincrement, \`tenant_id\` text not null, \`topic\` text not null, \`type\` text not null, \`subject_id\` text not null, \`payload\` json not null, \`created_at\` datetime not null);`);
    this.addSql(`insert into \`event_log__temp_alter\` select \`id\`, \`tenant_id\`, \`topic\`, \`type\`, \`subject_id\`, \`payload\`, \`created_at\` from \`event_log\`;`);
    this.addSql(`drop table \`event_log\`;`);
    this.addSql(`alter table \`event_log__temp_alter\` rename to \`event_log\`;`);
    this.addSql(`create index \`event_log_tenant_id_topic_id_index\` on \`event_log\` (\`tenant_id\`, \`topic\`, \`id\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`invitations__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`email\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null, \`status\` text check (\`status\` in ('pending', 'accepted', 'expired')) not null default 'pending', \`expires_at\` datetime not null, \`invited_by_id\` text not null, \`accepted_user_id\` text null, primary key (\`id\`));`);
    this.addSql(`insert into \`invitations__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`tenant_id\`, \`email\`, \`role\`, \`status\`, \`expires_at\`, \`invited_by_id\`, \`accepted_user_id\` from \`invitations\`;`);
    this.addSql(`drop table \`invitations\`;`);
    this.addSql(`alter table \`invitations__temp_alter\` rename to \`invitations\`;`);
    this.addSql(`create index \`invitations_tenant_id_index\` on \`invitations\` (\`tenant_id\`);`);
    this.addSql(`create index \`invitations_tenant_id_email_index\` on \`invitations\` (\`tenant_id\`, \`email\`);`);
    this.addSql(`pragma foreign_keys = on;alter table \`saved_queries\` add column \`project_id\` text null;`);
    this.addSql(`create index \`saved_queries_project_id_index\` on \`saved_queries\` (\`project_id\`);`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`users__temp_alter\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`tenant_id\` text not null, \`archived_at\` datetime null, \`email\` text not null, \`name\` text not null, \`role\` text check (\`role\` in ('Dataset user', 'Dataset editor', 'Org admin')) not null default 'Dataset user', \`identity_provider_id\` text null, \`invited_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`insert into \`users__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`tenant_id\`, \`archived_at\`, \`email\`, \`name\`, \`role\`, \`identity_provider_id\`, \`invited_at\` from \`users\`;`);
    this.addSql(`drop table \`users\`;`);
    this.addSql(`alter table \`users__temp_alter\` rename to \`users\`;`);
    this.addSql(`create index \`users_tenant_id_index\` on \`users\` (\`tenant_id\`);`);
    this.addSql(`create index \`users_tenant_id_email_index\` on \`users\` (\`tenant_id\`, \`email\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

}
