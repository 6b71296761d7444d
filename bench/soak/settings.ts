/** The settings of `npm run bench:soak`, read from the environment once (see bench/README.md). */
import path from 'node:path';

import { projectRoot } from '../../src/common/project-root';
import { envNumber } from '../harness';
import type { Dialect } from '../query/common';

export const settings = (() => {
  const dbChoice = (process.env.BENCH_DB ?? 'sqlite').trim();
  if (!['sqlite', 'postgresql', 'both'].includes(dbChoice)) throw new Error(`BENCH_DB must be sqlite, postgresql or both; got "${dbChoice}"`);
  const soakSeconds = Math.max(3, envNumber('BENCH_SOAK_SECONDS', 600));
  const orders = envNumber('BENCH_ORDERS', 20_000, true);
  const fraction = envNumber('BENCH_LOAD_FRACTION', 0.7);
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`BENCH_LOAD_FRACTION must be in (0, 1]; got ${fraction}`);
  return {
    dialects: (dbChoice === 'both' ? ['sqlite', 'postgresql'] : [dbChoice]) as Dialect[],
    soakSeconds,
    /** A minute, or a third of a shorter soak so that a first and a last window still differ. */
    windowSeconds: Math.max(1, envNumber('BENCH_WINDOW_SECONDS', Math.min(60, Math.floor(soakSeconds / 3)))),
    /** Soak traffic before the first window: the step from idle to the soak's rates settles in it. */
    leadInSeconds: envNumber('BENCH_LEAD_IN', 10),
    calibrationSeconds: Math.max(5, envNumber('BENCH_CALIBRATION_SECONDS', 20)),
    warmupSeconds: envNumber('BENCH_WARMUP', 5),
    fraction,
    subscribers: envNumber('BENCH_SUBSCRIBERS', 500, true),
    processes: Math.max(1, envNumber('BENCH_PROCESSES', 4, true)),
    queryConnections: Math.max(1, envNumber('BENCH_QUERY_CONNECTIONS', 8, true)),
    webhookSenders: Math.max(1, envNumber('BENCH_WEBHOOK_SENDERS', 8, true)),
    importEverySeconds: Math.max(1, envNumber('BENCH_IMPORT_EVERY', 20)),
    importLines: envNumber('BENCH_IMPORT_LINES', 2_000, true),
    orders,
    customers: envNumber('BENCH_CUSTOMERS', Math.round(orders * 0.3), true),
    drainSeconds: envNumber('BENCH_DRAIN_SECONDS', 30),
    templates: Math.max(1, envNumber('BENCH_TEMPLATES', 300, true)),
    seed: envNumber('BENCH_SEED', 42, true),
    now: new Date(process.env.BENCH_NOW ?? '2026-11-01T00:00:00Z'),
    out: path.resolve(process.env.BENCH_OUT ?? path.join(projectRoot(), 'bench', 'results', 'soak.json')),
    /** A folder: the gateway's CPU profiles of the soak's first and last window are written there. */
    cpuProfileDir: process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null,
  };
})();

export type Settings = typeof settings;
