import { Migration } from '@mikro-orm/migrations';

export class Migration20261123054419_pending_cancellations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "order_cancellation" ("id" serial primary key, "channel_id" int not null, "order_external_id" varchar(200) not null, "occurred_at" timestamptz not null, "reason" text null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "order_cancellation" add constraint "order_cancellation_channel_id_order_external_id_unique" unique ("channel_id", "order_external_id");`);

    this.addSql(`alter table "order_cancellation" add constraint "order_cancellation_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "order_cancellation" cascade;`);
  }

}
