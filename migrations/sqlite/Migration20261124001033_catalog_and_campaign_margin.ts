import { Migration } from '@mikro-orm/migrations';

export class Migration20261124001033_catalog_and_campaign_margin extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`catalog_item\` (\`sku\` text not null, \`title\` text not null, \`cost_minor\` bigint null, \`currency_code\` text null, \`updated_at\` datetime not null, primary key (\`sku\`));`);

    this.addSql(`alter table \`campaign\` add column \`margin_basis_points\` integer null;`);
  }

}
