/**
 * The database lease that lets one gateway process among several run a background job (the
 * channel pull): holders compete on one database of the suite's dialect, with their own clocks
 * given explicitly, so expiry is decided by the values written, not by waiting.
 */
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';

import { openDatabase } from '../src/db/database';
import { acquireLease, currentLease, releaseLease } from '../src/jobs/lease';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';

let db: TestDatabase;
let orm: MikroORM;
const em = () => orm.em.fork() as SqlEntityManager;
const TTL = 60_000;
const T0 = 1_800_000_000_000;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openDatabase(db.config, { poolMax: 8 });
});

afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

const take = (name: string, holder: string, now: number) => acquireLease(em(), { name, holder, ttlMs: TTL, now });

describe('job lease', () => {
  it('the first holder takes a free lease; another holder is refused while it lasts', async () => {
    expect(await take('free', 'gateway-a', T0)).toBe(true);
    expect(await take('free', 'gateway-b', T0 + 1_000)).toBe(false);
    expect(await currentLease(em(), 'free')).toEqual({ holder: 'gateway-a', expiresAt: T0 + TTL });
  });

  it('the holder renews its own lease, which then lasts from the renewal', async () => {
    expect(await take('renew', 'gateway-a', T0)).toBe(true);
    expect(await take('renew', 'gateway-a', T0 + 50_000)).toBe(true);
    expect(await take('renew', 'gateway-b', T0 + TTL + 1)).toBe(false);
    expect(await currentLease(em(), 'renew')).toEqual({ holder: 'gateway-a', expiresAt: T0 + 50_000 + TTL });
  });

  it('once it expires another holder takes it over, and the old holder can no longer renew it', async () => {
    expect(await take('expire', 'gateway-a', T0)).toBe(true);
    expect(await take('expire', 'gateway-b', T0 + TTL)).toBe(true);
    expect(await take('expire', 'gateway-a', T0 + TTL + 1)).toBe(false);
    expect((await currentLease(em(), 'expire'))?.holder).toBe('gateway-b');
  });

  it('released by its holder, it is free at once; a release by someone else changes nothing', async () => {
    expect(await take('release', 'gateway-a', T0)).toBe(true);
    await releaseLease(em(), 'release', 'gateway-b');
    expect(await take('release', 'gateway-b', T0 + 1)).toBe(false);
    await releaseLease(em(), 'release', 'gateway-a');
    expect(await currentLease(em(), 'release')).toBeNull();
    expect(await take('release', 'gateway-b', T0 + 2)).toBe(true);
  });

  it('leases of different jobs are independent', async () => {
    expect(await take('job-one', 'gateway-a', T0)).toBe(true);
    expect(await take('job-two', 'gateway-b', T0)).toBe(true);
  });

  it('twenty holders racing for a free lease: exactly one gets it', async () => {
    const holders = Array.from({ length: 20 }, (_, i) => `racer-${i}`);
    const won = await Promise.all(holders.map((holder) => take('race', holder, T0)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect((await currentLease(em(), 'race'))?.holder).toBe(holders[won.indexOf(true)]);
  });

  it('twenty holders racing for an expired lease: exactly one takes it over', async () => {
    expect(await take('race-expired', 'old-holder', T0)).toBe(true);
    const holders = Array.from({ length: 20 }, (_, i) => `racer-${i}`);
    const won = await Promise.all(holders.map((holder) => take('race-expired', holder, T0 + TTL + 5)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect((await currentLease(em(), 'race-expired'))?.holder).toBe(holders[won.indexOf(true)]);
  });
});
