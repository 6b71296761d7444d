import { Migration } from '@mikro-orm/migrations';

/**
 * Archived payloads are compressed with lz4 rather than pglz: several times cheaper for the
 * server on every delivery stored. The entities cannot say how a column is compressed, so this
 * one is written by hand; a server without lz4 (built without it, or before PostgreSQL 14) keeps
 * its default and says so.
 */
export class Migration20261123044500_archive_lz4 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
  alter table "payload_archive" alter column "body" set compression lz4, alter column "fetched" set compression lz4;
exception when others then
  raise notice 'payload_archive keeps the default compression: %', sqlerrm;
end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`do $$ begin
  alter table "payload_archive" alter column "body" set compression default, alter column "fetched" set compression default;
exception when others then
  raise notice 'payload_archive compression unchanged: %', sqlerrm;
end $$;`);
  }
}
