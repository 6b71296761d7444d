import fs from 'node:fs';

import { MikroORM } from '@mikro-orm/core';

import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { openDatabase } from './database';
import { migrationsFolder, ormOptions } from './orm-config';

let db: TestDatabase;

beforeEach(async () => {
  db = await createTestDatabase();
});

afterEach(() => db.drop());

describe('openDatabase on a database an earlier version left behind', () => {
  it('applies the migrations it lacks, after ANALYZE gave the database its statistics tables, and writes no schema snapshot', async () => {
    const folder = migrationsFolder(db.config.dialect, true);
    const snapshot = `${folder}/.snapshot.json`;
    const snapshotBefore = fs.readFileSync(snapshot, 'utf8');
    const names = fs
      .readdirSync(folder)
      .filter((f) => /^Migration\d+.*\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    // the previous release: every migration but the last, then statistics as an operator's ANALYZE makes them
    const old = await MikroORM.init(ormOptions(db.config, { fromSource: true }));
    await old.getMigrator().up({ to: names[names.length - 2] });
    await old.em.getConnection().execute('analyze');
    await old.close(true);

    const orm = await openDatabase(db.config, { fromSource: true });
    try {
      const applied = (await orm.getMigrator().getExecutedMigrations()).map((m) => m.name);
      expect(applied[applied.length - 1]).toBe(names[names.length - 1]);
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
    } finally {
      await orm.close(true);
    }
    expect(fs.readFileSync(snapshot, 'utf8')).toBe(snapshotBefore);
  });
});
