import { deepClone } from './difference';

/** A malformed variant of a case's payload, named for messages. */
export interface Mutation {
  name: string;
  payload: unknown;
}

/** A family of mutations, checked by one test. */
export interface MutationFamily {
  id: string;
  title: string;
  mutations: () => Mutation[];
}

const HUGE = 'x'.repeat(100 * 1024);

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { nested: value };
  return value;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The payload with `key` replaced (or deleted when `value` is `DELETE`), on a deep clone. */
const DELETE = Symbol('delete');
function withKey(payload: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = deepClone(payload);
  if (value === DELETE) delete copy[key];
  else copy[key] = deepClone(value);
  return copy;
}

const KEY_VALUES: ReadonlyArray<{ id: string; label: string; value: unknown }> = [
  { id: 'deleted', label: 'deleted', value: DELETE },
  { id: 'twelve', label: 'set to "twelve"', value: 'twelve' },
  { id: 'minus-three', label: 'set to -3', value: -3 },
  { id: 'empty-object', label: 'set to {}', value: {} },
  { id: 'empty-array', label: 'set to []', value: [] },
  { id: 'huge-string', label: 'set to a 100 kB string', value: HUGE },
  { id: 'deep-object', label: 'set to a 50-deep nested object', value: deep(50) },
];

/** Whole-payload replacements, then one family per way of breaking each top-level key. */
export function mutationFamilies(payload: unknown): MutationFamily[] {
  const families: MutationFamily[] = [
    {
      id: 'survives-non-objects',
      title: 'payloads null, [], "string", 42 and {} give a well-formed result without throwing',
      mutations: () => [null, [], 'string', 42, {}].map((p) => ({ name: `payload ${JSON.stringify(p)}`, payload: p })),
    },
  ];
  if (!isObject(payload) || Object.keys(payload).length === 0) return families;
  const keys = Object.keys(payload);
  for (const { id, label, value } of KEY_VALUES) {
    families.push({
      id: `survives-key-${id}`,
      title: `each top-level key ${label} gives a well-formed result without throwing (${keys.length} keys)`,
      mutations: () => keys.map((key) => ({ name: `"${key}" ${label}`, payload: withKey(payload, key, value) })),
    });
  }
  return families;
}
