import { createHash } from 'node:crypto';

import type { OrderRecord } from '../plugin-sdk';

/** JSON with every object's keys in code-unit order and times as ISO strings: equal content, equal text. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(Number.isNaN(value.getTime()) ? null : value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * A digest of what an order says, leaving out when the channel last touched it: a delivery
 * whose normalized order hashes the same as the stored one is a duplicate.
 */
export function orderContentHash(order: OrderRecord): string {
  const { sourceUpdatedAt: _updated, sourceVersion: _version, ...content } = order;
  return createHash('sha256').update(canonical(content)).digest('hex');
}
