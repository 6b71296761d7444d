import type { Statement } from '../../db/sql-writer';
import type { Attribution } from './attribute-order';
import type { AttributionSql } from './attribution-sql';

const key = (a: Attribution) => `${a.orderId}:${a.campaignId}`;

const same = (a: Attribution, b: Attribution) =>
  a.channelId === b.channelId &&
  a.customerId === b.customerId &&
  a.placedAt.getTime() === b.placedAt.getTime() &&
  a.currencyCode === b.currencyCode &&
  a.matchedBy === b.matchedBy &&
  a.couponCode === b.couponCode &&
  a.units === b.units &&
  a.revenueMinor === b.revenueMinor &&
  a.discountMinor === b.discountMinor &&
  a.flashUnits === b.flashUnits;

/**
 * The statements that turn the attributions `before` into `after` (both of the same orders and
 * campaigns): rows that changed or went are deleted, rows that changed or came are inserted, and
 * the campaigns' usage and coupons' uses move by the difference, so that they always equal the
 * sums of the rows without being recounted.
 */
export function attributionChanges(sql: AttributionSql, before: readonly Attribution[], after: readonly Attribution[]): Statement[] {
  const old = new Map(before.map((a) => [key(a), a]));
  const fresh = new Map(after.map((a) => [key(a), a]));
  const gone = before.filter((a) => !fresh.has(key(a)) || !same(a, fresh.get(key(a))!));
  const came = after.filter((a) => !old.has(key(a)) || !same(a, old.get(key(a))!));
  if (!gone.length && !came.length) return [];

  const usage = new Map<string, { campaignId: number; currency: string; orders: number; units: number; revenueMinor: number; discountMinor: number; flashUnits: number }>();
  const coupons = new Map<string, number>();
  const count = (a: Attribution, sign: 1 | -1) => {
    const k = `${a.campaignId}:${a.currencyCode}`;
    const u = usage.get(k) ?? { campaignId: a.campaignId, currency: a.currencyCode, orders: 0, units: 0, revenueMinor: 0, discountMinor: 0, flashUnits: 0 };
    u.orders += sign;
    u.units += sign * a.units;
    u.revenueMinor += sign * a.revenueMinor;
    u.discountMinor += sign * a.discountMinor;
    u.flashUnits += sign * a.flashUnits;
    usage.set(k, u);
    if (a.couponCode) coupons.set(a.couponCode, (coupons.get(a.couponCode) ?? 0) + sign);
  };
  gone.forEach((a) => count(a, -1));
  came.forEach((a) => count(a, 1));

  const usageChanges = [...usage.values()]
    .filter((u) => u.orders || u.units || u.revenueMinor || u.discountMinor || u.flashUnits)
    .sort((a, b) => a.campaignId - b.campaignId || (a.currency < b.currency ? -1 : 1))
    .map((u) => sql.addUsage(u.campaignId, u.currency, u));
  const couponChanges = [...coupons]
    .filter(([, delta]) => delta !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, delta]) => sql.addCouponUses(code, delta));
  return [...sql.deleteAttributions(gone), ...sql.insertAttributions(came), ...usageChanges, ...couponChanges];
}
