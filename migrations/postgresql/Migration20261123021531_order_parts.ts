import { Migration } from '@mikro-orm/migrations';

export class Migration20261123021531_order_parts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "order_part" ("id" serial primary key, "channel_id" int not null, "order_external_id" varchar(200) not null, "part" varchar(64) not null, "data" jsonb not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "order_part" add constraint "order_part_channel_id_order_external_id_part_unique" unique ("channel_id", "order_external_id", "part");`);

    this.addSql(`alter table "order_part" add constraint "order_part_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "payload_archive" add column "fetched" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "order_part" cascade;`);

    this.addSql(`alter table "payload_archive" drop column "fetched";`);
  }

}
