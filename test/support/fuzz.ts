/**
 * A small seeded fuzzer for webhook bodies: it takes a real payload and breaks it the ways
 * channels and the network break them (dropped fields, swapped types, huge strings, deep
 * nesting, truncated bodies, bytes that are not JSON). Everything comes from one seed, so a run
 * can be repeated case for case.
 */

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Dice {
  constructor(readonly random: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  chance(p: number): boolean {
    return this.random() < p;
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = Array<string | number>;

export type JsonType = 'string' | 'number' | 'object' | 'array' | 'null' | 'bool';

export function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

/** Odd values of each JSON type, the ones parsers and databases trip over. */
const VALUES: Record<JsonType, readonly Json[]> = {
  string: [
    '', ' ', 'twelve', '0', '-1', '1e400', '12.345', '-0.00', '0x1F', '١٢٣', '１２', 'NaN', 'null', 'true',
    '\u0000', 'a\u0000b', '🦄💸', '\ud800', 'é'.normalize('NFD'), '<script>alert(1)</script>', `'; drop table "order"; --`, '%_\\',
    '2026-13-45T99:99:99Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-14:00', '1970-01-01T00:00:00Z', '2026-11-20', 'yesterday',
    'XYZ', 'usd', 'JPY', 'BHD', 'x'.repeat(300), 'y'.repeat(5000),
  ],
  number: [0, -1, 1, 3, 1.5, -0.5, 0.001, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53 - 1, 2 ** 53 + 2, 1e21, 1e300, -1e-7, 123456789.123],
  object: [{}, { amount: '1.00' }, { shop_money: { amount: '1.00', currency_code: 'USD' } }, { id: 1 }, { '': null }],
  array: [[], [null], [1, 'x', {}], [{}], [[[]]]],
  null: [null],
  bool: [true, false],
};

const TYPES = Object.keys(VALUES) as JsonType[];

/** Every path into a JSON value (not the root itself), depth first. */
export function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      pathsOf(v, [...prefix, i], out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      pathsOf(v, [...prefix, k], out);
    }
  }
  return out;
}

export function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(root)';
}

function parentOf(root: Json, path: Path): { parent: Json[] | { [key: string]: Json }; key: string | number } {
  let node: Json = root;
  for (const step of path.slice(0, -1)) node = (node as Record<string | number, Json>)[step];
  return { parent: node as Json[] | { [key: string]: Json }, key: path[path.length - 1] };
}

export function getAt(root: Json, path: Path): Json {
  const { parent, key } = parentOf(root, path);
  return (parent as Record<string | number, Json>)[key];
}

export function setAt(root: Json, path: Path, value: Json): void {
  const { parent, key } = parentOf(root, path);
  (parent as Record<string | number, Json>)[key] = value;
}

export function dropAt(root: Json, path: Path): void {
  const { parent, key } = parentOf(root, path);
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Record<string, Json>)[key as string];
}

/** A value of another JSON type than `current`. */
export function otherTypeValue(dice: Dice, current: unknown): Json {
  const type = dice.pick(TYPES.filter((t) => t !== typeOf(current)));
  return structuredClone(dice.pick(VALUES[type]));
}

/** A string of `bytes` characters: plain, or a repeated mix of scripts. */
export function hugeString(dice: Dice, length = 100 * 1024): string {
  const unit = dice.pick(['x', 'Ab9 ', 'été-', '订单', 'a@b.example ']);
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** `depth` levels of nested arrays or objects. */
export function deepValue(dice: Dice, depth: number): Json {
  const asArray = dice.chance(0.5);
  let value: Json = dice.pick(['bottom', 1, null]);
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** Bytes that are not a JSON text (or not UTF-8, or both). */
export function nonJsonBytes(dice: Dice, valid: Buffer): { body: Buffer; what: string } {
  switch (dice.int(0, 5)) {
    case 0: {
      const bytes = Buffer.alloc(dice.int(0, 2048));
      for (let i = 0; i < bytes.length; i++) bytes[i] = dice.int(0, 255);
      return { body: bytes, what: `${bytes.length} random bytes` };
    }
    case 1: {
      const at = dice.int(0, valid.length);
      const byte = dice.pick([0x00, 0xff, 0xfe, 0xc3, 0x80, 0xed, 0x1b, 0x7f]);
      return { body: Buffer.concat([valid.subarray(0, at), Buffer.from([byte]), valid.subarray(at)]), what: `byte 0x${byte.toString(16)} inserted at ${at}` };
    }
    case 2:
      return { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid]), what: 'a UTF-8 BOM before the JSON' };
    case 3:
      return { body: Buffer.from(valid.toString('utf8'), 'utf16le'), what: 'the JSON in UTF-16LE' };
    case 4:
      return { body: Buffer.concat([valid, Buffer.from(dice.pick(['}', ']garbage', '\u0000', ' {"id":1}', ',']))]), what: 'trailing garbage after the JSON' };
    default:
      return { body: Buffer.from(dice.pick(['', ' ', 'null', 'true', '0', '"order"', '[]', '{}', 'hello', '<xml/>', 'NaN', '{"a":1}{"b":2}'])), what: 'a JSON value that is not an object, or no JSON' };
  }
}

export type Mutation = 'none' | 'drop' | 'swap' | 'huge' | 'deep' | 'truncate' | 'bytes' | 'several';

/**
 * Breaks `payload` one way (or several ways at once). `interesting` are the paths to prefer half
 * the time (the fields the plugin reads), so that most cases hit something that matters.
 */
export function mutate(
  dice: Dice,
  payload: Json,
  kind: Mutation,
  interesting: (path: Path) => boolean,
): { body: Buffer; what: string[] } {
  const copy = structuredClone(payload);
  const what: string[] = [];
  const choosePath = (): Path | null => {
    const all = pathsOf(copy);
    if (all.length === 0) return null;
    const preferred = all.filter(interesting);
    return dice.chance(0.5) && preferred.length ? dice.pick(preferred) : dice.pick(all);
  };
  const structural = (k: 'drop' | 'swap' | 'huge' | 'deep') => {
    const path = choosePath();
    if (!path) return;
    if (k === 'drop') {
      dropAt(copy, path);
      what.push(`drop ${pathText(path)}`);
    } else if (k === 'swap') {
      const before = getAt(copy, path);
      const value = otherTypeValue(dice, before);
      setAt(copy, path, value);
      const shown = JSON.stringify(value);
      what.push(`swap ${pathText(path)} ${typeOf(before)}→${shown.length > 24 ? `${shown.slice(0, 24)}…` : shown}`);
    } else if (k === 'huge') {
      setAt(copy, path, hugeString(dice));
      what.push(`100 kB string at ${pathText(path)}`);
    } else {
      const depth = dice.chance(0.8) ? 200 : 2000;
      setAt(copy, path, deepValue(dice, depth));
      what.push(`${depth} levels deep at ${pathText(path)}`);
    }
  };
  switch (kind) {
    case 'none':
      what.push('unchanged');
      break;
    case 'drop':
    case 'swap':
    case 'huge':
    case 'deep':
      structural(kind);
      break;
    case 'several': {
      // at most one huge string (the body stays under the gateway's 1 MiB limit) and one deep
      // value, put in last (so the other mutations do not walk 2,000 levels of it)
      const kinds = Array.from({ length: dice.int(2, 4) }, () => dice.pick(['drop', 'swap', 'swap', 'drop', 'huge', 'deep'] as const));
      const once = (k: 'huge' | 'deep') => (kinds.includes(k) ? [k] : []);
      for (const k of [...kinds.filter((k) => k === 'drop' || k === 'swap'), ...once('huge'), ...once('deep')]) structural(k);
      break;
    }
    case 'truncate': {
      const text = Buffer.from(JSON.stringify(copy));
      const at = dice.int(0, text.length - 1);
      return { body: text.subarray(0, at), what: [`truncated to ${at} of ${text.length} bytes`] };
    }
    case 'bytes': {
      const broken = nonJsonBytes(dice, Buffer.from(JSON.stringify(copy)));
      return { body: broken.body, what: [broken.what] };
    }
  }
  return { body: Buffer.from(JSON.stringify(copy)), what };
}
