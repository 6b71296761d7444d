import { Migration } from '@mikro-orm/migrations';

export class Migration20261123004717_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`campaign\` (\`id\` integer not null primary key autoincrement, \`code\` text not null, \`name\` text not null, \`status\` text not null default 'DRAFT', \`starts_at\` datetime null, \`ends_at\` datetime null, \`created_at\` datetime not null);`);
    this.addSql(`create unique index \`campaign_code_unique\` on \`campaign\` (\`code\`);`);

    this.addSql(`create table \`channel\` (\`id\` integer not null primary key autoincrement, \`code\` text not null, \`name\` text not null, \`kind\` text not null, \`plugin\` text not null, \`currency_code\` text not null, \`country_code\` text null, \`enabled\` integer not null default true, \`webhook_secret\` text null, \`settings\` json null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
    this.addSql(`create unique index \`channel_code_unique\` on \`channel\` (\`code\`);`);

    this.addSql(`create table \`campaign_channel\` (\`campaign_id\` integer not null, \`channel_id\` integer not null, constraint \`campaign_channel_campaign_id_foreign\` foreign key(\`campaign_id\`) references \`campaign\`(\`id\`) on delete cascade on update cascade, constraint \`campaign_channel_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade, primary key (\`campaign_id\`, \`channel_id\`));`);
    this.addSql(`create index \`campaign_channel_campaign_id_index\` on \`campaign_channel\` (\`campaign_id\`);`);
    this.addSql(`create index \`campaign_channel_channel_id_index\` on \`campaign_channel\` (\`channel_id\`);`);

    this.addSql(`create table \`api_key\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`role\` text not null, \`channel_id\` integer null, \`secret_hash\` text not null, \`created_at\` datetime not null, \`last_used_at\` datetime null, \`revoked_at\` datetime null, constraint \`api_key_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`api_key_channel_id_index\` on \`api_key\` (\`channel_id\`);`);
    this.addSql(`create unique index \`api_key_secret_hash_unique\` on \`api_key\` (\`secret_hash\`);`);

    this.addSql(`create table \`customer\` (\`id\` integer not null primary key autoincrement, \`email\` text null, \`phone\` text null, \`name\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
    this.addSql(`create index \`customer_email_index\` on \`customer\` (\`email\`);`);
    this.addSql(`create index \`customer_phone_index\` on \`customer\` (\`phone\`);`);

    this.addSql(`create table \`channel_identity\` (\`id\` integer not null primary key autoincrement, \`customer_id\` integer not null, \`channel_id\` integer not null, \`external_id\` text not null, \`email\` text null, \`email_matchable\` integer not null default true, \`created_at\` datetime not null, constraint \`channel_identity_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on delete cascade on update cascade, constraint \`channel_identity_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`channel_identity_customer_id_index\` on \`channel_identity\` (\`customer_id\`);`);
    this.addSql(`create index \`channel_identity_channel_id_index\` on \`channel_identity\` (\`channel_id\`);`);
    this.addSql(`create unique index \`channel_identity_channel_id_external_id_unique\` on \`channel_identity\` (\`channel_id\`, \`external_id\`);`);

    this.addSql(`create table \`order\` (\`id\` integer not null primary key autoincrement, \`channel_id\` integer not null, \`external_id\` text not null, \`number\` text null, \`status\` text not null, \`placed_at\` datetime not null, \`customer_id\` integer null, \`currency_code\` text not null, \`subtotal_minor\` bigint not null default 0, \`discount_total_minor\` bigint not null default 0, \`tax_total_minor\` bigint not null default 0, \`shipping_total_minor\` bigint not null default 0, \`total_minor\` bigint not null default 0, \`refunded_total_minor\` bigint not null default 0, \`coupon_codes\` json not null, \`source_updated_at\` datetime null, \`source_version\` integer null, \`content_hash\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`order_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade, constraint \`order_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`order_channel_id_index\` on \`order\` (\`channel_id\`);`);
    this.addSql(`create index \`order_customer_id_index\` on \`order\` (\`customer_id\`);`);
    this.addSql(`create index \`order_channel_placed_at_index\` on \`order\` (\`channel_id\`, \`placed_at\`);`);
    this.addSql(`create index \`order_customer_placed_at_index\` on \`order\` (\`customer_id\`, \`placed_at\`);`);
    this.addSql(`create index \`order_placed_at_id_index\` on \`order\` (\`placed_at\`, \`id\`);`);
    this.addSql(`create unique index \`order_channel_id_external_id_unique\` on \`order\` (\`channel_id\`, \`external_id\`);`);

    this.addSql(`create table \`order_line\` (\`id\` integer not null primary key autoincrement, \`order_id\` integer not null, \`position\` integer not null, \`sku\` text null, \`title\` text not null, \`quantity\` integer not null, \`currency_code\` text not null, \`unit_price_minor\` bigint not null default 0, \`discount_minor\` bigint not null default 0, \`tax_minor\` bigint not null default 0, \`total_minor\` bigint not null default 0, constraint \`order_line_order_id_foreign\` foreign key(\`order_id\`) references \`order\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`order_line_order_id_index\` on \`order_line\` (\`order_id\`);`);
    this.addSql(`create index \`order_line_sku_index\` on \`order_line\` (\`sku\`);`);
  }

}
