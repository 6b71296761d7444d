import { Migration } from '@mikro-orm/migrations';

export class Migration20261123013622_ingestion extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`dead_letter\` (\`id\` integer not null primary key autoincrement, \`channel_id\` integer not null, \`delivery_id\` text null, \`topic\` text null, \`headers\` json not null, \`body\` text not null, \`code\` text not null, \`reason\` text not null, \`path\` text null, \`received_at\` datetime not null, \`replayed_at\` datetime null, \`replay_result\` json null, constraint \`dead_letter_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`dead_letter_channel_id_index\` on \`dead_letter\` (\`channel_id\`);`);
    this.addSql(`create index \`dead_letter_channel_index\` on \`dead_letter\` (\`channel_id\`);`);

    this.addSql(`create table \`order_event\` (\`id\` integer not null primary key autoincrement, \`type\` text not null, \`order_id\` integer not null, \`channel_id\` integer not null, \`occurred_at\` datetime not null, constraint \`order_event_order_id_foreign\` foreign key(\`order_id\`) references \`order\`(\`id\`) on delete cascade on update cascade, constraint \`order_event_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`order_event_order_id_index\` on \`order_event\` (\`order_id\`);`);
    this.addSql(`create index \`order_event_channel_id_index\` on \`order_event\` (\`channel_id\`);`);
    this.addSql(`create index \`order_event_channel_cursor_index\` on \`order_event\` (\`channel_id\`, \`id\`);`);

    this.addSql(`create table \`order_refund\` (\`id\` integer not null primary key autoincrement, \`channel_id\` integer not null, \`order_external_id\` text not null, \`external_id\` text not null, \`amount_minor\` bigint not null, \`currency_code\` text not null, \`occurred_at\` datetime not null, \`created_at\` datetime not null, constraint \`order_refund_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`order_refund_channel_id_index\` on \`order_refund\` (\`channel_id\`);`);
    this.addSql(`create unique index \`order_refund_order_index\` on \`order_refund\` (\`channel_id\`, \`order_external_id\`, \`external_id\`);`);
    this.addSql(`create unique index \`order_refund_channel_id_external_id_unique\` on \`order_refund\` (\`channel_id\`, \`external_id\`);`);

    this.addSql(`create table \`payload_archive\` (\`id\` integer not null primary key autoincrement, \`channel_id\` integer not null, \`delivery_id\` text null, \`topic\` text null, \`body\` text not null, \`result\` json not null, \`warnings\` json not null, \`received_at\` datetime not null, constraint \`payload_archive_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`payload_archive_channel_id_index\` on \`payload_archive\` (\`channel_id\`);`);
    this.addSql(`create index \`payload_archive_received_at_index\` on \`payload_archive\` (\`received_at\`);`);
    this.addSql(`create unique index \`payload_archive_channel_id_delivery_id_unique\` on \`payload_archive\` (\`channel_id\`, \`delivery_id\`);`);

    this.addSql(`alter table \`order\` add column \`taxes_included\` integer not null default false;`);
  }

}
