import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000710_campaigns extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "campaign_attribution_state" ("name" varchar(64) not null, "last_event_id" bigint not null, constraint "campaign_attribution_state_pkey" primary key ("name"));`);

    this.addSql(`create table "campaign_coupon" ("id" serial primary key, "campaign_id" int not null, "code" varchar(64) not null, "usage_limit" int null, "per_customer_limit" int null, "uses" int not null default 0);`);
    this.addSql(`alter table "campaign_coupon" add constraint "campaign_coupon_code_unique" unique ("code");`);

    this.addSql(`create table "campaign_usage" ("campaign_id" int not null, "currency_code" varchar(3) not null, "orders" int not null, "units" int not null, "revenue_minor" bigint not null, "discount_minor" bigint not null, "flash_units" int not null, constraint "campaign_usage_pkey" primary key ("campaign_id", "currency_code"));`);

    this.addSql(`create table "order_campaign" ("order_id" int not null, "campaign_id" int not null, "channel_id" int not null, "customer_id" int null, "placed_at" timestamptz not null, "currency_code" varchar(3) not null, "matched_by" varchar(16) not null, "coupon_code" varchar(64) null, "units" int not null, "revenue_minor" bigint not null, "discount_minor" bigint not null, "flash_units" int not null, constraint "order_campaign_pkey" primary key ("order_id", "campaign_id"));`);
    this.addSql(`create index "order_campaign_coupon_customer_index" on "order_campaign" ("coupon_code", "customer_id");`);
    this.addSql(`create index "order_campaign_campaign_placed_at_index" on "order_campaign" ("campaign_id", "placed_at");`);

    this.addSql(`alter table "campaign_coupon" add constraint "campaign_coupon_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "campaign" drop column "status";`);

    this.addSql(`alter table "campaign" add column "paused_at" timestamptz null, add column "priority" int not null default 0, add column "stacking" varchar(16) not null default 'STACKABLE', add column "tiers" jsonb not null, add column "skus" jsonb not null, add column "promotion_ids" jsonb not null, add column "rule" jsonb not null, add column "budget_minor" bigint null, add column "budget_currency" varchar(3) null, add column "attributed_version" bigint null, add column "updated_at" timestamptz not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "campaign_attribution_state" cascade;`);

    this.addSql(`drop table if exists "campaign_coupon" cascade;`);

    this.addSql(`drop table if exists "campaign_usage" cascade;`);

    this.addSql(`drop table if exists "order_campaign" cascade;`);

    this.addSql(`alter table "campaign" drop column "paused_at", drop column "priority", drop column "stacking", drop column "tiers", drop column "skus", drop column "promotion_ids", drop column "rule", drop column "budget_minor", drop column "budget_currency", drop column "attributed_version", drop column "updated_at";`);

    this.addSql(`alter table "campaign" add column "status" varchar(32) not null default 'DRAFT';`);
  }

}
