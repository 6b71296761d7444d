import type { EntityClass, EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';

import { mapRows } from './row-mapper';
import { placeholders, type SqlReader } from './sql-reader';

/** A parent id and the select list its field needs (see selectedColumns). */
export interface ColumnsKey {
  id: number;
  columns: string;
}

const cacheKey = (k: ColumnsKey) => `${k.columns}|${k.id}`;

/** Splits a batch by select list: usually one group, since every parent asks for the same fields. */
function byColumns(keys: readonly ColumnsKey[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const key of keys) {
    const ids = groups.get(key.columns);
    if (ids) ids.push(key.id);
    else groups.set(key.columns, [key.id]);
  }
  return groups;
}

/** Rows of `table` by primary key, one statement per batch. */
export function rowsByIdLoader<T extends { id: number }>(
  em: EntityManager,
  reader: SqlReader,
  entity: EntityClass<T>,
  table: string,
): DataLoader<ColumnsKey, T | null, string> {
  return new DataLoader(
    async (keys) => {
      const found = new Map<string, T>();
      for (const [columns, ids] of byColumns(keys)) {
        const rows = await reader.all(`select ${columns} from ${table} where id in (${placeholders(ids.length)})`, ids);
        for (const item of mapRows(em, entity, rows)) found.set(cacheKey({ id: item.id, columns }), item);
      }
      return keys.map((k) => found.get(cacheKey(k)) ?? null);
    },
    { cacheKeyFn: cacheKey },
  );
}

/**
 * Rows of `table` grouped by a parent's foreign key (`parentColumn`), one statement per batch;
 * `extra` narrows them (a channel scope) and `orderBy` orders each group.
 */
export function rowsByParentLoader<T extends object>(
  em: EntityManager,
  reader: SqlReader,
  entity: EntityClass<T>,
  table: string,
  parentColumn: string,
  parentOf: (item: T) => number,
  orderBy: string,
  extra?: { sql: string; params: unknown[] },
): DataLoader<ColumnsKey, T[], string> {
  return new DataLoader(
    async (keys) => {
      const found = new Map<string, T[]>();
      for (const [columns, ids] of byColumns(keys)) {
        const rows = await reader.all(
          `select ${columns} from ${table} where ${parentColumn} in (${placeholders(ids.length)})` +
            `${extra ? ` and ${extra.sql}` : ''} order by ${orderBy}`,
          extra ? [...ids, ...extra.params] : ids,
        );
        for (const item of mapRows(em, entity, rows)) {
          const key = cacheKey({ id: parentOf(item), columns });
          const list = found.get(key);
          if (list) list.push(item);
          else found.set(key, [item]);
        }
      }
      return keys.map((k) => found.get(cacheKey(k)) ?? []);
    },
    { cacheKeyFn: cacheKey },
  );
}
