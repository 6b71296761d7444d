import { createHash } from 'node:crypto';

import type { OrderRecord } from '../plugin-sdk';

/**
 * A digest of what an order says, leaving out when the channel last touched it: a delivery
 * whose normalized order hashes the same as the stored one is a duplicate.
 */
export function orderContentHash(order: OrderRecord): string {
  const { sourceUpdatedAt: _updated, sourceVersion: _version, ...content } = order;
  const canonical = JSON.stringify(content, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return value;
  });
  return createHash('sha256').update(canonical).digest('hex');
}
