import { Migration } from '@mikro-orm/migrations';

export class Migration20261123034024_pull_and_leases extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`channel_pull_state\` (\`channel_id\` integer not null, \`cursor\` text null, \`last_run_at\` datetime null, \`last_success_at\` datetime null, \`last_error\` text null, \`pages_stored\` integer not null default 0, \`updated_at\` datetime not null, constraint \`channel_pull_state_channel_id_foreign\` foreign key(\`channel_id\`) references \`channel\`(\`id\`) on delete cascade on update cascade, primary key (\`channel_id\`));`);

    this.addSql(`create table \`job_lease\` (\`name\` text not null, \`holder\` text not null, \`expires_at\` bigint not null, primary key (\`name\`));`);
  }

}
