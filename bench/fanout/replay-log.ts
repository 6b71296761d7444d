/**
 * The event log the replay of `npm run bench:fanout` reads: orders seeded by the project's
 * generator (src/generator, through bench/query/seed.ts, which also migrates), then one CREATED
 * event per order, in order id order, appended with one statement, as ingestion would have
 * appended them one by one. Done before the gateway starts, so its tail begins after them.
 * Ingesting the same number of orders through the webhook route would take a minute or more per
 * database; a replay reads the same rows either way.
 */
import Database from 'libsql';
import { Client } from 'pg';

import type { DbTarget } from '../query/common';
import { seed } from '../query/seed';

export interface ReplayLog {
  orders: number;
  events: number;
  firstEventId: number | null;
  lastEventId: number | null;
  seedSeconds: number;
  eventsSeconds: number;
}

const APPEND = (now: string) =>
  `insert into order_event (type, order_id, channel_id, occurred_at) select 'CREATED', id, channel_id, ${now} from "order" order by id`;
const RANGE = 'select count(*) as n, min(id) as first, max(id) as last from order_event';

export async function seedReplayLog(db: DbTarget, options: { orders: number; seed: number; now: Date }, log: (line: string) => void): Promise<ReplayLog> {
  const seeded = await seed(db, { seed: options.seed, customers: Math.ceil(options.orders * 0.3), orders: options.orders, now: options.now }, log);
  const started = Date.now();
  let range: { n: number | string; first: number | string | null; last: number | string | null };
  if (db.dialect === 'sqlite') {
    const conn = new Database(db.file);
    try {
      // MikroORM stores SQLite datetimes as epoch milliseconds
      conn.prepare(APPEND('?')).run(Date.now());
      range = conn.prepare(RANGE).get() as typeof range;
      conn.exec('analyze');
    } finally {
      conn.close();
    }
  } else {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(APPEND('now()'));
      range = (await client.query(RANGE)).rows[0] as typeof range;
      await client.query('vacuum analyze order_event');
    } finally {
      await client.end();
    }
  }
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    orders: seeded.rows.order,
    events: Number(range.n),
    firstEventId: num(range.first),
    lastEventId: num(range.last),
    seedSeconds: seeded.seedSeconds,
    eventsSeconds: (Date.now() - started) / 1000,
  };
}
