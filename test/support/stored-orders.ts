/**
 * What a channel's orders look like in the database itself, read with plain SQL beside the
 * gateway (its API could hide a duplicate or a half-written order): each order with its lines and
 * events, the event log's and lines' orphans, and the archived deliveries.
 */
import Database from 'libsql';
import { Client } from 'pg';

import type { DatabaseConfig } from '../../src/config/config';

export type Row = Record<string, unknown>;

/** Runs one statement (`?` placeholders) on the database, over a connection of its own. */
export async function queryDatabase(db: DatabaseConfig, sql: string, params: unknown[] = []): Promise<Row[]> {
  if (db.dialect === 'postgresql') {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      let n = 0;
      return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows;
    } finally {
      await client.end();
    }
  }
  const sqlite = new Database(db.file, { readonly: true } as never);
  try {
    return sqlite.prepare(sql).all(params as never) as Row[];
  } finally {
    sqlite.close();
  }
}

export interface StoredOrder {
  externalId: string;
  currencyCode: string;
  totalMinor: number;
  lines: number;
  /** The types of its events, oldest first. */
  events: string[];
}

export interface StoredOrders {
  orders: StoredOrder[];
  /** Events and lines of the channel whose order does not exist. */
  orphanEvents: number;
  orphanLines: number;
  /** Rows of the payload archive per delivery id. */
  archived: Map<string, number>;
}

export async function storedOrders(db: DatabaseConfig, channelCode: string): Promise<StoredOrders> {
  const [channel] = await queryDatabase(db, 'select id from channel where code = ?', [channelCode]);
  const channelId = Number(channel.id);
  const rows = await queryDatabase(
    db,
    `select o.id, o.external_id, o.currency_code, o.total_minor, (select count(*) from order_line l where l.order_id = o.id) as line_count
       from "order" o where o.channel_id = ? order by o.id`,
    [channelId],
  );
  const events = await queryDatabase(db, 'select order_id, type from order_event where channel_id = ? order by id', [channelId]);
  const byId = new Map<number, StoredOrder>();
  for (const row of rows) {
    byId.set(Number(row.id), {
      externalId: String(row.external_id),
      currencyCode: String(row.currency_code),
      totalMinor: Number(row.total_minor),
      lines: Number(row.line_count),
      events: [],
    });
  }
  let orphanEvents = 0;
  for (const event of events) {
    const order = byId.get(Number(event.order_id));
    if (order) order.events.push(String(event.type));
    else orphanEvents++;
  }
  const [lines] = await queryDatabase(db, 'select count(*) as n from order_line l where not exists (select 1 from "order" o where o.id = l.order_id)');
  const archive = await queryDatabase(
    db,
    'select delivery_id, count(*) as n from payload_archive where channel_id = ? and delivery_id is not null group by delivery_id',
    [channelId],
  );
  return {
    orders: [...byId.values()],
    orphanEvents,
    orphanLines: Number(lines.n),
    archived: new Map(archive.map((row) => [String(row.delivery_id), Number(row.n)])),
  };
}

/** External ids that occur more than once. */
export function repeatedIds(orders: readonly StoredOrder[]): string[] {
  const seen = new Map<string, number>();
  for (const o of orders) seen.set(o.externalId, (seen.get(o.externalId) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

/** Σ total per currency, in minor units. */
export function totalsByCurrency(orders: ReadonlyArray<{ currencyCode: string; totalMinor: number }>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const o of orders) totals[o.currencyCode] = (totals[o.currencyCode] ?? 0) + o.totalMinor;
  return totals;
}
