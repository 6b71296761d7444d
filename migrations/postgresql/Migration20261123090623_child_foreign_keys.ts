import { Migration } from '@mikro-orm/migrations';

export class Migration20261123090623_child_foreign_keys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "order_event" drop constraint "order_event_channel_id_foreign";`);
    this.addSql(`alter table "order_event" drop constraint "order_event_order_id_foreign";`);

    this.addSql(`alter table "order_line" drop constraint "order_line_order_id_foreign";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "order_event" add constraint "order_event_channel_id_foreign" foreign key ("channel_id") references "channel" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "order_event" add constraint "order_event_order_id_foreign" foreign key ("order_id") references "order" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "order_line" add constraint "order_line_order_id_foreign" foreign key ("order_id") references "order" ("id") on update cascade on delete cascade;`);
  }

}
