const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/**
 * A deep copy of a JSON-like value (objects, arrays, Dates, primitives), made in this realm.
 * Not `structuredClone`: under jest its copies carry another realm's prototypes.
 */
export function deepClone<T>(value: T): T {
  if (!isObject(value)) return value;
  if (isDate(value)) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((v) => deepClone(v)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) copy[key] = deepClone(v);
  return copy as T;
}

/**
 * The path of the first place where two values differ structurally
 * (`records[0].lines[1].total.minor`), or null when they are equal; for messages about
 * determinism and purity. Prototypes are not compared; Dates compare by instant.
 */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  const here = path || '(the whole value)';
  if (!isObject(a) || !isObject(b)) return Object.is(a, b) ? null : here;
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && Object.is(a.getTime(), b.getTime()) ? null : here;
  if (Array.isArray(a) !== Array.isArray(b)) return here;
  const has = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const at = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!has(a, key) || !has(b, key)) return at;
    const inner = firstDifference(a[key], b[key], at);
    if (inner !== null) return inner;
  }
  return null;
}
