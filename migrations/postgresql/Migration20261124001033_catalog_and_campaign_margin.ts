import { Migration } from '@mikro-orm/migrations';

export class Migration20261124001033_catalog_and_campaign_margin extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "catalog_item" ("sku" varchar(200) not null, "title" varchar(500) not null, "cost_minor" bigint null, "currency_code" varchar(3) null, "updated_at" timestamptz not null, constraint "catalog_item_pkey" primary key ("sku"));`);

    this.addSql(`alter table "campaign" add column "margin_basis_points" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "catalog_item" cascade;`);

    this.addSql(`alter table "campaign" drop column "margin_basis_points";`);
  }

}
