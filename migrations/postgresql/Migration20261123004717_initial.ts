import { Migration } from '@mikro-orm/migrations';

export class Migration20261123004717_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "campaign" ("id" serial primary key, "code" varchar(64) not null, "name" varchar(200) not null, "status" varchar(32) not null default 'DRAFT', "starts_at" timestamptz null, "ends_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "campaign" add constraint "campaign_code_unique" unique ("code");`);

    this.addSql(`create table "channel" ("id" serial primary key, "code" varchar(64) not null, "name" varchar(200) not null, "kind" varchar(32) not null, "plugin" varchar(100) not null, "currency_code" varchar(3) not null, "country_code" varchar(2) null, "enabled" boolean not null default true, "webhook_secret" varchar(500) null, "settings" jsonb null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "channel" add constraint "channel_code_unique" unique ("code");`);

    this.addSql(`create table "campaign_channel" ("campaign_id" int not null, "channel_id" int not null, constraint "campaign_channel_pkey" primary key ("campaign_id", "channel_id"));`);

    this.addSql(`create table "api_key" ("id" serial primary key, "name" varchar(200) not null, "role" varchar(32) not null, "channel_id" int null, "secret_hash" varchar(64) not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null);`);
    this.addSql(`alter table "api_key" add constraint "api_key_secret_hash_unique" unique ("secret_hash");`);

    this.addSql(`create table "customer" ("id" serial primary key, "email" varchar(320) null, "phone" varchar(40) null, "name" varchar(300) null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "customer_email_index" on "customer" ("email");`);
    this.addSql(`create index "customer_phone_index" on "customer" ("phone");`);

    this.addSql(`create table "channel_identity" ("id" serial primary key, "customer_id" int not null, "channel_id" int not null, "external_id" varchar(200) not null, "email" varchar(320) null, "email_matchable" boolean not null default true, "created_at" timestamptz not null);`);
    this.addSql(`create index "channel_identity_customer_id_index" on "channel_identity" ("customer_id");`);
    this.addSql(`alter table "channel_identity" add constraint "channel_identity_channel_id_external_id_unique" unique ("channel_id", "external_id");`);

    this.addSql(`create table "order" ("id" serial primary key, "channel_id" int not null, "external_id" varchar(200) not null, "number" varchar(200) null, "status" varchar(32) not null, "placed_at" timestamptz not null, "customer_id" int null, "currency_code" varchar(3) not null, "subtotal_minor" bigint not null default 0, "discount_total_minor" bigint not null default 0, "tax_total_minor" bigint not null default 0, "shipping_total_minor" bigint not null default 0, "total_minor" bigint not null default 0, "refunded_total_minor" bigint not null default 0, "coupon_codes" jsonb not null, "source_updated_at" timestamptz null, "source_version" int null, "content_hash" varchar(64) null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "order_channel_placed_at_index" on "order" ("channel_id", "placed_at");`);
    this.addSql(`create index "order_customer_placed_at_index" on "order" ("customer_id", "placed_at");`);
    this.addSql(`create index "order_placed_at_id_index" on "order" ("placed_at", "id");`);
    this.addSql(`alter table "order" add constraint "order_channel_id_external_id_unique" unique ("channel_id", "external_id");`);

    this.addSql(`create table "order_line" ("id" serial primary key, "order_id" int not null, "position" int not null, "sku" varchar(200) null, "title" varchar(500) not null, "quantity" int not null, "currency_code" varchar(3) not null, "unit_price_minor" bigint not null default 0, "discount_minor" bigint not null default 0, "tax_minor" bigint not null default 0, "total_minor" bigint not null default 0);`);
    this.addSql(`create index "order_line_order_id_index" on "order_line" ("order_id");`);
    this.addSql(`create index "order_line_sku_index" on "order_line" ("sku");`);

    this.addSql(`alter table "campaign_channel" add constraint "campaign_channel_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "campaign_channel" add constraint "campaign_channel_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_key" add constraint "api_key_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "channel_identity" add constraint "channel_identity_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "channel_identity" add constraint "channel_identity_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "order" add constraint "order_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "order" add constraint "order_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "order_line" add constraint "order_line_order_id_foreign" foreign key ("order_id") references "order" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "campaign_channel" drop constraint "campaign_channel_campaign_id_foreign";`);

    this.addSql(`alter table "campaign_channel" drop constraint "campaign_channel_channel_id_foreign";`);

    this.addSql(`alter table "api_key" drop constraint "api_key_channel_id_foreign";`);

    this.addSql(`alter table "channel_identity" drop constraint "channel_identity_channel_id_foreign";`);

    this.addSql(`alter table "order" drop constraint "order_channel_id_foreign";`);

    this.addSql(`alter table "channel_identity" drop constraint "channel_identity_customer_id_foreign";`);

    this.addSql(`alter table "order" drop constraint "order_customer_id_foreign";`);

    this.addSql(`alter table "order_line" drop constraint "order_line_order_id_foreign";`);

    this.addSql(`drop table if exists "campaign" cascade;`);

    this.addSql(`drop table if exists "channel" cascade;`);

    this.addSql(`drop table if exists "campaign_channel" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);

    this.addSql(`drop table if exists "customer" cascade;`);

    this.addSql(`drop table if exists "channel_identity" cascade;`);

    this.addSql(`drop table if exists "order" cascade;`);

    this.addSql(`drop table if exists "order_line" cascade;`);
  }

}
