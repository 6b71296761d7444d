import { Migration } from '@mikro-orm/migrations';

export class Migration20261123021530_order_parts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`order_part\` (\`id\` integer not null primary key autoincrement, \`channel_id\` integer not null, \`order_external_id\` text not null, \`part\` text not null, \`data\` json not null, \`updated_at\` datetime not null, constraint \`order_part_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`order_part_channel_id_index\` on \`order_part\` (\`channel_id\`);`);
    this.addSql(`create unique index \`order_part_channel_id_order_external_id_part_unique\` on \`order_part\` (\`channel_id\`, \`order_external_id\`, \`part\`);`);

    this.addSql(`alter table \`payload_archive\` add column \`fetched\` text null;`);
  }

}
