/**
 * The figures of a soak: latencies of each traffic kind cut into windows of the soak (a minute in
 * the full run), the p99 drift from the first window to the last, and whether the gateway's
 * resident memory stayed flat after warm-up.
 */
import { median, round2, round3 } from '../harness';

/** Nearest-rank percentile of ascending values; null when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Window {
  index: number;
  /** clock() ms, [from, to) */
  from: number;
  to: number;
}

/** Whole windows of `seconds` from `start`; a remainder shorter than a window is left out. */
export function windowsOf(start: number, totalSeconds: number, seconds: number): Window[] {
  const count = Math.max(1, Math.floor(totalSeconds / seconds));
  return Array.from({ length: count }, (_, index) => ({ index, from: start + index * seconds * 1000, to: start + (index + 1) * seconds * 1000 }));
}

/** Requests of one traffic kind: when each was due, how long it took, whether it succeeded. */
export class Series {
  private readonly at: number[] = [];
  private readonly ms: number[] = [];
  private readonly failedAt: number[] = [];

  add(at: number, ms: number, ok: boolean): void {
    if (ok) {
      this.at.push(at);
      this.ms.push(ms);
    } else this.failedAt.push(at);
  }

  get ok(): number {
    return this.ms.length;
  }

  get failed(): number {
    return this.failedAt.length;
  }

  /** Successful requests due in [from, to): count, latency p50/p99/max (ms), and failures due there. */
  slice(from: number, to: number): SliceSummary {
    const picked: number[] = [];
    for (let i = 0; i < this.at.length; i++) if (this.at[i] >= from && this.at[i] < to) picked.push(this.ms[i]);
    picked.sort((a, b) => a - b);
    const seconds = (to - from) / 1000;
    return {
      ok: picked.length,
      failed: this.failedAt.filter((t) => t >= from && t < to).length,
      perSecond: round2(picked.length / seconds),
      p50Ms: round(percentile(picked, 50)),
      p99Ms: round(percentile(picked, 99)),
      maxMs: round(percentile(picked, 100)),
    };
  }
}

export interface SliceSummary {
  ok: number;
  failed: number;
  perSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

const round = (n: number | null): number | null => (n === null ? null : round2(n));

/** A drift is judged only when both windows hold this many successful requests: a p99 of fewer is one or two requests. */
export const MIN_REQUESTS_FOR_DRIFT = 100;
export const DRIFT_LIMIT = 0.2;

export interface Drift {
  firstP99Ms: number | null;
  lastP99Ms: number | null;
  /** lastP99 / firstP99 - 1: 0.25 means the last window's p99 is 25% above the first's. */
  drift: number | null;
  firstCount: number;
  lastCount: number;
  judged: boolean;
  /** drift < DRIFT_LIMIT; null when not judged. */
  met: boolean | null;
}

export function driftOf(first: { p99Ms: number | null; ok: number }, last: { p99Ms: number | null; ok: number }): Drift {
  const judged = first.ok >= MIN_REQUESTS_FOR_DRIFT && last.ok >= MIN_REQUESTS_FOR_DRIFT && !!first.p99Ms && last.p99Ms !== null;
  const drift = first.p99Ms && last.p99Ms !== null ? round3(last.p99Ms / first.p99Ms - 1) : null;
  return { firstP99Ms: first.p99Ms, lastP99Ms: last.p99Ms, drift, firstCount: first.ok, lastCount: last.ok, judged, met: judged ? drift! < DRIFT_LIMIT : null };
}

/** RSS growth above this share of the warm-up figure is not flat. */
export const RSS_GROWTH_LIMIT = 0.1;
/** Window-to-window rises (median RSS) of more than this many MB, each of the last RSS_TREND_STEPS, make a trend. */
export const RSS_STEP_MB = 1;
export const RSS_TREND_STEPS = 3;

export interface RssJudgement {
  /** Median VmRSS of the second window (the first holds the warm-up), or of the only one. */
  warmupWindow: number;
  warmupMB: number | null;
  endMB: number | null;
  growthMB: number | null;
  growthPercent: number | null;
  /** Median VmRSS of each window. */
  windowMediansMB: (number | null)[];
  /** Least-squares slope of the samples from the warm-up window on. */
  slopeMBPerMinute: number | null;
  /** Each of the last RSS_TREND_STEPS window-to-window steps rose by more than RSS_STEP_MB. */
  rising: boolean;
  /** Enough windows after warm-up to see a trend (RSS_TREND_STEPS + 1). */
  trendJudged: boolean;
  flat: boolean | null;
}

export function judgeRss(samples: { at: number; rssMB: number | null }[], windows: Window[]): RssJudgement {
  const medians = windows.map((w) => {
    const values = samples.filter((s) => s.at >= w.from && s.at < w.to && s.rssMB !== null).map((s) => s.rssMB!);
    return values.length ? round2(median(values)) : null;
  });
  const warmupWindow = windows.length > 1 ? 1 : 0;
  const warmupMB = medians[warmupWindow];
  const endMB = medians[medians.length - 1];
  const growthMB = warmupMB !== null && endMB !== null ? round2(endMB - warmupMB) : null;
  const growthPercent = growthMB !== null && warmupMB ? round2((growthMB / warmupMB) * 100) : null;
  const after = medians.slice(warmupWindow);
  const steps = after.slice(1).map((m, i) => (m !== null && after[i] !== null ? m - after[i]! : null));
  const trendJudged = steps.length >= RSS_TREND_STEPS && steps.every((s) => s !== null);
  const rising = trendJudged && steps.slice(-RSS_TREND_STEPS).every((s) => s! > RSS_STEP_MB);
  const points = samples.filter((s) => s.at >= windows[warmupWindow].from && s.rssMB !== null);
  return {
    warmupWindow,
    warmupMB,
    endMB,
    growthMB,
    growthPercent,
    windowMediansMB: medians,
    slopeMBPerMinute: slope(points.map((s) => [s.at / 60_000, s.rssMB!])),
    rising,
    trendJudged,
    flat: growthPercent === null ? null : growthPercent < RSS_GROWTH_LIMIT * 100 && !rising,
  };
}

function slope(points: [number, number][]): number | null {
  if (points.length < 2) return null;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx ? round2(points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx) : null;
}
