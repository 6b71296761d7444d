import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'libsql';

import { SqliteCheckpoints, type CheckpointResult } from './sqlite-checkpoints';

describe('SqliteCheckpoints', () => {
  let dir: string;
  let file: string;
  let db: Database.Database;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-checkpoints-'));
    file = path.join(dir, 'db.sqlite');
    db = new Database(file);
    db.exec('pragma journal_mode = wal');
    // as the gateway's connections: no checkpoint at commit
    db.exec('pragma wal_autocheckpoint = 0');
    db.exec('create table t (id integer primary key, body text not null)');
  });

  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Writes about 2 MB in one transaction. */
  const write = (from: number) => {
    const insert = db.prepare('insert into t (id, body) values (?, ?)');
    db.transaction(() => {
      for (let i = from; i < from + 500; i++) insert.run(i, 'x'.repeat(4_000));
    })();
  };
  const walBytes = () => fs.statSync(`${file}-wal`).size;

  it('without it, a connection that never checkpoints grows the log with every write', () => {
    write(0);
    const first = walBytes();
    write(1_000);
    expect(walBytes()).toBeGreaterThan(first * 1.8);
  });

  it('copies the log into the database file from its own thread, so that the next write starts the log over', async () => {
    write(0);
    const first = walBytes();
    expect(first).toBeGreaterThan(2_000_000);
    let whole!: (result: CheckpointResult) => void;
    const copied = new Promise<CheckpointResult>((resolve) => (whole = resolve));
    const checkpoints = new SqliteCheckpoints(file, {
      intervalMs: 20,
      onCheckpoint: (result) => {
        if (result.logFrames > 0 && result.checkpointedFrames === result.logFrames) whole(result);
      },
    });
    try {
      const result = await copied;
      expect(result.logFrames).toBeGreaterThan(500);
      write(1_000);
      // the second write reused the log from its start instead of appending to it
      expect(walBytes()).toBeLessThan(first * 1.2);
      // and both writes are in the database, read by a connection of their own
      const other = new Database(file);
      try {
        expect((other.prepare('select count(*) as n from t').get() as { n: number }).n).toBe(1_000);
      } finally {
        other.close();
      }
    } finally {
      await checkpoints.stop();
    }
  });

  it('starts the log over under steady writes, which a PASSIVE checkpoint alone never finds a gap in', async () => {
    db.exec('pragma busy_timeout = 1000');
    const insert = db.prepare('insert into t (id, body) values (?, ?)');
    const restarts: CheckpointResult[] = [];
    const checkpoints = new SqliteCheckpoints(file, { intervalMs: 10, restartFrames: 200, onCheckpoint: (r) => r.restarted && restarts.push(r) });
    let largest = 0;
    try {
      // about 8 MB in 2,000 small transactions, a few milliseconds apart
      for (let i = 0; i < 2_000; i++) {
        insert.run(i, 'x'.repeat(4_000));
        if (i % 10 === 0) {
          largest = Math.max(largest, walBytes());
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      }
    } finally {
      await checkpoints.stop();
    }
    expect(restarts.length).toBeGreaterThan(0);
    // the log is reused from its start: far below the 8 MB written
    expect(largest).toBeLessThan(4_000_000);
    expect((db.prepare('select count(*) as n from t').get() as { n: number }).n).toBe(2_000);
  });

  it('stops its thread, and a stop after a stop does nothing', async () => {
    const results: CheckpointResult[] = [];
    const checkpoints = new SqliteCheckpoints(file, { intervalMs: 10, onCheckpoint: (r) => results.push(r) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await checkpoints.stop();
    await checkpoints.stop();
    const seen = results.length;
    expect(seen).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(results.length).toBe(seen);
  });
});
