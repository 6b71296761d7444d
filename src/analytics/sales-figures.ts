/**
 * The figures of a sales summary row, exact: money in integer minor units of one currency held
 * as bigints while summing, ratios by integer division rounded half away from zero.
 */
import { divideRounded } from '../money/money';

/** Figures that add up across slots and channels (one currency): the slot aggregation's unit. */
export interface AdditiveFigures {
  /** Orders placed, CANCELLED left out. */
  orders: bigint;
  /** Σ line quantities. */
  units: bigint;
  /** Σ order subtotal (Σ unit price × quantity), minor units. */
  grossSales: bigint;
  /** Σ order discountTotal, minor units. */
  discounts: bigint;
  /** Σ order refundedTotal, minor units. */
  refunds: bigint;
  /** Σ order total, minor units. */
  total: bigint;
}

export function noFigures(): AdditiveFigures {
  return { orders: 0n, units: 0n, grossSales: 0n, discounts: 0n, refunds: 0n, total: 0n };
}

/** Adds `more` into `into`. */
export function addFigures(into: AdditiveFigures, more: AdditiveFigures): void {
  into.orders += more.orders;
  into.units += more.units;
  into.grossSales += more.grossSales;
  into.discounts += more.discounts;
  into.refunds += more.refunds;
  into.total += more.total;
}

/** Σ (total − refundedTotal). */
export function netRevenue(f: AdditiveFigures): bigint {
  return f.total - f.refunds;
}

/** netRevenue / orders in minor units, rounded half away from zero; 0 without orders. */
export function averageOrderValue(f: AdditiveFigures): bigint {
  return f.orders === 0n ? 0n : divideRounded(netRevenue(f), f.orders);
}

/** refunds / Σ total, rounded half away from zero to 4 decimals; 0 when Σ total is 0. */
export function refundRate(f: AdditiveFigures): number {
  return f.total === 0n ? 0 : Number(divideRounded(f.refunds * 10_000n, f.total)) / 10_000;
}

/** A count or sum from a driver: a number, a bigint, or a decimal string (PostgreSQL bigint and numeric). */
export function exactInteger(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new Error(`expected an integer from the database, got ${typeof value} ${String(value)}`);
}
