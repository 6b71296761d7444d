/**
 * `npm run bench:import`: a large pos-csv file imported through `POST /channels/{code}/imports` of
 * the real gateway (child process), and through `npm run import`'s script (another child), on
 * SQLite and PostgreSQL: lines/s and the importing process's peak RSS, for a large file (1,000,000
 * lines) and a smaller one (100,000) so that constant memory shows. Baseline in the same run: the
 * pos-csv reader alone over the same file (parse, check, make orders; nothing stored), in a child.
 * Writes bench/results/import.json.
 *
 * Environment (all optional):
 *   BENCH_DB=sqlite|postgresql|both (both)   BENCH_LINES (1000000)   BENCH_SMALL_LINES (100000; 0 = none)
 *   BENCH_ROUNDS (3)   BENCH_CLI=0 to skip the script path   BENCH_SEED (11)   BENCH_NOW
 *   BENCH_SAMPLE_MS RSS sampling interval (100)   BENCH_MAX_SECONDS stop an import after this long and
 *   count what was stored (0 = none; such a run is marked incomplete)   BENCH_CPU_PROF=DIR  V8 CPU
 *   profile of the gateway over each HTTP import   BENCH_OUT (bench/results/import.json)
 */
import 'reflect-metadata';

import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import Database from 'libsql';
import { Client } from 'pg';

import { projectRoot } from '../../src/common/project-root';
import { createBenchDatabase, profile, startGatewayChild } from '../gateway-child';
import { scriptNodeFlags } from '../node-flags';
import { cleanUp, cleanUpOnExit, cleanups, envNumber, gitCommit, log, memoryOf, round2, round3, sourceDigest, spread, stopChild, track } from '../harness';
import type { DbTarget, Dialect } from '../query/common';
import { databaseVersion } from '../query/seed';
import { writePosCsvFile, type PosCsvFileStats } from './pos-csv-file';
import type { ReadOnlyOptions, ReadOnlyResult } from './read-only';


const TARGET = { linesPerSecond: 20_000, peakRssMB: 300 };
const CHANNEL = { code: 'bench-pos', currencyCode: 'EUR', countryCode: 'DE' };
const RESULTS_DIR = path.join(projectRoot(), 'bench', 'results');

const settings = (() => {
  const dbChoice = (process.env.BENCH_DB ?? 'both').trim();
  if (!['sqlite', 'postgresql', 'both'].includes(dbChoice)) throw new Error(`BENCH_DB must be sqlite, postgresql or both; got "${dbChoice}"`);
  const cpuProfDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  const lines = Math.max(1, envNumber('BENCH_LINES', 1_000_000, true));
  const small = envNumber('BENCH_SMALL_LINES', 100_000, true);
  return {
    dialects: (dbChoice === 'both' ? ['sqlite', 'postgresql'] : [dbChoice]) as Dialect[],
    sizes: small > 0 && small < lines ? [small, lines] : [lines],
    rounds: Math.max(1, envNumber('BENCH_ROUNDS', 3, true)),
    cli: process.env.BENCH_CLI !== '0',
    seed: envNumber('BENCH_SEED', 11, true),
    now: new Date(process.env.BENCH_NOW ?? '2026-11-01T12:00:00Z'),
    sampleMs: Math.max(10, envNumber('BENCH_SAMPLE_MS', 100, true)),
    maxSeconds: envNumber('BENCH_MAX_SECONDS', 0),
    cpuProfDir,
    out: path.resolve(process.env.BENCH_OUT ?? path.join(RESULTS_DIR, cpuProfDir ? 'import.profiled.json' : 'import.json')),
  };
})();

// ---------------------------------------------------------------- cleanup of everything we start

cleanUpOnExit();

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-bench-import-'));
cleanups.push(() => fs.rmSync(workDir, { recursive: true, force: true }));

// ---------------------------------------------------------------- databases

const createDatabase = (dialect: Dialect) => createBenchDatabase(dialect, workDir, 'salesgraph_bench_import');

interface Counts {
  orders: number;
  lines: number;
  refundedOrders: number;
  customers: number;
}

async function countRows(db: DbTarget): Promise<Counts> {
  const sql: Record<keyof Counts, string> = {
    orders: 'select count(*) as n from "order"',
    lines: 'select count(*) as n from order_line',
    refundedOrders: 'select count(*) as n from "order" where refunded_total_minor > 0',
    customers: 'select count(*) as n from customer',
  };
  const out = {} as Counts;
  if (db.dialect === 'sqlite') {
    const conn = new Database(db.file);
    try {
      for (const [key, text] of Object.entries(sql)) out[key as keyof Counts] = Number((conn.prepare(text).get() as { n: number }).n);
    } finally {
      conn.close();
    }
    return out;
  }
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    for (const [key, text] of Object.entries(sql)) out[key as keyof Counts] = Number((await client.query(text)).rows[0].n);
  } finally {
    await client.end();
  }
  return out;
}

// ---------------------------------------------------------------- memory of a child

/**
 * Samples a process's VmRSS every `sampleMs` until stopped: the max sample, the process's own
 * VmHWM (peak over its whole life, start-up included; last read while it ran), and a series of
 * at most 60 points (the max of each bin) to show whether memory stays flat.
 */
function sampleMemory(pid: number | undefined) {
  let maxRssMB = 0;
  let vmHWMMB: number | null = null;
  const started = Date.now();
  const samples: [number, number][] = [];
  const take = () => {
    const m = memoryOf(pid);
    if (!m) return;
    samples.push([(Date.now() - started) / 1000, m.vmRSSMB]);
    maxRssMB = Math.max(maxRssMB, m.vmRSSMB);
    if (Number.isFinite(m.vmHWMMB)) vmHWMMB = m.vmHWMMB;
  };
  take();
  const startRssMB = maxRssMB;
  const timer = setInterval(take, settings.sampleMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      const span = samples.length ? samples[samples.length - 1][0] : 0;
      const bins = new Map<number, number>();
      for (const [t, mb] of samples) {
        const bin = span > 0 ? Math.min(59, Math.floor((t / span) * 60)) : 0;
        bins.set(bin, Math.max(bins.get(bin) ?? 0, mb));
      }
      const series = [...bins].map(([bin, mb]) => ({ atSecond: round2((bin * span) / 60), rssMB: mb }));
      return { startRssMB, maxSampledRssMB: maxRssMB, vmHWMMB, samples: samples.length, series };
    },
  };
}

/** Lines stored: every sale line, and the one line of each return (a refunded order). */
const storedLines = (counts: Counts) => counts.lines + counts.refundedOrders;

// ---------------------------------------------------------------- children

async function createChannel(baseUrl: string, adminKey: string): Promise<void> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
    body: JSON.stringify({
      query: 'mutation Create($input: CreateChannelInput!) { createChannel(input: $input) { id } }',
      variables: { input: { code: CHANNEL.code, name: 'Bench tills', kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode: CHANNEL.currencyCode, countryCode: CHANNEL.countryCode } },
    }),
  });
  const json = (await response.json()) as { data?: unknown; errors?: unknown };
  if (response.status !== 200 || json.errors || !json.data) throw new Error(`createChannel failed (${response.status}): ${JSON.stringify(json).slice(0, 800)}`);
}

interface ImportAnswer {
  accepted: number;
  duplicates: number;
  rejected: { line: number; code: string; message: string }[];
}

/** Streams the file as the request body (Content-Length, like curl --data-binary @FILE) and reads the answer. */
function postFile(
  baseUrl: string,
  adminKey: string,
  file: string,
): Promise<{ status: number; answer: ImportAnswer | null; body: string; timedOut: boolean; bodySentAtSecond: number | null }> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const started = process.hrtime.bigint();
    // when the last byte of the body left: near the answer if the gateway pulls the body as it stores it
    let bodySentAtSecond: number | null = null;
    const url = new URL(`${baseUrl}/channels/${CHANNEL.code}/imports`);
    const request = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'content-length': fs.statSync(file).size, authorization: `Bearer ${adminKey}` },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (chunk: Buffer) => parts.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(parts).toString('utf8');
          let answer: ImportAnswer | null = null;
          try {
            answer = JSON.parse(body) as ImportAnswer;
          } catch {
            // reported with the body
          }
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, answer, body: body.slice(0, 2000), timedOut, bodySentAtSecond });
        });
      },
    );
    const timer = settings.maxSeconds
      ? setTimeout(() => {
          timedOut = true;
          request.destroy();
        }, settings.maxSeconds * 1000)
      : undefined;
    request.on('finish', () => (bodySentAtSecond = round2(Number(process.hrtime.bigint() - started) / 1e9)));
    request.on('error', (error) => (timedOut ? resolve({ status: 0, answer: null, body: '', timedOut, bodySentAtSecond }) : reject(error)));
    fs.createReadStream(file).on('error', reject).pipe(request);
  });
}

function runReadOnly(file: string) {
  const options: ReadOnlyOptions = { file, channel: { code: CHANNEL.code, currencyCode: CHANNEL.currencyCode } };
  const child = track(fork(path.join(__dirname, 'read-only.js'), [JSON.stringify(options)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const memory = sampleMemory(child.pid);
  return new Promise<ReadOnlyResult & { memory: ReturnType<ReturnType<typeof sampleMemory>['stop']> }>((resolve, reject) => {
    let result: ReadOnlyResult | undefined;
    child.once('message', (message: ReadOnlyResult) => {
      result = message;
    });
    child.once('exit', (code) => {
      const m = memory.stop();
      if (result) resolve({ ...result, memory: m });
      else reject(new Error(`the read-only child exited with code ${code}`));
    });
  });
}

/** `npm run import -- --channel CODE FILE` as the script runs it (dist/scripts/import.js), on `db`. */
function runCli(db: DbTarget, file: string) {
  const databaseUrl = db.dialect === 'sqlite' ? `file:${db.file}` : db.url;
  const started = process.hrtime.bigint();
  let output = '';
  const child = track(
    fork(path.join(projectRoot(), 'dist', 'scripts', 'import.js'), ['--channel', CHANNEL.code, file], {
      execArgv: scriptNodeFlags('import'),
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4000)));
  const memory = sampleMemory(child.pid);
  let timedOut = false;
  const timer = settings.maxSeconds
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, settings.maxSeconds * 1000)
    : undefined;
  return new Promise<{ exitCode: number | null; seconds: number; summary: string; timedOut: boolean; memory: ReturnType<ReturnType<typeof sampleMemory>['stop']> }>((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      const m = memory.stop();
      const summary = output.split('\n').filter((l) => l.startsWith('Imported') || l.startsWith('import') || l.startsWith('  line')).join('\n');
      resolve({ exitCode: code, seconds: Number(process.hrtime.bigint() - started) / 1e9, summary: summary || output.slice(-1000), timedOut, memory: m });
    });
  });
}

// ---------------------------------------------------------------- one measured import

interface Expected {
  saleReceipts: number;
  saleLines: number;
  returnReceipts: number;
}

const expectedOf = (stats: PosCsvFileStats): Expected => ({
  saleReceipts: stats.saleReceipts,
  saleLines: stats.lines - stats.returnReceipts,
  returnReceipts: stats.returnReceipts,
});

function verify(counts: Counts, expected: Expected, rejected: number): boolean {
  return rejected === 0 && counts.orders === expected.saleReceipts && counts.lines === expected.saleLines && counts.refundedOrders === expected.returnReceipts;
}

async function importOverHttp(dialect: Dialect, stats: PosCsvFileStats, round: number) {
  const { db, drop } = await createDatabase(dialect);
  const adminKey = `sg_bench_${randomBytes(24).toString('base64url')}`;
  const gateway = await startGatewayChild(db, adminKey);
  try {
    await createChannel(gateway.baseUrl, adminKey);
    const loadavgBefore = os.loadavg().map(round2);
    if (settings.cpuProfDir) await profile(gateway.child, { type: 'profile-start' });
    const memory = sampleMemory(gateway.child.pid);
    const started = process.hrtime.bigint();
    const progress = setInterval(() => {
      const m = memoryOf(gateway.child.pid);
      log(`      … ${((Number(process.hrtime.bigint() - started) / 1e9) | 0)} s, gateway RSS ${m?.vmRSSMB ?? '?'} MB`);
    }, 30_000);
    const answer = await postFile(gateway.baseUrl, adminKey, stats.file).finally(() => clearInterval(progress));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const mem = memory.stop();
    let profileFile: string | undefined;
    if (settings.cpuProfDir) {
      fs.mkdirSync(settings.cpuProfDir, { recursive: true });
      profileFile = await profile(gateway.child, { type: 'profile-stop', file: path.join(settings.cpuProfDir, `import-${dialect}-${stats.lines}-round${round}.cpuprofile`) });
    }
    await stopChild(gateway.child);
    const counts = await countRows(db);
    const rejected = answer.answer?.rejected.length ?? -1;
    const stored = storedLines(counts);
    return {
      loadavgBefore,
      completed: !answer.timedOut,
      linesStored: stored,
      status: answer.status,
      accepted: answer.answer?.accepted ?? null,
      duplicates: answer.answer?.duplicates ?? null,
      rejectedLines: rejected,
      /** Every receipt counted in the answer: a sale creates its order, a return updates its original. */
      answerCountsEveryReceipt: answer.answer ? answer.answer.accepted + answer.answer.duplicates + rejected === stats.receipts : null,
      rejectedSample: answer.answer?.rejected.slice(0, 5) ?? answer.body,
      seconds: round2(seconds),
      bodySentAtSecond: answer.bodySentAtSecond,
      linesPerSecond: Math.round((answer.timedOut ? stored : stats.lines) / seconds),
      memory: mem,
      counts,
      verified: answer.status === 200 && verify(counts, expectedOf(stats), rejected),
      profile: profileFile,
    };
  } finally {
    await stopChild(gateway.child);
    await drop();
  }
}

async function importThroughScript(dialect: Dialect, stats: PosCsvFileStats) {
  const { db, drop } = await createDatabase(dialect);
  try {
    // the gateway migrates the database and creates the channel, then stops: the script runs alone
    const adminKey = `sg_bench_${randomBytes(24).toString('base64url')}`;
    const gateway = await startGatewayChild(db, adminKey);
    await createChannel(gateway.baseUrl, adminKey).finally(() => stopChild(gateway.child));
    const loadavgBefore = os.loadavg().map(round2);
    const run = await runCli(db, stats.file);
    const counts = await countRows(db);
    const rejected = /(\d+) lines rejected/.exec(run.summary)?.[1];
    const stored = storedLines(counts);
    return {
      loadavgBefore,
      completed: !run.timedOut,
      linesStored: stored,
      exitCode: run.exitCode,
      summary: run.summary,
      seconds: round2(run.seconds),
      linesPerSecond: Math.round((run.timedOut ? stored : stats.lines) / run.seconds),
      memory: run.memory,
      counts,
      verified: run.exitCode === 0 && verify(counts, expectedOf(stats), Number(rejected ?? -1)),
    };
  } finally {
    await drop();
  }
}

// ---------------------------------------------------------------- per database

type HttpRun = Awaited<ReturnType<typeof importOverHttp>>;
type CliRun = Awaited<ReturnType<typeof importThroughScript>>;
type BaselineRun = Awaited<ReturnType<typeof runReadOnly>> & { loadavgBefore: number[] };

interface SizeResult {
  lines: number;
  rounds: { round: number; baseline: BaselineRun; http: HttpRun; cli: CliRun | null; ratio: number; cliRatio: number | null }[];
  summary: {
    http: { linesPerSecond: ReturnType<typeof spread>; peakRssMB: number; maxSampledRssMB: number };
    cli: { linesPerSecond: ReturnType<typeof spread>; peakRssMB: number } | null;
    baseline: { linesPerSecond: ReturnType<typeof spread>; peakRssMB: number };
    ratio: ReturnType<typeof spread> & { perRound: number[] };
    cliRatio: (ReturnType<typeof spread> & { perRound: number[] }) | null;
    allVerified: boolean;
    allCompleted: boolean;
  };
}

async function benchmarkDatabase(dialect: Dialect, files: PosCsvFileStats[]): Promise<{ dialect: Dialect; version: string; sizes: SizeResult[] }> {
  log(`\n=== ${dialect} ===`);
  const version = await (async () => {
    const { db, drop } = await createDatabase(dialect);
    try {
      if (db.dialect === 'sqlite') new Database(db.file).close();
      return await databaseVersion(db);
    } finally {
      await drop();
    }
  })();
  log(`version ${version}`);
  const sizes: SizeResult[] = files.map((f) => ({ lines: f.lines, rounds: [], summary: undefined as unknown as SizeResult['summary'] }));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const [i, stats] of files.entries()) {
      const label = `  round ${round} ${String(stats.lines).padStart(8)} lines`;
      const baselineLoad = os.loadavg().map(round2);
      const baseline = { ...(await runReadOnly(stats.file)), loadavgBefore: baselineLoad };
      log(`${label}  reader alone ${String(baseline.linesPerSecond).padStart(8)} lines/s  peak RSS ${baseline.memory.vmHWMMB} MB  load ${baselineLoad.join(' ')}`);
      const http = await importOverHttp(dialect, stats, round);
      log(
        `${label}  HTTP         ${String(http.linesPerSecond).padStart(8)} lines/s  gateway peak RSS ${http.memory.vmHWMMB} MB (sampled max ${http.memory.maxSampledRssMB}, ` +
          `before ${http.memory.startRssMB}; body sent by ${http.bodySentAtSecond} of ${http.seconds} s)  ${!http.completed ? `STOPPED at ${settings.maxSeconds} s, ${http.linesStored} lines stored` : http.verified ? 'verified' : `NOT VERIFIED ${JSON.stringify({ status: http.status, rejected: http.rejectedLines, counts: http.counts, sample: http.rejectedSample }).slice(0, 600)}`}  load ${http.loadavgBefore.join(' ')}`,
      );
      let cli: CliRun | null = null;
      if (settings.cli) {
        cli = await importThroughScript(dialect, stats);
        log(
          `${label}  npm run import ${String(cli.linesPerSecond).padStart(6)} lines/s  process peak RSS ${cli.memory.vmHWMMB} MB  ` +
            `${!cli.completed ? `STOPPED at ${settings.maxSeconds} s, ${cli.linesStored} lines stored` : cli.verified ? 'verified' : `NOT VERIFIED ${JSON.stringify({ exit: cli.exitCode, counts: cli.counts, summary: cli.summary }).slice(0, 600)}`}  load ${cli.loadavgBefore.join(' ')}`,
        );
      }
      sizes[i].rounds.push({
        round,
        baseline,
        http,
        cli,
        ratio: round3(http.linesPerSecond / baseline.linesPerSecond),
        cliRatio: cli ? round3(cli.linesPerSecond / baseline.linesPerSecond) : null,
      });
    }
  }
  const whole = (n: number) => Math.round(n);
  for (const size of sizes) {
    const r = size.rounds;
    const perRound = r.map((x) => x.ratio);
    const cliPerRound = r.flatMap((x) => (x.cliRatio === null ? [] : [x.cliRatio]));
    const cliRuns = r.flatMap((x) => (x.cli ? [x.cli] : []));
    size.summary = {
      http: {
        linesPerSecond: spread(r.map((x) => x.http.linesPerSecond), whole),
        peakRssMB: Math.max(...r.map((x) => x.http.memory.vmHWMMB ?? x.http.memory.maxSampledRssMB)),
        maxSampledRssMB: Math.max(...r.map((x) => x.http.memory.maxSampledRssMB)),
      },
      cli: cliRuns.length ? { linesPerSecond: spread(cliRuns.map((x) => x.linesPerSecond), whole), peakRssMB: Math.max(...cliRuns.map((x) => x.memory.vmHWMMB ?? x.memory.maxSampledRssMB)) } : null,
      baseline: { linesPerSecond: spread(r.map((x) => x.baseline.linesPerSecond), whole), peakRssMB: Math.max(...r.map((x) => x.baseline.memory.vmHWMMB ?? 0)) },
      ratio: { perRound, ...spread(perRound, round3) },
      cliRatio: cliPerRound.length ? { perRound: cliPerRound, ...spread(cliPerRound, round3) } : null,
      allVerified: r.every((x) => x.http.verified && (x.cli?.verified ?? true)),
      allCompleted: r.every((x) => x.http.completed && (x.cli?.completed ?? true)),
    };
  }
  return { dialect, version, sizes };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = new Date();
  const digest = sourceDigest();
  const loadavgAtStart = os.loadavg().map(round2);
  log(
    `bench:import  files of ${settings.sizes.join(' and ')} lines, ${settings.rounds} round(s), databases ${settings.dialects.join(', ')}` +
      `${settings.cli ? ', HTTP and npm run import' : ', HTTP only'}, load ${loadavgAtStart.join(' ')}`,
  );
  const files = settings.sizes.map((lines) => {
    const stats = writePosCsvFile(path.join(workDir, `pos-${lines}.csv`), { lines, seed: settings.seed, now: settings.now });
    log(`generated ${stats.lines} lines (${stats.receipts} receipts, ${stats.returnReceipts} returns, ${(stats.bytes / 2 ** 20).toFixed(1)} MB) in ${stats.seconds.toFixed(1)} s`);
    return stats;
  });
  const largest = files[files.length - 1];

  const results: Awaited<ReturnType<typeof benchmarkDatabase>>[] = [];
  for (const dialect of settings.dialects) results.push(await benchmarkDatabase(dialect, files));

  const targetFor = (dialect: Dialect) => {
    const r = results.find((x) => x.dialect === dialect);
    if (!r) return null;
    const large = r.sizes[r.sizes.length - 1];
    const peakRssMB = Math.max(...r.sizes.map((s) => s.summary.http.peakRssMB));
    const linesPerSecond = large.summary.http.linesPerSecond.median;
    const verified = r.sizes.every((s) => s.summary.allVerified);
    const completed = r.sizes.every((s) => s.summary.allCompleted);
    return {
      lines: large.lines,
      linesPerSecond,
      baselineLinesPerSecond: large.summary.baseline.linesPerSecond.median,
      ratio: large.summary.ratio.median,
      peakRssMBBySize: Object.fromEntries(r.sizes.map((s) => [s.lines, s.summary.http.peakRssMB])),
      cliLinesPerSecond: large.summary.cli?.linesPerSecond.median ?? null,
      cliPeakRssMBBySize: large.summary.cli ? Object.fromEntries(r.sizes.map((s) => [s.lines, s.summary.cli?.peakRssMB ?? null])) : null,
      linesPerSecondMet: verified && linesPerSecond >= TARGET.linesPerSecond,
      peakRssMet: peakRssMB < TARGET.peakRssMB,
      met: verified && linesPerSecond >= TARGET.linesPerSecond && peakRssMB < TARGET.peakRssMB,
      verified,
      completed,
    };
  };
  const spready = results.flatMap((r) =>
    r.sizes.flatMap((s) => [
      ...(s.summary.http.linesPerSecond.spreadOver20Percent ? [`${r.dialect} ${s.lines} HTTP`] : []),
      ...(s.summary.baseline.linesPerSecond.spreadOver20Percent ? [`${r.dialect} ${s.lines} baseline`] : []),
      ...(s.summary.ratio.spreadOver20Percent ? [`${r.dialect} ${s.lines} ratio`] : []),
    ]),
  );
  const report = {
    benchmark: 'import',
    description:
      'A generated pos-csv file streamed once as the body of POST /channels/{code}/imports (Content-Length, 64 KiB reads) to the gateway in a child process, ' +
      'on a fresh database per run; lines/s = data lines / time from the first byte sent to the answer; peak RSS = the gateway\'s VmHWM (its whole life, ' +
      'start-up included) beside the max VmRSS sampled during the import. Also `npm run import` (dist/scripts/import.js) in a child on another fresh database. ' +
      'Baseline: the pos-csv reader alone (parse, check, orders and refunds made; nothing stored) over the same file in a child.',
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    target: {
      goal: `>= ${TARGET.linesPerSecond} lines/s through HTTP for the ${largest.lines}-line file, and gateway peak RSS < ${TARGET.peakRssMB} MB for every file size`,
      comparedFigure: 'median over rounds of HTTP lines/s for the largest file; max over rounds and sizes of the gateway VmHWM; ratio = HTTP / reader alone, median of per-round ratios',
      sqlite: targetFor('sqlite'),
      postgresql: targetFor('postgresql'),
      valid: results.every((r) => r.sizes.every((s) => s.summary.allVerified)) && !settings.cpuProfDir,
      spreadOver20Percent: spready,
    },
    conditions: {
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
      gitCommit: gitCommit(),
      sourceDigest: digest,
      loadavgAtStart,
      databases: Object.fromEntries(results.map((r) => [r.dialect, r.version])),
      files: files.map(({ file: _file, ...rest }) => rest),
      rounds: settings.rounds,
      order: 'each round, per file size: reader alone, then HTTP on a fresh database, then npm run import on another fresh database',
      seed: settings.seed,
      now: settings.now.toISOString(),
      rssSampleMs: settings.sampleMs,
      maxSecondsPerImport: settings.maxSeconds || null,
      serverNodeEnv: 'production',
      nodeFlags: { gateway: scriptNodeFlags('start'), script: scriptNodeFlags('import') },
      cpuProfiled: settings.cpuProfDir ? 'the gateway ran under the V8 CPU profiler during HTTP imports: figures include profiler overhead' : false,
    },
    notes: [
      'the file is sent from the orchestrator process (fs.createReadStream piped into node:http); the gateway reads it as it arrives. bodySentAtSecond: when the last byte left the sender; close to seconds when the gateway pulls the body at the pace it stores it (TCP backpressure) rather than buffering it.',
      'verified = answer 200 with no rejected line, and the database holds one order per sale receipt, every sale line, and one refunded order per return receipt.',
      'with BENCH_MAX_SECONDS an import still running is stopped (HTTP request destroyed, script killed) and lines/s = lines stored (sale lines + return lines) / seconds; such runs are completed: false and not verified.',
      'VmHWM includes the gateway\'s start-up and the channel creation; the sampled max VmRSS covers the import only.',
    ],
    databases: Object.fromEntries(results.map((r) => [r.dialect, r])),
  };
  fs.mkdirSync(path.dirname(settings.out), { recursive: true });
  fs.writeFileSync(settings.out, `${JSON.stringify(report, null, 2)}\n`);

  log('\n' + ['database', 'lines', 'HTTP lines/s', 'gateway peak MB', 'script lines/s', 'script peak MB', 'reader alone lines/s', 'HTTP/reader'].join(' | '));
  for (const r of results) {
    for (const s of r.sizes) {
      log(
        [
          r.dialect.padEnd(10),
          String(s.lines).padStart(8),
          `${s.summary.http.linesPerSecond.median} (${s.summary.http.linesPerSecond.min}..${s.summary.http.linesPerSecond.max})`,
          String(s.summary.http.peakRssMB),
          s.summary.cli ? String(s.summary.cli.linesPerSecond.median) : '-',
          s.summary.cli ? String(s.summary.cli.peakRssMB) : '-',
          String(s.summary.baseline.linesPerSecond.median),
          String(s.summary.ratio.median),
        ].join(' | '),
      );
    }
    const t = report.target[r.dialect]!;
    log(`${r.dialect}: target >= ${TARGET.linesPerSecond} lines/s ${t.linesPerSecondMet ? 'met' : 'NOT met'}; peak RSS < ${TARGET.peakRssMB} MB ${t.peakRssMet ? 'met' : 'NOT met'}${t.verified ? '' : ' (NOT VERIFIED)'}`);
  }
  log(`\nwrote ${path.relative(process.cwd(), settings.out)}`);
  if (spready.length) log(`!! spread over ±20% (${spready.join(', ')}): the machine was busy; run again`);
  if (!report.target.valid && !settings.cpuProfDir) {
    log('!! row counts or answers did not match: the figures are not valid');
    process.exitCode = 1;
  }
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
