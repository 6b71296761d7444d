/**
 * Multi-row inserts that bypass the unit of work, inside the entity manager's transaction: on
 * SQLite one `insert … values (?, …), (?, …)` per chunk of rows with bound parameters, on
 * PostgreSQL one `insert … select … from unnest($1::type[], …)` (one array parameter per column,
 * about twice as fast as a long VALUES list). Column names come
 * from the ORM metadata and values go through the same conversions the ORM applies (JSON,
 * bigint, dates), so the rows are exactly what the ORM itself would write. Fast enough for
 * hundreds of thousands of rows on SQLite and PostgreSQL.
 *
 * @packageDocumentation
 */

import type { EntityMetadata, EntityProperty } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/** Rows per insert statement on SQLite: 1,000 rows × ≤ 20 columns stays under its 32,766 parameters. */
export const INSERT_CHUNK = 1000;
/** Rows per insert statement on PostgreSQL (one parameter per column, whatever the row count). */
export const POSTGRES_INSERT_CHUNK = 5000;

type EntityClass<T> = abstract new (...args: never[]) => T;

interface Column {
  readonly key: string;
  readonly field: string;
  /** The column's SQL type, e.g. "varchar(200)", "timestamptz", "jsonb". */
  readonly sqlType: string;
  readonly convert: (value: unknown) => unknown;
}

function columnsOf(em: SqlEntityManager, meta: EntityMetadata, keys: string[]): Column[] {
  const platform = em.getPlatform();
  return keys.map((key) => {
    const prop = meta.properties[key] as EntityProperty | undefined;
    if (!prop || prop.fieldNames?.length !== 1) throw new Error(`${meta.className}.${key} cannot be batch-inserted`);
    const type = prop.customType;
    const convert = type
      ? (value: unknown) => (value === null || value === undefined ? null : type.convertToDatabaseValue(value, platform, { key, mode: 'query-data' }))
      : (value: unknown) => (value === undefined ? null : value);
    return { key, field: prop.fieldNames[0], sqlType: prop.columnTypes?.[0] ?? 'text', convert };
  });
}

function sqliteInsert(
  em: SqlEntityManager,
  meta: EntityMetadata,
  columns: ReadonlyArray<Column>,
  rows: ReadonlyArray<Record<string, unknown>>,
  returning: boolean,
): { sql: string; bindings: unknown[] } {
  const platform = em.getPlatform();
  const table = platform.quoteIdentifier(meta.tableName);
  const fields = columns.map((c) => platform.quoteIdentifier(c.field)).join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const bindings: unknown[] = [];
  for (const row of rows) for (const column of columns) bindings.push(column.convert(row[column.key]));
  const pk = platform.quoteIdentifier(meta.primaryKeys[0]);
  const sql = `insert into ${table} (${fields}) values ${Array(rows.length).fill(tuple).join(', ')}${returning ? ` returning ${pk}` : ''}`;
  return { sql, bindings };
}

function postgresInsert(
  em: SqlEntityManager,
  meta: EntityMetadata,
  columns: ReadonlyArray<Column>,
  rows: ReadonlyArray<Record<string, unknown>>,
  returning: boolean,
): { sql: string; bindings: unknown[] } {
  const platform = em.getPlatform();
  const table = platform.quoteIdentifier(meta.tableName);
  const fields = columns.map((c) => platform.quoteIdentifier(c.field)).join(', ');
  const arrays = columns.map((column) => rows.map((row) => column.convert(row[column.key])));
  const names = columns.map((_, i) => `c${i}`);
  // `with ordinality … order by` inserts (and numbers) the rows in the order given.
  const sql =
    `insert into ${table} (${fields}) select ${names.join(', ')} from unnest(${columns.map((c) => `?::${c.sqlType}[]`).join(', ')})` +
    ` with ordinality as t(${names.join(', ')}, ord) order by ord` +
    (returning ? ` returning ${platform.quoteIdentifier(meta.primaryKeys[0])}` : '');
  return { sql, bindings: arrays };
}

async function insertChunk(
  em: SqlEntityManager,
  meta: EntityMetadata,
  columns: ReadonlyArray<Column>,
  rows: ReadonlyArray<Record<string, unknown>>,
  returning: boolean,
): Promise<number[]> {
  const postgres = em.getPlatform() instanceof PostgreSqlPlatform;
  const { sql, bindings } = (postgres ? postgresInsert : sqliteInsert)(em, meta, columns, rows, returning);
  const query = em.getConnection().getKnex().raw(sql, bindings as never[]);
  const ctx = em.getTransactionContext();
  if (ctx) query.transacting(ctx);
  const result: unknown = await query;
  if (!returning) return [];
  const list = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
  return (list as Array<Record<string, unknown>>).map((r) => Number(r[meta.primaryKeys[0]]));
}

/**
 * Inserts `rows` (entity property names as keys, references as primary keys; every row with the
 * keys of the first) in chunks, inside `em`'s transaction when it has one.
 *
 * @param returning - whether to return the generated ids (in the order of `rows`).
 * @returns the generated ids, or an empty array when `returning` is false.
 * @throws Error when the database does not return one id per row, in increasing order.
 */
export async function insertRows<T extends object>(
  em: SqlEntityManager,
  entity: EntityClass<T>,
  rows: ReadonlyArray<Record<string, unknown>>,
  returning = true,
): Promise<number[]> {
  if (rows.length === 0) return [];
  const meta = em.getMetadata().get<T>(entity.name);
  const columns = columnsOf(em, meta as EntityMetadata, Object.keys(rows[0]));
  const ids: number[] = [];
  const size = em.getPlatform() instanceof PostgreSqlPlatform ? POSTGRES_INSERT_CHUNK : INSERT_CHUNK;
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    const returned = await insertChunk(em, meta as EntityMetadata, columns, chunk, returning);
    if (!returning) continue;
    if (returned.length !== chunk.length) throw new Error(`insert into ${meta.tableName} returned ${returned.length} ids for ${chunk.length} rows`);
    for (let i = 1; i < returned.length; i++) {
      if (!(returned[i] > returned[i - 1])) throw new Error(`insert into ${meta.tableName} returned ids out of order`);
    }
    ids.push(...returned);
  }
  return ids;
}

/** {@link insertRows} returning the generated ids, in the order of `rows`. */
export function insertReturningIds<T extends object>(
  em: SqlEntityManager,
  entity: EntityClass<T>,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<number[]> {
  return insertRows(em, entity, rows, true);
}
