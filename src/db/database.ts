import fs from 'node:fs';
import path from 'node:path';

import { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';

import type { DatabaseConfig } from '../config/config';
import { ormOptions, type OrmOptions } from './orm-config';

/**
 * Opens the database and applies every pending migration. The embedded SQLite file and its
 * folder are created on first start. Nothing here syncs the schema from the entities.
 */
export async function openDatabase(db: DatabaseConfig, options: OrmOptions = {}): Promise<MikroORM> {
  if (db.dialect === 'sqlite' && db.file !== ':memory:') {
    fs.mkdirSync(path.dirname(path.resolve(db.file)), { recursive: true });
  }
  const orm = await MikroORM.init(ormOptions(db, options));
  try {
    if (db.dialect === 'sqlite') {
      await orm.em.getConnection().execute('pragma journal_mode = wal');
      await orm.em.getConnection().execute('pragma busy_timeout = 5000');
      await orm.em.getConnection().execute('pragma foreign_keys = on');
    }
    await migrate(orm, db);
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}

/** The PostgreSQL advisory lock that gateway processes take in turn to apply migrations. */
const MIGRATION_LOCK = '5816232460751203447';

/**
 * Applies the pending migrations. On PostgreSQL several gateway processes may start at once on
 * one database (replicas of a deployment, a rolling upgrade): each waits for a session-level
 * advisory lock, so one applies the migrations and the others, once it has committed, find none
 * left. The lock is held on a connection of its own and goes with it.
 */
async function migrate(orm: MikroORM, db: DatabaseConfig): Promise<void> {
  if (db.dialect !== 'postgresql') {
    await orm.getMigrator().up();
    return;
  }
  const lock = new Client({ connectionString: db.url });
  // a lost connection fails the migration below or ends the lock with it; it must not crash the process
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await orm.getMigrator().up();
  } finally {
    await lock.end().catch(() => undefined);
  }
}

/**
 * True when the PostgreSQL server runs without autovacuum: no table is analyzed or vacuumed
 * unless someone does it by hand, so plans keep the statistics of the day the tables were small
 * and updated tables only grow. The gateway warns at start.
 */
export async function autovacuumOff(orm: MikroORM): Promise<boolean> {
  const [row] = await orm.em
    .getConnection()
    .execute<Array<{ autovacuum: string; track_counts: string }>>("select current_setting('autovacuum') as autovacuum, current_setting('track_counts') as track_counts");
  return row.autovacuum !== 'on' || row.track_counts !== 'on';
}

/** True when the database answers a trivial query. */
export async function databaseReachable(orm: MikroORM): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}
