/**
 * One more order, placed now, for a live demo stream: on one of the demo channels present, by a
 * returning customer, a new one, a customer of another channel trying this one, or a walk-in.
 *
 * @packageDocumentation
 */

import type { SqlEntityManager } from '@mikro-orm/knex';

import { ChannelKind } from '../channels/channel-kind';
import { ChannelIdentity } from '../customers/channel-identity.entity';
import { Customer } from '../customers/customer.entity';
import { OrderLine } from '../orders/order-line.entity';
import { OrderStatus } from '../orders/order-status';
import { Order } from '../orders/order.entity';
import { recountSalesSlots } from '../analytics/sales-slot.recount';
import { recountCustomerStats } from '../customers/customer-stats.recount';
import { insertReturningIds } from './batch-insert';
import { BENCH_CHANNELS, DEMO_CHANNELS } from './channels';
import { ensureChannels, findChannels, type ChannelRecord } from './ensure-channels';
import { IdentityIssuer } from './identities';
import { buildOrder } from './order-builder';
import { OrderNumbering, parseReceiptId, type OrderIds } from './order-numbering';
import { lineRows, orderRow } from './order-rows';
import { PersonFactory } from './people';
import type { Random } from './random';
import { localDateKey } from './timeline';

async function identityExists(em: SqlEntityManager, channelId: number, externalId: string): Promise<boolean> {
  return (await em.createQueryBuilder(ChannelIdentity).where({ channel: channelId, externalId }).getCount()) > 0;
}

/** A random row of a query's result (by offset), or null when it has none. */
async function randomCustomerId(em: SqlEntityManager, rng: Random, where: Record<string, unknown>): Promise<number | null> {
  const count = await em.createQueryBuilder(ChannelIdentity).where(where).getCount();
  if (count === 0) return null;
  const row = (await em
    .createQueryBuilder(ChannelIdentity)
    .select(['customer'])
    .where(where)
    .orderBy({ id: 'asc' })
    .limit(1)
    .offset(rng.int(0, count - 1))
    .execute('get')) as unknown as { customer: number | { id: number } };
  return typeof row.customer === 'object' ? Number(row.customer.id) : Number(row.customer);
}

async function addIdentity(em: SqlEntityManager, rng: Random, channel: ChannelRecord, customerId: number, email: string | null, now: Date): Promise<void> {
  const issuer = new IdentityIssuer(channel.profile, rng, await em.createQueryBuilder(ChannelIdentity).where({ channel: channel.id }).getCount());
  for (let attempt = 0; attempt < 10; attempt++) {
    const identity = issuer.issue(email);
    if (await identityExists(em, channel.id, identity.externalId)) continue;
    await insertReturningIds(em, ChannelIdentity, [
      { customer: customerId, channel: channel.id, externalId: identity.externalId, email: identity.email, emailMatchable: identity.emailMatchable, createdAt: now },
    ]);
    return;
  }
  throw new Error(`could not find a free customer id on channel ${channel.profile.channel.code}`);
}

async function newCustomer(em: SqlEntityManager, rng: Random, channel: ChannelRecord, now: Date): Promise<number> {
  const people = new PersonFactory(rng);
  let person = people.person(channel.profile.locale);
  for (let attempt = 0; attempt < 5 && person.email; attempt++) {
    if ((await em.createQueryBuilder(Customer).where({ email: person.email }).getCount()) === 0) break;
    person = people.person(channel.profile.locale);
  }
  const marketplace = channel.profile.channel.kind === ChannelKind.MARKETPLACE;
  const [id] = await insertReturningIds(em, Customer, [
    { email: marketplace ? null : person.email, phone: marketplace ? null : person.phone, name: person.name, createdAt: now, updatedAt: now },
  ]);
  await addIdentity(em, rng, channel, id, marketplace ? null : person.email, now);
  return id;
}

/** A customer of another channel who now buys here too (gets an identity here), or null. */
async function crossChannelCustomer(em: SqlEntityManager, rng: Random, channel: ChannelRecord, now: Date): Promise<number | null> {
  const customerId = await randomCustomerId(em, rng, { channel: { $ne: channel.id } });
  if (customerId === null) return null;
  if ((await em.createQueryBuilder(ChannelIdentity).where({ channel: channel.id, customer: customerId }).getCount()) > 0) return customerId;
  const row = (await em.createQueryBuilder(Customer).select(['email']).where({ id: customerId }).execute('get')) as unknown as { email: string | null };
  await addIdentity(em, rng, channel, customerId, row?.email ?? null, now);
  return customerId;
}

async function chooseCustomer(em: SqlEntityManager, rng: Random, channel: ChannelRecord, now: Date): Promise<number | null> {
  if (rng.chance(channel.profile.anonymousShare)) return null;
  const roll = rng.next();
  if (roll < 0.08) {
    const cross = await crossChannelCustomer(em, rng, channel, now);
    if (cross !== null) return cross;
  }
  if (roll < 0.86) {
    const returning = await randomCustomerId(em, rng, { channel: channel.id });
    if (returning !== null) return returning;
  }
  return newCustomer(em, rng, channel, now);
}

async function nextOrderIds(em: SqlEntityManager, rng: Random, channel: ChannelRecord, now: Date): Promise<OrderIds> {
  const last = (await em
    .createQueryBuilder(Order)
    .select(['externalId', 'number'])
    .where({ channel: channel.id })
    .orderBy({ id: 'desc' })
    .limit(1)
    .execute('get')) as unknown as { externalId: string; number: string | null } | null;
  const numbering = new OrderNumbering(channel.profile, rng, { lastExternalId: last?.externalId ?? null, lastNumber: last?.number ?? null });
  let store: string | undefined;
  if (channel.profile.idStyle === 'pos') {
    store = numbering.pickStore();
    const dateKey = localDateKey(now, channel.profile.utcOffsetMinutes);
    const lastReceipt = (await em
      .createQueryBuilder(Order)
      .select(['externalId'])
      .where({ channel: channel.id, externalId: { $like: `${store}:${dateKey}-%` } })
      .orderBy({ id: 'desc' })
      .limit(1)
      .execute('get')) as unknown as { externalId: string } | null;
    const parsed = lastReceipt ? parseReceiptId(lastReceipt.externalId) : null;
    if (parsed) numbering.continueReceipts(store, dateKey, parsed.seq);
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const ids = numbering.next(now, store);
    if ((await em.createQueryBuilder(Order).where({ channel: channel.id, externalId: ids.externalId }).getCount()) === 0) return ids;
  }
  throw new Error(`could not find a free order id on channel ${channel.profile.channel.code}`);
}

/**
 * Creates one realistic order placed at `now` on one of the demo (or bench) channels present in
 * the database, creating the demo channels when none is. Returns the new order's id.
 *
 * @param em - entity manager of a migrated database; the order is written in one transaction.
 * @param rng - the stream's generator: the same generator state gives the same order.
 */
export async function createLiveOrder(em: SqlEntityManager, rng: Random, now: Date = new Date()): Promise<number> {
  return em.transactional(async (tx) => {
    let channels = await findChannels(tx, BENCH_CHANNELS);
    if (channels.length === 0) channels = (await ensureChannels(tx, DEMO_CHANNELS, now)).records;
    const channel = channels[rng.weightedIndex(channels.map((c) => c.profile.orderWeight))];
    const offline = channel.profile.channel.kind === ChannelKind.OFFLINE_STORE;
    const customerId = await chooseCustomer(tx, rng, channel, now);
    const status = offline ? OrderStatus.FULFILLED : rng.chance(0.25) ? OrderStatus.PENDING : OrderStatus.PAID;
    const generated = buildOrder(rng, { profile: channel.profile, placedAt: now, now, status });
    const ids = await nextOrderIds(tx, rng, channel, now);
    const row = orderRow(rng, channel.profile, channel.id, customerId, ids, generated, now);
    const [orderId] = await insertReturningIds(tx, Order, [row]);
    await insertReturningIds(tx, OrderLine, lineRows(orderId, generated));
    if (customerId !== null) await recountCustomerStats(tx, [customerId]);
    await recountSalesSlots(tx, [{ channelId: channel.id, currencyCode: generated.currencyCode, placedAt: generated.placedAt }]);
    return orderId;
  });
}
