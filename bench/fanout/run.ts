/**
 * `npm run bench:fanout`: live order events delivered to many subscribers. For each database, the
 * gateway (child process) and a bare `ws` broadcast server (bench/fanout/bare-server.ts) each get
 * the same scenarios, alternating, round after round:
 *
 *   rate  – 1,000 subscribers, orders at 10/s        (10,000 deliveries/s)
 *   wide  – 5,000 subscribers, orders at 2/s         (10,000 deliveries/s)
 *   flat  – 1,000 subscribers, orders flat out (50 senders)
 *
 * Subscribers are raw graphql-transport-ws clients spread over several processes
 * (bench/fanout/subscribers.ts); orders are signed Shopify webhooks from a producer process
 * (bench/fanout/producer.ts), one CREATED event each. Measured: deliveries/s, latency from the
 * webhook's 200 answer (sent after commit) and from the event's occurredAt to the client's
 * receipt, server RSS per 1,000 idle subscribers. Then a replay: one subscriber resumes
 * with `after:` before a log of 100,000 events (seeded beforehand) and times their arrival.
 * Writes bench/results/fanout.json.
 *
 * Environment (all optional): see bench/README.md.
 */
import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { projectRoot } from '../../src/common/project-root';
import { createBenchDatabase, profile, startGatewayChild, type RunningGateway } from '../gateway-child';
import { cleanUp, cleanUpOnExit, cleanups, envNumber, gitCommit, log, median, memoryOf, round2, round3, sourceDigest, spread, stopChild, type Spread } from '../harness';
import type { Dialect } from '../query/common';
import { databaseVersion } from '../query/seed';
import { Producer, startBareServer, SubscriberPool, type BareServer } from './children';
import { merge, summarize, type Collected, type Histogram, type LatencySummary, type ProduceResult, type Replayed, type SubscriberStatus } from './common';
import { collectGarbage, freePort, withInspector } from './heap-probe';
import { seedReplayLog, type ReplayLog } from './replay-log';

const CHANNEL = 'bench-shopify';
const RESULTS_DIR = path.join(projectRoot(), 'bench', 'results');
const TARGET = { p99Ms: 100, flatRatio: 0.6 };
/** Profiled figures carry the profiler's overhead: they go to their own file. */
const defaultOutFile = () => (process.env.BENCH_CPU_PROF ? 'fanout.profiled.json' : 'fanout.json');

const settings = (() => {
  const dbChoice = (process.env.BENCH_DB ?? 'both').trim();
  if (!['sqlite', 'postgresql', 'both'].includes(dbChoice)) throw new Error(`BENCH_DB must be sqlite, postgresql or both; got "${dbChoice}"`);
  const subscribers = Math.max(1, envNumber('BENCH_SUBSCRIBERS', 1_000, true));
  const only = (process.env.BENCH_SCENARIOS ?? 'rate,wide,flat').split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of only) if (!['rate', 'wide', 'flat'].includes(s)) throw new Error(`BENCH_SCENARIOS lists rate, wide, flat; got "${s}"`);
  return {
    dialects: (dbChoice === 'both' ? ['sqlite', 'postgresql'] : [dbChoice]) as Dialect[],
    subscribers,
    wideSubscribers: Math.max(1, envNumber('BENCH_WIDE_SUBSCRIBERS', subscribers * 5, true)),
    rate: envNumber('BENCH_RATE', 10),
    wideRate: envNumber('BENCH_WIDE_RATE', 2),
    seconds: envNumber('BENCH_SECONDS', 20),
    flatConcurrency: Math.max(1, envNumber('BENCH_FLAT_CONCURRENCY', 50, true)),
    processes: Math.max(1, envNumber('BENCH_PROCESSES', 4, true)),
    rounds: Math.max(1, envNumber('BENCH_ROUNDS', 3, true)),
    drainSeconds: envNumber('BENCH_DRAIN_SECONDS', 15),
    replay: envNumber('BENCH_REPLAY', 100_000, true),
    replayRounds: envNumber('BENCH_REPLAY_ROUNDS', Math.min(3, envNumber('BENCH_ROUNDS', 3, true)), true),
    replayTimeout: envNumber('BENCH_REPLAY_TIMEOUT', 600),
    scenarios: only as ScenarioName[],
    templates: Math.max(1, envNumber('BENCH_TEMPLATES', 300, true)),
    seed: envNumber('BENCH_SEED', 5, true),
    now: new Date(process.env.BENCH_NOW ?? '2026-11-01T12:00:00Z'),
    cpuProfileDir: process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null,
    out: path.resolve(process.env.BENCH_OUT ?? path.join(RESULTS_DIR, defaultOutFile())),
  };
})();

type ScenarioName = 'rate' | 'wide' | 'flat';
type ServerName = 'ours' | 'bare';

interface Scenario {
  name: ScenarioName;
  subscribers: number;
  /** Orders per second; null: flat out. */
  rate: number | null;
  describe: string;
}

const SCENARIOS: Record<ScenarioName, Scenario> = {
  rate: { name: 'rate', subscribers: settings.subscribers, rate: settings.rate, describe: `${settings.subscribers} subscribers x ${settings.rate} events/s` },
  wide: { name: 'wide', subscribers: settings.wideSubscribers, rate: settings.wideRate, describe: `${settings.wideSubscribers} subscribers x ${settings.wideRate} events/s` },
  flat: { name: 'flat', subscribers: settings.subscribers, rate: null, describe: `${settings.subscribers} subscribers, flat out (${settings.flatConcurrency} senders)` },
};

cleanUpOnExit();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-bench-fanout-'));
cleanups.push(() => fs.rmSync(workDir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Order ids are ID_BASE + seq: every send of the whole run gets its own seq. */
let nextSeq = 0;

// ---------------------------------------------------------------- the servers under test

interface Target {
  name: ServerName;
  pid: number;
  /** Its inspector, for a full garbage collection before each memory reading. */
  inspectPort: number;
  wsUrl: string;
  key: string;
  producer: Producer;
  /** The gateway's process, for a CPU profile of each measured run (BENCH_CPU_PROF). */
  child?: RunningGateway['child'];
}

async function gql(baseUrl: string, key: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (response.status !== 200 || json.errors || !json.data) throw new Error(`GraphQL failed (${response.status}): ${JSON.stringify(json).slice(0, 800)}`);
  return json.data;
}

/** The bench channel (webhook secret) and a DASHBOARD key for the subscribers, made through the API. */
async function prepareGateway(gateway: RunningGateway, adminKey: string, secret: string): Promise<string> {
  await gql(gateway.baseUrl, adminKey, 'mutation C($input: CreateChannelInput!) { createChannel(input: $input) { id } }', {
    input: { code: CHANNEL, name: 'Bench Shopify', kind: 'STOREFRONT', plugin: 'shopify', currencyCode: 'USD', countryCode: 'US', webhookSecret: secret },
  });
  const data = await gql(gateway.baseUrl, adminKey, 'mutation K($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }', {
    input: { name: 'bench-fanout dashboard', role: 'DASHBOARD' },
  });
  return (data.createApiKey as { key: string }).key;
}

// ---------------------------------------------------------------- one live run

interface LiveRun {
  server: ServerName;
  scenario: ScenarioName;
  round: number;
  subscribers: number;
  processes: number;
  loadavgBefore: number[];
  connect: { open: number; failed: number; seconds: number; failureSamples: string[] };
  warmupEvents: number;
  /** The server's CPU over the send window, and per delivery from the first send to the end of the drain. */
  cpu: { serverCoresInWindow: number | null; serverMicrosecondsPerDelivery: number | null };
  /** After a full garbage collection: before the clients connect, and with all connected, subscribed and idle. */
  memory: {
    heapBeforeMB: number | null;
    heapConnectedMB: number | null;
    heapPer1000SubscribersMB: number | null;
    rssBeforeMB: number | null;
    rssConnectedMB: number | null;
    rssPer1000SubscribersMB: number | null;
    failure?: string;
    afterRun: ReturnType<typeof memoryOf>;
  };
  producer: Omit<ProduceResult, 'answers' | 'type' | 'startedAt' | 'endedAt'>;
  deliveries: {
    expected: number;
    delivered: number;
    inWindow: number;
    /** Deliveries received during the send window / its length: the rate the server sustains. */
    perSecondInWindow: number;
    /** Every delivery / time from the first send to the last receipt. */
    perSecondOverall: number;
    drainSeconds: number;
    perSocketMin: number;
    perSocketMax: number;
    unknown: number;
    /** Average size of a next message as received. */
    messageBytes: number | null;
    closes: Record<string, number>;
    errors: number;
    errorSamples: string[];
    complete: boolean;
  };
  latencyFromAnswerMs: LatencySummary;
  latencyFromOccurredAtMs: LatencySummary;
}

/** VmRSS of `pid`: the median of five samples 200 ms apart (RSS moves with every collection). */
async function sampleRss(pid: number): Promise<number | null> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    if (i) await sleep(200);
    const rss = memoryOf(pid)?.vmRSSMB;
    if (rss !== undefined) samples.push(rss);
  }
  return samples.length ? median(samples) : null;
}

/** CPU seconds (user + system) a process has used so far (Linux), or null. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

/** Heap in use and VmRSS of the server after a full garbage collection. */
async function measureMemory(target: Target): Promise<{ heapMB: number | null; rssMB: number | null; failure?: string }> {
  let heapMB: number | null = null;
  let failure: string | undefined;
  try {
    heapMB = await collectGarbage(target.inspectPort);
  } catch (error) {
    failure = (error as Error).message;
  }
  return { heapMB, rssMB: await sampleRss(target.pid), ...(failure ? { failure } : {}) };
}

const per1000 = (before: number | null, after: number | null, open: number): number | null =>
  before !== null && after !== null && open ? round2((after - before) / (open / 1000)) : null;

async function liveRun(target: Target, scenario: Scenario, round: number): Promise<LiveRun> {
  const before = await measureMemory(target);
  const pool = SubscriberPool.start(scenario.subscribers, settings.processes);
  try {
    const variables = { channelCodes: [CHANNEL], types: ['CREATED'], after: null };
    const connected = await pool.all<{ type: 'connected'; open: number; failed: number; seconds: number; failureSamples: string[] }>((i) => ({
      type: 'connect',
      url: `${target.wsUrl}/graphql`,
      key: target.key,
      count: pool.shares[i],
      variables,
      concurrency: 50,
    }));
    const connect = {
      open: connected.reduce((n, c) => n + c.open, 0),
      failed: connected.reduce((n, c) => n + c.failed, 0),
      seconds: round2(Math.max(...connected.map((c) => c.seconds))),
      failureSamples: connected.flatMap((c) => c.failureSamples).slice(0, 5),
    };

    // warm-up: events until every socket has received one (its subscription is live)
    let warmupEvents = 0;
    const warmupDeadline = Date.now() + 120_000;
    for (;;) {
      await target.producer.run({ type: 'one', seq: nextSeq++ });
      warmupEvents++;
      await sleep(200);
      const statuses = await pool.all<SubscriberStatus>(() => ({ type: 'status' }));
      const withEvents = statuses.reduce((n, s) => n + s.withEvents, 0);
      const open = statuses.reduce((n, s) => n + s.open, 0);
      if (withEvents >= open && warmupEvents >= 3) break;
      if (Date.now() > warmupDeadline) throw new Error(`${target.name}: only ${withEvents} of ${open} subscribers received a warm-up event within 120 s`);
    }
    await sleep(1_000);
    const connectedMemory = await measureMemory(target);

    const from = nextSeq;
    await pool.all(() => ({ type: 'measure', from }));
    const loadavgBefore = os.loadavg().map(round2);
    const profiling = settings.cpuProfileDir && target.child ? target.child : null;
    if (profiling) await profile(profiling, { type: 'profile-start' });
    const cpuBefore = cpuSeconds(target.pid);
    const produced = await target.producer.run(
      scenario.rate === null
        ? { type: 'flat', from, concurrency: settings.flatConcurrency, seconds: settings.seconds }
        : { type: 'rate', from, rate: scenario.rate, seconds: settings.seconds },
    );
    nextSeq = from + produced.sent + 1;
    const cpuAfterSend = cpuSeconds(target.pid);

    // drain: until every open socket has every event, progress stops for 5 s, or the cap
    const drainStarted = Date.now();
    let expected = produced.created * connect.open;
    let last = -1;
    let lastProgress = Date.now();
    for (;;) {
      const statuses = await pool.all<SubscriberStatus>(() => ({ type: 'status' }));
      const measured = statuses.reduce((n, s) => n + s.measured, 0);
      if (measured >= expected) break;
      if (measured !== last) {
        last = measured;
        lastProgress = Date.now();
      }
      if (Date.now() - lastProgress > 5_000 || Date.now() - drainStarted > settings.drainSeconds * 1000) break;
      await sleep(200);
    }
    const drainSeconds = round2((Date.now() - drainStarted) / 1000);
    const cpuAfterDrain = cpuSeconds(target.pid);
    if (profiling) {
      fs.mkdirSync(settings.cpuProfileDir!, { recursive: true });
      const file = await profile(profiling, { type: 'profile-stop', file: path.join(settings.cpuProfileDir!, `fanout-${scenario.name}-round${round}-${process.pid}.cpuprofile`) });
      log(`  CPU profile: ${file}`);
    }

    const collected = await pool.all<Collected>(() => ({ type: 'collect', answers: produced.answers, windowStart: produced.startedAt, windowEnd: produced.endedAt }));
    const fromAnswer: Histogram = new Map();
    const fromOccurredAt: Histogram = new Map();
    const closes: Record<string, number> = {};
    for (const c of collected) {
      merge(fromAnswer, c.fromAnswer);
      merge(fromOccurredAt, c.fromOccurredAt);
      for (const [code, n] of Object.entries(c.closes)) closes[code] = (closes[code] ?? 0) + n;
    }
    const delivered = collected.reduce((n, c) => n + c.measured, 0);
    const inWindow = collected.reduce((n, c) => n + c.inWindow, 0);
    const lastReceipt = Math.max(...collected.map((c) => c.lastReceipt ?? produced.startedAt));
    const errors = collected.reduce((n, c) => n + c.errors, 0);
    expected = produced.created * connect.open;
    const { answers: _answers, type: _type, startedAt: _s, endedAt: _e, ...producer } = produced;
    return {
      server: target.name,
      scenario: scenario.name,
      round,
      subscribers: scenario.subscribers,
      processes: pool.shares.length,
      loadavgBefore,
      connect,
      warmupEvents,
      cpu: {
        serverCoresInWindow: cpuBefore !== null && cpuAfterSend !== null ? round2((cpuAfterSend - cpuBefore) / ((produced.endedAt - produced.startedAt) / 1000)) : null,
        serverMicrosecondsPerDelivery: cpuBefore !== null && cpuAfterDrain !== null && delivered ? round2(((cpuAfterDrain - cpuBefore) * 1e6) / delivered) : null,
      },
      memory: {
        heapBeforeMB: before.heapMB,
        heapConnectedMB: connectedMemory.heapMB,
        heapPer1000SubscribersMB: per1000(before.heapMB, connectedMemory.heapMB, connect.open),
        rssBeforeMB: before.rssMB,
        rssConnectedMB: connectedMemory.rssMB,
        rssPer1000SubscribersMB: per1000(before.rssMB, connectedMemory.rssMB, connect.open),
        ...(before.failure || connectedMemory.failure ? { failure: before.failure ?? connectedMemory.failure } : {}),
        afterRun: memoryOf(target.pid),
      },
      producer,
      deliveries: {
        expected,
        delivered,
        inWindow,
        perSecondInWindow: Math.round(inWindow / ((produced.endedAt - produced.startedAt) / 1000)),
        perSecondOverall: Math.round(delivered / Math.max(0.001, (lastReceipt - produced.startedAt) / 1000)),
        drainSeconds,
        perSocketMin: Math.min(...collected.map((c) => c.perSocketMin)),
        perSocketMax: Math.max(...collected.map((c) => c.perSocketMax)),
        unknown: collected.reduce((n, c) => n + c.unknown, 0),
        messageBytes: delivered ? Math.round(collected.reduce((n, c) => n + c.bytes, 0) / delivered) : null,
        closes,
        errors,
        errorSamples: collected.flatMap((c) => c.errorSamples).slice(0, 5),
        complete: delivered === expected && errors === 0 && connect.failed === 0,
      },
      latencyFromAnswerMs: summarize(fromAnswer),
      latencyFromOccurredAtMs: summarize(fromOccurredAt),
    };
  } finally {
    await pool.stop();
    await sleep(2_000); // the server closes the subscriptions and settles
  }
}

function describeRun(r: LiveRun): string {
  const d = r.deliveries;
  const l = r.latencyFromAnswerMs;
  const closes = Object.entries(d.closes).filter(([code]) => code !== '1005' && code !== '1006');
  return (
    `  round ${r.round} ${r.scenario.padEnd(4)} ${r.server.padEnd(4)}  ${String(d.perSecondInWindow).padStart(7)} deliveries/s  ` +
    `p50 ${l.p50} ms  p99 ${l.p99} ms  (occurredAt p99 ${r.latencyFromOccurredAtMs.p99})  ` +
    `events ${r.producer.created} (${r.producer.eventsPerSecond}/s)  delivered ${d.delivered}/${d.expected}${d.complete ? '' : ' INCOMPLETE'}  ` +
    `cpu ${r.cpu.serverCoresInWindow} cores, ${r.cpu.serverMicrosecondsPerDelivery} µs/delivery  ${d.messageBytes} B/msg  rss +${r.memory.rssPer1000SubscribersMB} MB/1000  connect ${r.connect.seconds}s` +
    (closes.length ? `  closes ${JSON.stringify(Object.fromEntries(closes))}` : '') +
    (r.producer.samples.length ? `  !! ${r.producer.samples[0]}` : '') +
    (d.errorSamples.length ? `  !! ${d.errorSamples[0]}` : '') +
    `  load ${r.loadavgBefore.join(' ')}`
  );
}

// ---------------------------------------------------------------- replay

interface ReplayRun {
  server: ServerName;
  round: number;
  loadavgBefore: number[];
  events: number;
  received: number;
  seconds: number;
  eventsPerSecond: number;
  firstEventSeconds: number | null;
  outOfOrder: number;
  /** The close code when the socket closed before every event arrived. */
  closedWith: number | null;
  errors: number;
  errorSamples: string[];
  complete: boolean;
  memoryAfter: ReturnType<typeof memoryOf>;
}

async function replayRun(target: Target, round: number, events: number): Promise<ReplayRun> {
  const pool = SubscriberPool.start(1, 1);
  try {
    const loadavgBefore = os.loadavg().map(round2);
    const [r] = await pool.all<Replayed>(() => ({
      type: 'replay',
      url: `${target.wsUrl}/graphql`,
      key: target.key,
      variables: { after: Buffer.from('event:0', 'utf8').toString('base64url') },
      events,
      timeoutMs: settings.replayTimeout * 1000,
    }));
    return {
      server: target.name,
      round,
      loadavgBefore,
      events,
      received: r.received,
      seconds: round3(r.seconds),
      eventsPerSecond: Math.round(r.received / Math.max(r.seconds, 0.001)),
      firstEventSeconds: r.firstEventSeconds === null ? null : round3(r.firstEventSeconds),
      outOfOrder: r.outOfOrder,
      closedWith: r.closedWith,
      errors: r.errors,
      errorSamples: r.errorSamples,
      complete: r.received === events && r.errors === 0 && r.outOfOrder === 0,
      memoryAfter: memoryOf(target.pid),
    };
  } finally {
    await pool.stop();
    await sleep(500);
  }
}

// ---------------------------------------------------------------- one database

interface ScenarioSummary {
  describe: string;
  subscribers: number;
  eventsPerSecond: number | null;
  ours: ServerSummary;
  bare: ServerSummary;
  /** ours / bare deliveries per second in the send window, per round. */
  ratio: Spread & { perRound: number[] };
}

interface ServerSummary {
  deliveriesPerSecond: Spread;
  latencyFromAnswerP50Ms: number | null;
  latencyFromAnswerP99Ms: number | null;
  latencyFromOccurredAtP50Ms: number | null;
  latencyFromOccurredAtP99Ms: number | null;
  rssPer1000SubscribersMB: number | null;
  heapPer1000SubscribersMB: number | null;
  serverMicrosecondsPerDelivery: number | null;
  allComplete: boolean;
}

const medianOrNull = (values: (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? round2(median(present)) : null;
};

function summarizeServer(runs: LiveRun[]): ServerSummary {
  return {
    deliveriesPerSecond: spread(runs.map((r) => r.deliveries.perSecondInWindow), Math.round),
    latencyFromAnswerP50Ms: medianOrNull(runs.map((r) => r.latencyFromAnswerMs.p50)),
    latencyFromAnswerP99Ms: medianOrNull(runs.map((r) => r.latencyFromAnswerMs.p99)),
    latencyFromOccurredAtP50Ms: medianOrNull(runs.map((r) => r.latencyFromOccurredAtMs.p50)),
    latencyFromOccurredAtP99Ms: medianOrNull(runs.map((r) => r.latencyFromOccurredAtMs.p99)),
    rssPer1000SubscribersMB: medianOrNull(runs.map((r) => r.memory.rssPer1000SubscribersMB)),
    heapPer1000SubscribersMB: medianOrNull(runs.map((r) => r.memory.heapPer1000SubscribersMB)),
    serverMicrosecondsPerDelivery: medianOrNull(runs.map((r) => r.cpu.serverMicrosecondsPerDelivery)),
    allComplete: runs.every((r) => r.deliveries.complete),
  };
}

interface DatabaseResult {
  dialect: Dialect;
  version: string;
  replayLog: ReplayLog | null;
  replay: { runs: ReplayRun[]; ours: Spread | null; bare: Spread | null; ratio: (Spread & { perRound: number[] }) | null; allComplete: boolean } | null;
  runs: LiveRun[];
  scenarios: Partial<Record<ScenarioName, ScenarioSummary>>;
  /** Growth per 1,000 idle subscribers after a full collection, median over every run of each server. */
  memoryPer1000Subscribers: { oursRssMB: number | null; bareRssMB: number | null; oursHeapMB: number | null; bareHeapMB: number | null };
}

async function benchmarkDatabase(dialect: Dialect): Promise<DatabaseResult> {
  log(`\n=== ${dialect} ===`);
  const { db, drop } = await createBenchDatabase(dialect, workDir, 'salesgraph_bench_fanout');
  let gateway: RunningGateway | undefined;
  let bare: BareServer | undefined;
  const producers: Producer[] = [];
  try {
    let replayLog: ReplayLog | null = null;
    if (settings.replay > 0) {
      log(`seeding ${settings.replay} orders and their events for the replay`);
      replayLog = await seedReplayLog(db, { orders: settings.replay, seed: settings.seed, now: settings.now }, (line) => log(line));
      log(`  ${replayLog.events} events (ids ${replayLog.firstEventId}..${replayLog.lastEventId}) in ${round2(replayLog.seedSeconds + replayLog.eventsSeconds)} s`);
    }
    const version = await databaseVersion(db);
    const adminKey = `sg_bench_${randomBytes(24).toString('base64url')}`;
    const secret = `whsec_${randomBytes(16).toString('hex')}`;
    const gatewayInspectPort = await freePort();
    gateway = await withInspector(gatewayInspectPort, () => startGatewayChild(db, adminKey));
    const key = await prepareGateway(gateway, adminKey, secret);
    const bareInspectPort = await freePort();
    bare = await startBareServer(db, bareInspectPort);
    const init = { channelCode: CHANNEL, secret, seed: settings.seed, templates: settings.templates };
    const [oursProducer, bareProducer] = await Promise.all([
      Producer.start({ type: 'init', baseUrl: gateway.baseUrl, target: 'gateway', ...init }),
      Producer.start({ type: 'init', baseUrl: bare.baseUrl, target: 'bare', ...init }),
    ]);
    producers.push(oursProducer, bareProducer);
    const targets: Record<ServerName, Target> = {
      ours: { name: 'ours', pid: gateway.child.pid!, inspectPort: gatewayInspectPort, wsUrl: gateway.baseUrl.replace(/^http/, 'ws'), key, producer: oursProducer, child: gateway.child },
      bare: { name: 'bare', pid: bare.child.pid!, inspectPort: bareInspectPort, wsUrl: bare.baseUrl.replace(/^http/, 'ws'), key, producer: bareProducer },
    };
    log(`version ${version}; webhook body ${oursProducer.bodyBytes} bytes, bare publish ${bareProducer.bodyBytes} bytes`);

    let replay: DatabaseResult['replay'] = null;
    if (replayLog && replayLog.events >= settings.replay && settings.replayRounds > 0) {
      const runs: ReplayRun[] = [];
      for (let round = 1; round <= settings.replayRounds; round++) {
        for (const server of ['ours', 'bare'] as const) {
          const r = await replayRun(targets[server], round, settings.replay);
          runs.push(r);
          log(
            `  round ${round} replay ${server.padEnd(4)}  ${String(r.eventsPerSecond).padStart(7)} events/s  ${r.received}/${r.events} in ${r.seconds} s  ` +
              `first after ${r.firstEventSeconds} s${r.complete ? '' : '  INCOMPLETE'}${r.closedWith !== null ? `  closed ${r.closedWith}` : ''}${r.errorSamples.length ? `  !! ${r.errorSamples[0]}` : ''}  load ${r.loadavgBefore.join(' ')}`,
          );
        }
      }
      const of = (server: ServerName) => runs.filter((r) => r.server === server);
      const perRound = of('ours').map((r, i) => round3(r.eventsPerSecond / Math.max(1, of('bare')[i].eventsPerSecond)));
      replay = {
        runs,
        ours: spread(of('ours').map((r) => r.eventsPerSecond), Math.round),
        bare: spread(of('bare').map((r) => r.eventsPerSecond), Math.round),
        ratio: { perRound, ...spread(perRound, round3) },
        allComplete: runs.every((r) => r.complete),
      };
    }

    const runs: LiveRun[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      for (const name of settings.scenarios) {
        // alternate which server goes first, round by round
        const order: ServerName[] = round % 2 ? ['ours', 'bare'] : ['bare', 'ours'];
        for (const server of order) {
          const r = await liveRun(targets[server], SCENARIOS[name], round);
          runs.push(r);
          log(describeRun(r));
        }
      }
    }
    const scenarios: DatabaseResult['scenarios'] = {};
    for (const name of settings.scenarios) {
      const of = (server: ServerName) => runs.filter((r) => r.scenario === name && r.server === server);
      const perRound = of('ours').map((r) => {
        const b = of('bare').find((x) => x.round === r.round)!;
        return round3(r.deliveries.perSecondInWindow / Math.max(1, b.deliveries.perSecondInWindow));
      });
      scenarios[name] = {
        describe: SCENARIOS[name].describe,
        subscribers: SCENARIOS[name].subscribers,
        eventsPerSecond: SCENARIOS[name].rate,
        ours: summarizeServer(of('ours')),
        bare: summarizeServer(of('bare')),
        ratio: { perRound, ...spread(perRound, round3) },
      };
    }
    const memoryOfRuns = (server: ServerName, key: 'rssPer1000SubscribersMB' | 'heapPer1000SubscribersMB') =>
      medianOrNull(runs.filter((r) => r.server === server).map((r) => r.memory[key]));
    const memoryPer1000Subscribers = {
      oursRssMB: memoryOfRuns('ours', 'rssPer1000SubscribersMB'),
      bareRssMB: memoryOfRuns('bare', 'rssPer1000SubscribersMB'),
      oursHeapMB: memoryOfRuns('ours', 'heapPer1000SubscribersMB'),
      bareHeapMB: memoryOfRuns('bare', 'heapPer1000SubscribersMB'),
    };
    return { dialect, version, replayLog, replay, runs, scenarios, memoryPer1000Subscribers };
  } finally {
    await Promise.all(producers.map((p) => p.stop()));
    if (bare) await stopChild(bare.child);
    if (gateway) await stopChild(gateway.child);
    await drop();
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = new Date();
  // read before the run: the tree may move on while it lasts
  const commit = gitCommit();
  const digest = sourceDigest();
  const loadavgAtStart = os.loadavg().map(round2);
  log(
    `bench:fanout  scenarios ${settings.scenarios.map((s) => SCENARIOS[s].describe).join('; ')}; ${settings.seconds} s each, ` +
      `${settings.processes} subscriber processes, ${settings.rounds} round(s); replay ${settings.replay} events x ${settings.replayRounds}; ` +
      `databases ${settings.dialects.join(', ')}; load ${loadavgAtStart.join(' ')}`,
  );
  const results: DatabaseResult[] = [];
  for (const dialect of settings.dialects) results.push(await benchmarkDatabase(dialect));

  const targetFor = (r: DatabaseResult) => {
    const rate = r.scenarios.rate;
    const flat = r.scenarios.flat;
    const p99 = rate?.ours.latencyFromAnswerP99Ms ?? null;
    const p99Met = p99 !== null && p99 < TARGET.p99Ms && rate!.ours.allComplete;
    const ratio = flat?.ratio.median ?? null;
    const ratioMet = ratio !== null && ratio >= TARGET.flatRatio;
    return {
      p99: { scenario: rate?.describe ?? null, oursP99Ms: p99, oursP99FromOccurredAtMs: rate?.ours.latencyFromOccurredAtP99Ms ?? null, goal: `< ${TARGET.p99Ms} ms`, met: p99Met },
      flatOut: {
        scenario: flat?.describe ?? null,
        oursDeliveriesPerSecond: flat?.ours.deliveriesPerSecond.median ?? null,
        bareDeliveriesPerSecond: flat?.bare.deliveriesPerSecond.median ?? null,
        ratio,
        ratioMinMax: flat ? [flat.ratio.min, flat.ratio.max] : null,
        goal: `>= ${TARGET.flatRatio} x bare`,
        met: ratioMet,
      },
      met: p99Met && ratioMet,
    };
  };
  const spready = results.flatMap((r) =>
    Object.entries(r.scenarios).flatMap(([name, s]) => [
      ...(s.ours.deliveriesPerSecond.spreadOver20Percent ? [`${r.dialect} ${name} ours`] : []),
      ...(s.bare.deliveriesPerSecond.spreadOver20Percent ? [`${r.dialect} ${name} bare`] : []),
      ...(s.ratio.spreadOver20Percent ? [`${r.dialect} ${name} ratio`] : []),
    ]),
  );
  const fullSize = settings.subscribers === 1000 && settings.wideSubscribers === 5000 && settings.rate === 10 && settings.wideRate === 2;
  const report = {
    benchmark: 'fanout',
    description:
      'Live order events (orderEvents subscription over graphql-ws) delivered to many subscribers spread over several processes; ' +
      'events are signed Shopify webhooks ingested by the gateway (one CREATED event each). Baseline: a bare ws server broadcasting ' +
      'the same next messages. Latency: from the webhook 200 answer (sent after commit) to the client receipt, same machine clock.',
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    target: {
      comparedFigures:
        `p99 latency from commit (webhook answer) to receipt, median over rounds, at ${SCENARIOS.rate.describe}: < ${TARGET.p99Ms} ms; ` +
        `flat out deliveries/s ours / bare (median of per-round ratios) >= ${TARGET.flatRatio}`,
      issueSize: fullSize,
      databases: Object.fromEntries(results.map((r) => [r.dialect, targetFor(r)])) as Partial<Record<Dialect, ReturnType<typeof targetFor>>>,
      valid: !settings.cpuProfileDir && results.every((r) => Object.values(r.scenarios).every((s) => s.bare.allComplete)),
      spreadOver20Percent: spready,
    },
    conditions: {
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
      gitCommit: commit,
      sourceDigest: digest,
      loadavgAtStart,
      databases: Object.fromEntries(results.map((r) => [r.dialect, r.version])),
      scenarios: settings.scenarios.map((s) => SCENARIOS[s]),
      secondsPerRun: settings.seconds,
      flatConcurrency: settings.flatConcurrency,
      subscriberProcesses: settings.processes,
      rounds: settings.rounds,
      order: 'per database: the replay rounds (ours, bare), then per round each scenario on both servers, the first alternating (ours first in odd rounds)',
      drainSecondsCap: settings.drainSeconds,
      replayEvents: settings.replay,
      replayRounds: settings.replayRounds,
      webhookTemplates: settings.templates,
      seed: settings.seed,
      subscription: 'orderEvents(channelCodes: ["bench-shopify"], types: [CREATED]) { cursor type occurredAt order { id externalId status total { amount currencyCode } channel { code } } }',
      subscriberKey: 'a DASHBOARD key created with createApiKey (the bare server accepts any)',
      serverNodeEnv: 'production',
    },
    notes: [
      'Subscribers: raw ws clients speaking graphql-transport-ws, spread over several processes; each process notes the receive time (performance.timeOrigin + now) of every next message.',
      'Latency from answer: receive time minus the time the producer got the 200 answer of the webhook (sent after the commit); a delivery can precede the answer (negative) since both leave the server at about the same time. Latency from occurredAt: receive time minus the occurredAt in the payload (ms precision; the gateway stamps it in the transaction, before the commit).',
      'deliveries/s = deliveries received during the send window / its length (perSecondInWindow); perSecondOverall also counts those received while draining afterwards.',
      'Flat out: ' + settings.flatConcurrency + ' senders each send the next webhook as soon as the previous answer arrived; the gateway accepts orders faster than it can deliver them to every subscriber, so each subscription buffers events (closed with 4413 beyond the gateway\'s limit). The bare server answers a publish only when no socket holds more than 1 MiB unsent, so its producer is slowed to what the sockets take.',
      'Webhooks: a few hundred orders generated by src/generator, each reused with a new order id, order number and webhook id and signed again (about 8.7 kB each); the bare server receives the event fields only.',
      'Replay: orders seeded by src/generator with one CREATED event each appended by SQL before the gateway starts; one subscriber resumes with after: event 0 and the time to receive all of them is measured. The bare replay reads the same log with one joined statement per 500 events and sends each row, without GraphQL execution.',
      'Memory: both servers run with their inspector on a loopback port; before each reading a full garbage collection is made through it, then the heap in use and VmRSS are read, before the clients connect and with all connected and idle.',
      'All processes (gateway, bare server, producer, subscriber processes, PostgreSQL) share the 2 cores: absolute figures are understated; compare ratios.',
    ],
    databases: Object.fromEntries(results.map((r) => [r.dialect, r])),
  };
  fs.mkdirSync(path.dirname(settings.out), { recursive: true });
  fs.writeFileSync(settings.out, `${JSON.stringify(report, null, 2)}\n`);

  log('\n' + ['database', 'scenario', 'ours deliveries/s', 'bare deliveries/s', 'ours/bare', 'ours p50/p99 ms', 'bare p50/p99 ms', 'ours µs/delivery', 'bare µs/delivery'].join(' | '));
  for (const r of results) {
    for (const [name, s] of Object.entries(r.scenarios)) {
      log(
        [
          r.dialect,
          name,
          `${s.ours.deliveriesPerSecond.median} (${s.ours.deliveriesPerSecond.min}..${s.ours.deliveriesPerSecond.max})`,
          `${s.bare.deliveriesPerSecond.median} (${s.bare.deliveriesPerSecond.min}..${s.bare.deliveriesPerSecond.max})`,
          `${s.ratio.median} (${s.ratio.min}..${s.ratio.max})`,
          `${s.ours.latencyFromAnswerP50Ms}/${s.ours.latencyFromAnswerP99Ms}`,
          `${s.bare.latencyFromAnswerP50Ms}/${s.bare.latencyFromAnswerP99Ms}`,
          String(s.ours.serverMicrosecondsPerDelivery),
          String(s.bare.serverMicrosecondsPerDelivery),
        ].join(' | '),
      );
    }
    if (r.replay?.ours && r.replay.bare && r.replay.ratio) {
      log(`${r.dialect} | replay ${settings.replay} | ours ${r.replay.ours.median} events/s | bare ${r.replay.bare.median} events/s | ${r.replay.ratio.median}`);
    }
    const m = r.memoryPer1000Subscribers;
    log(`${r.dialect} | per 1,000 idle subscribers (median over runs): gateway RSS +${m.oursRssMB} MB, heap +${m.oursHeapMB} MB; bare RSS +${m.bareRssMB} MB, heap +${m.bareHeapMB} MB`);
    const t = report.target.databases[r.dialect]!;
    log(`${r.dialect}: p99 ${t.p99.oursP99Ms} ms (goal < ${TARGET.p99Ms}) ${t.p99.met ? 'met' : 'NOT met'}; flat out ${t.flatOut.ratio} of bare (goal >= ${TARGET.flatRatio}) ${t.flatOut.met ? 'met' : 'NOT met'}`);
  }
  log(`\nwrote ${path.relative(process.cwd(), settings.out)}`);
  if (spready.length) log(`!! spread over ±20% (${spready.join(', ')}): the machine was busy; run again`);
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
