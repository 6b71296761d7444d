import pino from 'pino';

import { createSqlReader, type SqlReader } from '../src/db/sql-reader';
import { LocalEventBus } from '../src/events/event-bus';
import { EventLog } from '../src/events/event-log';
import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { TEST_DIALECT } from '../src/testing/test-database';
import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { acmeOrder as order, postWebhook, salesgraphSignature } from '../src/testing/webhooks';

/**
 * The event log's tail is read many times a second by every gateway, from the moment the log is
 * empty and while it grows by every write. Each read must seek to the cursor, never read the
 * whole log: on PostgreSQL a plan kept from the first reads of an empty table is a sequential
 * scan, and it stays until the table is analyzed (never, where autovacuum is off or behind).
 */
const SECRET = 'acme-webhook-secret';
const GROWN = 20_000;
let t: TestGateway;
let reader: SqlReader;
let log: EventLog;
const statements: string[] = [];

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
  const res = await t.gql(CreateChannelDocument, {
    input: { code: 'acme', name: 'Acme', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
  });
  expect(res.errors).toBeUndefined();
  // one connection, so that its statistics can be flushed and read by the same session
  reader = createSqlReader(t.gateway.config.database, t.gateway.orm, { poolMax: 1, onQuery: (sql) => statements.push(sql) });
  log = new EventLog(reader, new LocalEventBus(), pino({ level: 'silent' }));
});

afterAll(async () => {
  await reader?.close();
  await t?.stop();
});

/** Sequential and index scans of order_event so far, as PostgreSQL counts them. */
async function scans(): Promise<{ seq: number; idx: number }> {
  await reader.all('select pg_stat_force_next_flush()');
  const [row] = await reader.all("select seq_scan, idx_scan from pg_stat_user_tables where relname = 'order_event'");
  return { seq: Number(row.seq_scan), idx: Number(row.idx_scan ?? 0) };
}

/** The scans since `before` once `reads` of them are counted (a session reports its counts within 10 s). */
async function scansSince(before: { seq: number; idx: number }, reads: number): Promise<{ seq: number; idx: number }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const now = await scans();
    const since = { seq: now.seq - before.seq, idx: now.idx - before.idx };
    if (since.seq + since.idx >= reads || Date.now() > deadline) return since;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Multiplies the one logged event into `count` more (the same order), in one statement. */
async function growLog(count: number): Promise<void> {
  const em = t.em();
  const sql =
    TEST_DIALECT === 'postgresql'
      ? 'insert into order_event (type, order_id, channel_id, occurred_at) select e.type, e.order_id, e.channel_id, e.occurred_at from order_event e, generate_series(1, ?) g'
      : 'with recursive g(n) as (select 1 union all select n + 1 from g where n < ?) ' +
        'insert into order_event (type, order_id, channel_id, occurred_at) select e.type, e.order_id, e.channel_id, e.occurred_at from order_event e, g';
  await em.getConnection().execute(sql, [count], 'run');
}

it('reads the tail by seeking to the cursor however much the log has grown since its first reads', async () => {
  const text = JSON.stringify({ orders: [order('A-1')] });
  const res = await postWebhook(t, 'acme', text, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, text) });
  expect(res.status).toBe(200);
  if (TEST_DIALECT === 'postgresql') {
    // statistics of the young log, as autovacuum takes them early on; then none while it grows
    await t.em().getConnection().execute('analyze order_event');
    await t.em().getConnection().execute('alter table order_event set (autovacuum_enabled = false)');
  }
  // the first reads: enough for PostgreSQL to settle on a plan it would keep
  const [first] = await log.page(0);
  for (let i = 0; i < 10; i++) expect(await log.page(first.id - 1)).toEqual([first]);

  await growLog(GROWN);
  const newest = await log.newest();
  expect(newest).toBeGreaterThanOrEqual(GROWN + 1);

  const before = TEST_DIALECT === 'postgresql' ? await scans() : null;
  for (let i = 0; i < 10; i++) {
    const page = await log.page(newest - 3);
    expect(page.map((e) => e.id)).toEqual([newest - 2, newest - 1, newest]);
    expect(page.every((e) => e.type === 'CREATED')).toBe(true);
  }

  if (before) {
    const since = await scansSince(before, 10);
    expect(since).toEqual({ seq: 0, idx: expect.any(Number) });
    expect(since.idx).toBeGreaterThanOrEqual(10);
  } else {
    // SQLite: the statement the log ran searches the primary key from the cursor
    const tail = statements.find((sql) => /from order_event where id > \?/.test(sql));
    expect(tail).toBeDefined();
    const plan = await reader.all(`explain query plan ${tail}`, [newest - 3]);
    expect(plan.map((row) => String(row.detail)).join('\n')).toMatch(/SEARCH order_event USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  }
});
