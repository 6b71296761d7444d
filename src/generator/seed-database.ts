/**
 * Fills an already-migrated database with realistic sales data: channels (when missing),
 * customers, their channel identities, orders and lines. Deterministic: the same options give
 * the same rows. Rows are written with multi-row inserts in transactions of a few thousand
 * orders, never entity by entity.
 *
 * @packageDocumentation
 */

import type { SqlEntityManager } from '@mikro-orm/knex';

import { ChannelIdentity } from '../customers/channel-identity.entity';
import { Customer } from '../customers/customer.entity';
import { OrderLine } from '../orders/order-line.entity';
import { Order } from '../orders/order.entity';
import { recountSalesSlots } from '../analytics/sales-slot.recount';
import { recountCustomerStats } from '../customers/customer-stats.recount';
import { insertReturningIds, insertRows } from './batch-insert';
import { DEMO_CHANNELS, type DemoChannel } from './channels';
import { planCustomers, type PlannedCustomer } from './customer-plan';
import { CustomerPicker } from './customer-picker';
import { ensureChannels, readChannelState, type ChannelRecord, type ChannelState } from './ensure-channels';
import { IdentityIssuer } from './identities';
import { buildOrder } from './order-builder';
import { OrderNumbering } from './order-numbering';
import { lineRows, orderRow } from './order-rows';
import { PersonFactory } from './people';
import { Random } from './random';
import { samplePlacedAt } from './timeline';

/** What to generate. */
export interface SeedOptions {
  /** Seed of the generator (default 42): the same seed gives identical data. */
  seed?: number;
  /** Customers to create, e.g. 30_000. */
  customers: number;
  /** Orders to create, e.g. 100_000 (≈ 3 lines each on average). */
  orders: number;
  /** Orders are spread over the last `days` days (default 90). */
  days?: number;
  /** The present (default `new Date()`); pass a fixed date for reproducible rows. */
  now?: Date;
  /** Called with (orders written, orders to write) at the start and after each batch. */
  onProgress?: (done: number, total: number) => void;
  /** Channels to fill (default {@link DEMO_CHANNELS}); see also `BENCH_CHANNELS`. */
  channels?: ReadonlyArray<DemoChannel>;
}

/** How many rows a seed run wrote (channels: the ones it created). */
export interface SeedResult {
  channels: number;
  customers: number;
  identities: number;
  orders: number;
  lines: number;
}

/** Orders per transaction. */
const ORDER_BATCH = 2500;
/** Customers per transaction. */
const CUSTOMER_BATCH = 5000;

function checkCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer; got ${value}`);
}

async function insertCustomers(
  em: SqlEntityManager,
  planned: ReadonlyArray<PlannedCustomer>,
  channels: ReadonlyArray<ChannelRecord>,
): Promise<{ ids: number[]; identities: number }> {
  const ids: number[] = [];
  let identities = 0;
  for (let start = 0; start < planned.length; start += CUSTOMER_BATCH) {
    const batch = planned.slice(start, start + CUSTOMER_BATCH);
    await em.transactional(async (tx) => {
      const batchIds = await insertReturningIds(tx, Customer, batch.map((p) => p.row));
      const identityRows = batch.flatMap((p, i) =>
        p.identities.map((link) => ({
          customer: batchIds[i],
          channel: channels[link.channel].id,
          externalId: link.identity.externalId,
          email: link.identity.email,
          emailMatchable: link.identity.emailMatchable,
          createdAt: link.createdAt,
        })),
      );
      await insertRows(tx, ChannelIdentity, identityRows, false);
      ids.push(...batchIds);
      identities += identityRows.length;
    });
  }
  return { ids, identities };
}

/**
 * Writes channels (if missing), customers, identities, orders and lines into an
 * already-migrated database.
 *
 * Seeding 100,000 orders (≈ 300,000 lines) and 30,000 customers takes seconds on SQLite and on
 * PostgreSQL. Running it again appends more data: ids and order numbers continue after the rows
 * already there.
 *
 * @param em - an entity manager of the target database (a fork is fine); its identity map is
 *   not used.
 * @throws RangeError for negative or fractional counts.
 */
export async function seedDatabase(em: SqlEntityManager, options: SeedOptions): Promise<SeedResult> {
  const seed = options.seed ?? 42;
  const days = options.days ?? 90;
  const now = options.now ?? new Date();
  checkCount(options.customers, 'customers');
  checkCount(options.orders, 'orders');
  if (!(days > 0)) throw new RangeError(`days must be positive; got ${days}`);
  const rng = new Random(seed);

  const { records: channels, created } = await ensureChannels(em, options.channels ?? DEMO_CHANNELS, now);
  const states: ChannelState[] = [];
  for (const channel of channels) states.push(await readChannelState(em, channel.id));

  // Customers and their identities.
  const people = new PersonFactory(rng.fork('people'));
  if ((await em.createQueryBuilder(Customer).getCount()) > 0) {
    const rows = (await em.createQueryBuilder(Customer).select(['email']).where({ email: { $ne: null } }).execute('all')) as unknown as Array<{ email: string }>;
    people.reserveEmails(rows.map((r) => r.email));
  }
  const idRng = rng.fork('identities');
  const issuers = channels.map((c, i) => {
    const issuer = new IdentityIssuer(c.profile, idRng, states[i].identityCount);
    issuer.reserve(states[i].identityExternalIds);
    return issuer;
  });
  const planned = planCustomers(rng.fork('customers'), people, issuers, channels, options.customers, now, days);
  const { ids: customerIds, identities } = await insertCustomers(em, planned, channels);

  // When and where each order is placed, oldest first.
  const timeRng = rng.fork('timeline');
  const total = options.orders;
  const channelOf = new Uint8Array(total);
  const placedAt = new Float64Array(total);
  const weights = channels.map((c) => c.profile.orderWeight);
  const perChannel = channels.map(() => 0);
  for (let i = 0; i < total; i++) {
    const c = timeRng.weightedIndex(weights);
    channelOf[i] = c;
    placedAt[i] = samplePlacedAt(timeRng, channels[c].profile, now, days).getTime();
    perChannel[c]++;
  }
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => placedAt[a] - placedAt[b] || a - b);

  const pickRng = rng.fork('pickers');
  const propensity = planned.map((p) => p.propensity);
  const pickers = channels.map((_, c) => {
    const members: number[] = [];
    planned.forEach((p, index) => {
      if (p.identities.some((link) => link.channel === c)) members.push(index);
    });
    return new CustomerPicker(members, propensity, pickRng);
  });
  const numberRng = rng.fork('numbers');
  const numberings = channels.map((c, i) => {
    const numbering = new OrderNumbering(c.profile, numberRng, states[i]);
    numbering.reserve(states[i].orderExternalIds);
    return numbering;
  });
  const orderRng = rng.fork('orders');
  const left = perChannel.slice();

  let ordersWritten = 0;
  let linesWritten = 0;
  options.onProgress?.(0, total);
  for (let start = 0; start < total; start += ORDER_BATCH) {
    const batch = order.slice(start, start + ORDER_BATCH);
    const built = batch.map((i) => {
      const c = channelOf[i];
      const { profile, id: channelId } = channels[c];
      const anonymous = pickers[c].empty || orderRng.chance(profile.anonymousShare);
      const expectedWithCustomer = Math.ceil(left[c] * (1 - profile.anonymousShare));
      left[c]--;
      const customerIndex = anonymous ? null : pickers[c].pick(orderRng, expectedWithCustomer);
      const generated = buildOrder(orderRng, { profile, placedAt: new Date(placedAt[i]), now });
      const ids = numberings[c].next(generated.placedAt);
      const customerId = customerIndex === null ? null : customerIds[customerIndex];
      return { generated, row: orderRow(orderRng, profile, channelId, customerId, ids, generated, now) };
    });
    await em.transactional(async (tx) => {
      const orderIds = await insertReturningIds(tx, Order, built.map((b) => b.row));
      const lines = built.flatMap((b, k) => lineRows(orderIds[k], b.generated));
      await insertRows(tx, OrderLine, lines, false);
      await recountCustomerStats(tx, built.flatMap((b) => (b.row.customer == null ? [] : [Number(b.row.customer)])));
      await recountSalesSlots(tx, built.map((b) => ({ channelId: Number(b.row.channel), currencyCode: b.generated.currencyCode, placedAt: b.generated.placedAt })));
      linesWritten += lines.length;
    });
    ordersWritten += batch.length;
    options.onProgress?.(ordersWritten, total);
  }

  return { channels: created, customers: customerIds.length, identities, orders: ordersWritten, lines: linesWritten };
}
