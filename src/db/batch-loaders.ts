import type { EntityClass } from '@mikro-orm/core';
import DataLoader from 'dataloader';

import { mapRows, type MetadataSource } from './row-mapper';
import { placeholders, type SqlReader } from './sql-reader';

/** Rows of `table` by primary key with one select list, one statement per batch. */
export function rowsByIdLoader<T extends { id: number }>(
  metadata: MetadataSource,
  reader: SqlReader,
  entity: EntityClass<T>,
  table: string,
  columns: string,
): DataLoader<number, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await reader.all(`select ${columns} from ${table} where id in (${placeholders(ids.length)})`, ids);
    const byId = new Map(mapRows(metadata, entity, rows).map((item) => [item.id, item]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Rows of `table` grouped by a parent's foreign key (`parentColumn`) with one select list, one
 * statement per batch; `extra` narrows them (a channel scope) and `orderBy` orders each group.
 */
export function rowsByParentLoader<T extends object>(
  metadata: MetadataSource,
  reader: SqlReader,
  entity: EntityClass<T>,
  query: { table: string; columns: string; parentColumn: string; orderBy: string; extra?: { sql: string; params: unknown[] } },
  parentOf: (item: T) => number,
): DataLoader<number, T[]> {
  const { table, columns, parentColumn, orderBy, extra } = query;
  return new DataLoader(async (ids) => {
    const rows = await reader.all(
      `select ${columns} from ${table} where ${parentColumn} in (${placeholders(ids.length)})` +
        `${extra ? ` and ${extra.sql}` : ''} order by ${orderBy}`,
      extra ? [...ids, ...extra.params] : ids,
    );
    const byParent = new Map<number, T[]>();
    for (const item of mapRows(metadata, entity, rows)) {
      const parent = parentOf(item);
      const list = byParent.get(parent);
      if (list) list.push(item);
      else byParent.set(parent, [item]);
    }
    return ids.map((id) => byParent.get(id) ?? []);
  });
}
