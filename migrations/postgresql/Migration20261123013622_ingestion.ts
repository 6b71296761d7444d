import { Migration } from '@mikro-orm/migrations';

export class Migration20261123013622_ingestion extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "dead_letter" ("id" serial primary key, "channel_id" int not null, "delivery_id" varchar(200) null, "topic" varchar(200) null, "headers" jsonb not null, "body" text not null, "code" varchar(64) not null, "reason" text not null, "path" varchar(500) null, "received_at" timestamptz not null, "replayed_at" timestamptz null, "replay_result" jsonb null);`);
    this.addSql(`create index "dead_letter_channel_index" on "dead_letter" ("channel_id");`);

    this.addSql(`create table "order_event" ("id" serial primary key, "type" varchar(16) not null, "order_id" int not null, "channel_id" int not null, "occurred_at" timestamptz not null);`);
    this.addSql(`create index "order_event_order_id_index" on "order_event" ("order_id");`);
    this.addSql(`create index "order_event_channel_cursor_index" on "order_event" ("channel_id", "id");`);

    this.addSql(`create table "order_refund" ("id" serial primary key, "channel_id" int not null, "order_external_id" varchar(200) not null, "external_id" varchar(200) not null, "amount_minor" bigint not null, "currency_code" varchar(3) not null, "occurred_at" timestamptz not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "order_refund" add constraint "order_refund_order_index" unique ("channel_id", "order_external_id", "external_id");`);
    this.addSql(`alter table "order_refund" add constraint "order_refund_channel_id_external_id_unique" unique ("channel_id", "external_id");`);

    this.addSql(`create table "payload_archive" ("id" serial primary key, "channel_id" int not null, "delivery_id" varchar(200) null, "topic" varchar(200) null, "body" text not null, "result" jsonb not null, "warnings" jsonb not null, "received_at" timestamptz not null);`);
    this.addSql(`create index "payload_archive_received_at_index" on "payload_archive" ("received_at");`);
    this.addSql(`alter table "payload_archive" add constraint "payload_archive_channel_id_delivery_id_unique" unique ("channel_id", "delivery_id");`);

    this.addSql(`alter table "dead_letter" add constraint "dead_letter_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "order_event" add constraint "order_event_order_id_foreign" foreign key ("order_id") references "order" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "order_event" add constraint "order_event_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "order_refund" add constraint "order_refund_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "payload_archive" add constraint "payload_archive_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "order" add column "taxes_included" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dead_letter" cascade;`);

    this.addSql(`drop table if exists "order_event" cascade;`);

    this.addSql(`drop table if exists "order_refund" cascade;`);

    this.addSql(`drop table if exists "payload_archive" cascade;`);

    this.addSql(`alter table "order" drop column "taxes_included";`);
  }

}
