import { Migration } from '@mikro-orm/migrations';

export class Migration20261123191533_customer_360 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`customer_stats\` (\`customer_id\` integer not null, \`channel_id\` integer not null, \`currency_code\` text not null, \`order_count\` integer not null, \`total_minor\` bigint not null, \`refunded_minor\` bigint not null, \`first_order_at\` datetime not null, \`last_order_at\` datetime not null, primary key (\`customer_id\`, \`channel_id\`, \`currency_code\`));`);

    this.addSql(`alter table \`customer\` add column \`merged_into_id\` integer null;`);

    this.addSql(`alter table \`channel_identity\` add column \`matched_by\` text not null default 'UNRECORDED';`);

    // the stats of the orders already stored (cancelled orders are not counted)
    this.addSql(`insert into customer_stats (customer_id, channel_id, currency_code, order_count, total_minor, refunded_minor, first_order_at, last_order_at) ` +
      `select customer_id, channel_id, currency_code, count(*), sum(total_minor), sum(refunded_total_minor), min(placed_at), max(placed_at) ` +
      `from \`order\` where customer_id is not null and status <> 'CANCELLED' group by customer_id, channel_id, currency_code;`);
  }

}
