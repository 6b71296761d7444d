import type { MikroORM } from '@mikro-orm/core';

import type { DatabaseConfig } from '../config/config';

/**
 * What the entities still need beyond the committed migrations, as SQL (empty when nothing):
 * the migrator's diff against the committed snapshot for both dialects, and for PostgreSQL also
 * the diff against the migrated database itself. (SQLite's introspection reports spurious table
 * rebuilds, so there the snapshot is the judge.)
 */
export async function pendingSchemaChanges(orm: MikroORM, dialect: DatabaseConfig['dialect']): Promise<string> {
  if (await orm.getMigrator().checkMigrationNeeded()) {
    const diff = await (orm.getMigrator() as unknown as { getSchemaDiff(b: boolean, i: boolean): Promise<{ up: string[] }> })
      .getSchemaDiff(false, false)
      .catch(() => ({ up: ['(diff unavailable)'] }));
    return ['-- the entities differ from the committed migration snapshot:', ...diff.up].join('\n');
  }
  if (dialect === 'sqlite') return '';
  const sql = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false });
  return sql.trim();
}
