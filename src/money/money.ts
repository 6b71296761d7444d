import { currencyExponent, exponentOf, normalizeCurrencyCode } from './currency';
import { MoneyError } from './money-error';

/** An exact amount: integer minor units (cents, yen, fils) of one ISO-4217 currency. */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

function assertSafe(minor: bigint | number, input: unknown): number {
  const n = Number(minor);
  if (!Number.isSafeInteger(n)) throw new MoneyError('OUT_OF_RANGE', `amount ${String(input)} is out of range`);
  return n + 0; // turns -0 (e.g. 0 × -3) into 0
}

/**
 * The exact decimal digits of a finite number's shortest round-trip form. `String()` switches to
 * exponent notation below 1e-6 and from 1e21 ("1e-7", "1e+21"); those are expanded here.
 */
function numberToDecimal(n: number): string {
  const text = String(n);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, rest = '', exp] = match;
  const digits = lead + rest;
  const point = 1 + Number(exp); // digits before the decimal point
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Builds Money from integer minor units, as Square sends them (`{amount: 1599, currency: "USD"}`).
 * @throws MoneyError when `minor` is not an integer or the currency is unknown.
 */
export function fromMinor(minor: number | bigint | string, currency: string): Money {
  const code = normalizeCurrencyCode(currency);
  if (typeof minor === 'string' ? !/^[+-]?\d+$/.test(minor) : typeof minor === 'number' && !Number.isInteger(minor)) {
    throw new MoneyError('INVALID_AMOUNT', `"${String(minor)}" is not a whole number of minor units`);
  }
  return { minor: assertSafe(BigInt(minor), minor), currency: code };
}

/**
 * Parses a decimal amount in major units ("1234.5", "5980", or a JSON number such as 195.66
 * read through its shortest decimal form) into exact minor units. Digits past the currency's
 * exponent are accepted only when they are zeros ("12.340" USD), otherwise rejected.
 * @throws MoneyError for non-decimal input, too many decimals or an unknown currency.
 */
export function parseMoney(amount: string | number, currency: string): Money {
  const code = normalizeCurrencyCode(currency);
  const text = typeof amount === 'number' ? (Number.isFinite(amount) ? numberToDecimal(amount) : '') : String(amount).trim();
  const match = DECIMAL.exec(text);
  if ((typeof amount !== 'string' && typeof amount !== 'number') || !match) {
    throw new MoneyError('INVALID_AMOUNT', `"${String(amount)}" is not a decimal amount`);
  }
  const [, sign, whole, fraction = ''] = match;
  const exponent = currencyExponent(code);
  const kept = fraction.slice(0, exponent);
  const dropped = fraction.slice(exponent);
  if (/[^0]/.test(dropped)) {
    throw new MoneyError(
      'TOO_MANY_DECIMALS',
      `"${text}" has more decimals than ${code} allows (${exponent})`,
    );
  }
  const digits = BigInt(whole + kept.padEnd(exponent, '0'));
  return { minor: assertSafe(sign === '-' ? -digits : digits, amount), currency: code };
}

/**
 * Formats minor units as an exact decimal string in major units: "1234.50", "5980", "1.005".
 * Lower-case currency codes are accepted, as everywhere else in this module.
 * @throws MoneyError when `minor` is not an integer, is outside the safe-integer range, or the
 * currency is unknown.
 */
export function formatMinor(minor: number, currency: string): string {
  const exponent = exponentOf(currency);
  if (!Number.isInteger(minor)) throw new MoneyError('INVALID_AMOUNT', `${String(minor)} is not a whole number of minor units`);
  assertSafe(minor, minor);
  const negative = minor < 0;
  const digits = String(Math.abs(minor));
  if (exponent === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, -exponent);
  const fraction = padded.slice(-exponent);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

export function zero(currency: string): Money {
  return { minor: 0, currency: normalizeCurrencyCode(currency) };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError('CURRENCY_MISMATCH', `cannot combine ${a.currency} and ${b.currency}`);
  }
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { minor: assertSafe(a.minor + b.minor, 'sum'), currency: a.currency };
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { minor: assertSafe(a.minor - b.minor, 'difference'), currency: a.currency };
}

/** Multiplies by an integer quantity (unit price × quantity). */
export function multiply(a: Money, quantity: number): Money {
  if (!Number.isInteger(quantity)) throw new MoneyError('INVALID_AMOUNT', `quantity ${quantity} is not an integer`);
  return { minor: assertSafe(a.minor * quantity, 'product'), currency: a.currency };
}

/** Sums amounts of one currency; an empty list sums to zero of `currency`. */
export function sum(amounts: readonly Money[], currency: string): Money {
  return amounts.reduce((total, m) => add(total, m), zero(currency));
}

/**
 * Totals per currency, for figures that span several currencies: never adds USD to EUR.
 * The result is sorted by currency code.
 */
export function totalsByCurrency(amounts: Iterable<Money>): Money[] {
  const totals = new Map<string, number>();
  for (const m of amounts) totals.set(m.currency, assertSafe((totals.get(m.currency) ?? 0) + m.minor, 'sum'));
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => ({ minor, currency }));
}

/**
 * An amount in minor units shared out over `count` (an average order value), rounded to the
 * nearest minor unit, halves away from zero; 0 when `count` is 0. Exact: integer arithmetic only.
 * @example averageMinor(1000, 3) // 333
 * @example averageMinor(1001, 2) // 501
 * @example averageMinor(-1001, 2) // -501
 */
export function averageMinor(totalMinor: number, count: number): number {
  if (!Number.isSafeInteger(totalMinor) || !Number.isSafeInteger(count) || count < 0) {
    throw new MoneyError('INVALID_AMOUNT', `cannot average ${String(totalMinor)} over ${String(count)}`);
  }
  return count === 0 ? 0 : Number(divideRounded(BigInt(totalMinor), BigInt(count)));
}

/** numerator / denominator rounded to the nearest integer, halves away from zero (denominator ≠ 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}
