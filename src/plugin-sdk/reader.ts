import { parseMoney, fromMinor, type Money } from '../money/money';
import { MoneyError } from '../money/money-error';
import { PayloadError } from './results';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string "${value.slice(0, 40)}…"` : `"${value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * Walks a parsed payload and reads typed values from it, remembering the path, so a plugin can
 * write `order.at('line_items').items()[2].money('price', currency)` and a bad value becomes a
 * PayloadError naming `line_items[2].price` (which `defineChannelPlugin` turns into an `invalid`
 * result). Readers never mutate the payload.
 *
 * @example
 * const order = PayloadReader.of(payload);
 * const id = order.id('id');                       // "450789469", also from 450789469 or a >2^53 id
 * const total = order.money('total_price', 'USD');  // { minor: 59894, currency: 'USD' }
 * const email = order.optString('email');          // null when absent, null or ""
 */
export class PayloadReader {
  private constructor(
    readonly value: unknown,
    readonly path: string,
  ) {}

  /** A reader over a whole payload. */
  static of(payload: unknown): PayloadReader {
    return new PayloadReader(payload, '');
  }

  private pathOf(key: string | number): string {
    if (typeof key === 'number') return `${this.path}[${key}]`;
    return this.path ? `${this.path}.${key}` : key;
  }

  private fail(key: string | number | null, message: string): never {
    throw new PayloadError(key === null ? this.path : this.pathOf(key), message);
  }

  private field(key: string): unknown {
    if (this.value === null || typeof this.value !== 'object' || Array.isArray(this.value)) {
      this.fail(null, `expected an object, got ${describe(this.value)}`);
    }
    return (this.value as Record<string, unknown>)[key];
  }

  /** True when the field is absent or null. */
  isMissing(key: string): boolean {
    const v = this.field(key);
    return v === undefined || v === null;
  }

  /** The object at `key` (required). */
  at(key: string): PayloadReader {
    const v = this.field(key);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(key, `expected an object, got ${describe(v)}`);
    return new PayloadReader(v, this.pathOf(key));
  }

  /** The object at `key`, or null when absent or null. */
  optAt(key: string): PayloadReader | null {
    return this.isMissing(key) ? null : this.at(key);
  }

  /** The elements of the array at `key` (required; may be empty). */
  items(key: string): PayloadReader[] {
    const v = this.field(key);
    if (!Array.isArray(v)) this.fail(key, `expected an array, got ${describe(v)}`);
    const base = this.pathOf(key);
    return v.map((element, i) => new PayloadReader(element, `${base}[${i}]`));
  }

  /** The elements of the array at `key`, or none when it is absent or null. */
  optItems(key: string): PayloadReader[] {
    return this.isMissing(key) ? [] : this.items(key);
  }

  /** An identifier: a non-empty string, or an integer (kept exact, also past 2^53) as its decimal string. */
  id(key: string): string {
    const v = this.field(key);
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    return this.fail(key, `expected an id, got ${describe(v)}`);
  }

  optId(key: string): string | null {
    const v = this.field(key);
    return v === undefined || v === null || v === '' ? null : this.id(key);
  }

  /** A string (required; may be empty). */
  string(key: string): string {
    const v = this.field(key);
    if (typeof v !== 'string') this.fail(key, `expected a string, got ${describe(v)}`);
    return v;
  }

  /** A string, or null when absent, null or blank. */
  optString(key: string): string | null {
    const v = this.field(key);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(key, `expected a string, got ${describe(v)}`);
    return v.trim() === '' ? null : v.trim();
  }

  /** An integer, from a JSON number or a string of digits ("3"). */
  int(key: string): number {
    const v = this.field(key);
    const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) this.fail(key, `expected an integer, got ${describe(v)}`);
    return n;
  }

  optInt(key: string): number | null {
    return this.isMissing(key) ? null : this.int(key);
  }

  /** A boolean, from true/false or the strings "true"/"false" (Amazon sends those). */
  bool(key: string): boolean {
    const v = this.field(key);
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    return this.fail(key, `expected a boolean, got ${describe(v)}`);
  }

  optBool(key: string): boolean | null {
    return this.isMissing(key) ? null : this.bool(key);
  }

  /** An instant from an ISO-8601 string with an offset or Z ("2008-01-10T11:00:00-05:00"). */
  date(key: string): Date {
    const v = this.field(key);
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v.trim())) {
      const d = new Date(v.trim());
      const year = d.getUTCFullYear();
      if (!Number.isNaN(d.getTime()) && year >= 1 && year <= 9999) return d;
    }
    return this.fail(key, `expected an ISO-8601 time with an offset, got ${describe(v)}`);
  }

  optDate(key: string): Date | null {
    return this.isMissing(key) || this.field(key) === '' ? null : this.date(key);
  }

  /**
   * A decimal amount in major units ("598.94", or a JSON number such as 195.66) in `currency`,
   * exact; more decimals than the currency has are rejected unless they are zeros.
   */
  money(key: string, currency: string): Money {
    const v = this.field(key);
    if (typeof v !== 'string' && typeof v !== 'number') this.fail(key, `expected an amount, got ${describe(v)}`);
    try {
      return parseMoney(v, currency);
    } catch (error) {
      return this.fail(key, error instanceof MoneyError ? error.message : String(error));
    }
  }

  /** An amount in integer minor units (Square's `{amount: 1599}`) in `currency`. */
  minorMoney(key: string, currency: string): Money {
    const v = this.field(key);
    try {
      if (typeof v !== 'number' && typeof v !== 'string') throw new MoneyError('INVALID_AMOUNT', `expected minor units, got ${describe(v)}`);
      return fromMinor(v, currency);
    } catch (error) {
      return this.fail(key, error instanceof MoneyError ? error.message : String(error));
    }
  }

  /** Throws a PayloadError at this reader's path (or a field of it). */
  reject(message: string, key?: string): never {
    return this.fail(key ?? null, message);
  }
}
