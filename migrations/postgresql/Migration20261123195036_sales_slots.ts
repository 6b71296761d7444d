import { Migration } from '@mikro-orm/migrations';

export class Migration20261123195036_sales_slots extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "sales_slot" ("channel_id" int not null, "currency_code" varchar(3) not null, "slot_start" timestamptz not null, "orders" int not null, "units" bigint not null, "gross_minor" bigint not null, "discount_minor" bigint not null, "refunded_minor" bigint not null, "total_minor" bigint not null, constraint "sales_slot_pkey" primary key ("channel_id", "currency_code", "slot_start"));`);

    // the slots of the orders already stored (cancelled orders are not counted)
    this.addSql(`insert into sales_slot (channel_id, currency_code, slot_start, orders, units, gross_minor, discount_minor, refunded_minor, total_minor) ` +
      `select o.channel_id, o.currency_code, to_timestamp(floor(extract(epoch from o.placed_at) / 900) * 900), count(*), ` +
      `coalesce(sum((select sum(l.quantity) from order_line l where l.order_id = o.id)), 0), sum(o.subtotal_minor), sum(o.discount_total_minor), ` +
      `sum(o.refunded_total_minor), sum(o.total_minor) from "order" o where o.status <> 'CANCELLED' group by 1, 2, 3;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sales_slot" cascade;`);
  }

}
