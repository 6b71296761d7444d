/**
 * `npm run bench:analytics`: `salesSummary` over the generator's orders grouped by channel × day
 * for 90 days, and a page of 50 customers with their stats and segment, through the gateway (a
 * child process, POST /graphql with an ADMIN key), beside baselines in the same run on the same
 * data: one hand-written GROUP BY over the raw order tables giving the same figures (checked
 * equal), and the same page's stats counted from the raw orders. SQLite, then PostgreSQL; rounds
 * alternate ours and the baseline. Writes bench/results/analytics.json.
 *
 * Environment (all optional):
 *   BENCH_DB=sqlite|postgresql|both (both)   BENCH_ORDERS (1000000)   BENCH_CUSTOMERS (30% of orders)
 *   BENCH_ROUNDS (3)   BENCH_RUNS timed requests per round and side (5)   BENCH_SEED (7)
 *   BENCH_NOW the generator's present (2026-11-01T00:00:00Z)   BENCH_OUT (bench/results/analytics.json)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'libsql';
import { Client } from 'pg';

import { projectRoot } from '../../src/common/project-root';
import { createBenchDatabase, startGatewayChild } from '../gateway-child';
import { cleanUp, cleanUpOnExit, envNumber, gitCommit, log, median, round2, round3, sourceDigest, spread, stopChild } from '../harness';
import type { DbTarget, Dialect } from '../query/common';
import { databaseVersion, seed } from '../query/seed';

const DAY_MS = 86_400_000;
const DAYS = 90;

const settings = (() => {
  const orders = envNumber('BENCH_ORDERS', 1_000_000, true);
  const choice = (process.env.BENCH_DB ?? 'both').trim();
  if (!['sqlite', 'postgresql', 'both'].includes(choice)) throw new Error(`BENCH_DB must be sqlite, postgresql or both; got "${choice}"`);
  return {
    dialects: (choice === 'both' ? ['sqlite', 'postgresql'] : [choice]) as Dialect[],
    orders,
    customers: envNumber('BENCH_CUSTOMERS', Math.round(orders * 0.3), true),
    rounds: Math.max(1, envNumber('BENCH_ROUNDS', 3, true)),
    runs: Math.max(1, envNumber('BENCH_RUNS', 5, true)),
    seed: envNumber('BENCH_SEED', 7, true),
    now: new Date(process.env.BENCH_NOW ?? '2026-11-01T00:00:00Z'),
    out: path.resolve(process.env.BENCH_OUT ?? path.join(projectRoot(), 'bench', 'results', 'analytics.json')),
  };
})();

const SUMMARY = `query Summary($from: DateTime!, $to: DateTime!) {
  salesSummary(from: $from, to: $to, groupBy: [CHANNEL, DAY]) {
    channel { id } period currencyCode orders units
    grossSales { amount } discounts { amount } refunds { amount } netRevenue { amount } averageOrderValue { amount }
    refundRate newCustomers returningCustomers
  }
}`;

/** The same without the customer counts, which are read from the orders only when asked for. */
const SALES_ONLY = `query Sales($from: DateTime!, $to: DateTime!) {
  salesSummary(from: $from, to: $to, groupBy: [CHANNEL, DAY]) {
    channel { id } period currencyCode orders units
    grossSales { amount } discounts { amount } refunds { amount } netRevenue { amount } averageOrderValue { amount } refundRate
  }
}`;

const CUSTOMER_PAGE = `query Page {
  customers(first: 50) {
    edges { node { id
      stats { orderCount lifetimeValue { amount currencyCode } averageOrderValue { amount currencyCode } firstOrderAt lastOrderAt channels { id } }
      segment { tier recency frequency monetary }
    } }
  }
}`;

/** The summary's figures by hand: one GROUP BY over "order" (UTC days), lines and first orders read per order. */
function baselineSummarySql(dialect: Dialect, customers = true): string {
  const day = dialect === 'sqlite' ? 'o.placed_at / 86400000' : "floor(extract(epoch from o.placed_at) / 86400)::bigint";
  return (
    `select o.channel_id, o.currency_code, ${day} as day, count(*) as orders, ` +
    'sum((select coalesce(sum(l.quantity), 0) from order_line l where l.order_id = o.id)) as units, ' +
    'sum(o.subtotal_minor) as gross, sum(o.discount_total_minor) as discounts, sum(o.refunded_total_minor) as refunds, sum(o.total_minor) as total' +
    (customers
      ? ', count(distinct o.customer_id) as customers, ' +
        "count(distinct case when not exists (select 1 from \"order\" p where p.customer_id = o.customer_id and p.status <> 'CANCELLED' " +
        'and (p.placed_at < o.placed_at or (p.placed_at = o.placed_at and p.id < o.id))) then o.customer_id end) as new_customers '
      : ' ') +
    `from "order" o where o.placed_at >= ${dialect === 'sqlite' ? '?' : '$1'} and o.placed_at < ${dialect === 'sqlite' ? '?' : '$2'} and o.status <> 'CANCELLED' ` +
    'group by o.channel_id, o.currency_code, day'
  );
}

/** The page's stats by hand: the 50 newest customers' orders grouped per customer, channel and currency. */
const BASELINE_PAGE_SQL =
  'select o.customer_id, o.channel_id, o.currency_code, count(*) as orders, sum(o.total_minor - o.refunded_total_minor) as net, ' +
  'min(o.placed_at) as first_at, max(o.placed_at) as last_at from "order" o ' +
  "where o.customer_id in (select id from customer where merged_into_id is null order by id desc limit 50) and o.status <> 'CANCELLED' " +
  'group by o.customer_id, o.channel_id, o.currency_code';

type Row = Record<string, unknown>;

interface Direct {
  all(sql: string, params: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

async function direct(db: DbTarget): Promise<Direct> {
  if (db.dialect === 'sqlite') {
    const conn = new Database(db.file);
    return {
      all: async (sql, params) => conn.prepare(sql).all(params.map((p) => (p instanceof Date ? p.getTime() : p)) as never) as Row[],
      close: async () => {
        conn.close();
      },
    };
  }
  const client = new Client({ connectionString: db.url });
  await client.connect();
  return { all: async (sql, params) => (await client.query(sql, params)).rows as Row[], close: () => client.end() };
}

const minor = (amount: string) => BigInt(amount.replace('.', ''));

/** Our rows and the baseline's hold the same figures (compared per channel × day × currency). */
function sameFigures(ours: Row[], baseline: Row[], customers = true): string | null {
  const key = (channel: unknown, day: string, currency: unknown) => `${String(channel)}|${day}|${String(currency)}`;
  const theirs = new Map(baseline.map((r) => [key(r.channel_id, new Date(Number(r.day) * DAY_MS).toISOString().slice(0, 10), r.currency_code), r]));
  if (theirs.size !== ours.length) return `${ours.length} rows, the baseline ${theirs.size}`;
  for (const r of ours) {
    const b = theirs.get(key((r.channel as { id: string }).id, r.period as string, r.currencyCode));
    if (!b) return `no baseline row for ${JSON.stringify(r)}`;
    const pairs: Array<[string, bigint, bigint]> = [
      ['orders', BigInt(r.orders as number), BigInt(b.orders as number)],
      ['units', BigInt(r.units as number), BigInt(b.units as number)],
      ['grossSales', minor((r.grossSales as { amount: string }).amount), BigInt(b.gross as number)],
      ['discounts', minor((r.discounts as { amount: string }).amount), BigInt(b.discounts as number)],
      ['refunds', minor((r.refunds as { amount: string }).amount), BigInt(b.refunds as number)],
      ['netRevenue', minor((r.netRevenue as { amount: string }).amount), BigInt(b.total as number) - BigInt(b.refunds as number)],
    ];
    if (customers) {
      pairs.push(['customers', BigInt((r.newCustomers as number) + (r.returningCustomers as number)), BigInt(b.customers as number)]);
      pairs.push(['newCustomers', BigInt(r.newCustomers as number), BigInt(b.new_customers as number)]);
    }
    for (const [name, a, z] of pairs) if (a !== z) return `${name} differs for ${key((r.channel as { id: string }).id, r.period as string, r.currencyCode)}: ${a} vs ${z}`;
  }
  return null;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: Awaited<T> }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

async function measure<T>(runs: number, fn: () => Promise<T>, warmUps = 1): Promise<{ medianMs: number; last: Awaited<T> }> {
  // the SQLite baseline blocks this process for seconds while the gateway closes idle keep-alive
  // sockets (after 5 s): a few turns of the event loop let fetch see the close before it reuses one
  await new Promise((resolve) => setTimeout(resolve, 20));
  let last = await fn();
  for (let i = 1; i < warmUps; i++) last = await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await timed(fn);
    times.push(t.ms);
    last = t.value;
  }
  return { medianMs: median(times), last };
}

async function benchDialect(dialect: Dialect, workDir: string) {
  log(`\n=== ${dialect} ===`);
  const { db, drop } = await createBenchDatabase(dialect, workDir, 'salesgraph_bench_analytics');
  const dataset = await seed(db, { seed: settings.seed, customers: settings.customers, orders: settings.orders, days: DAYS, now: settings.now }, log);
  log(`  seeded ${dataset.rows.order} orders, ${dataset.rows.order_line} lines, ${dataset.rows.customer} customers in ${round2(dataset.seedSeconds)} s`);
  const version = await databaseVersion(db);
  const adminKey = `sg_bench_${randomBytes(16).toString('hex')}`;
  const gateway = await startGatewayChild(db, adminKey);
  const sql = await direct(db);
  const from = new Date(settings.now.getTime() - DAYS * DAY_MS);
  const to = settings.now;
  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${gateway.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
    return body.data!;
  };
  const rounds: Array<Record<string, number>> = [];
  let verified: string | null = 'not compared';
  let summaryRows = 0;
  try {
    for (let round = 1; round <= settings.rounds; round++) {
      const load = os.loadavg().map(round2);
      const ours = await measure(settings.runs, () => graphql(SUMMARY, { from: from.toISOString(), to: to.toISOString() }));
      const base = await measure(settings.runs, () => sql.all(baselineSummarySql(dialect), [from, to]));
      const sales = await measure(settings.runs, () => graphql(SALES_ONLY, { from: from.toISOString(), to: to.toISOString() }));
      const baseSales = await measure(settings.runs, () => sql.all(baselineSummarySql(dialect, false), [from, to]));
      // requests of a few milliseconds: warmed up until the gateway's code is optimized
      const page = await measure(settings.runs, () => graphql(CUSTOMER_PAGE, {}), 100);
      const basePage = await measure(settings.runs, () => sql.all(BASELINE_PAGE_SQL, []), 100);
      // what any request costs through HTTP and GraphQL, for reading the page's figure
      const floor = await measure(settings.runs, () => graphql('{ __typename }', {}), 100);
      const rows = ours.last.salesSummary as Row[];
      summaryRows = rows.length;
      verified = sameFigures(rows, base.last) ?? sameFigures(sales.last.salesSummary as Row[], baseSales.last, false);
      rounds.push({
        round,
        summaryMs: round2(ours.medianMs),
        baselineSummaryMs: round2(base.medianMs),
        summaryRatio: round3(base.medianMs / ours.medianMs),
        salesOnlyMs: round2(sales.medianMs),
        baselineSalesOnlyMs: round2(baseSales.medianMs),
        salesOnlyRatio: round3(baseSales.medianMs / sales.medianMs),
        customerPageMs: round2(page.medianMs),
        baselineCustomerPageMs: round2(basePage.medianMs),
        customerPageRatio: round3(basePage.medianMs / page.medianMs),
        httpFloorMs: round2(floor.medianMs),
        load1: load[0],
      });
      log(
        `  round ${round}  summary ${round2(ours.medianMs)} ms (baseline ${round2(base.medianMs)} ms, baseline/ours ${round3(base.medianMs / ours.medianMs)})  ` +
          `without customer counts ${round2(sales.medianMs)} ms (baseline ${round2(baseSales.medianMs)} ms)  customer page ${round2(page.medianMs)} ms (baseline ${round2(basePage.medianMs)} ms, any request ${round2(floor.medianMs)} ms)  rows ${rows.length}  ${verified ?? 'same figures'}  load ${load.join(' ')}`,
      );
    }
  } finally {
    await sql.close();
    await stopChild(gateway.child);
    await drop();
  }
  const summaryMs = median(rounds.map((r) => r.summaryMs));
  const baselineSummaryMs = median(rounds.map((r) => r.baselineSummaryMs));
  const fasterThanBaseline = summaryMs < baselineSummaryMs;
  const underOneSecond = summaryMs < 1000;
  return {
    dialect,
    version,
    dataset,
    summaryRows,
    sameFiguresAsBaseline: verified === null,
    difference: verified,
    rounds,
    summaryMs,
    baselineSummaryMs,
    summaryRatio: spread(rounds.map((r) => r.summaryRatio), round3),
    salesOnlyMs: median(rounds.map((r) => r.salesOnlyMs)),
    baselineSalesOnlyMs: median(rounds.map((r) => r.baselineSalesOnlyMs)),
    salesOnlyRatio: spread(rounds.map((r) => r.salesOnlyRatio), round3),
    customerPageMs: median(rounds.map((r) => r.customerPageMs)),
    httpFloorMs: median(rounds.map((r) => r.httpFloorMs)),
    baselineCustomerPageMs: median(rounds.map((r) => r.baselineCustomerPageMs)),
    fasterThanBaseline,
    underOneSecond,
    met: fasterThanBaseline && (dialect === 'sqlite' || underOneSecond) && verified === null,
  };
}

async function main(): Promise<void> {
  cleanUpOnExit();
  const startedAt = new Date().toISOString();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-bench-analytics-'));
  log(`bench:analytics  ${settings.orders} orders over ${DAYS} days, ${settings.rounds} round(s) of ${settings.runs} timed requests, load ${os.loadavg().map(round2).join(' ')}`);
  const results = [];
  try {
    for (const dialect of settings.dialects) results.push(await benchDialect(dialect, workDir));
  } finally {
    await cleanUp();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  const output = {
    benchmark: 'analytics',
    description:
      'salesSummary(groupBy: [CHANNEL, DAY]) over 90 days of generated orders through POST /graphql (gateway in a child process, ADMIN key), every figure selected (and again without the customer counts, beside the baseline without them), beside one hand-written GROUP BY over the raw order tables computing the same figures (units from the lines, distinct and new customers by a first-order probe), run on the same database by the same driver; and a page of the 50 newest customers with stats and segment beside the same stats counted from the raw orders, and `{ __typename }` through the same path (httpFloorMs: what any request costs). Median of the timed requests per round (after one warm-up; 100 for the page, its baseline and the floor), median over rounds.',
    startedAt,
    finishedAt: new Date().toISOString(),
    target: {
      goal: 'salesSummary faster than the raw GROUP BY baseline, and under 1 s on PostgreSQL, for 1,000,000 orders',
      comparedFigure: 'every figure selected: median over rounds of the median request time; ratio = baseline / ours (above 1: ours faster). salesOnly*: the same without new/returning customers, beside the baseline without them (not the target, shown beside it)',
      ...Object.fromEntries(results.map((r) => [r.dialect, r])),
    },
    conditions: {
      node: process.version,
      cpus: os.cpus().length,
      totalMemoryMB: Math.round(os.totalmem() / 1048576),
      gitCommit: gitCommit(),
      sourceDigest: sourceDigest(),
      orders: settings.orders,
      customers: settings.customers,
      seed: settings.seed,
      now: settings.now.toISOString(),
    },
  };
  fs.mkdirSync(path.dirname(settings.out), { recursive: true });
  fs.writeFileSync(settings.out, `${JSON.stringify(output, null, 2)}\n`);
  log(`\nwrote ${path.relative(process.cwd(), settings.out)}`);
}

main().catch(async (error) => {
  console.error(error);
  await cleanUp();
  process.exit(1);
});
