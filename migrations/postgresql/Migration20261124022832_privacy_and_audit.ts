import { Migration } from '@mikro-orm/migrations';

export class Migration20261124022832_privacy_and_audit extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_log" ("id" serial primary key, "at" timestamptz not null, "actor_key_id" int not null, "actor_key_name" varchar(200) not null, "actor_role" varchar(16) not null, "action" varchar(32) not null, "target_type" varchar(16) not null, "target_id" varchar(200) not null, "details" jsonb not null);`);
    this.addSql(`create index "audit_log_action_index" on "audit_log" ("action");`);
    this.addSql(`create index "audit_log_target_index" on "audit_log" ("target_type", "target_id");`);

    this.addSql(`alter table "customer" add column "erased_at" timestamptz null;`);

    this.addSql(`alter table "dead_letter" add column "redacted_at" timestamptz null, add column "redaction" varchar(16) null;`);

    this.addSql(`alter table "payload_archive" add column "redacted_at" timestamptz null, add column "redaction" varchar(16) null;`);
    this.addSql(`create index "payload_archive_kept_index" on "payload_archive" ("redacted_at", "received_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_log" cascade;`);

    this.addSql(`alter table "customer" drop column "erased_at";`);

    this.addSql(`alter table "dead_letter" drop column "redacted_at", drop column "redaction";`);

    this.addSql(`drop index "payload_archive_kept_index";`);
    this.addSql(`alter table "payload_archive" drop column "redacted_at", drop column "redaction";`);
  }

}
