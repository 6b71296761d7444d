import { Migration } from '@mikro-orm/migrations';

export class Migration20261124021841_rate_limits extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`channel\` add column \`webhook_rate_limit_per_minute\` integer null;`);
    this.addSql(`alter table \`channel\` add column \`webhook_rate_limit_burst\` integer null;`);

    this.addSql(`alter table \`api_key\` add column \`rate_limit_per_minute\` integer null;`);
    this.addSql(`alter table \`api_key\` add column \`rate_limit_burst\` integer null;`);
    this.addSql(`alter table \`api_key\` add column \`import_rate_limit_per_minute\` integer null;`);
    this.addSql(`alter table \`api_key\` add column \`import_rate_limit_burst\` integer null;`);
  }

}
