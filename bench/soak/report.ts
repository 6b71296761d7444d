/**
 * The results of `npm run bench:soak`: each database's figures against the targets, the results
 * file (bench/results/soak.json) and the summary printed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { log, memoryOf, type sourceDigest } from '../harness';
import type { Dialect } from '../query/common';
import type { DatasetInfo } from '../query/seed';
import type { CalibrationReport, SoakReport } from './analysis';
import { importReceiptsEnd, MIX, SUMMARY_DAYS, type QueryKind } from './queries';
import { settings } from './settings';
import { DRIFT_LIMIT, MIN_REQUESTS_FOR_DRIFT, RSS_GROWTH_LIMIT, RSS_STEP_MB, RSS_TREND_STEPS, type Drift } from './stats';

export interface DatabaseResult {
  dialect: Dialect;
  version: string;
  dataset: DatasetInfo | null;
  setup: {
    queryRows: Record<QueryKind, number>;
    webhookBodyBytes: number;
    connect: { open: number; failed: number; seconds: number; failureSamples: string[] };
    subscriptionWarmupEvents: number;
    rssAfterStartMB: number | null;
    rssSubscribedMB: number | null;
  };
  calibration: CalibrationReport;
  soak: SoakReport;
  counts: { webhookOrders: { expected: number; stored: number }; importOrders: { expected: number; stored: number }; verified: boolean };
  memory: ReturnType<typeof memoryOf>;
}

function targetFor(r: DatabaseResult) {
  const s = r.soak;
  const kinds = Object.fromEntries(Object.entries(s.drift).filter(([, d]) => d.judged)) as Record<string, Drift>;
  const driftMet = Object.keys(kinds).length ? Object.values(kinds).every((d) => d.met) : null;
  const errorsMet = s.errors.count === 0;
  return {
    errors: { count: s.errors.count, goal: 0, met: errorsMet },
    p99Drift: {
      goal: `< ${DRIFT_LIMIT * 100}% from the first window to the last, for each kind with >= ${MIN_REQUESTS_FOR_DRIFT} successful requests in both`,
      judgedKinds: kinds,
      notJudged: Object.keys(s.drift).filter((k) => !s.drift[k as keyof typeof s.drift].judged),
      met: driftMet,
    },
    rss: {
      goal: `flat after warm-up: growth < ${RSS_GROWTH_LIMIT * 100}% from the warm-up window to the last, and not rising by > ${RSS_STEP_MB} MB at each of the last ${RSS_TREND_STEPS} window steps`,
      warmupMB: s.rss.warmupMB,
      endMB: s.rss.endMB,
      growthMB: s.rss.growthMB,
      growthPercent: s.rss.growthPercent,
      slopeMBPerMinute: s.rss.slopeMBPerMinute,
      rising: s.rss.rising,
      trendJudged: s.rss.trendJudged,
      met: s.rss.flat,
    },
    rates: { queries: s.rates.queries, webhooks: s.rates.webhooks, deliveries: s.rates.deliveries },
    met: errorsMet && driftMet === true && s.rss.flat === true,
  };
}

export interface ReportMeta {
  started: Date;
  commit: string | null;
  digest: ReturnType<typeof sourceDigest>;
  loadavgAtStart: number[];
  importFiles: number;
}

export function writeReport(results: DatabaseResult[], meta: ReportMeta) {
  const report = {
    benchmark: 'soak',
    description:
      'Mixed traffic for BENCH_SOAK_SECONDS at a fraction of the rates the gateway sustained at full speed in a calibration just before: ' +
      'GraphQL queries (orders, customers, salesSummary) and signed Shopify webhooks sent on a fixed schedule, a pos-csv import every few seconds, ' +
      'and subscribers of orderEvents counting every event. Errors, p99 per window and its drift, gateway RSS sampled every second.',
    startedAt: meta.started.toISOString(),
    finishedAt: new Date().toISOString(),
    target: {
      comparedFigures:
        `errors during the soak: 0; p99 of each traffic kind, last window against the first: < +${DRIFT_LIMIT * 100}%; ` +
        `gateway RSS from the warm-up window to the last: flat (growth < ${RSS_GROWTH_LIMIT * 100}%, no steady rise)`,
      issueSize: settings.soakSeconds >= 600 && settings.subscribers >= 500 && settings.fraction === 0.7,
      databases: Object.fromEntries(results.map((r) => [r.dialect, targetFor(r)])) as Partial<Record<Dialect, ReturnType<typeof targetFor>>>,
      valid: results.every((r) => r.counts.verified),
    },
    conditions: {
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
      gitCommit: meta.commit,
      sourceDigest: meta.digest,
      loadavgAtStart: meta.loadavgAtStart,
      databases: Object.fromEntries(results.map((r) => [r.dialect, r.version])),
      soakSeconds: settings.soakSeconds,
      leadInSeconds: settings.leadInSeconds,
      windowSeconds: settings.windowSeconds,
      calibrationSeconds: settings.calibrationSeconds,
      warmupSeconds: settings.warmupSeconds,
      fraction: settings.fraction,
      subscribers: settings.subscribers,
      subscriberProcesses: settings.processes,
      queryConnections: settings.queryConnections,
      webhookSenders: settings.webhookSenders,
      queryMix: MIX,
      importEverySeconds: settings.importEverySeconds,
      importLines: settings.importLines,
      importFiles: meta.importFiles,
      importReceipts: { days: 90, through: importReceiptsEnd(settings.now).toISOString() },
      summaryWindow: { days: SUMMARY_DAYS, through: settings.now.toISOString() },
      dataset: { orders: settings.orders, customers: settings.customers, seed: settings.seed, now: settings.now.toISOString() },
      webhookTemplates: settings.templates,
      serverNodeEnv: 'production',
      rateLimits: 'off (bench/query/server-ours.ts): the soak measures one gateway, not the limits a client gets',
    },
    notes: [
      'Calibration: the query mix in a closed loop (BENCH_QUERY_CONNECTIONS requests in flight) and webhooks flat out (BENCH_WEBHOOK_SENDERS senders) together, with the subscribers attached and the imports running: the rates measured are the most the gateway sustains of this mix, in the proportion the two concurrencies give.',
      'Soak: both senders open loop: request i is sent at start + i / rate whatever the answers, and its latency counts from that due time, so a gateway that slows shows as longer latencies, not as a lower rate (autocannon\'s overallRate is a per-connection budget per second, sent at the start of each second, closed loop).',
      'Queries: every answer is read and checked (200, JSON, no GraphQL errors, the root field present); p99 is over successful requests, by the second they were due.',
      'Webhooks: signed Shopify orders/create deliveries (bench/fanout/producer.ts); a success is 200 with result "created"; latency from the due time to the answer.',
      'Deliveries: every subscriber must receive every created event once (bench/fanout/subscribers.ts counts per socket); latency from the webhook answer to receipt, by the window the webhook was due in.',
      'Imports: pos-csv files of new receipts, one every BENCH_IMPORT_EVERY seconds (or when the previous one answered); a success is 200 with every receipt accepted and no line rejected. Too few per window for their drift to be judged.',
      'Stationary work: the import files\' receipts are dated in the 90 days before the salesSummary window (importReceipts, summaryWindow) and the webhooks\' orders now, after it, so every summary sums the same slots from the first minute to the last; the orders and customers queries read a page of the newest.',
      'RSS: VmRSS of the gateway every second; the warm-up figure is the median of the second window, the end figure the median of the last. Heap after a full collection (through the inspector) after the warm-up, after the calibration (the first imports run in it; the lead-in before the soak absorbs the pause) and after the soak.',
      'All processes (gateway, query load, webhook producer, subscriber processes, PostgreSQL) share the machine: compare the load average per window before reading a drift.',
    ],
    databases: Object.fromEntries(results.map((r) => [r.dialect, r])),
  };
  fs.mkdirSync(path.dirname(settings.out), { recursive: true });
  fs.writeFileSync(settings.out, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

// ---------------------------------------------------------------- the summary

const pct = (d: number | null) => (d === null ? 'n/a' : `${d >= 0 ? '+' : ''}${Math.round(d * 1000) / 10}%`);
const yes = (met: boolean | null) => (met === null ? 'not judged' : met ? 'met' : 'NOT met');

export function printSummary(report: ReturnType<typeof writeReport>, results: DatabaseResult[]): void {
  for (const r of results) {
    const s = r.soak;
    const t = report.target.databases[r.dialect]!;
    log(`\n${r.dialect} ${r.version}: ${s.seconds} s, ${s.windows} windows of ${s.windowSeconds} s, load ${s.loadavgBefore.join(' ')} before`);
    log(
      `  calibrated: queries ${r.calibration.queriesPerSecond}/s, webhooks ${r.calibration.webhooksPerSecond}/s; ` +
        `soak target (${settings.fraction}): queries ${s.rates.queries.target}/s achieved ${s.rates.queries.achieved} (${s.rates.queries.ratio}), ` +
        `webhooks ${s.rates.webhooks.target}/s achieved ${s.rates.webhooks.achieved} (${s.rates.webhooks.ratio}), ` +
        `deliveries ${s.rates.deliveries.target}/s achieved ${s.rates.deliveries.achieved}`,
    );
    log(`  lead-in ${s.leadInSeconds} s (outside the windows): queries p99 ${s.leadIn.queriesP99Ms} ms, webhooks p99 ${s.leadIn.webhooksP99Ms} ms`);
    log(['  kind', 'first p99 ms', 'last p99 ms', 'drift', 'requests first/last', 'judged'].join(' | '));
    for (const [kind, d] of Object.entries(s.drift)) {
      log(`  ${kind} | ${d.firstP99Ms} | ${d.lastP99Ms} | ${pct(d.drift)} | ${d.firstCount}/${d.lastCount} | ${d.judged ? yes(d.met) : 'no'}`);
    }
    log(
      `  RSS: warm-up ${s.rss.warmupMB} MB, end ${s.rss.endMB} MB, growth ${s.rss.growthMB} MB (${s.rss.growthPercent}%), ` +
        `slope ${s.rss.slopeMBPerMinute} MB/min, per window ${s.rss.windowMediansMB.join(' ')}; heap after GC ${s.heapAfterGc.beforeCalibrationMB} MB before the calibration, ${s.heapAfterGc.afterCalibrationMB} MB after it, ${s.heapAfterGc.afterSoakMB} MB after the soak`,
    );
    log(
      `  errors ${s.errors.count}: queries ${r.soak.errors.count ? JSON.stringify(s.errors.queries) : 0}, webhooks ${JSON.stringify(s.errors.webhooks)}, ` +
        `imports ${JSON.stringify(s.errors.imports)}, deliveries ${JSON.stringify(s.errors.deliveries)}`,
    );
    for (const sample of s.errors.samples.slice(0, 3)) log(`  !! ${sample}`);
    log(`  stored orders: webhooks ${r.counts.webhookOrders.stored}/${r.counts.webhookOrders.expected}, imports ${r.counts.importOrders.stored}/${r.counts.importOrders.expected}${r.counts.verified ? '' : '  NOT VERIFIED'}`);
    log(`  ${r.dialect}: errors ${yes(t.errors.met)}; p99 drift ${yes(t.p99Drift.met)}; RSS flat ${yes(t.rss.met)}${s.rss.trendJudged ? '' : ' (too few windows for a trend)'}`);
  }
  log(`\nwrote ${path.relative(process.cwd(), settings.out)}`);
  if (!report.target.issueSize) log('(not the issue\'s size: BENCH_SOAK_SECONDS=600, BENCH_SUBSCRIBERS=500, BENCH_LOAD_FRACTION=0.7)');
}
