/**
 * What `npm run bench:soak` makes of its phases: the calibrated rates; for the soak the errors,
 * every window's figures, the drift of each traffic kind's p99 from the first window to the last,
 * the RSS judgement and a second-by-second timeline.
 */
import { merge, summarize, type Collected, type Histogram, type LatencySummary, type ProduceResult } from '../fanout/common';
import { median, round2 } from '../harness';
import type { ImportRecord } from './imports';
import type { QueryRunDone } from './protocol';
import { MIX, QUERY_KINDS, type QueryKind } from './queries';
import { deliveriesPerSecond, type DeliveryReading, type Sample } from './sampler';
import { settings } from './settings';
import { driftOf, judgeRss, Series, windowsOf, type Drift, type RssJudgement, type SliceSummary } from './stats';
import type { QueryTally } from './tally';

/** One phase of traffic as run.ts ran it. */
export interface Phase {
  from: number;
  startedAt: number;
  seconds: number;
  loadavgBefore: number[];
  queries: QueryRunDone;
  tally: QueryTally;
  webhooks: ProduceResult;
  imports: ImportRecord[];
  samples: Sample[];
  /** The subscribers' event counts as they answered during the phase. */
  deliveryReadings: DeliveryReading[];
  /** The gateway's CPU (user + system) over the traffic, in cores. */
  gatewayCores: number | null;
  drain: { expected: number; delivered: number; seconds: number };
}

const byKind = <T>(f: (kind: QueryKind) => T) => Object.fromEntries(QUERY_KINDS.map((k) => [k, f(k)])) as Record<QueryKind, T>;
const mixShare = (kind: QueryKind) => MIX[kind] / QUERY_KINDS.reduce((n, k) => n + MIX[k], 0);

function webhookFailures(w: ProduceResult) {
  return { non200: w.non200, notCreated: w.sent - w.created - w.non200 - w.errors, networkErrors: w.errors };
}

function importSummary(records: ImportRecord[]) {
  return {
    imports: records.length,
    failed: records.filter((r) => !r.ok).length,
    rejectedLines: records.reduce((n, r) => n + (r.rejected ?? 0), 0),
    lines: records.reduce((n, r) => n + r.lines, 0),
    maxSeconds: records.length ? Math.max(...records.map((r) => r.seconds)) : null,
    medianLinesPerSecond: records.length ? Math.round(median(records.map((r) => r.lines / Math.max(0.001, r.seconds)))) : null,
  };
}

// ---------------------------------------------------------------- calibration

export function analyzeCalibration(phase: Phase) {
  const seconds = (phase.queries.endedAt - phase.queries.startedAt) / 1000;
  const whole = (s: Series) => s.slice(-Infinity, Infinity);
  const webhooks = webhookFailures(phase.webhooks);
  const imports = importSummary(phase.imports);
  const queryFailures = phase.tally.failed;
  return {
    seconds: round2(seconds),
    loadavgBefore: phase.loadavgBefore,
    gatewayCores: phase.gatewayCores,
    queryConnections: settings.queryConnections,
    webhookSenders: settings.webhookSenders,
    /** Successful queries of the mix per second, closed loop at full speed. */
    queriesPerSecond: round2(phase.tally.all.ok / seconds),
    queriesPerSecondByKind: byKind((k) => round2(phase.tally.byKind[k].ok / seconds)),
    queryLatencyMs: byKind((k) => pick(whole(phase.tally.byKind[k]))),
    queryFailures: phase.tally.failures,
    /** Webhooks answered "created" per second, flat out. */
    webhooksPerSecond: phase.webhooks.eventsPerSecond,
    webhookLatencyMs: { p50: phase.webhooks.requestP50Ms, p99: phase.webhooks.requestP99Ms },
    webhookFailures: webhooks,
    imports,
    deliveries: { ...phase.drain, complete: phase.drain.delivered === phase.drain.expected },
    errors: queryFailures + webhooks.non200 + webhooks.notCreated + webhooks.networkErrors + imports.failed + Math.abs(phase.drain.expected - phase.drain.delivered),
  };
}

export type CalibrationReport = ReturnType<typeof analyzeCalibration>;

const medianOf = (values: (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? round2(median(present)) : null;
};

const pick = (s: SliceSummary) => ({ ok: s.ok, p50: s.p50Ms, p99: s.p99Ms, max: s.maxMs });

// ---------------------------------------------------------------- soak

/** The gateway's heap after a full collection, and its RSS then. */
export interface HeapReading {
  heapMB: number | null;
  rssMB: number | null;
  failure?: string;
}

export interface SoakExtras {
  queryRate: number;
  webhookRate: number;
  /** Every subscriber process's collection over the whole soak. */
  full: Collected[];
  /** The same for the webhooks due in [from, to) only. */
  perWindow: (from: number, to: number) => Promise<Collected[]>;
  heap: { before: HeapReading; calibrated: HeapReading; after: HeapReading };
}

function histogramOf(collected: Collected[], key: 'fromAnswer' | 'fromOccurredAt'): LatencySummary {
  const histogram: Histogram = new Map();
  for (const c of collected) merge(histogram, c[key]);
  return summarize(histogram);
}

export async function analyzeSoak(phase: Phase, extras: SoakExtras) {
  const { webhooks, samples } = phase;
  // seconds count from the start of the traffic; the windows begin after the lead-in
  const start = phase.startedAt;
  const measuredFrom = start + settings.leadInSeconds * 1000;
  const windows = windowsOf(measuredFrom, settings.soakSeconds, settings.windowSeconds);
  const measuredTo = windows[windows.length - 1].to;
  const webhookSeries = new Series();
  webhooks.answers.forEach((answer, i) => {
    const due = webhooks.startedAt + (i * 1000) / extras.webhookRate;
    webhookSeries.add(due, answer === null ? 0 : answer - due, answer !== null);
  });
  const importSeries = new Series();
  for (const r of phase.imports) importSeries.add(r.startedAt, r.seconds * 1000, r.ok);

  const samplesIn = (from: number, to: number) => samples.filter((s) => s.at >= from && s.at < to);
  /** Deliveries per second in [from, to), and the gateway's CPU between the first sample of it and the first after it. */
  const rates = (from: number, to: number) => {
    const a = samples.find((s) => s.at >= from);
    const b = samples.find((s) => s.at >= to) ?? samples[samples.length - 1];
    const dt = a && b ? (b.at - a.at) / 1000 : 0;
    return {
      deliveriesPerSecond: deliveriesPerSecond(phase.deliveryReadings, from, to),
      gatewayCores: a && b && dt > 0 && a.cpuSeconds !== null && b.cpuSeconds !== null ? round2((b.cpuSeconds - a.cpuSeconds) / dt) : null,
    };
  };

  const windowRows = [];
  for (const w of windows) {
    const inWindow = samplesIn(w.from, w.to);
    const deliveries = histogramOf(await extras.perWindow(w.from, w.to), 'fromAnswer');
    windowRows.push({
      index: w.index,
      fromSecond: Math.round((w.from - start) / 1000),
      toSecond: Math.round((w.to - start) / 1000),
      load1: inWindow.length ? round2(median(inWindow.map((s) => s.load1))) : null,
      rssMB: medianOf(inWindow.map((s) => s.rssMB)),
      walMaxMB: inWindow.some((s) => s.walMB !== null) ? Math.max(...inWindow.map((s) => s.walMB ?? 0)) : null,
      ...rates(w.from, w.to),
      queries: byKind((k) => phase.tally.byKind[k].slice(w.from, w.to)),
      allQueries: phase.tally.all.slice(w.from, w.to),
      webhooks: webhookSeries.slice(w.from, w.to),
      deliveryLatencyFromAnswerMs: { count: deliveries.count, p50: deliveries.p50, p99: deliveries.p99, max: deliveries.max },
      imports: importSeries.slice(w.from, w.to),
    });
  }
  const first = windowRows[0];
  const last = windowRows[windowRows.length - 1];
  const several = windowRows.length > 1;
  const drifted = (a: { p99Ms: number | null; ok: number }, b: { p99Ms: number | null; ok: number }): Drift => {
    const d = driftOf(a, b);
    return several ? d : { ...d, judged: false, met: null };
  };
  const asSlice = (d: { p99: number | null; count: number }) => ({ p99Ms: d.p99, ok: d.count });
  const drift = {
    ...byKind((k) => drifted(first.queries[k], last.queries[k])),
    allQueries: drifted(first.allQueries, last.allQueries),
    webhooks: drifted(first.webhooks, last.webhooks),
    deliveries: drifted(asSlice(first.deliveryLatencyFromAnswerMs), asSlice(last.deliveryLatencyFromAnswerMs)),
    imports: drifted(first.imports, last.imports),
  };
  const rss: RssJudgement = judgeRss(samples, windows);

  // errors: every request that failed, every delivery missing or extra, every socket lost
  const expected = webhooks.created * settings.subscribers;
  const delivered = extras.full.reduce((n, c) => n + c.measured, 0);
  const unknown = extras.full.reduce((n, c) => n + c.unknown, 0);
  const perSocketMin = Math.min(...extras.full.map((c) => c.perSocketMin));
  const perSocketMax = Math.max(...extras.full.map((c) => c.perSocketMax));
  const closes: Record<string, number> = {};
  for (const c of extras.full) for (const [code, n] of Object.entries(c.closes)) closes[code] = (closes[code] ?? 0) + n;
  const deliveryErrors = {
    /** At least this many deliveries never arrived (exact when no subscriber got extra ones). */
    missingAtLeast: settings.subscribers ? Math.max(0, expected - (delivered - unknown), webhooks.created - perSocketMin) : 0,
    /** At least this many arrived twice (exact when none is missing). */
    duplicatesAtLeast: Math.max(0, delivered - unknown - expected, unknown ? 0 : perSocketMax - webhooks.created),
    /** Events for webhooks whose answer was not "created". */
    unknown,
    subscriberErrors: extras.full.reduce((n, c) => n + c.errors, 0),
    closedSockets: Object.values(closes).reduce((n, c) => n + c, 0),
  };
  const webhookErrors = webhookFailures(webhooks);
  const imports = importSummary(phase.imports);
  const queryErrors = phase.tally.failures;
  const errorCount =
    phase.tally.failed +
    webhookErrors.non200 +
    webhookErrors.notCreated +
    webhookErrors.networkErrors +
    imports.failed +
    Object.values(deliveryErrors).reduce((n, c) => n + c, 0);

  const seconds = (measuredTo - measuredFrom) / 1000;
  const measured = { queries: phase.tally.all.slice(measuredFrom, measuredTo), webhooks: webhookSeries.slice(measuredFrom, measuredTo) };
  const achievedQueries = round2(measured.queries.ok / seconds);
  const achievedWebhooks = round2(measured.webhooks.ok / seconds);
  const achievedDeliveries = rates(measuredFrom, measuredTo).deliveriesPerSecond;
  const leadIn = { queries: phase.tally.all.slice(start, measuredFrom), webhooks: webhookSeries.slice(start, measuredFrom) };
  const timeline = Array.from({ length: Math.floor(phase.seconds) }, (_, t) => {
    const from = start + t * 1000;
    const to = from + 1000;
    const q = phase.tally.all.slice(from, to);
    const h = webhookSeries.slice(from, to);
    const sample = samplesIn(from, to)[0];
    return {
      t,
      queriesOk: q.ok,
      queriesFailed: q.failed,
      queriesP99Ms: q.p99Ms,
      webhooksOk: h.ok,
      webhooksFailed: h.failed,
      webhooksP99Ms: h.p99Ms,
      ...rates(from, to),
      rssMB: sample?.rssMB ?? null,
      walMB: sample?.walMB ?? null,
      load1: sample?.load1 ?? null,
      importsStarted: phase.imports.filter((r) => r.startedAt >= from && r.startedAt < to).length,
    };
  });

  return {
    /** Length of the windows together; the traffic ran leadInSeconds longer, before them. */
    seconds,
    leadInSeconds: settings.leadInSeconds,
    windowSeconds: settings.windowSeconds,
    windows: windows.length,
    loadavgBefore: phase.loadavgBefore,
    gatewayCores: phase.gatewayCores,
    /** The lead-in's figures, outside every window (its failures count among the errors). */
    leadIn: { queriesP99Ms: leadIn.queries.p99Ms, queriesFailed: leadIn.queries.failed, webhooksP99Ms: leadIn.webhooks.p99Ms, webhooksFailed: leadIn.webhooks.failed },
    rates: {
      fraction: settings.fraction,
      queries: { target: extras.queryRate, achieved: achievedQueries, ratio: round2(achievedQueries / extras.queryRate) },
      queriesByKind: byKind((k) => {
        const target = round2(extras.queryRate * mixShare(k));
        const achieved = round2(phase.tally.byKind[k].slice(measuredFrom, measuredTo).ok / seconds);
        return { target, achieved, ratio: round2(achieved / target) };
      }),
      webhooks: { target: extras.webhookRate, achieved: achievedWebhooks, ratio: round2(achievedWebhooks / extras.webhookRate) },
      deliveries: {
        target: Math.round(extras.webhookRate * settings.subscribers),
        achieved: achievedDeliveries,
        ratio: settings.subscribers && achievedDeliveries !== null ? round2(achievedDeliveries / (extras.webhookRate * settings.subscribers)) : null,
      },
      importLines: { achieved: round2(phase.imports.filter((r) => r.startedAt >= measuredFrom && r.startedAt < measuredTo).reduce((n, r) => n + r.lines, 0) / seconds) },
    },
    errors: {
      count: errorCount,
      queries: queryErrors,
      webhooks: webhookErrors,
      imports: { failed: imports.failed, rejectedLines: imports.rejectedLines },
      deliveries: deliveryErrors,
      samples: [
        ...phase.queries.samples,
        ...webhooks.samples,
        ...phase.imports.filter((r) => r.failure).map((r) => `import ${r.file}: ${r.failure}`),
        ...extras.full.flatMap((c) => c.errorSamples),
      ].slice(0, 10),
    },
    drift,
    rss,
    heapAfterGc: {
      /** Read after the warm-up, before the calibration; the after figure once the soak's deliveries are drained. */
      beforeCalibrationMB: extras.heap.before.heapMB,
      afterCalibrationMB: extras.heap.calibrated.heapMB,
      afterSoakMB: extras.heap.after.heapMB,
      growthMB: extras.heap.before.heapMB !== null && extras.heap.after.heapMB !== null ? round2(extras.heap.after.heapMB - extras.heap.before.heapMB) : null,
      /** Over the soak alone: after the calibration to after the soak. */
      soakGrowthMB: extras.heap.calibrated.heapMB !== null && extras.heap.after.heapMB !== null ? round2(extras.heap.after.heapMB - extras.heap.calibrated.heapMB) : null,
      rssBeforeCalibrationMB: extras.heap.before.rssMB,
      rssAfterCalibrationMB: extras.heap.calibrated.rssMB,
      rssAfterSoakMB: extras.heap.after.rssMB,
      ...(extras.heap.before.failure || extras.heap.calibrated.failure || extras.heap.after.failure
        ? { failure: extras.heap.before.failure ?? extras.heap.calibrated.failure ?? extras.heap.after.failure }
        : {}),
    },
    queries: { sent: phase.queries.sent, latencyMs: byKind((k) => pick(phase.tally.byKind[k].slice(-Infinity, Infinity))) },
    webhooks: { sent: webhooks.sent, created: webhooks.created, latencyMs: pick(webhookSeries.slice(-Infinity, Infinity)), requestP99Ms: webhooks.requestP99Ms },
    deliveries: {
      expected,
      delivered,
      perSocketMin,
      perSocketMax,
      drainSeconds: phase.drain.seconds,
      closes,
      latencyFromAnswerMs: histogramOf(extras.full, 'fromAnswer'),
      latencyFromOccurredAtMs: histogramOf(extras.full, 'fromOccurredAt'),
    },
    imports: {
      ...imports,
      runs: phase.imports.map(({ startedAt, endedAt: _e, ...r }) => ({ atSecond: round2((startedAt - start) / 1000), ...r })),
    },
    windowRows,
    timeline,
  };
}

export type SoakReport = Awaited<ReturnType<typeof analyzeSoak>>;
