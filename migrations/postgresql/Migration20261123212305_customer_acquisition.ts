import { Migration } from '@mikro-orm/migrations';

export class Migration20261123212305_customer_acquisition extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer_acquisition" ("customer_id" int not null, "order_id" int not null, "channel_id" int not null, "currency_code" varchar(3) not null, "acquired_at" timestamptz not null, constraint "customer_acquisition_pkey" primary key ("customer_id"));`);
    this.addSql(`create index "customer_acquisition_acquired_at_index" on "customer_acquisition" ("acquired_at", "channel_id", "currency_code");`);

    // the first orders of the customers already stored (cancelled orders do not count)
    this.addSql(`insert into customer_acquisition (customer_id, order_id, channel_id, currency_code, acquired_at) ` +
      `select customer_id, id, channel_id, currency_code, placed_at from (select customer_id, id, channel_id, currency_code, placed_at, ` +
      `row_number() over (partition by customer_id order by placed_at, id) as n from "order" ` +
      `where customer_id is not null and status <> 'CANCELLED') as ranked where n = 1;`);

    this.addSql(`drop index "order_placed_at_id_index";`);
    this.addSql(`create index "order_placed_at_covering_index" on "order" ("placed_at", "id", "channel_id", "currency_code", "customer_id", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_acquisition" cascade;`);

    this.addSql(`drop index "order_placed_at_covering_index";`);

    this.addSql(`create index "order_placed_at_id_index" on "order" ("placed_at", "id");`);
  }

}
