import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { ChannelKind } from '../src/channels/channel-kind';
import { openDatabase } from '../src/db/database';
import { Order } from '../src/orders/order.entity';
import { makeChannel } from '../src/testing/factories';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'plugins/pos-csv/fixtures');
const run = promisify(execFile);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const orm = await openDatabase(db.config);
  await makeChannel(orm.em.fork() as never, { code: 'store-nyc', kind: ChannelKind.OFFLINE_STORE, plugin: 'pos-csv', currencyCode: 'USD' });
  await orm.close();
});

afterAll(() => db.drop());

async function importFile(file: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', '-r', 'reflect-metadata', 'scripts/import.ts', '--channel', 'store-nyc', path.join(FIXTURES, file)], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.config.url, NODE_ENV: 'production' },
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

async function orders(): Promise<number> {
  const orm = await openDatabase(db.config);
  try {
    return await orm.em.fork().count(Order, {});
  } finally {
    await orm.close();
  }
}

describe('npm run import', () => {
  it('imports a file, prints a summary with the rejected lines, and exits 1 when lines were refused', async () => {
    const first = await importFile('one-bad-receipt.csv');
    expect(first.stdout).toMatch(/Imported .*one-bad-receipt\.csv into store-nyc in [\d.]+ s: (\d+) orders created or updated, 0 already present, (\d+) lines rejected/);
    expect(first.stdout).toMatch(/line 4: INVALID_LINE/);
    expect(first.code).toBe(1);
    const created = Number(/: (\d+) orders created/.exec(first.stdout)![1]);
    expect(created).toBeGreaterThan(0);
    expect(await orders()).toBe(created);
  });

  it('creates nothing when the same file is imported again', async () => {
    const before = await orders();
    const again = await importFile('one-bad-receipt.csv');
    expect(again.stdout).toMatch(/: 0 orders created or updated, [1-9]\d* already present/);
    expect(await orders()).toBe(before);
  });
});
