/**
 * Makes sure the channels to fill exist, creating the missing ones, and reads where each one's
 * numbering stands so generated ids never collide with rows already there.
 *
 * @packageDocumentation
 */

import type { SqlEntityManager } from '@mikro-orm/knex';

import type { ChannelKind } from '../channels/channel-kind';
import { Channel } from '../channels/channel.entity';
import { ChannelIdentity } from '../customers/channel-identity.entity';
import { Order } from '../orders/order.entity';
import { insertReturningIds } from './batch-insert';
import { profileFor, type ChannelProfile, type DemoChannel } from './channels';

/** A channel row the generator fills, with its behaviour. */
export interface ChannelRecord {
  readonly id: number;
  readonly profile: ChannelProfile;
}

interface ChannelRow {
  id: number;
  code: string;
  name: string;
  kind: ChannelKind;
  plugin: string;
  currencyCode: string;
  countryCode: string | null;
}

async function readChannelRows(em: SqlEntityManager, codes: string[]): Promise<ChannelRow[]> {
  return (await em
    .createQueryBuilder(Channel)
    .select(['id', 'code', 'name', 'kind', 'plugin', 'currencyCode', 'countryCode'])
    .where({ code: { $in: codes } })
    .execute('all')) as unknown as ChannelRow[];
}

function toRecord(row: ChannelRow, fallbackCountry: string): ChannelRecord {
  const stored: DemoChannel = {
    code: row.code,
    name: row.name,
    kind: row.kind,
    plugin: row.plugin,
    currencyCode: row.currencyCode,
    countryCode: row.countryCode ?? fallbackCountry,
  };
  return { id: Number(row.id), profile: profileFor(stored) };
}

/**
 * The records of those of `channels` that exist in the database, in the order of `channels`.
 * A channel keeps its stored kind, plugin, currency and country.
 */
export async function findChannels(em: SqlEntityManager, channels: ReadonlyArray<DemoChannel>): Promise<ChannelRecord[]> {
  const rows = await readChannelRows(em, channels.map((c) => c.code));
  return channels.flatMap((c) => {
    const row = rows.find((r) => r.code === c.code);
    return row ? [toRecord(row, c.countryCode)] : [];
  });
}

/**
 * Returns a record per channel of `channels`, in that order, creating the channels that do not
 * exist yet. A channel that exists keeps its stored kind, plugin, currency and country.
 */
export async function ensureChannels(
  em: SqlEntityManager,
  channels: ReadonlyArray<DemoChannel>,
  now: Date,
): Promise<{ records: ChannelRecord[]; created: number }> {
  const existing = await readChannelRows(em, channels.map((c) => c.code));
  const missing = channels.filter((c) => !existing.some((row) => row.code === c.code));
  if (missing.length) {
    await insertReturningIds(
      em,
      Channel,
      missing.map((c) => ({
        code: c.code,
        name: c.name,
        kind: c.kind,
        plugin: c.plugin,
        currencyCode: c.currencyCode,
        countryCode: c.countryCode,
        enabled: true,
        webhookSecret: null,
        settings: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
  }
  const records = await findChannels(em, channels);
  if (records.length !== channels.length) throw new Error('some channels could not be created');
  return { records, created: missing.length };
}

/** What a channel already holds, so generated ids continue after it. */
export interface ChannelState {
  readonly orderCount: number;
  readonly lastExternalId: string | null;
  readonly lastNumber: string | null;
  /** Every order external id of the channel (loaded only when it has orders). */
  readonly orderExternalIds: string[];
  readonly identityCount: number;
  /** Every identity external id of the channel (loaded only when it has identities). */
  readonly identityExternalIds: string[];
}

/** Reads the orders and identities a channel already has. */
export async function readChannelState(em: SqlEntityManager, channelId: number): Promise<ChannelState> {
  const orderCount = await em.createQueryBuilder(Order).where({ channel: channelId }).getCount();
  const identityCount = await em.createQueryBuilder(ChannelIdentity).where({ channel: channelId }).getCount();
  let lastExternalId: string | null = null;
  let lastNumber: string | null = null;
  let orderExternalIds: string[] = [];
  let identityExternalIds: string[] = [];
  if (orderCount > 0) {
    const last = (await em
      .createQueryBuilder(Order)
      .select(['externalId', 'number'])
      .where({ channel: channelId })
      .orderBy({ id: 'desc' })
      .limit(1)
      .execute('get')) as unknown as { externalId: string; number: string | null };
    lastExternalId = last.externalId;
    lastNumber = last.number;
    const all = (await em.createQueryBuilder(Order).select(['externalId']).where({ channel: channelId }).execute('all')) as unknown as Array<{ externalId: string }>;
    orderExternalIds = all.map((r) => r.externalId);
  }
  if (identityCount > 0) {
    const all = (await em
      .createQueryBuilder(ChannelIdentity)
      .select(['externalId'])
      .where({ channel: channelId })
      .execute('all')) as unknown as Array<{ externalId: string }>;
    identityExternalIds = all.map((r) => r.externalId);
  }
  return { orderCount, lastExternalId, lastNumber, orderExternalIds, identityCount, identityExternalIds };
}
