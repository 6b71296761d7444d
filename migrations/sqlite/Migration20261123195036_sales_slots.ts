import { Migration } from '@mikro-orm/migrations';

export class Migration20261123195036_sales_slots extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`sales_slot\` (\`channel_id\` integer not null, \`currency_code\` text not null, \`slot_start\` datetime not null, \`orders\` integer not null, \`units\` bigint not null, \`gross_minor\` bigint not null, \`discount_minor\` bigint not null, \`refunded_minor\` bigint not null, \`total_minor\` bigint not null, primary key (\`channel_id\`, \`currency_code\`, \`slot_start\`));`);

    // the slots of the orders already stored (cancelled orders are not counted)
    this.addSql(`insert into sales_slot (channel_id, currency_code, slot_start, orders, units, gross_minor, discount_minor, refunded_minor, total_minor) ` +
      `select o.channel_id, o.currency_code, (o.placed_at / 900000) * 900000, count(*), ` +
      `coalesce(sum((select sum(l.quantity) from order_line l where l.order_id = o.id)), 0), sum(o.subtotal_minor), sum(o.discount_total_minor), ` +
      `sum(o.refunded_total_minor), sum(o.total_minor) from \`order\` o where o.status <> 'CANCELLED' group by 1, 2, 3;`);
  }

}
