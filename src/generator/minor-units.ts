/**
 * Integer arithmetic on money in minor units for the generator: rates are integers (basis points,
 * whole percents) and every result is an integer, computed exactly with BigInt. No float ever
 * holds an amount of money.
 *
 * @packageDocumentation
 */

import { currencyExponent } from '../money/currency';

function assertInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer; got ${value}`);
}

/**
 * `amount × numerator ÷ denominator`, rounded half away from zero, exactly.
 *
 * @example mulDivRound(1999, 825, 10_000) // 165 (8.25 % of 19.99 is 1.649175 → 1.65)
 */
export function mulDivRound(amount: number, numerator: number, denominator: number): number {
  assertInteger(amount, 'amount');
  assertInteger(numerator, 'numerator');
  assertInteger(denominator, 'denominator');
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const product = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude * 2n + d) / (2n * d);
  return Number(negative ? -rounded : rounded);
}

/** `amount × numerator ÷ denominator`, rounded down (toward zero for non-negative input). */
export function mulDivFloor(amount: number, numerator: number, denominator: number): number {
  assertInteger(amount, 'amount');
  assertInteger(numerator, 'numerator');
  assertInteger(denominator, 'denominator');
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  return Number((BigInt(amount) * BigInt(numerator)) / BigInt(denominator));
}

/** A rate in basis points (1/100 of a percent) of an amount, rounded half up: tax on a line. */
export function basisPointsOf(amount: number, bps: number): number {
  return mulDivRound(amount, bps, 10_000);
}

/**
 * Splits `total` over parts proportionally to `weights` (largest-remainder method): the parts
 * are integers, none exceeds its weight when `total` ≤ Σ weights, and they sum to `total`
 * exactly. Ties go to the earlier part.
 *
 * @example allocate(1000, [19900, 19900, 19900]) // [334, 333, 333]
 */
export function allocate(total: number, weights: ReadonlyArray<number>): number[] {
  assertInteger(total, 'total');
  if (weights.length === 0) return [];
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) {
    const out = weights.map(() => 0);
    out[0] = total;
    return out;
  }
  const bigTotal = BigInt(total);
  const bigSum = BigInt(sum);
  const parts = weights.map((w) => (bigTotal * BigInt(w)) / bigSum);
  const remainders = weights.map((w, i) => ({ i, r: (bigTotal * BigInt(w)) % bigSum }));
  let left = total - parts.reduce((s, p) => s + Number(p), 0);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  const out = parts.map(Number);
  for (let k = 0; left > 0; k = (k + 1) % out.length, left--) out[remainders[k].i] += 1;
  return out;
}

/**
 * Converts a whole number of major units (10 dollars, 1000 yen) into minor units of `currency`.
 *
 * @example majorToMinor(10, 'USD') // 1000
 * @example majorToMinor(1000, 'JPY') // 1000
 */
export function majorToMinor(major: number, currency: string): number {
  assertInteger(major, 'major');
  return major * 10 ** currencyExponent(currency);
}

/**
 * Re-expresses an amount given in cents (exponent 2) in `currency`'s minor units, keeping the
 * same number of major units: 1999 cents → 1999 (EUR), 19990 (KWD, exponent 3), 20 (JPY,
 * rounded half up). Used for catalog prices in currencies without their own price ladder.
 */
export function centsToMinor(cents: number, currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent >= 2) return cents * 10 ** (exponent - 2);
  return mulDivRound(cents, 1, 10 ** (2 - exponent));
}
