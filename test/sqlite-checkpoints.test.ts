import Database from 'libsql';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import { Client } from 'pg';

import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { acmeOrder, postWebhook, salesgraphSignature } from '../src/testing/webhooks';

// On embedded SQLite the write-ahead log is checkpointed by a thread of the gateway's own, never
// by the commit of a request's transaction (see src/db/sqlite-checkpoints.ts).
const SECRET = 'checkpoint-secret';
let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
  const res = await t.gql('mutation($input: CreateChannelInput!) { createChannel(input: $input) { code } }', {
    input: { code: 'acme', name: 'Acme', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
  });
  expect(res.errors).toBeUndefined();
});

afterAll(() => t?.stop());

/** The figures /metrics shows for the checkpoint thread. */
async function checkpointMetrics() {
  const text = (await t.http().get('/metrics').expect(200)).text;
  const value = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? NaN);
  return {
    passive: value(/^salesgraph_sqlite_checkpoints_total\{mode="passive"\} (\d+)$/m),
    any: /^salesgraph_sqlite_checkpoints_total\{/m.test(text),
    logged: value(/^salesgraph_sqlite_wal_frames\{state="logged"\} (\d+)$/m),
    checkpointed: value(/^salesgraph_sqlite_wal_frames\{state="checkpointed"\} (\d+)$/m),
  };
}

describe('write-ahead log checkpoints', () => {
  it('run on their own thread on SQLite, the write path never checkpointing at commit; PostgreSQL has none', async () => {
    // enough orders to fill the log past a checkpoint's worth (1,000 pages) many times over
    for (let batch = 0; batch < 10; batch++) {
      const orders = Array.from({ length: 50 }, (_, i) =>
        acmeOrder(`cp-${batch}-${i}`, { lines: Array.from({ length: 20 }, (_, l) => ({ sku: `SKU-${l}`, title: 'x'.repeat(200), qty: 1, price: '1.50' })) }),
      );
      const body = JSON.stringify({ orders });
      await postWebhook(t, 'acme', body, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, body) }).expect(200);
    }
    if (t.gateway.config.database.dialect === 'postgresql') {
      expect((await checkpointMetrics()).any).toBe(false);
      return;
    }
    const [setting] = await t.em().getConnection().execute('pragma wal_autocheckpoint');
    expect(Number(Object.values(setting)[0])).toBe(0);
    // within a few intervals the thread has copied the whole log into the database file
    const deadline = Date.now() + 10_000;
    let seen = await checkpointMetrics();
    while (!(seen.logged > 1_000 && seen.checkpointed === seen.logged) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await checkpointMetrics();
    }
    expect(seen.passive).toBeGreaterThan(0);
    expect(seen.logged).toBeGreaterThan(1_000);
    expect(seen.checkpointed).toBe(seen.logged);
  });
});

describe('a write that meets a lock held by another connection', () => {
  interface HeldLock {
    /** Commits what was written under the lock (SQL with no parameters) and takes the lock again at once. */
    commitAndRelock(sql: string): Promise<void>;
    release(): Promise<void>;
  }

  /** Holds the database's write lock from a connection of the test's own until `release` resolves. */
  async function holdWriteLock(): Promise<HeldLock> {
    const db = t.gateway.config.database;
    if (db.dialect === 'sqlite') {
      const other = new Database(db.file);
      // what a RESTART checkpoint or a second process does: the write lock, held
      other.exec('begin immediate');
      return {
        commitAndRelock: async (sql) => {
          other.exec(sql);
          other.exec('commit');
          other.exec('begin immediate');
        },
        release: async () => {
          other.exec('commit');
          other.close();
        },
      };
    }
    const other = new Client({ connectionString: db.url });
    await other.connect();
    const lock = async () => {
      await other.query('begin');
      await other.query('lock table "order" in exclusive mode');
    };
    await lock();
    return {
      commitAndRelock: async (sql) => {
        await other.query(sql);
        await other.query('commit');
        await lock();
      },
      release: async () => {
        await other.query('commit');
        await other.end();
      },
    };
  }

  it('waits for it without holding up the thread every request is answered on, and stores the order once it is free', async () => {
    const lock = await holdWriteLock();
    let longestGap = 0;
    let last = performance.now();
    const ticks = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 1);
    const released = new Promise<void>((resolve) => setTimeout(() => void lock.release().then(resolve), 300));
    const body = JSON.stringify({ orders: [acmeOrder('locked-out-1')] });
    let answer: { status: number; body: { result?: string; outcomes?: Array<{ externalId: string; result: string }> } };
    try {
      answer = await postWebhook(t, 'acme', body, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, body) });
    } finally {
      clearInterval(ticks);
      await released;
    }
    expect(answer.status).toBe(200);
    expect(answer.body.outcomes).toEqual([{ externalId: 'locked-out-1', result: 'created' }]);
    // SQLite's busy handler sleeps 50 ms at a time on the connection's thread; a timer retry does not
    expect(longestGap).toBeLessThan(40);
  });

  /** What each idle connection of the ORM's pool reads of the row committed elsewhere ('none' when it does not see it). */
  async function holdersOnEveryIdleConnection(): Promise<string[]> {
    const connection = t.em().getConnection() as AbstractSqlConnection;
    const client = connection.getKnex().client as {
      pool: { numFree(): number };
      acquireConnection(): Promise<unknown>;
      releaseConnection(c: unknown): Promise<void>;
    };
    const sql = `select holder from job_lease where name = 'committed-elsewhere'`;
    const held: unknown[] = [];
    try {
      for (let free = client.pool.numFree(); free > 0; free--) held.push(await client.acquireConnection());
      const holders: string[] = [];
      for (const c of held) {
        const rows =
          t.gateway.config.database.dialect === 'sqlite'
            ? ((c as Database.Database).prepare(sql).all() as Array<{ holder: string }>)
            : ((await (c as Client).query(sql)).rows as Array<{ holder: string }>);
        holders.push(rows[0]?.holder ?? 'none');
      }
      return holders;
    } finally {
      for (const c of held) await client.releaseConnection(c);
    }
  }

  it('leaves the connection it shares with the ORM reading the latest commit while it waits', async () => {
    const lock = await holdWriteLock();
    const body = JSON.stringify({ orders: [acmeOrder('locked-out-2')] });
    const answer = postWebhook(t, 'acme', body, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, body) }).then((res) => res);
    try {
      // the write path has met the lock a few times: it tried at about 0, 2, 6, 14 and 30 ms and
      // waits until about 62 ms to try again
      await new Promise((resolve) => setTimeout(resolve, 45));
      // the ORM reads on its connections (the waiting write path borrows one of them) …
      const before = await holdersOnEveryIdleConnection();
      expect(before.length).toBeGreaterThan(0);
      expect(before.filter((holder) => holder !== 'none')).toEqual([]);
      // … another process commits a row and holds the lock again …
      await lock.commitAndRelock(`insert into job_lease (name, holder, expires_at) values ('committed-elsewhere', 'test', 0)`);
      // … and every one of them reads it
      const after = await holdersOnEveryIdleConnection();
      expect(after.filter((holder) => holder !== 'test')).toEqual([]);
    } finally {
      await lock.release();
    }
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.body.outcomes).toEqual([{ externalId: 'locked-out-2', result: 'created' }]);
  });
});
