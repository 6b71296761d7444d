/**
 * `npm run bench:query`: the nested 50-order list query against the gateway ("ours") and two
 * baselines on the same seeded data, SQLite then PostgreSQL, measured the way
 * docs/benchmarks.md asks (alternating rounds with warm-up, autocannon in its own process,
 * medians and pairwise ratios, conditions recorded). Writes bench/results/query.json.
 *
 * Environment (all optional):
 *   BENCH_DB=sqlite|postgresql|both   (both)      BENCH_ORDERS    (100000)
 *   BENCH_CUSTOMERS (30% of orders)               BENCH_SEED      (42)
 *   BENCH_NOW       the generator's present (2026-11-01T00:00:00Z, fixed so runs see the same rows)
 *   BENCH_DURATION  seconds per run  (10)         BENCH_WARMUP    seconds (3)
 *   BENCH_CONNECTIONS                (20)         BENCH_ROUNDS    (3)
 *   BENCH_POOL_MAX  PostgreSQL pool of the baselines (10, as the gateway's)
 *   BENCH_CPU_PROF=DIR  take a V8 CPU profile of every server over each measured run (not the
 *                       warm-up) into DIR (figures then include profiler overhead; results go to
 *                       query.profiled.json); summarize with dist/bench/query/profile-summary.js
 *   BENCH_ONLY=ours,graphql-js,mercurius-jit  servers to run (all); a subset skips ratios
 *   BENCH_OUT       output file (bench/results/query.json)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { projectRoot } from '../../src/common/project-root';
import { profile } from '../gateway-child';
import { cleanUp, cleanUpOnExit, cleanups, envNumber, gitCommit, log, median, memoryOf, round2, round3, sourceDigest, spread, stopChild, track, type Spread } from '../harness';
import { createTempPostgresDatabase, dropPostgresDatabase } from '../../src/testing/postgres';
import { firstDifference, normalize, REQUEST_BODY, sameData, SERVER_CONFIG_ENV, type ChildMessage, type DbTarget, type Dialect, type ServerChildConfig } from './common';
import type { LoadOptions, LoadResult } from './load';
import { failedRequests, runLoad } from '../load-child';
import { databaseVersion, seed, sqlitePlacedAtStorage, type DatasetInfo } from './seed';

type ServerName = 'ours' | 'graphql-js' | 'mercurius-jit';

const SERVERS: { name: ServerName; script: string; description: string }[] = [
  {
    name: 'ours',
    script: 'server-ours.js',
    description:
      'the gateway via startGateway: POST /graphql served from node:http ahead of Express 5; a query whose result has no errors answered by the query fast lane (graphql-jit, documents validated and compiled once), everything else by Apollo Server 5; type-graphql 2 schema; lean SQL read path (prepared statements, selected columns) through per-request DataLoaders; one API-key lookup (SQL) per request',
  },
  {
    name: 'graphql-js',
    script: 'server-graphql-js.js',
    description:
      '(a) plain graphql-js over node:http, parsed+validated document cache, hand-written batched SQL via DataLoader, no authentication',
  },
  {
    name: 'mercurius-jit',
    script: 'server-mercurius.js',
    description: '(b) Fastify 5 + Mercurius 16 with graphql-jit (jit: 1), same hand-written SQL and DataLoaders as (a), no authentication',
  },
];

const RESULTS_DIR = path.join(projectRoot(), 'bench', 'results');


const settings = (() => {
  const orders = envNumber('BENCH_ORDERS', 100_000);
  const dbChoice = (process.env.BENCH_DB ?? 'both').trim();
  if (!['sqlite', 'postgresql', 'both'].includes(dbChoice)) throw new Error(`BENCH_DB must be sqlite, postgresql or both; got "${dbChoice}"`);
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of only) if (!SERVERS.some((s) => s.name === name)) throw new Error(`BENCH_ONLY: unknown server "${name}"`);
  const cpuProfDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  return {
    dialects: (dbChoice === 'both' ? ['sqlite', 'postgresql'] : [dbChoice]) as Dialect[],
    orders,
    customers: envNumber('BENCH_CUSTOMERS', Math.max(1, Math.round(orders * 0.3))),
    seed: envNumber('BENCH_SEED', 42),
    now: new Date(process.env.BENCH_NOW ?? '2026-11-01T00:00:00Z'),
    duration: envNumber('BENCH_DURATION', 10),
    warmup: envNumber('BENCH_WARMUP', 3),
    connections: envNumber('BENCH_CONNECTIONS', 20),
    rounds: Math.max(1, envNumber('BENCH_ROUNDS', 3)),
    poolMax: envNumber('BENCH_POOL_MAX', 10),
    servers: SERVERS.filter((s) => only.length === 0 || only.includes(s.name)),
    cpuProfDir,
    out: path.resolve(process.env.BENCH_OUT ?? path.join(RESULTS_DIR, cpuProfDir ? 'query.profiled.json' : 'query.json')),
  };
})();

cleanUpOnExit();

// ---------------------------------------------------------------- databases

async function createDatabase(dialect: Dialect): Promise<DbTarget> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-bench-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return { dialect: 'sqlite', file: path.join(dir, 'bench.sqlite') };
  }
  const { url, name } = await createTempPostgresDatabase('salesgraph_bench');
  cleanups.push(() => dropPostgresDatabase(name));
  return { dialect: 'postgresql', url, dbName: name };
}

// ---------------------------------------------------------------- children

interface RunningServer {
  name: ServerName;
  url: string;
  child: ChildProcess;
  /** The exact response body of the verification request, expected of every measured response. */
  expectedBody?: string;
}

function startServer(name: ServerName, script: string, config: ServerChildConfig): Promise<RunningServer> {
  const child = track(
    fork(path.join(__dirname, script), [], {
      execArgv: [],
      env: { ...process.env, [SERVER_CONFIG_ENV]: JSON.stringify(config), NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before it was ready`)));
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({ name, url: message.url, child });
      } else if (message.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`${name} failed to start:\n${message.message}`));
      }
    });
  });
}

/** Asks a server child to start or stop its CPU profiler; resolves when it has. */



// ---------------------------------------------------------------- verification

function headers(adminKey: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` };
}

interface Verified {
  data: unknown;
  body: string;
}

async function query(server: RunningServer, adminKey: string): Promise<Verified> {
  const response = await fetch(server.url, { method: 'POST', headers: headers(adminKey), body: REQUEST_BODY });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${server.name} answered HTTP ${response.status}: ${body.slice(0, 500)}`);
  const json = JSON.parse(body) as { data?: unknown; errors?: unknown };
  if (json.errors) throw new Error(`${server.name} answered with errors: ${JSON.stringify(json.errors).slice(0, 1000)}`);
  return { data: json.data, body };
}

/** All servers must return the same data (ids compared as strings), twice over, and a full page. */
async function verify(servers: RunningServer[], adminKey: string, expectedEdges: number): Promise<{ edges: number; bodyBytes: Record<string, number> }> {
  const answers = new Map<ServerName, Verified>();
  for (const server of servers) {
    const first = await query(server, adminKey);
    const second = await query(server, adminKey);
    if (first.body !== second.body) throw new Error(`${server.name} answered two identical requests differently`);
    answers.set(server.name, first);
    server.expectedBody = first.body;
  }
  const [reference, ...others] = servers;
  const refData = answers.get(reference.name)!.data as { orders: { edges: unknown[] } };
  const edges = refData?.orders?.edges?.length ?? -1;
  if (edges !== expectedEdges) throw new Error(`${reference.name} returned ${edges} edges; expected ${expectedEdges}`);
  for (const other of others) {
    const data = answers.get(other.name)!.data;
    if (!sameData(refData, data)) {
      throw new Error(
        `VERIFICATION FAILED: ${other.name} and ${reference.name} return different data: ` +
          `${firstDifference(normalize(refData), normalize(data))}`,
      );
    }
  }
  const bodyBytes: Record<string, number> = {};
  for (const [name, answer] of answers) bodyBytes[name] = Buffer.byteLength(answer.body);
  return { edges, bodyBytes };
}

// ---------------------------------------------------------------- statistics

interface RunRecord {
  round: number;
  server: ServerName;
  loadavgBefore: number[];
  warmup: { requestsPerSecond: number; errors: number };
  result: LoadResult;
  /** errors + timeouts + non-2xx + body mismatches of the measured run: must be 0. */
  failures: number;
}





interface ServerSummary {
  requestsPerSecond: Spread;
  latencyP50Ms: number;
  latencyP99Ms: number;
  failures: number;
}

function summarize(runs: RunRecord[], servers: ServerName[]) {
  const perServer: Record<string, ServerSummary> = {};
  for (const name of servers) {
    const mine = runs.filter((r) => r.server === name);
    perServer[name] = {
      requestsPerSecond: spread(mine.map((r) => r.result.requestsAverage)),
      latencyP50Ms: median(mine.map((r) => r.result.latencyP50)),
      latencyP99Ms: median(mine.map((r) => r.result.latencyP99)),
      failures: mine.reduce((sum, r) => sum + r.failures, 0),
    };
  }
  const ratio = (baseline: ServerName) => {
    if (!servers.includes('ours') || !servers.includes(baseline)) return null;
    const perRound = [...new Set(runs.map((r) => r.round))].map((round) => {
      const ours = runs.find((r) => r.round === round && r.server === 'ours')!;
      const base = runs.find((r) => r.round === round && r.server === baseline)!;
      return ours.result.requestsAverage / base.result.requestsAverage;
    });
    return { perRound: perRound.map(round3), ...spread(perRound, round3) };
  };
  return { perServer, ratios: { 'ours/graphql-js': ratio('graphql-js'), 'ours/mercurius-jit': ratio('mercurius-jit') } };
}

// ---------------------------------------------------------------- one database

interface DatabaseResult {
  dialect: Dialect;
  version: string;
  dataset: DatasetInfo;
  sqliteDatetimeStorage?: ReturnType<typeof sqlitePlacedAtStorage>;
  verification: { edges: number; bodyBytes: Record<string, number>; identicalData: true };
  runs: RunRecord[];
  memory: Record<string, ReturnType<typeof memoryOf>>;
  summary: ReturnType<typeof summarize>;
}

async function benchmarkDatabase(dialect: Dialect): Promise<DatabaseResult> {
  log(`\n=== ${dialect} ===`);
  const db = await createDatabase(dialect);
  log(`seeding ${settings.orders} orders, ${settings.customers} customers (seed ${settings.seed})…`);
  const dataset = await seed(db, { seed: settings.seed, customers: settings.customers, orders: settings.orders, now: settings.now }, log);
  log(`  seeded in ${dataset.seedSeconds.toFixed(1)} s: ${JSON.stringify(dataset.rows)}`);
  const version = await databaseVersion(db);
  const sqliteDatetimeStorage = db.dialect === 'sqlite' ? sqlitePlacedAtStorage(db.file) : undefined;
  if (sqliteDatetimeStorage) log(`  SQLite placed_at storage: ${JSON.stringify(sqliteDatetimeStorage)}`);

  const adminKey = `sg_bench_${randomBytes(24).toString('base64url')}`;
  const config: ServerChildConfig = { db, adminKey, poolMax: settings.poolMax };
  const servers: RunningServer[] = [];
  try {
    for (const s of settings.servers) servers.push(await startServer(s.name, s.script, config));
    log(`servers: ${servers.map((s) => `${s.name} ${s.url} (pid ${s.child.pid})`).join(', ')}`);

    const expectedEdges = Math.min(50, dataset.rows.order);
    const verification = await verify(servers, adminKey, expectedEdges);
    log(`verified: identical data from ${servers.map((s) => s.name).join(', ')} (${verification.edges} orders)`);

    const runs: RunRecord[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      for (const server of servers) {
        const base: LoadOptions = {
          url: server.url,
          connections: settings.connections,
          duration: settings.warmup,
          headers: headers(adminKey),
          body: REQUEST_BODY,
          expectBody: server.expectedBody,
        };
        const warm = settings.warmup > 0 ? await runLoad({ ...base, title: `${server.name} warm-up` }) : undefined;
        const loadavgBefore = os.loadavg().map(round2);
        if (settings.cpuProfDir) await profile(server.child, { type: 'profile-start' });
        const result = await runLoad({ ...base, duration: settings.duration, title: server.name });
        if (settings.cpuProfDir) {
          fs.mkdirSync(settings.cpuProfDir, { recursive: true });
          const file = path.join(settings.cpuProfDir, `${db.dialect}-${server.name}-round${round}.cpuprofile`);
          await profile(server.child, { type: 'profile-stop', file });
          log(`  profile: ${file}`);
        }
        const failures = failedRequests(result);
        runs.push({
          round,
          server: server.name,
          loadavgBefore,
          warmup: { requestsPerSecond: round2(warm?.requestsAverage ?? 0), errors: warm ? failedRequests(warm) : 0 },
          result,
          failures,
        });
        log(
          `  round ${round} ${server.name.padEnd(13)} ${result.requestsAverage.toFixed(1).padStart(8)} req/s  ` +
            `p50 ${String(result.latencyP50).padStart(4)} ms  p99 ${String(result.latencyP99).padStart(4)} ms  ` +
            `failures ${failures}  load ${loadavgBefore.join(' ')}`,
        );
        if (failures > 0) log(`  !! ${server.name}: ${failures} failed requests (${JSON.stringify(result.statusCodes)}, mismatches ${result.mismatches})`);
      }
    }
    await verify(servers, adminKey, expectedEdges);
    const memory: Record<string, ReturnType<typeof memoryOf>> = {};
    for (const s of servers) memory[s.name] = memoryOf(s.child.pid);
    return {
      dialect,
      version,
      dataset,
      sqliteDatetimeStorage,
      verification: { ...verification, identicalData: true },
      runs,
      memory,
      summary: summarize(runs, servers.map((s) => s.name)),
    };
  } finally {
    await Promise.all(servers.map((s) => stopChild(s.child)));
    await cleanUp();
  }
}

// ---------------------------------------------------------------- report




function printTable(results: DatabaseResult[]): void {
  log('\n' + ['database', 'server', 'req/s (median)', 'min..max', 'p50 ms', 'p99 ms', 'failures'].join(' | '));
  for (const r of results) {
    for (const [name, s] of Object.entries(r.summary.perServer)) {
      log(
        [
          r.dialect.padEnd(10),
          name.padEnd(13),
          s.requestsPerSecond.median.toFixed(1).padStart(14),
          `${s.requestsPerSecond.min.toFixed(0)}..${s.requestsPerSecond.max.toFixed(0)}`.padStart(10),
          String(s.latencyP50Ms).padStart(6),
          String(s.latencyP99Ms).padStart(6),
          String(s.failures).padStart(8),
        ].join(' | '),
      );
    }
  }
  log('');
  for (const r of results) {
    for (const [name, ratio] of Object.entries(r.summary.ratios)) {
      if (!ratio) continue;
      log(
        `${r.dialect.padEnd(10)} ${name.padEnd(20)} median ${ratio.median.toFixed(3)}  (min ${ratio.min.toFixed(3)}, max ${ratio.max.toFixed(3)})` +
          `${ratio.spreadOver20Percent ? '  SPREAD > ±20%' : ''}`,
      );
    }
  }
}

async function main(): Promise<void> {
  const started = new Date();
  // Taken before the run: the build that is measured was compiled from these sources.
  const digest = sourceDigest();
  log(
    `bench:query  orders ${settings.orders}, customers ${settings.customers}, -c ${settings.connections} -d ${settings.duration} ` +
      `(warm-up ${settings.warmup} s), ${settings.rounds} rounds, databases ${settings.dialects.join(', ')}`,
  );
  const results: DatabaseResult[] = [];
  for (const dialect of settings.dialects) results.push(await benchmarkDatabase(dialect));

  const ratioOf = (dialect: Dialect, key: 'ours/graphql-js' | 'ours/mercurius-jit') => {
    const r = results.find((x) => x.dialect === dialect)?.summary.ratios[key];
    return r ? { ratio: r.median, min: r.min, max: r.max, spreadOver20Percent: r.spreadOver20Percent } : null;
  };
  const failures = results.reduce((sum, r) => sum + r.runs.reduce((s, run) => s + run.failures, 0), 0);
  const targetFor = (dialect: Dialect) => {
    const r = ratioOf(dialect, 'ours/graphql-js');
    return r ? { ...r, met: failures === 0 && r.ratio >= 0.9 } : null;
  };
  const spready = results.flatMap((r) => [
    ...Object.entries(r.summary.ratios)
      .filter(([, ratio]) => ratio?.spreadOver20Percent)
      .map(([name]) => `${r.dialect} ${name}`),
    ...Object.entries(r.summary.perServer)
      .filter(([, stats]) => stats.requestsPerSecond.spreadOver20Percent)
      .map(([name]) => `${r.dialect} ${name} req/s`),
  ]);
  const report = {
    benchmark: 'query',
    description:
      'Nested list query (50 orders with channel, customer + identities, lines) over HTTP POST /graphql, ' +
      'same seeded data for every server; req/s, p50 and p99 from autocannon run in its own process.',
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    target: {
      goal: 'ours >= 0.9 x (a) on SQLite and on PostgreSQL',
      comparedFigure: 'median over rounds of the pairwise ratio ours req/s / (a) graphql-js req/s',
      sqlite: targetFor('sqlite'),
      postgresql: targetFor('postgresql'),
      ratioToMercuriusJit: { sqlite: ratioOf('sqlite', 'ours/mercurius-jit'), postgresql: ratioOf('postgresql', 'ours/mercurius-jit') },
      valid: failures === 0 && !settings.cpuProfDir,
      /** Figures whose runs lie more than ±20% from their median: the machine was busy. */
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
      connections: settings.connections,
      durationSeconds: settings.duration,
      warmupSeconds: settings.warmup,
      rounds: settings.rounds,
      order: 'each round runs ' + settings.servers.map((s) => s.name).join(', ') + ' in turn, each after its own warm-up',
      postgresPoolMax: settings.poolMax,
      serverNodeEnv: 'production',
      cpuProfiled: settings.cpuProfDir ? 'every server ran under the V8 CPU profiler during measured runs: figures include profiler overhead' : false,
      dataset: { seed: settings.seed, now: settings.now.toISOString(), ordersRequested: settings.orders, customersRequested: settings.customers },
      query: REQUEST_BODY,
    },
    servers: Object.fromEntries(settings.servers.map((s) => [s.name, s.description])),
    notes: [
      'ours does one API-key lookup (a SQL select on api_key joined to channel, by SHA-256 of the bearer secret) per request; the baselines do no authentication.',
      'the baselines select only the columns the query needs, as plain rows, with prepared statements cached per SQL text (SQLite); ours selects the columns the query needs plus keys (placed_at for cursors, parent ids), with prepared statements cached per SQL text (SQLite: its own connection; PostgreSQL: named statements), and maps rows to entity instances.',
      'ours fetches first+1 orders (to compute hasNextPage); the baselines fetch exactly first.',
      'every measured response is compared with the body the server returned during verification (autocannon expectBody); a mismatch counts as a failure, as do errors, timeouts and non-2xx.',
      'absolute req/s are understated: autocannon takes about one of the machine\'s cores. Compare ratios.',
    ],
    databases: Object.fromEntries(results.map((r) => [r.dialect, r])),
  };
  fs.mkdirSync(path.dirname(settings.out), { recursive: true });
  fs.writeFileSync(settings.out, `${JSON.stringify(report, null, 2)}\n`);
  printTable(results);
  log(`\nwrote ${path.relative(process.cwd(), settings.out)}`);
  for (const dialect of settings.dialects) {
    const t = report.target[dialect];
    if (t) log(`target ${dialect}: ours/(a) = ${t.ratio.toFixed(3)} → ${t.met ? 'met' : 'NOT met'} (goal ≥ 0.9)`);
  }
  if (spready.length) log(`\n!! spread over ±20% (${spready.join(', ')}): the machine was busy; run again`);
  if (failures > 0) {
    log(`\n!! ${failures} failed requests: the figures are not valid`);
    process.exitCode = 1;
  }
}

main().catch(async (error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await cleanUp();
  process.exit(1);
});
