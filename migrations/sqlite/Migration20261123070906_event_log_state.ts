import { Migration } from '@mikro-orm/migrations';

export class Migration20261123070906_event_log_state extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`event_log_state\` (\`name\` text not null, \`pruned_through\` bigint not null default 0, \`pruned_at\` datetime null, primary key (\`name\`));`);
  }

}
