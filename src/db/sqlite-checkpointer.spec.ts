import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'libsql';

import { SqliteCheckpointer } from './sqlite-checkpointer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(test: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('SqliteCheckpointer', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-checkpoint-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('copies committed pages from the log into the database file while the writer never checkpoints', async () => {
    const file = path.join(dir, 'db.sqlite');
    const writer = new Database(file);
    writer.exec('pragma journal_mode = wal');
    writer.exec('pragma wal_autocheckpoint = 0');
    writer.exec('create table t (id integer primary key, body text not null)');
    const insert = writer.prepare('insert into t (body) values (?)');
    writer.exec('begin');
    for (let i = 0; i < 2_000; i++) insert.run([`row ${i} ${'x'.repeat(200)}`]);
    writer.exec('commit');
    const before = fs.statSync(file).size;

    const checkpointer = new SqliteCheckpointer(file, () => undefined, { intervalMs: 20 });
    // the rows' pages (over 400 KB) reach the database file itself
    await until(() => fs.statSync(file).size > before + 400_000, 'the database file to take the logged pages');
    expect(checkpointer.running).toBe(true);
    await checkpointer.stop();
    expect(checkpointer.running).toBe(false);

    // nothing lost: another connection reads every row, and the log has nothing left to copy
    const reader = new Database(file);
    expect(reader.prepare('select count(*) as n from t').get()).toMatchObject({ n: 2_000 });
    const [state] = writer.prepare('pragma wal_checkpoint(passive)').all() as Array<{ log: number; checkpointed: number }>;
    expect(state.checkpointed).toBe(state.log);
    reader.close();
    writer.close();
  });

  it('reports its failure, so that the connections checkpoint by themselves again', async () => {
    let failed = 0;
    const checkpointer = new SqliteCheckpointer(path.join(dir, 'missing', 'db.sqlite'), () => failed++, { intervalMs: 20 });
    await until(() => failed > 0, 'the failure to be reported');
    expect(checkpointer.running).toBe(false);
    expect(failed).toBe(1);
    await checkpointer.stop();
  });
});
