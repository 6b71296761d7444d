import { hash } from 'node:crypto';

import { lockKeys, type Footprint } from './session';

/** A lock key as PostgreSQL's advisory locks take it: 64 bits of the key's digest. */
export function advisoryKey(key: string): string {
  return hash('sha1', key, 'buffer').readBigInt64BE(0).toString();
}

/** Takes the advisory locks of the keys given as one array parameter, in one sorted order (no deadlock). */
export const LOCK_KEYS = 'select count(pg_advisory_xact_lock(k)) as locked from (select distinct k from unnest(?::bigint[]) as t(k) order by k) as keys';

/**
 * The advisory keys of what footprints name (see lockKeys): a transaction that holds them is
 * alone among the ingestion groups (on every gateway) in reading or changing those rows.
 */
export function advisoryKeys(footprints: readonly Footprint[]): string[] {
  return footprints.flatMap(lockKeys).map(advisoryKey);
}
