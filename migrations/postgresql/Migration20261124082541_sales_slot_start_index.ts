import { Migration } from '@mikro-orm/migrations';

export class Migration20261124082541_sales_slot_start_index extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "sales_slot_start_index" on "sales_slot" ("slot_start");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "sales_slot_start_index";`);
  }

}
