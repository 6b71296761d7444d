/**
 * Local calendar periods (days, ISO weeks, months) of an IANA time zone as ranges of instants,
 * computed with Intl only. A period starts at the first instant whose local date is its first
 * day: local midnight, or the end of the DST gap when midnight is skipped (America/Santiago).
 * A day that ends a DST period lasts 25 hours (Europe/Berlin, 2026-10-25), one that starts it 23.
 *
 * @packageDocumentation
 */

export type BucketUnit = 'DAY' | 'WEEK' | 'MONTH';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Slot widths, coarsest first: each divides a day and is a multiple of 15 minutes, the finest
 * needed (every UTC offset in use since 1972 is a whole multiple of 15 minutes).
 */
export const SLOT_WIDTHS: readonly number[] = [DAY, HOUR, 30 * MINUTE, 15 * MINUTE];

/** A calendar date, month 1–12. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** One group's part of the time axis. */
export interface TimeBucket {
  /** The local date the period starts on ("2026-11-01"); null when not grouped by time. */
  readonly period: string | null;
  /** The instant the local period starts (before the window's start for the first period); null when not grouped by time. */
  readonly periodStart: Date | null;
  /** The part of the window inside the period, [from, to), in epoch milliseconds. */
  readonly from: number;
  readonly to: number;
}

/**
 * The zone's name as given when Intl knows it (case aside: "utc" is UTC), or null ("Mars/Olympus").
 * The name is kept, not canonicalized: ICU would turn "Asia/Kolkata" into "Asia/Calcutta".
 */
export function resolveTimeZone(name: string): string | null {
  if (name.trim() === '') return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return null;
  }
}

/** Epoch milliseconds of a calendar date's midnight as if it were UTC (years 0–99 kept as such). */
function utcMidnight(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function dateOfUtc(ms: number): LocalDate {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** "2026-11-01". */
export function formatLocalDate({ year, month, day }: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

const clocks = new Map<string, ZoneClock>();
const MAX_CLOCKS = 1000;

/** The wall clock of one IANA zone. */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;

  /**
   * The clock of `timeZone`, made once per zone name: a formatter costs far more to build than
   * to use, and a summary asks for one on every request. (Zone names match in any letter case,
   * so the cache is cleared past 1,000 names.)
   */
  static of(timeZone: string): ZoneClock {
    let clock = clocks.get(timeZone);
    if (!clock) {
      clock = new ZoneClock(timeZone);
      if (clocks.size >= MAX_CLOCKS) clocks.clear();
      clocks.set(timeZone, clock);
    }
    return clock;
  }

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The local date and time at `instant` as epoch milliseconds of the same wall clock read in UTC. */
  wallClock(instant: number): number {
    const parts: Record<string, string> = {};
    for (const part of this.format.formatToParts(new Date(instant))) parts[part.type] = part.value;
    const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
    const millis = ((instant % 1000) + 1000) % 1000;
    return utcMidnight(year, Number(parts.month), Number(parts.day)) + Number(parts.hour) * HOUR + Number(parts.minute) * MINUTE + Number(parts.second) * 1000 + millis;
  }

  /** The zone's UTC offset at `instant`, in milliseconds (+05:30 is 19 800 000). */
  offset(instant: number): number {
    return this.wallClock(instant) - instant;
  }

  /** The local calendar date at `instant`. */
  dateAt(instant: number): LocalDate {
    return dateOfUtc(this.wallClock(instant));
  }

  /** The first instant whose local date is `date` or later: local midnight, or the end of a gap that skips it. */
  startOf(date: LocalDate): number {
    const midnight = utcMidnight(date.year, date.month, date.day);
    const offsets = new Set([-2, -1, 0, 1, 2].map((days) => this.offset(midnight + days * DAY)));
    const exact = [...offsets].map((o) => midnight - o).filter((t) => this.wallClock(t) === midnight);
    if (exact.length) return Math.min(...exact);
    // midnight falls in a gap: search the first instant past it (every offset is within −12 h … +14 h)
    let lo = midnight - 15 * HOUR;
    let hi = midnight + 13 * HOUR;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.wallClock(mid) >= midnight) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

/** The first day of the period of `unit` holding `date`: itself, its ISO week's Monday, or the 1st. */
export function periodOf(date: LocalDate, unit: BucketUnit): LocalDate {
  if (unit === 'MONTH') return { ...date, day: 1 };
  if (unit === 'DAY') return date;
  const midnight = utcMidnight(date.year, date.month, date.day);
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return dateOfUtc(midnight - sinceMonday * DAY);
}

/** The first day of the period after the one starting on `start`. */
export function nextPeriod(start: LocalDate, unit: BucketUnit): LocalDate {
  if (unit === 'MONTH') return start.month === 12 ? { year: start.year + 1, month: 1, day: 1 } : { ...start, month: start.month + 1 };
  return dateOfUtc(utcMidnight(start.year, start.month, start.day) + (unit === 'WEEK' ? 7 : 1) * DAY);
}

/**
 * The window [from, to) cut at the starts of the local periods of `unit` in `timeZone`, one
 * bucket per period it touches, in time order; one bucket for the whole window when `unit` is null.
 * Buckets are contiguous: each ends where the next begins.
 */
export function timeBuckets(window: { from: Date; to: Date }, unit: BucketUnit | null, timeZone: string): TimeBucket[] {
  const from = window.from.getTime();
  const to = window.to.getTime();
  if (unit === null) return [{ period: null, periodStart: null, from, to }];
  const clock = ZoneClock.of(timeZone);
  const buckets: TimeBucket[] = [];
  let period = periodOf(clock.dateAt(from), unit);
  let start = clock.startOf(period);
  while (start < to) {
    const next = nextPeriod(period, unit);
    const end = clock.startOf(next);
    // a day a zone skipped whole (Pacific/Apia, 2011-12-30) holds no instant: no bucket
    if (end > start) buckets.push({ period: formatLocalDate(period), periodStart: new Date(start), from: Math.max(start, from), to: Math.min(end, to) });
    period = next;
    start = end;
  }
  return buckets;
}

/**
 * The coarsest slot width (epoch-aligned) no slot of which straddles an edge between buckets: a
 * day in UTC or without periods, an hour in Europe/Berlin, 30 minutes in Asia/Kolkata, 15 in
 * Asia/Kathmandu. Null when an edge is off the 15-minute grid (a zone's historic odd offset).
 */
export function slotWidthFor(buckets: readonly TimeBucket[]): number | null {
  const edges = buckets.slice(1).map((b) => b.from);
  return SLOT_WIDTHS.find((width) => edges.every((edge) => edge % width === 0)) ?? null;
}

/** The index of the bucket holding `instant` (an instant inside the window), by binary search. */
export function bucketIndexOf(buckets: readonly TimeBucket[], instant: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (buckets[mid].from <= instant) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
