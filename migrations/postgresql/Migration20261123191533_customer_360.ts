import { Migration } from '@mikro-orm/migrations';

export class Migration20261123191533_customer_360 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer_stats" ("customer_id" int not null, "channel_id" int not null, "currency_code" varchar(3) not null, "order_count" int not null, "total_minor" bigint not null, "refunded_minor" bigint not null, "first_order_at" timestamptz not null, "last_order_at" timestamptz not null, constraint "customer_stats_pkey" primary key ("customer_id", "channel_id", "currency_code"));`);

    this.addSql(`alter table "customer" add column "merged_into_id" int null;`);

    this.addSql(`alter table "channel_identity" add column "matched_by" varchar(16) not null default 'UNRECORDED';`);

    // the stats of the orders already stored (cancelled orders are not counted)
    this.addSql(`insert into customer_stats (customer_id, channel_id, currency_code, order_count, total_minor, refunded_minor, first_order_at, last_order_at) ` +
      `select customer_id, channel_id, currency_code, count(*), sum(total_minor), sum(refunded_total_minor), min(placed_at), max(placed_at) ` +
      `from "order" where customer_id is not null and status <> 'CANCELLED' group by customer_id, channel_id, currency_code;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_stats" cascade;`);

    this.addSql(`alter table "channel_identity" drop column "matched_by";`);

    this.addSql(`alter table "customer" drop column "merged_into_id";`);
  }

}
