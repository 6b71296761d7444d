import { Migration } from '@mikro-orm/migrations';

export class Migration20261123054419_pending_cancellations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`order_cancellation\` (\`id\` integer not null primary key autoincrement, \`channel_id\` integer not null, \`order_external_id\` text not null, \`occurred_at\` datetime not null, \`reason\` text null, \`created_at\` datetime not null, constraint \`order_cancellation_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create unique index \`order_cancellation_channel_id_order_external_id_unique\` on \`order_cancellation\` (\`channel_id\`, \`order_external_id\`);`);
  }

}
