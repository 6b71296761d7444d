import fs from 'node:fs';
import path from 'node:path';

import { MikroORM } from '@mikro-orm/core';

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
    await orm.getMigrator().up();
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
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
