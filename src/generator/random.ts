/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32), so that generated
 * data is identical for the same seed on every machine and Node version. Not for cryptography.
 *
 * @packageDocumentation
 */

const TWO_POW_32 = 0x1_0000_0000;

/** splitmix32: spreads one 32-bit seed into well-mixed 32-bit words. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a label, to derive independent sub-streams by name. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const DIGITS = '0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';

/**
 * A seeded PRNG with the helpers the generator needs. The same seed always yields the same
 * sequence of values.
 *
 * @example
 * const rng = new Random(42);
 * rng.int(1, 6);            // a die roll
 * rng.pick(['a', 'b']);     // one element
 * rng.chance(0.2);          // true 20% of the time
 */
export class Random {
  /** The seed this generator was created with (an unsigned 32-bit integer). */
  readonly seed: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** @param seed - any integer; it is reduced to 32 bits. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number; got ${seed}`);
    this.seed = Math.trunc(seed) >>> 0;
    const mix = splitmix32(this.seed);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(min, max) needs integers with min <= max; got ${min}, ${max}`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p` (0..1). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: ReadonlyArray<T>): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[Math.floor(this.next() * items.length)];
  }

  /** An index into `weights`, chosen with probability proportional to its weight. */
  weightedIndex(weights: ReadonlyArray<number>): number {
    let total = 0;
    for (const w of weights) total += w > 0 ? w : 0;
    if (total <= 0) throw new RangeError('weightedIndex() needs at least one positive weight');
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] > 0 ? weights[i] : 0;
      if (r < w) return i;
      r -= w;
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }

  /** One of `items`, chosen with probability proportional to the matching weight. */
  weighted<T>(items: ReadonlyArray<T>, weights: ReadonlyArray<number>): T {
    if (items.length !== weights.length) throw new RangeError('weighted() needs one weight per item');
    return items[this.weightedIndex(weights)];
  }

  /** A new array with the elements of `items` in random order (Fisher–Yates). */
  shuffle<T>(items: ReadonlyArray<T>): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** `count` distinct elements of `items` (all of them, shuffled, when count >= length). */
  sample<T>(items: ReadonlyArray<T>, count: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, count));
  }

  /** A string of `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** `length` decimal digits; the first is never 0 unless `leadingZero` is true. */
  digits(length: number, leadingZero = false): string {
    if (length <= 0) return '';
    const first = leadingZero ? this.chars(1, DIGITS) : String(this.int(1, 9));
    return first + this.chars(length - 1, DIGITS);
  }

  /** Lower-case letters and digits. */
  alnum(length: number): string {
    return this.chars(length, LOWER_ALNUM);
  }

  /** Upper-case letters and digits. */
  upperAlnum(length: number): string {
    return this.chars(length, UPPER_ALNUM);
  }

  /** Lower-case hexadecimal digits. */
  hex(length: number): string {
    return this.chars(length, HEX);
  }

  /** A version-4-shaped UUID drawn from this generator (deterministic, not unique by itself). */
  uuid(): string {
    const variant = HEX[8 + Math.floor(this.next() * 4)];
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }

  /** An exponentially distributed float with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A normally distributed float (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * An independent generator derived from this one's seed and a label: forks with different
   * labels give unrelated streams, and forking does not advance this generator.
   */
  fork(label: string): Random {
    return new Random((this.seed ^ hashLabel(label)) >>> 0);
  }

  /** A new generator seeded from this one's next value (advances this generator). */
  split(): Random {
    return new Random(this.uint32());
  }
}
