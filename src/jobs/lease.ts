import { randomBytes } from 'node:crypto';
import os from 'node:os';

import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

/**
 * A database lease: at most one gateway process among those sharing the database holds a job's
 * lease at a time, so a background job runs in one process however many replicas there are.
 *
 * Taking and renewing are one conditional statement (an insert, or an update of a lease that is
 * this holder's own or has expired), so two processes can never both succeed, on SQLite as on
 * PostgreSQL. Expiry compares the caller's clock with the time the holder wrote: keep the TTL
 * well above the clock skew between hosts. A holder that dies loses the lease when it expires;
 * one that stops releases it at once.
 */

/** A holder id for this process: host, pid and a random part (two gateways in one process differ). */
export function leaseHolderId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export interface LeaseRequest {
  /** The job's name, e.g. "channel-pull". */
  name: string;
  holder: string;
  /** How long the lease lasts from `now` unless renewed. */
  ttlMs: number;
  /** Epoch milliseconds (the caller's clock). */
  now: number;
}

/**
 * Takes the lease, or renews it when `holder` already holds it. True when `holder` holds it
 * until `now + ttlMs`; false when another holder's lease has not expired.
 * @example if (await acquireLease(em, { name: 'channel-pull', holder, ttlMs: 150_000, now: Date.now() })) await pullEverything();
 */
export async function acquireLease(em: EntityManager, request: LeaseRequest): Promise<boolean> {
  const rows = await em.getConnection().execute<Array<{ holder: string }>>(
    `insert into job_lease (name, holder, expires_at) values (?, ?, ?)
     on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
     where job_lease.holder = excluded.holder or job_lease.expires_at <= ?
     returning holder`,
    [request.name, request.holder, request.now + request.ttlMs, request.now],
    'all',
  );
  return rows.length === 1 && rows[0].holder === request.holder;
}

/**
 * Gives the lease up at once if `holder` holds it, so another process can take it without waiting
 * for it to expire. Does nothing otherwise.
 * @example await releaseLease(em, 'channel-pull', holder);
 */
export async function releaseLease(em: EntityManager, name: string, holder: string): Promise<void> {
  await em.getConnection().execute('delete from job_lease where name = ? and holder = ?', [name, holder], 'run');
}

/**
 * The current holder of a lease and until when, or null when nobody has taken it (an expired
 * lease is still returned: compare `expiresAt` with the clock).
 * @example const lease = await currentLease(em, 'channel-pull'); // { holder: 'host:123:ab12cd34', expiresAt: 1795000000000 }
 */
export async function currentLease(em: EntityManager, name: string): Promise<{ holder: string; expiresAt: number } | null> {
  const rows = await em.getConnection().execute<Array<{ holder: string; expires_at: number | string }>>(
    'select holder, expires_at from job_lease where name = ?',
    [name],
    'all',
  );
  return rows.length ? { holder: rows[0].holder, expiresAt: Number(rows[0].expires_at) } : null;
}
