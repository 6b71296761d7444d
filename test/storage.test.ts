import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Entity, MikroORM, PrimaryKey, Property } from '@mikro-orm/core';

import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/database';
import { entities } from '../src/db/entities';
import { pendingSchemaChanges } from '../src/db/migration-check';
import { migrationsFolder, ormOptions } from '../src/db/orm-config';
import { createLogger } from '../src/server/logger';
import { startGateway } from '../src/server/gateway';
import { createTestDatabase, TEST_DIALECT } from '../src/testing/test-database';

@Entity({ tableName: 'not_yet_migrated' })
class NotYetMigrated {
  @PrimaryKey({ type: 'integer' })
  id: number;

  @Property({ type: 'string' })
  label: string;
}

const committedMigrations = (dialect: 'sqlite' | 'postgresql') =>
  fs
    .readdirSync(migrationsFolder(dialect, true))
    .filter((f) => /^Migration\d+.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

describe('storage', () => {
  it('with DATABASE_URL unset, creates and migrates data/salesgraph.sqlite on start', async () => {
    const cwd = process.cwd();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-default-'));
    process.chdir(dir);
    try {
      const gateway = await startGateway({ ...loadConfig({ PORT: '0' }), adminKey: 'sg_k' }, { logger: createLogger('silent') });
      try {
        expect(fs.existsSync(path.join(dir, 'data', 'salesgraph.sqlite'))).toBe(true);
        const applied = await gateway.orm.em.getConnection().execute('select name from mikro_orm_migrations order by name');
        expect(applied.map((r: { name: string }) => r.name)).toEqual(committedMigrations('sqlite'));
      } finally {
        await gateway.stop();
      }
    } finally {
      process.chdir(cwd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`applies exactly the committed ${TEST_DIALECT} migrations, and the schema then matches the entities`, async () => {
    const db = await createTestDatabase();
    try {
      const orm = await openDatabase(db.config);
      try {
        const applied = await orm.em.getConnection().execute('select name from mikro_orm_migrations order by name');
        expect(applied.map((r: { name: string }) => r.name)).toEqual(committedMigrations(db.config.dialect));
        expect(await pendingSchemaChanges(orm, db.config.dialect)).toBe('');
      } finally {
        await orm.close();
      }
    } finally {
      await db.drop();
    }
  });

  it('the migrations check reports an entity the migrations do not cover', async () => {
    const db = await createTestDatabase();
    try {
      await (await openDatabase(db.config)).close();
      const orm = await MikroORM.init({ ...ormOptions(db.config), entities: [...entities, NotYetMigrated] });
      try {
        expect(await pendingSchemaChanges(orm, db.config.dialect)).toMatch(/not_yet_migrated/);
      } finally {
        await orm.close();
      }
    } finally {
      await db.drop();
    }
  });

  it('starting twice applies nothing the second time', async () => {
    const db = await createTestDatabase();
    try {
      await (await openDatabase(db.config)).close();
      const again = await openDatabase(db.config);
      const pending = await again.getMigrator().getPendingMigrations();
      expect(pending).toEqual([]);
      await again.close();
    } finally {
      await db.drop();
    }
  });
});
