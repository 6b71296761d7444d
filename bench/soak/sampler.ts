/**
 * Once a second during the soak: the gateway's resident memory (VmRSS) and CPU time (from /proc)
 * and the machine's load average, read on the spot; and, whenever the previous answer is in, how
 * many events the subscribers have received so far (their processes answer over IPC, which can
 * take longer than a second when they are busy, so it never holds up the other readings).
 */
import fs from 'node:fs';
import os from 'node:os';

import type { SubscriberPool } from '../fanout/children';
import { clock, type SubscriberStatus } from '../fanout/common';
import { memoryOf, round2 } from '../harness';

export interface Sample {
  /** clock() ms */
  at: number;
  rssMB: number | null;
  /** CPU seconds (user + system) the gateway has used so far. */
  cpuSeconds: number | null;
  /** Size of SQLite's write-ahead log (null on PostgreSQL): reads slow down while it grows unchecked. */
  walMB: number | null;
  load1: number;
}

export interface DeliveryReading {
  /** clock() ms when the last subscriber process answered. */
  at: number;
  /** Events received by all subscribers since the phase began. */
  delivered: number;
  openSockets: number;
}

/** CPU seconds (user + system) a process has used so far (Linux), or null. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

function fileMB(file: string): number | null {
  try {
    return round2(fs.statSync(file).size / 2 ** 20);
  } catch {
    return null;
  }
}

/** Samples at start + k seconds until stopped (a late tick is taken at once, never twice). */
export function startSampler(
  pid: number,
  walFile: string | null,
  pool: SubscriberPool,
  start: number,
  onSample?: (sample: Sample, latest: DeliveryReading | undefined) => void,
): { stop: () => Promise<{ samples: Sample[]; deliveries: DeliveryReading[] }> } {
  const samples: Sample[] = [];
  const deliveries: DeliveryReading[] = [];
  let asking: Promise<void> | null = null;
  const ask = () => {
    asking = pool.all<SubscriberStatus>(() => ({ type: 'status' })).then((statuses) => {
      deliveries.push({
        at: clock(),
        delivered: statuses.reduce((n, s) => n + s.measured, 0),
        openSockets: statuses.reduce((n, s) => n + s.open, 0),
      });
      asking = null;
    });
  };
  let timer: NodeJS.Timeout | undefined;
  let k = 0;
  const tick = () => {
    const at = clock();
    // a timer may fire a fraction of a millisecond early by this clock: wait for the second itself
    if (at < start + k * 1000) {
      timer = setTimeout(tick, start + k * 1000 - at);
      return;
    }
    const sample: Sample = { at, rssMB: memoryOf(pid)?.vmRSSMB ?? null, cpuSeconds: cpuSeconds(pid), walMB: walFile ? fileMB(walFile) : null, load1: round2(os.loadavg()[0]) };
    samples.push(sample);
    if (!asking) ask();
    onSample?.(sample, deliveries[deliveries.length - 1]);
    k = Math.max(k + 1, Math.floor((clock() - start) / 1000) + 1);
    timer = setTimeout(tick, Math.max(0, start + k * 1000 - clock()));
  };
  timer = setTimeout(tick, Math.max(0, start - clock()));
  return {
    stop: async () => {
      clearTimeout(timer);
      await asking;
      return { samples, deliveries };
    },
  };
}

/** Events per second received between `from` and `to`, from the readings nearest before each; null when they do not span the interval. */
export function deliveriesPerSecond(readings: DeliveryReading[], from: number, to: number): number | null {
  const before = (t: number) => {
    let found: DeliveryReading | undefined;
    for (const r of readings) if (r.at <= t) found = r;
    return found;
  };
  const a = before(from) ?? readings[0];
  const b = before(to);
  if (!a || !b || b.at <= a.at) return null;
  return Math.round((b.delivered - a.delivered) / ((b.at - a.at) / 1000));
}
