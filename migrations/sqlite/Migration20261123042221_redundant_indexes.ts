import { Migration } from '@mikro-orm/migrations';

export class Migration20261123042221_redundant_indexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index \`channel_identity_channel_id_index\`;`);

    this.addSql(`drop index \`dead_letter_channel_id_index\`;`);

    this.addSql(`drop index \`order_customer_id_index\`;`);
    this.addSql(`drop index \`order_channel_id_index\`;`);

    this.addSql(`drop index \`order_event_channel_id_index\`;`);

    this.addSql(`drop index \`order_part_channel_id_index\`;`);

    this.addSql(`drop index \`order_refund_channel_id_index\`;`);

    this.addSql(`drop index \`payload_archive_channel_id_index\`;`);
  }

}
