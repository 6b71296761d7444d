import { Migration } from '@mikro-orm/migrations';

export class Migration20261124021841_rate_limits extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "channel" add column "webhook_rate_limit_per_minute" int null, add column "webhook_rate_limit_burst" int null;`);

    this.addSql(`alter table "api_key" add column "rate_limit_per_minute" int null, add column "rate_limit_burst" int null, add column "import_rate_limit_per_minute" int null, add column "import_rate_limit_burst" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_key" drop column "rate_limit_per_minute", drop column "rate_limit_burst", drop column "import_rate_limit_per_minute", drop column "import_rate_limit_burst";`);

    this.addSql(`alter table "channel" drop column "webhook_rate_limit_per_minute", drop column "webhook_rate_limit_burst";`);
  }

}
