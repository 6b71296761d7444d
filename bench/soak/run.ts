/**
 * `npm run bench:soak`: the gateway under mixed traffic for ten minutes at 70% of the most it
 * sustains. For each database: a fresh database seeded by the generator, the gateway (child
 * process), 500 subscribers of `orderEvents` spread over several processes (bench/fanout), then
 *
 *   calibration – the GraphQL query mix (bench/soak/query-sender.ts, closed loop) and signed
 *                 Shopify webhooks (bench/fanout/producer.ts, flat out) at full speed together,
 *                 with a pos-csv import every few seconds: the rates the gateway sustains;
 *   soak        – the same traffic at BENCH_LOAD_FRACTION (0.7) of those rates, both senders on a
 *                 fixed schedule (open loop), for BENCH_SOAK_SECONDS (600), sampled every second.
 *
 * Reported: errors (target 0), the p99 of each traffic kind in the first and last window (a
 * minute) and their drift (target < 20%), the gateway's RSS after warm-up and at the end (target:
 * flat), the rates achieved against the targets. Writes bench/results/soak.json.
 *
 * Environment (all optional): see bench/README.md.
 */
import 'reflect-metadata';

import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Producer, SubscriberPool } from '../fanout/children';
import { clock, type Collected, type ProduceResult, type SubscriberStatus } from '../fanout/common';
import { collectGarbage, freePort, withInspector } from '../fanout/heap-probe';
import { createBenchDatabase, profile, startGatewayChild } from '../gateway-child';
import { cleanUp, cleanUpOnExit, cleanups, gitCommit, log, memoryOf, round2, sourceDigest, stopChild } from '../harness';
import type { Dialect } from '../query/common';
import { databaseVersion, seed, type DatasetInfo } from '../query/seed';
import { ImportRunner, writeImportFiles, type ImportFile } from './imports';
import { QueryLoad } from './query-load';
import { importReceiptsEnd, MIX_SEQUENCE, queryBodies, QUERY_KINDS } from './queries';
import { printSummary, writeReport, type DatabaseResult } from './report';
import { analyzeCalibration, analyzeSoak, type Phase } from './analysis';
import { cpuSeconds, startSampler, type DeliveryReading, type Sample } from './sampler';
import { settings } from './settings';
import { CHANNELS, ordersByChannel, prepareGateway, verifyQueries } from './setup';
import { QueryTally } from './tally';

cleanUpOnExit();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-bench-soak-'));
cleanups.push(() => fs.rmSync(workDir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Order ids are ID_BASE + seq (bench/fanout/common.ts): every webhook of a run gets its own seq. */
let nextSeq = 0;

interface Rig {
  pid: number;
  child: ChildProcess;
  dialect: string;
  /** SQLite's write-ahead log; null on PostgreSQL. */
  walFile: string | null;
  inspectPort: number;
  producer: Producer;
  queries: QueryLoad;
  pool: SubscriberPool;
  imports: ImportRunner;
  /** Webhooks answered "created" over the whole run, warm-up included: the orders the channel must hold. */
  created: number;
}

/** Until every subscriber has every event (`expected` in all), progress stops for 5 s, or BENCH_DRAIN_SECONDS. */
async function drainDeliveries(pool: SubscriberPool, expected: number): Promise<Phase['drain']> {
  const started = Date.now();
  let delivered = 0;
  let last = -1;
  let lastProgress = Date.now();
  for (;;) {
    const statuses = await pool.all<SubscriberStatus>(() => ({ type: 'status' }));
    delivered = statuses.reduce((n, s) => n + s.measured, 0);
    if (delivered >= expected) break;
    if (delivered !== last) {
      last = delivered;
      lastProgress = Date.now();
    }
    if (Date.now() - lastProgress > 5_000 || Date.now() - started > settings.drainSeconds * 1000) break;
    await sleep(200);
  }
  return { expected, delivered, seconds: round2((Date.now() - started) / 1000) };
}

/** With BENCH_CPU_PROF: the gateway's CPU profile of the first window and of the last, to compare. */
async function profileFirstAndLastWindow(rig: Rig, from: number, to: number): Promise<void> {
  const until = (at: number) => sleep(Math.max(0, at - clock()));
  const window = settings.windowSeconds * 1000;
  for (const [name, start] of [['first', from], ['last', to - window]] as const) {
    await until(start);
    await profile(rig.child, { type: 'profile-start' });
    await until(start + window);
    const file = await profile(rig.child, { type: 'profile-stop', file: path.join(settings.cpuProfileDir!, `soak-${rig.dialect}-${name}-window.cpuprofile`) });
    log(`  CPU profile of the ${name} window: ${file}`);
  }
}

type PhaseMode = { kind: 'max' } | { kind: 'rate'; queryRate: number; webhookRate: number };

interface PhaseOptions {
  imports: boolean;
  /** Sample the gateway every second and report each window. */
  sample: boolean;
  /** Traffic before the windows begin (and the imports' periods with them). */
  leadInSeconds: number;
}

/** Queries and webhooks together for `seconds` (imports too when asked), then the deliveries drained. */
async function runPhase(rig: Rig, mode: PhaseMode, seconds: number, options: PhaseOptions): Promise<Phase> {
  const from = nextSeq;
  await rig.pool.all(() => ({ type: 'measure', from }));
  const tally = new QueryTally();
  const loadavgBefore = os.loadavg().map(round2);
  const startedAt = clock();
  const cpuBefore = cpuSeconds(rig.pid);
  const measuredFrom = startedAt + options.leadInSeconds * 1000;
  const sampler = options.sample ? startSampler(rig.pid, rig.walFile, rig.pool, startedAt, (sample, latest) => progress(sample, latest, measuredFrom, tally)) : null;
  const importing = options.imports && settings.importLines > 0 ? rig.imports.start(settings.importEverySeconds, measuredFrom) : null;
  const profiling = options.sample && settings.cpuProfileDir ? profileFirstAndLastWindow(rig, measuredFrom, startedAt + seconds * 1000) : null;
  const [queries, webhooks] = await Promise.all([
    rig.queries.run(
      mode.kind === 'max' ? { type: 'max', connections: settings.queryConnections, seconds } : { type: 'rate', rate: mode.queryRate, seconds },
      (records) => tally.add(records),
    ),
    rig.producer.run(
      mode.kind === 'max'
        ? { type: 'flat', from, concurrency: settings.webhookSenders, seconds }
        : { type: 'rate', from, rate: mode.webhookRate, seconds },
    ),
  ]);
  await profiling;
  const cpuAfter = cpuSeconds(rig.pid);
  const gatewayCores = cpuBefore !== null && cpuAfter !== null ? round2((cpuAfter - cpuBefore) / ((clock() - startedAt) / 1000)) : null;
  nextSeq = from + webhooks.sent + 1;
  rig.created += webhooks.created;
  const imports = importing ? await importing.stop() : [];
  const { samples, deliveries: deliveryReadings } = sampler ? await sampler.stop() : { samples: [], deliveries: [] };
  const drain = await drainDeliveries(rig.pool, webhooks.created * settings.subscribers);
  return { from, startedAt, seconds, loadavgBefore, queries, tally, webhooks, imports, samples, deliveryReadings, gatewayCores, drain };
}

/** A line at the end of every window of the soak (the first begins at `measuredFrom`): what the gateway did in it, as far as known yet. */
function progress(sample: Sample, latest: DeliveryReading | undefined, measuredFrom: number, tally: QueryTally): void {
  const second = Math.round((sample.at - measuredFrom) / 1000);
  if (second <= 0 || second % settings.windowSeconds !== 0) return;
  const from = sample.at - settings.windowSeconds * 1000;
  const kinds = QUERY_KINDS.map((k) => {
    const s = tally.byKind[k].slice(from, sample.at);
    return `${k} ${s.perSecond}/s p99 ${s.p99Ms} ms`;
  });
  log(
    `  ${String(second).padStart(4)} s  ${kinds.join(', ')}, failed ${tally.failed}  ` +
      `deliveries ${latest?.delivered ?? '?'}  sockets ${latest?.openSockets ?? '?'}  rss ${sample.rssMB} MB${sample.walMB !== null ? `  wal ${sample.walMB} MB` : ''}  load ${sample.load1}`,
  );
}

/** Events, one at a time, until every subscriber has received one (its subscription is live). */
async function liveSubscriptions(rig: Rig): Promise<number> {
  let events = 0;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const one = await rig.producer.run({ type: 'one', seq: nextSeq++ });
    rig.created += one.created;
    events++;
    await sleep(200);
    const statuses = await rig.pool.all<SubscriberStatus>(() => ({ type: 'status' }));
    const withEvents = statuses.reduce((n, s) => n + s.withEvents, 0);
    const open = statuses.reduce((n, s) => n + s.open, 0);
    if (withEvents >= open && events >= 3) return events;
    if (Date.now() > deadline) throw new Error(`only ${withEvents} of ${open} subscribers received an event within 120 s`);
  }
}

/** Heap in use after a full collection (the gateway runs with its inspector on a loopback port), and VmRSS. */
async function memoryAfterGc(rig: Rig): Promise<{ heapMB: number | null; rssMB: number | null; failure?: string }> {
  try {
    const heapMB = await collectGarbage(rig.inspectPort);
    return { heapMB, rssMB: memoryOf(rig.pid)?.vmRSSMB ?? null };
  } catch (error) {
    return { heapMB: null, rssMB: memoryOf(rig.pid)?.vmRSSMB ?? null, failure: (error as Error).message };
  }
}

/** Latency from each webhook's answer to the subscribers' receipt, for the webhooks due in [from, to): the others' answers are hidden. */
function collectWindow(pool: SubscriberPool, webhooks: ProduceResult, rate: number, from: number, to: number): Promise<Collected[]> {
  const answers = webhooks.answers.map((answer, i) => {
    const due = webhooks.startedAt + (i * 1000) / rate;
    return due >= from && due < to ? answer : null;
  });
  return pool.all<Collected>(() => ({ type: 'collect', answers, windowStart: from, windowEnd: to }));
}

async function soakDatabase(dialect: Dialect, importFiles: ImportFile[]): Promise<DatabaseResult> {
  log(`\n=== ${dialect} ===`);
  const { db, drop } = await createBenchDatabase(dialect, workDir, 'salesgraph_bench_soak');
  const stops: (() => Promise<void>)[] = [];
  try {
    let dataset: DatasetInfo | null = null;
    if (settings.orders > 0) {
      dataset = await seed(db, { seed: settings.seed, customers: settings.customers, orders: settings.orders, now: settings.now }, log);
      log(`seeded ${settings.orders} orders, ${settings.customers} customers in ${round2(dataset.seedSeconds)} s`);
    }
    const version = await databaseVersion(db);
    const adminKey = `sg_bench_${randomBytes(24).toString('base64url')}`;
    const secret = `whsec_${randomBytes(16).toString('hex')}`;
    const inspectPort = await freePort();
    const gateway = await withInspector(inspectPort, () => startGatewayChild(db, adminKey));
    stops.push(() => stopChild(gateway.child));
    const rssAfterStartMB = memoryOf(gateway.child.pid)?.vmRSSMB ?? null;
    const subscriberKey = await prepareGateway(gateway.baseUrl, adminKey, secret);
    const bodies = queryBodies(settings.now);
    const queryRows = await verifyQueries(gateway.baseUrl, adminKey, bodies);
    log(`version ${version}; query rows ${JSON.stringify(queryRows)}`);

    const producer = await Producer.start({
      type: 'init',
      baseUrl: gateway.baseUrl,
      target: 'gateway',
      channelCode: CHANNELS.webhooks.code,
      secret,
      seed: settings.seed,
      templates: settings.templates,
    });
    stops.push(() => producer.stop());
    const queries = await QueryLoad.start({
      type: 'init',
      baseUrl: gateway.baseUrl,
      key: adminKey,
      bodies,
      sequence: MIX_SEQUENCE,
      maxSockets: 64,
      timeoutMs: 30_000,
    });
    stops.push(() => queries.stop());
    const pool = SubscriberPool.start(settings.subscribers, settings.processes);
    stops.push(() => pool.stop());
    const rig: Rig = {
      pid: gateway.child.pid!,
      child: gateway.child,
      dialect: db.dialect,
      walFile: db.dialect === 'sqlite' ? `${db.file}-wal` : null,
      inspectPort,
      producer,
      queries,
      pool,
      imports: new ImportRunner(importFiles, { baseUrl: gateway.baseUrl, key: adminKey, channelCode: CHANNELS.imports.code }),
      created: 0,
    };

    const connected = await pool.all<{ type: 'connected'; open: number; failed: number; seconds: number; failureSamples: string[] }>((i) => ({
      type: 'connect',
      url: `${gateway.baseUrl.replace(/^http/, 'ws')}/graphql`,
      key: subscriberKey,
      count: pool.shares[i],
      variables: { channelCodes: [CHANNELS.webhooks.code], types: ['CREATED'], after: null },
      concurrency: 50,
    }));
    const connect = {
      open: connected.reduce((n, c) => n + c.open, 0),
      failed: connected.reduce((n, c) => n + c.failed, 0),
      seconds: round2(Math.max(...connected.map((c) => c.seconds))),
      failureSamples: connected.flatMap((c) => c.failureSamples).slice(0, 5),
    };
    const subscriptionWarmupEvents = settings.subscribers > 0 ? await liveSubscriptions(rig) : 0;
    const rssSubscribedMB = memoryOf(rig.pid)?.vmRSSMB ?? null;
    log(`${connect.open} subscribers over ${pool.shares.length} processes in ${connect.seconds} s${connect.failed ? `, ${connect.failed} FAILED` : ''}; gateway RSS ${rssSubscribedMB} MB`);

    if (settings.warmupSeconds > 0) {
      const warm = await runPhase(rig, { kind: 'max' }, settings.warmupSeconds, { imports: false, sample: false, leadInSeconds: 0 });
      log(`warm-up ${settings.warmupSeconds} s: ${warm.queries.outcomes[0]} queries, ${warm.webhooks.created} webhooks`);
    }

    // read before the calibration: a full collection just before the soak would slow its first seconds
    const before = await memoryAfterGc(rig);
    log(`calibration: ${settings.calibrationSeconds} s at full speed (${settings.queryConnections} query connections, ${settings.webhookSenders} webhook senders, an import every ${settings.importEverySeconds} s)`);
    const calibrationPhase = await runPhase(rig, { kind: 'max' }, settings.calibrationSeconds, { imports: true, sample: false, leadInSeconds: 0 });
    const calibration = analyzeCalibration(calibrationPhase);
    log(
      `  queries ${calibration.queriesPerSecond}/s (${QUERY_KINDS.map((k) => `${k} ${calibration.queriesPerSecondByKind[k]}`).join(', ')}), ` +
        `webhooks ${calibration.webhooksPerSecond}/s, deliveries ${calibration.deliveries.delivered}/${calibration.deliveries.expected}, ` +
        `gateway ${calibration.gatewayCores} cores, errors ${calibration.errors}, load ${calibrationPhase.loadavgBefore.join(' ')}`,
    );
    // and again after it: the calibration is the first to run imports, and what they set up once
    // (code, pools) belongs to neither the warm-up nor the soak; the soak's lead-in absorbs the pause
    const calibrated = await memoryAfterGc(rig);
    const queryRate = round2(calibration.queriesPerSecond * settings.fraction);
    const webhookRate = round2(calibration.webhooksPerSecond * settings.fraction);
    if (!(queryRate > 0 && webhookRate > 0)) throw new Error(`calibration found no sustainable rate (queries ${queryRate}/s, webhooks ${webhookRate}/s)`);

    log(
      `soak: ${settings.soakSeconds} s (after ${settings.leadInSeconds} s of lead-in) at ${settings.fraction} of it: queries ${queryRate}/s, webhooks ${webhookRate}/s ` +
        `(${Math.round(webhookRate * settings.subscribers)} deliveries/s), windows of ${settings.windowSeconds} s; gateway heap after GC ${before.heapMB} MB before the calibration, ${calibrated.heapMB} MB after it`,
    );
    const soakPhase = await runPhase(rig, { kind: 'rate', queryRate, webhookRate }, settings.leadInSeconds + settings.soakSeconds, {
      imports: true,
      sample: true,
      leadInSeconds: settings.leadInSeconds,
    });
    const after = await memoryAfterGc(rig);
    const full = await pool.all<Collected>(() => ({
      type: 'collect',
      answers: soakPhase.webhooks.answers,
      windowStart: soakPhase.webhooks.startedAt,
      windowEnd: soakPhase.webhooks.endedAt,
    }));
    const soak = await analyzeSoak(soakPhase, {
      queryRate,
      webhookRate,
      full,
      perWindow: (from, to) => collectWindow(pool, soakPhase.webhooks, webhookRate, from, to),
      heap: { before, calibrated, after },
    });
    const memory = memoryOf(rig.pid);

    for (const stop of stops.reverse()) await stop();
    stops.length = 0;
    const stored = await ordersByChannel(db);
    const importedSales = rig.imports.records.filter((r) => r.status === 200).reduce((n, r) => n + r.saleReceipts, 0);
    const counts = {
      webhookOrders: { expected: rig.created, stored: stored[CHANNELS.webhooks.code] ?? 0 },
      importOrders: { expected: importedSales, stored: stored[CHANNELS.imports.code] ?? 0 },
      verified: false,
    };
    counts.verified = counts.webhookOrders.expected === counts.webhookOrders.stored && counts.importOrders.expected === counts.importOrders.stored;
    return {
      dialect,
      version,
      dataset,
      setup: { queryRows, webhookBodyBytes: producer.bodyBytes, connect, subscriptionWarmupEvents, rssAfterStartMB, rssSubscribedMB },
      calibration,
      soak,
      counts,
      memory,
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
    await drop();
  }
}

async function main(): Promise<void> {
  const started = new Date();
  // read before the run: the tree may move on while it lasts
  const commit = gitCommit();
  const digest = sourceDigest();
  const loadavgAtStart = os.loadavg().map(round2);
  log(
    `bench:soak  ${settings.soakSeconds} s at ${settings.fraction} of the calibrated maximum, ${settings.subscribers} subscribers, ` +
      `an import of ${settings.importLines} lines every ${settings.importEverySeconds} s, databases ${settings.dialects.join(', ')}, load ${loadavgAtStart.join(' ')}`,
  );
  // every database starts empty, so each imports the same files
  const count = Math.ceil(settings.calibrationSeconds / settings.importEverySeconds) + Math.ceil(settings.soakSeconds / settings.importEverySeconds) + 1;
  const importFiles = settings.importLines > 0 ? writeImportFiles(workDir, count, settings.importLines, settings.seed, importReceiptsEnd(settings.now)) : [];
  const results: DatabaseResult[] = [];
  for (const dialect of settings.dialects) results.push(await soakDatabase(dialect, importFiles));
  const report = writeReport(results, { started, commit, digest, loadavgAtStart, importFiles: importFiles.length });
  printSummary(report, results);
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
