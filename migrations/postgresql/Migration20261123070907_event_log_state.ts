import { Migration } from '@mikro-orm/migrations';

export class Migration20261123070907_event_log_state extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "event_log_state" ("name" varchar(64) not null, "pruned_through" bigint not null default 0, "pruned_at" timestamptz null, constraint "event_log_state_pkey" primary key ("name"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "event_log_state" cascade;`);
  }

}
