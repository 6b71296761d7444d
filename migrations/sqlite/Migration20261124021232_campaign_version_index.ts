import { Migration } from '@mikro-orm/migrations';

export class Migration20261124021232_campaign_version_index extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index \`campaign_updated_at_index\` on \`campaign\` (\`updated_at\`);`);
  }

}
