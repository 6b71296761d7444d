/**
 * Migration tool for both dialects.
 *
 *   npm run migrations:create -- [name]   generate the next migration for SQLite and PostgreSQL
 *   npm run migrations:check              fail when either set is behind the entities
 *
 * Each run applies the committed migrations to a fresh database of each dialect, then compares
 * the result with the entities. PostgreSQL is reached at SALESGRAPH_TEST_POSTGRES_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres); the tool drops what it creates.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MikroORM } from '@mikro-orm/core';

import type { DatabaseConfig } from '../src/config/config';
import { openDatabase } from '../src/db/database';
import { pendingSchemaChanges } from '../src/db/migration-check';
import { createTempPostgresDatabase, dropPostgresDatabase } from '../src/testing/postgres';

type Dialect = DatabaseConfig['dialect'];

async function withFreshDatabase<T>(dialect: Dialect, fn: (orm: MikroORM) => Promise<T>): Promise<T> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-migrations-'));
    const file = path.join(dir, 'check.sqlite');
    const orm = await openDatabase({ dialect, file, url: `file:${file}` }, { fromSource: true, migrationSnapshot: true, log: console.log });
    try {
      return await fn(orm);
    } finally {
      await orm.close(true);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const db = await createTempPostgresDatabase('salesgraph_migrations');
  try {
    const orm = await openDatabase({ dialect, url: db.url, dbName: db.name }, { fromSource: true, migrationSnapshot: true, poolMax: 2, log: console.log });
    try {
      return await fn(orm);
    } finally {
      await orm.close(true);
    }
  } finally {
    await dropPostgresDatabase(db.name);
  }
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const dialects: Dialect[] = ['sqlite', 'postgresql'];
  if (command === 'create') {
    for (const dialect of dialects) {
      await withFreshDatabase(dialect, async (orm) => {
        const result = await orm.getMigrator().createMigration(undefined, false, false, name);
        console.log(result.fileName ? `${dialect}: wrote ${result.fileName}` : `${dialect}: no changes`);
      });
    }
    return;
  }
  if (command === 'check') {
    let behind = false;
    for (const dialect of dialects) {
      const sql = await withFreshDatabase(dialect, (orm) => pendingSchemaChanges(orm, dialect));
      if (sql) {
        behind = true;
        console.error(`${dialect}: migrations are behind the entities; run npm run migrations:create\n${sql}`);
      } else {
        console.log(`${dialect}: migrations match the entities`);
      }
    }
    if (behind) process.exitCode = 1;
    return;
  }
  console.error('usage: migrations (create [name] | check)');
  process.exitCode = 2;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
