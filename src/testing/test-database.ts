import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { DatabaseConfig } from '../config/config';
import { createTempPostgresDatabase, dropPostgresDatabase } from './postgres';

/** Which database the suite runs on: `SALESGRAPH_TEST_DB=sqlite` (default) or `postgresql`. */
export const TEST_DIALECT: DatabaseConfig['dialect'] =
  process.env.SALESGRAPH_TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite';

export interface TestDatabase {
  config: DatabaseConfig;
  /** Removes the database (a temporary SQLite folder, or a PostgreSQL database). */
  drop(): Promise<void>;
}

/** A brand-new empty database of the suite's dialect, owned by one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DIALECT === 'postgresql') {
    const db = await createTempPostgresDatabase();
    return {
      config: { dialect: 'postgresql', url: db.url, dbName: db.name },
      drop: () => dropPostgresDatabase(db.name),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-test-'));
  const file = path.join(dir, 'test.sqlite');
  return {
    config: { dialect: 'sqlite', file, url: `file:${file}` },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
