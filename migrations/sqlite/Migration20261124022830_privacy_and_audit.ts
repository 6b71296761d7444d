import { Migration } from '@mikro-orm/migrations';

export class Migration20261124022830_privacy_and_audit extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`audit_log\` (\`id\` integer not null primary key autoincrement, \`at\` datetime not null, \`actor_key_id\` integer not null, \`actor_key_name\` text not null, \`actor_role\` text not null, \`action\` text not null, \`target_type\` text not null, \`target_id\` text not null, \`details\` json not null);`);
    this.addSql(`create index \`audit_log_action_index\` on \`audit_log\` (\`action\`);`);
    this.addSql(`create index \`audit_log_target_index\` on \`audit_log\` (\`target_type\`, \`target_id\`);`);

    this.addSql(`alter table \`customer\` add column \`erased_at\` datetime null;`);

    this.addSql(`alter table \`dead_letter\` add column \`redacted_at\` datetime null;`);
    this.addSql(`alter table \`dead_letter\` add column \`redaction\` text null;`);

    this.addSql(`alter table \`payload_archive\` add column \`redacted_at\` datetime null;`);
    this.addSql(`alter table \`payload_archive\` add column \`redaction\` text null;`);
    this.addSql(`create index \`payload_archive_kept_index\` on \`payload_archive\` (\`redacted_at\`, \`received_at\`);`);
  }

}
