/**
 * Seeds a fresh, migrated database with the project's seeded generator (src/generator) and
 * reads back what the benchmark records about it: row counts, database version, and how SQLite
 * stores `datetime` columns.
 */
import 'reflect-metadata';

import type { SqlEntityManager } from '@mikro-orm/knex';
import Database from 'libsql';
import { Client } from 'pg';

import type { DatabaseConfig } from '../../src/config/config';
import { openDatabase } from '../../src/db/database';
import { seedDatabase, type SeedResult } from '../../src/generator';
import type { DbTarget } from './common';

export interface SeedOptions {
  seed: number;
  customers: number;
  orders: number;
  days?: number;
  /** The generator's present, fixed so that every run gets the same rows. */
  now: Date;
}

export interface DatasetInfo {
  /** What seedDatabase reported. */
  generated: Record<string, number>;
  /** count(*) of each table after seeding. */
  rows: Record<string, number>;
  /** Seconds the seeding took. */
  seedSeconds: number;
}

export function databaseConfig(db: DbTarget): DatabaseConfig {
  return db.dialect === 'sqlite'
    ? { dialect: 'sqlite', file: db.file, url: `file:${db.file}` }
    : { dialect: 'postgresql', url: db.url, dbName: db.dbName };
}

/** Migrates (openDatabase applies every migration) and seeds; then refreshes planner statistics. */
export async function seed(db: DbTarget, options: SeedOptions, log: (line: string) => void): Promise<DatasetInfo> {
  const started = Date.now();
  const orm = await openDatabase(databaseConfig(db), {});
  let generated: Record<string, number>;
  try {
    let lastReport = 0;
    const result: SeedResult = await seedDatabase(orm.em.fork() as SqlEntityManager, {
      seed: options.seed,
      customers: options.customers,
      orders: options.orders,
      now: options.now,
      ...(options.days ? { days: options.days } : {}),
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - lastReport < 10_000 && done !== total) return;
        lastReport = now;
        log(`  seeding ${db.dialect}: ${done}/${total} orders`);
      },
    });
    generated = { ...result };
  } finally {
    await orm.close(true);
  }
  const seedSeconds = (Date.now() - started) / 1000;
  const tables = ['channel', 'customer', 'channel_identity', 'order', 'order_line', 'api_key'];
  const rows: Record<string, number> = {};
  if (db.dialect === 'sqlite') {
    const conn = new Database(db.file);
    try {
      for (const t of tables) rows[t] = Number((conn.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n);
      conn.exec('analyze');
      conn.pragma('wal_checkpoint(truncate)');
    } finally {
      conn.close();
    }
  } else {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      for (const t of tables) rows[t] = Number((await client.query(`select count(*) as n from "${t}"`)).rows[0].n);
      await client.query('vacuum analyze');
    } finally {
      await client.end();
    }
  }
  return { generated, rows, seedSeconds };
}

/** `select sqlite_version()` / `show server_version`. */
export async function databaseVersion(db: DbTarget): Promise<string> {
  if (db.dialect === 'sqlite') {
    const conn = new Database(db.file);
    try {
      return String((conn.prepare('select sqlite_version() as v').get() as { v: string }).v);
    } finally {
      conn.close();
    }
  }
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return String((await client.query('show server_version')).rows[0].server_version);
  } finally {
    await client.end();
  }
}

/**
 * How SQLite really stores `order.placed_at` (MikroORM 6 writes Dates as epoch milliseconds,
 * an integer, not ISO text): the storage class and a sample, so the baselines' `order by
 * placed_at desc` is known to sort the same way as the gateway's.
 */
export function sqlitePlacedAtStorage(file: string): { storageClasses: Record<string, number>; sample: unknown } {
  const conn = new Database(file);
  try {
    const classes = conn.prepare('select typeof(placed_at) as t, count(*) as n from "order" group by 1').all() as {
      t: string;
      n: number;
    }[];
    const sample = (conn.prepare('select placed_at from "order" order by id limit 1').get() as { placed_at: unknown } | undefined)
      ?.placed_at;
    return { storageClasses: Object.fromEntries(classes.map((c) => [c.t, Number(c.n)])), sample };
  } finally {
    conn.close();
  }
}
