/**
 * When orders happen: spread over the last N days with a gentle upward trend (recent days are
 * busier), more on weekends, and by the hour of the channel's local day (online evenings, store
 * opening hours). Also formats times the way channels send them (ISO-8601 with a local offset).
 *
 * @packageDocumentation
 */

import { ChannelKind } from '../channels/channel-kind';
import type { ChannelProfile } from './channels';
import type { Random } from './random';

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Relative order volume per local hour 0..23 for web shops and marketplaces. */
const ONLINE_HOURS = [2.2, 1.4, 0.9, 0.6, 0.5, 0.6, 1.0, 1.8, 2.8, 3.6, 4.2, 4.8, 5.6, 5.2, 4.6, 4.4, 4.5, 5.0, 5.6, 6.4, 7.2, 7.0, 5.6, 3.6];
/** Relative order volume per local hour for stores open 10:00–22:00. */
const STORE_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 7, 7, 6, 5.5, 6, 7, 8.5, 8.5, 6.5, 3.5, 0, 0];
/** Relative volume per local weekday, Sunday first. */
const ONLINE_WEEKDAYS = [1.15, 1.05, 0.95, 0.95, 0.97, 1.0, 1.08];
const STORE_WEEKDAYS = [1.45, 0.8, 0.8, 0.85, 0.9, 1.1, 1.55];

/** How much busier the latest day is than the first day of the window (0.6 = 60 % busier). */
const TREND = 0.6;

/**
 * A random instant in the `days` days before `now` at which an order of this channel was
 * placed, never after `now`.
 */
export function samplePlacedAt(rng: Random, profile: ChannelProfile, now: Date, days: number): Date {
  const nowMs = now.getTime();
  const startMs = nowMs - days * DAY_MS;
  const offsetMs = profile.utcOffsetMinutes * 60_000;
  const store = profile.channel.kind === ChannelKind.OFFLINE_STORE;
  const hours = store ? STORE_HOURS : ONLINE_HOURS;
  const weekdays = store ? STORE_WEEKDAYS : ONLINE_WEEKDAYS;
  const maxWeekday = Math.max(...weekdays);
  const todayLocal = Math.floor((nowMs + offsetMs) / DAY_MS);
  for (let attempt = 0; attempt < 1000; attempt++) {
    // x in [0, 1) with density ∝ 1 + TREND·x (x = 1 is now): inverse of the linear CDF.
    const u = rng.next();
    const x = (-1 + Math.sqrt(1 + 2 * TREND * u * (1 + TREND / 2))) / TREND;
    const daysAgo = Math.min(days, Math.floor((1 - x) * (days + 1)));
    const localDay = todayLocal - daysAgo;
    const weekday = (((localDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    if (!rng.chance(weekdays[weekday] / maxWeekday)) continue;
    const hour = rng.weightedIndex(hours);
    const localMs = localDay * DAY_MS + hour * HOUR_MS + rng.int(0, HOUR_MS - 1);
    const at = localMs - offsetMs;
    if (at <= nowMs && at >= startMs) return new Date(at);
  }
  return new Date(nowMs - rng.int(0, Math.max(0, Math.floor(days * DAY_MS))));
}

/** The channel-local calendar date of an instant as "YYYYMMDD". */
export function localDateKey(at: Date, utcOffsetMinutes: number): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** The UTC instant at which the channel-local day containing `at` began. */
export function localDayStart(at: Date, utcOffsetMinutes: number): Date {
  const offsetMs = utcOffsetMinutes * 60_000;
  return new Date(Math.floor((at.getTime() + offsetMs) / DAY_MS) * DAY_MS - offsetMs);
}

/**
 * ISO-8601 with a local offset and no milliseconds, as Shopify sends times:
 * `2026-03-15T11:00:00-05:00`.
 */
export function isoWithOffset(at: Date, utcOffsetMinutes: number): string {
  const local = new Date(Math.floor(at.getTime() / 1000) * 1000 + utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `at + ms`, but never later than `cap`. */
export function addCapped(at: Date, ms: number, cap: Date): Date {
  return new Date(Math.min(at.getTime() + ms, cap.getTime()));
}
