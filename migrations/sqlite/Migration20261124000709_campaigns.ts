import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000709_campaigns extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`campaign_attribution_state\` (\`name\` text not null, \`last_event_id\` bigint not null, primary key (\`name\`));`);

    this.addSql(`create table \`campaign_coupon\` (\`id\` integer not null primary key autoincrement, \`campaign_id\` integer not null, \`code\` text not null, \`usage_limit\` integer null, \`per_customer_limit\` integer null, \`uses\` integer not null default 0, constraint \`campaign_coupon_campaign_id_foreign\` foreign key(\`campaign_id\`) references \`campaign\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`campaign_coupon_campaign_id_index\` on \`campaign_coupon\` (\`campaign_id\`);`);
    this.addSql(`create unique index \`campaign_coupon_code_unique\` on \`campaign_coupon\` (\`code\`);`);

    this.addSql(`create table \`campaign_usage\` (\`campaign_id\` integer not null, \`currency_code\` text not null, \`orders\` integer not null, \`units\` integer not null, \`revenue_minor\` bigint not null, \`discount_minor\` bigint not null, \`flash_units\` integer not null, primary key (\`campaign_id\`, \`currency_code\`));`);

    this.addSql(`create table \`order_campaign\` (\`order_id\` integer not null, \`campaign_id\` integer not null, \`channel_id\` integer not null, \`customer_id\` integer null, \`placed_at\` datetime not null, \`currency_code\` text not null, \`matched_by\` text not null, \`coupon_code\` text null, \`units\` integer not null, \`revenue_minor\` bigint not null, \`discount_minor\` bigint not null, \`flash_units\` integer not null, primary key (\`order_id\`, \`campaign_id\`));`);
    this.addSql(`create index \`order_campaign_coupon_customer_index\` on \`order_campaign\` (\`coupon_code\`, \`customer_id\`);`);
    this.addSql(`create index \`order_campaign_campaign_placed_at_index\` on \`order_campaign\` (\`campaign_id\`, \`placed_at\`);`);

    // SQLite cannot add a NOT NULL column without a default (the rule has none); no release could
    // store a campaign before this one, so the table and its channel links are made anew
    this.addSql(`drop table \`campaign_channel\`;`);
    this.addSql(`drop table \`campaign\`;`);
    this.addSql(`create table \`campaign\` (\`id\` integer not null primary key autoincrement, \`code\` text not null, \`name\` text not null, \`starts_at\` datetime null, \`ends_at\` datetime null, \`paused_at\` datetime null, \`priority\` integer not null default 0, \`stacking\` text not null default 'STACKABLE', \`tiers\` json not null, \`skus\` json not null, \`promotion_ids\` json not null, \`rule\` json not null, \`budget_minor\` bigint null, \`budget_currency\` text null, \`attributed_version\` bigint null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
    this.addSql(`create unique index \`campaign_code_unique\` on \`campaign\` (\`code\`);`);
    this.addSql(`create table \`campaign_channel\` (\`campaign_id\` integer not null, \`channel_id\` integer not null, constraint \`campaign_channel_campaign_id_foreign\` foreign key(\`campaign_id\`) references \`campaign\`(\`id\`) on delete cascade on update cascade, constraint \`campaign_channel_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade, primary key (\`campaign_id\`, \`channel_id\`));`);
    this.addSql(`create index \`campaign_channel_campaign_id_index\` on \`campaign_channel\` (\`campaign_id\`);`);
    this.addSql(`create index \`campaign_channel_channel_id_index\` on \`campaign_channel\` (\`channel_id\`);`);

  }

}
