import { Migration } from '@mikro-orm/migrations';

export class Migration20261123034025_pull_and_leases extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "channel_pull_state" ("channel_id" int not null, "cursor" text null, "last_run_at" timestamptz null, "last_success_at" timestamptz null, "last_error" text null, "pages_stored" int not null default 0, "updated_at" timestamptz not null, constraint "channel_pull_state_pkey" primary key ("channel_id"));`);

    this.addSql(`create table "job_lease" ("name" varchar(100) not null, "holder" varchar(200) not null, "expires_at" bigint not null, constraint "job_lease_pkey" primary key ("name"));`);

    this.addSql(`alter table "channel_pull_state" add constraint "channel_pull_state_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "channel_pull_state" cascade;`);

    this.addSql(`drop table if exists "job_lease" cascade;`);
  }

}
