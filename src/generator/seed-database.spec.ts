import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';

import { normalizeEmail, normalizePhone } from '../auth/masking';
import { ChannelKind } from '../channels/channel-kind';
import { Channel } from '../channels/channel.entity';
import { ChannelIdentity } from '../customers/channel-identity.entity';
import { CustomerAcquisition } from '../customers/customer-acquisition.entity';
import { Customer } from '../customers/customer.entity';
import { openDatabase } from '../db/database';
import { OrderLine } from '../orders/order-line.entity';
import { OrderStatus } from '../orders/order-status';
import { Order } from '../orders/order.entity';
import { createTempPostgresDatabase, dropPostgresDatabase } from '../testing/postgres';
import { BENCH_CHANNELS, createLiveOrder, DEMO_CHANNELS, Random, seedDatabase, type SeedOptions, type SeedResult } from './index';

const NOW = new Date('2026-11-20T12:00:00Z');
const OPTIONS: SeedOptions = { seed: 42, customers: 400, orders: 2000, days: 60, now: NOW };

interface TestDb {
  orm: MikroORM;
  drop(): Promise<void>;
}

async function sqliteDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-generator-'));
  const file = path.join(dir, 'test.sqlite');
  const orm = await openDatabase({ dialect: 'sqlite', file, url: `file:${file}` }, { fromSource: true });
  return {
    orm,
    drop: async () => {
      await orm.close(true);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresDb(): Promise<TestDb> {
  const db = await createTempPostgresDatabase('salesgraph_generator');
  const orm = await openDatabase({ dialect: 'postgresql', url: db.url, dbName: db.name }, { fromSource: true });
  return {
    orm,
    drop: async () => {
      await orm.close(true);
      await dropPostgresDatabase(db.name);
    },
  };
}

const em = (db: TestDb) => db.orm.em.fork() as SqlEntityManager;
const ms = (d: Date | null) => (d ? d.getTime() : null);

/** Every generated row as plain values, read through the ORM (so both dialects compare equal). */
async function dump(db: TestDb) {
  const e = em(db);
  const byId = { orderBy: { id: 'asc' } } as const;
  const channels = (await e.find(Channel, {}, byId)).map((c) => ({ id: c.id, code: c.code, name: c.name, kind: c.kind, plugin: c.plugin, currencyCode: c.currencyCode, countryCode: c.countryCode }));
  const customers = (await e.find(Customer, {}, byId)).map((c) => ({ id: c.id, email: c.email, phone: c.phone, name: c.name, createdAt: ms(c.createdAt), updatedAt: ms(c.updatedAt) }));
  const identities = (await e.find(ChannelIdentity, {}, byId)).map((i) => ({
    id: i.id,
    customer: i.customer.id,
    channel: i.channel.id,
    externalId: i.externalId,
    email: i.email,
    emailMatchable: Boolean(i.emailMatchable),
    createdAt: ms(i.createdAt),
  }));
  const orders = (await e.find(Order, {}, byId)).map((o) => ({
    id: o.id,
    channel: o.channel.id,
    externalId: o.externalId,
    number: o.number,
    status: o.status,
    placedAt: ms(o.placedAt)!,
    customer: o.customer?.id ?? null,
    currencyCode: o.currencyCode,
    subtotalMinor: o.subtotalMinor,
    discountTotalMinor: o.discountTotalMinor,
    taxTotalMinor: o.taxTotalMinor,
    shippingTotalMinor: o.shippingTotalMinor,
    totalMinor: o.totalMinor,
    refundedTotalMinor: o.refundedTotalMinor,
    couponCodes: o.couponCodes,
    sourceUpdatedAt: ms(o.sourceUpdatedAt),
    sourceVersion: o.sourceVersion,
    createdAt: ms(o.createdAt),
    updatedAt: ms(o.updatedAt),
  }));
  const lines = (await e.find(OrderLine, {}, byId)).map((l) => ({
    id: l.id,
    order: l.order.id,
    position: l.position,
    sku: l.sku,
    title: l.title,
    quantity: l.quantity,
    currencyCode: l.currencyCode,
    unitPriceMinor: l.unitPriceMinor,
    discountMinor: l.discountMinor,
    taxMinor: l.taxMinor,
    totalMinor: l.totalMinor,
  }));
  return { channels, customers, identities, orders, lines };
}

type Dump = Awaited<ReturnType<typeof dump>>;

/** Money invariants over a dump; returns the offending rows (empty when all hold). */
function moneyViolations(data: Dump): unknown[] {
  const bad: unknown[] = [];
  const linesByOrder = new Map<number, Dump['lines']>();
  for (const line of data.lines) {
    if (line.totalMinor !== line.unitPriceMinor * line.quantity - line.discountMinor + line.taxMinor) bad.push({ line });
    linesByOrder.set(line.order, [...(linesByOrder.get(line.order) ?? []), line]);
  }
  const currencyOf = new Map(data.channels.map((c) => [c.id, c.currencyCode]));
  for (const order of data.orders) {
    const lines = linesByOrder.get(order.id) ?? [];
    const sum = (f: (l: Dump['lines'][number]) => number) => lines.reduce((s, l) => s + f(l), 0);
    const checks = {
      lines: lines.length >= 1 && lines.length <= 5,
      subtotal: order.subtotalMinor === sum((l) => l.unitPriceMinor * l.quantity),
      discount: order.discountTotalMinor === sum((l) => l.discountMinor),
      tax: order.taxTotalMinor === sum((l) => l.taxMinor),
      total: order.totalMinor === order.subtotalMinor - order.discountTotalMinor + order.taxTotalMinor + order.shippingTotalMinor,
      lineCurrency: lines.every((l) => l.currencyCode === order.currencyCode),
      channelCurrency: order.currencyCode === currencyOf.get(order.channel),
      refund:
        order.status === OrderStatus.REFUNDED
          ? order.refundedTotalMinor === order.totalMinor
          : order.status === OrderStatus.PARTIALLY_REFUNDED
            ? order.refundedTotalMinor > 0 && order.refundedTotalMinor < order.totalMinor
            : order.status === OrderStatus.CANCELLED
              ? order.refundedTotalMinor === 0 || order.refundedTotalMinor === order.totalMinor
              : order.refundedTotalMinor === 0,
    };
    const failed = Object.entries(checks).filter(([, ok]) => !ok);
    if (failed.length) bad.push({ order, failed: failed.map(([k]) => k) });
  }
  return bad;
}

const dialects: Array<['sqlite' | 'postgresql', () => Promise<TestDb>]> = [['sqlite', sqliteDb]];
if (process.env.SALESGRAPH_TEST_DB === 'postgresql') dialects.push(['postgresql', postgresDb]);

describe.each(dialects)('seedDatabase on %s', (dialect, open) => {
  let db: TestDb;
  let result: SeedResult;
  let data: Dump;
  const progress: Array<[number, number]> = [];

  beforeAll(async () => {
    db = await open();
    result = await seedDatabase(em(db), { ...OPTIONS, onProgress: (done, total) => progress.push([done, total]) });
    data = await dump(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('reports the rows it wrote', () => {
    expect(result).toEqual({
      channels: 3,
      customers: OPTIONS.customers,
      identities: data.identities.length,
      orders: OPTIONS.orders,
      lines: data.lines.length,
    });
    expect(data.customers).toHaveLength(OPTIONS.customers);
    expect(data.orders).toHaveLength(OPTIONS.orders);
    expect(data.lines.length / data.orders.length).toBeGreaterThan(2.7);
    expect(data.lines.length / data.orders.length).toBeLessThan(3.3);
  });

  it('reports progress up to the total', () => {
    expect(progress[0]).toEqual([0, OPTIONS.orders]);
    expect(progress[progress.length - 1]).toEqual([OPTIONS.orders, OPTIONS.orders]);
  });

  it('creates the three demo channels, with three currencies including zero-decimal JPY', () => {
    expect(data.channels.map((c) => c.code)).toEqual(DEMO_CHANNELS.map((c) => c.code));
    expect(new Set(data.channels.map((c) => c.currencyCode))).toEqual(new Set(['USD', 'JPY', 'CNY']));
  });

  it('stores money that adds up: lines, subtotal, discount, tax, total, refunds, currencies', () => {
    expect(moneyViolations(data)).toEqual([]);
  });

  it('writes ids and numbers in each channel’s own style', () => {
    const code = new Map(data.channels.map((c) => [c.id, c.code]));
    const of = (channel: string) => data.orders.filter((o) => code.get(o.channel) === channel);
    const shopify = of('web-us');
    expect(shopify.filter((o) => !/^\d{13}$/.test(o.externalId))).toEqual([]);
    // Numbers count up from #1001 in the order orders were placed.
    const sorted = [...shopify].sort((a, b) => a.placedAt - b.placedAt || a.id - b.id);
    expect(sorted.map((o) => o.number)).toEqual(sorted.map((_, i) => `#${1001 + i}`));
    const amazon = of('amazon-jp');
    expect(amazon.filter((o) => !/^\d{3}-\d{7}-\d{7}$/.test(o.externalId) || o.number !== o.externalId)).toEqual([]);
    const store = of('store-cn');
    expect(store.filter((o) => !/^[A-Z]{2}\d{2}:\d{8}-\d{4}$/.test(o.externalId) || o.externalId.split(':')[1] !== o.number)).toEqual([]);
  });

  it('stores normalised e-mails and E.164 phones from several locales', () => {
    const emails = data.customers.flatMap((c) => (c.email ? [c.email] : []));
    const phones = data.customers.flatMap((c) => (c.phone ? [c.phone] : []));
    expect(emails.filter((e) => normalizeEmail(e) !== e)).toEqual([]);
    expect(phones.filter((p) => !/^\+[1-9]\d{6,14}$/.test(p) || normalizePhone(p) !== p)).toEqual([]);
    expect(new Set(emails).size).toBe(emails.length);
    const names = data.customers.map((c) => c.name ?? '');
    expect(names.some((n) => /^[A-Za-z][A-Za-z' .-]+ [A-Za-z' .-]+$/.test(n))).toBe(true); // Latin
    expect(names.some((n) => /^[\u3040-\u30ff\u4e00-\u9fff]+ [\u3040-\u30ff\u4e00-\u9fff]+$/.test(n))).toBe(true); // Japanese
    expect(names.some((n) => /^[\u4e00-\u9fff]{2,4}$/.test(n))).toBe(true); // Chinese
    expect(phones.some((p) => p.startsWith('+1'))).toBe(true);
    expect(phones.some((p) => p.startsWith('+81'))).toBe(true);
    expect(phones.some((p) => p.startsWith('+86'))).toBe(true);
  });

  it('has 30–40 % of customers on two or more channels, one identity per channel used', () => {
    const channelsOf = new Map<number, Set<number>>();
    for (const i of data.identities) channelsOf.set(i.customer, (channelsOf.get(i.customer) ?? new Set()).add(i.channel));
    const perCustomer = data.identities.reduce((m, i) => m.set(`${i.customer}:${i.channel}`, (m.get(`${i.customer}:${i.channel}`) ?? 0) + 1), new Map<string, number>());
    expect([...perCustomer.values()].filter((n) => n > 1)).toEqual([]);
    expect(channelsOf.size).toBe(data.customers.length);
    const multi = [...channelsOf.values()].filter((s) => s.size >= 2).length / data.customers.length;
    expect(multi).toBeGreaterThanOrEqual(0.3);
    expect(multi).toBeLessThanOrEqual(0.4);
    // Orders of a customer are on channels where the customer has an identity.
    expect(data.orders.filter((o) => o.customer !== null && !channelsOf.get(o.customer)!.has(o.channel))).toEqual([]);
  });

  it('gives marketplace identities a relay alias that never links customers', () => {
    const kind = new Map(data.channels.map((c) => [c.id, c.kind]));
    const market = data.identities.filter((i) => kind.get(i.channel) === ChannelKind.MARKETPLACE);
    expect(market.length).toBeGreaterThan(0);
    expect(market.filter((i) => i.emailMatchable || !/^[a-z0-9]+@marketplace\.amazon\.co\.jp$/.test(i.email ?? ''))).toEqual([]);
    expect(data.customers.filter((c) => c.email?.includes('marketplace.amazon'))).toEqual([]);
    const store = data.identities.filter((i) => kind.get(i.channel) === ChannelKind.OFFLINE_STORE);
    expect(store.filter((i) => !/^LC\d{10}$/.test(i.externalId))).toEqual([]);
  });

  it('has walk-in orders without a customer, mostly in the store', () => {
    const kind = new Map(data.channels.map((c) => [c.id, c.kind]));
    const anonymous = data.orders.filter((o) => o.customer === null);
    expect(anonymous.length).toBeGreaterThan(0);
    const inStore = anonymous.filter((o) => kind.get(o.channel) === ChannelKind.OFFLINE_STORE).length;
    expect(inStore / anonymous.length).toBeGreaterThan(0.5);
  });

  it('stores coupon codes on discounted storefront orders and mixes statuses', () => {
    const withCodes = data.orders.filter((o) => o.couponCodes.length > 0);
    expect(withCodes.length).toBeGreaterThan(0);
    expect(withCodes.filter((o) => o.discountTotalMinor === 0)).toEqual([]);
    const statuses = new Set(data.orders.map((o) => o.status));
    expect(statuses).toEqual(new Set(Object.values(OrderStatus)));
  });

  it('places every order inside the window and never dates anything after now', () => {
    const start = NOW.getTime() - OPTIONS.days! * 86_400_000;
    expect(data.orders.filter((o) => o.placedAt < start || o.placedAt > NOW.getTime())).toEqual([]);
    expect(data.orders.filter((o) => o.updatedAt! > NOW.getTime() || o.createdAt! < o.placedAt)).toEqual([]);
  });

  it('produces identical rows for the same seed in another database', async () => {
    const other = await sqliteDb();
    try {
      await seedDatabase(em(other), OPTIONS);
      const again = await dump(other);
      expect(JSON.stringify(again) === JSON.stringify(data)).toBe(true);
    } finally {
      await other.drop();
    }
  });

  it('creates live orders that continue the numbering and keep the invariants', async () => {
    const rng = new Random(7);
    const before = data.orders.length;
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await createLiveOrder(em(db), rng, new Date(NOW.getTime() + 60_000 + i * 2500)));
    expect(new Set(ids).size).toBe(30);
    const after = await dump(db);
    expect(after.orders).toHaveLength(before + 30);
    expect(moneyViolations(after)).toEqual([]);
    const live = after.orders.filter((o) => ids.includes(o.id));
    expect(live.filter((o) => o.placedAt < NOW.getTime())).toEqual([]);
    const webUs = after.channels.find((c) => c.code === 'web-us')!.id;
    const numbers = after.orders.filter((o) => o.channel === webUs).map((o) => Number(o.number!.slice(1)));
    expect(new Set(numbers).size).toBe(numbers.length);
    const liveNumbers = live.filter((o) => o.channel === webUs).map((o) => Number(o.number!.slice(1)));
    expect(liveNumbers.length).toBeGreaterThan(0);
    expect(Math.min(...liveNumbers)).toBeGreaterThan(Math.max(...numbers.filter((n) => !liveNumbers.includes(n))));
  });

  it('keeps each customer’s first order (customer_acquisition) as their orders give it, live orders included', async () => {
    const { orders } = await dump(db);
    const firsts = new Map<number, (typeof orders)[number]>();
    for (const o of orders) {
      if (o.customer === null || o.status === OrderStatus.CANCELLED) continue;
      const seen = firsts.get(o.customer);
      if (!seen || o.placedAt < seen.placedAt || (o.placedAt === seen.placedAt && o.id < seen.id)) firsts.set(o.customer, o);
    }
    const expected = [...firsts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([customerId, o]) => ({ customerId, orderId: o.id, channelId: o.channel, currencyCode: o.currencyCode, acquiredAt: o.placedAt }));
    const kept = (await em(db).find(CustomerAcquisition, {}, { orderBy: { customerId: 'asc' } })).map((a) => ({
      customerId: a.customerId,
      orderId: a.orderId,
      channelId: a.channelId,
      currencyCode: a.currencyCode,
      acquiredAt: ms(a.acquiredAt),
    }));
    expect(expected.length).toBeGreaterThan(100);
    expect(kept).toEqual(expected);
  });

  it('appends when run again, without id collisions, even with the same seed', async () => {
    const before = await dump(db);
    const more = await seedDatabase(em(db), { ...OPTIONS, customers: 50, orders: 300 });
    expect(more).toMatchObject({ channels: 0, customers: 50, orders: 300 });
    const after = await dump(db);
    expect(after.customers).toHaveLength(before.customers.length + 50);
    expect(after.orders).toHaveLength(before.orders.length + 300);
    expect(moneyViolations(after)).toEqual([]);
    const emails = after.customers.flatMap((c) => (c.email ? [c.email] : []));
    expect(new Set(emails).size).toBe(emails.length);
  });
});

describe('seedDatabase edge cases', () => {
  it('writes only walk-in orders when there are no customers, over a fractional number of days', async () => {
    const db = await sqliteDb();
    try {
      const result = await seedDatabase(em(db), { seed: 1, customers: 0, orders: 50, days: 1.5, now: NOW });
      expect(result).toEqual({ channels: 3, customers: 0, identities: 0, orders: 50, lines: result.lines });
      const data = await dump(db);
      expect(data.orders.filter((o) => o.customer !== null)).toEqual([]);
      expect(moneyViolations(data)).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('fills the bench channels too, in WooCommerce and Square styles', async () => {
    const db = await sqliteDb();
    try {
      const result = await seedDatabase(em(db), { ...OPTIONS, customers: 200, orders: 1000, channels: BENCH_CHANNELS });
      expect(result.channels).toBe(BENCH_CHANNELS.length);
      const data = await dump(db);
      expect(moneyViolations(data)).toEqual([]);
      const code = new Map(data.channels.map((c) => [c.id, c.code]));
      const of = (channel: string) => data.orders.filter((o) => code.get(o.channel) === channel);
      const woo = of('shop-eu');
      expect(woo.length).toBeGreaterThan(0);
      expect(woo.filter((o) => !/^\d{5}$/.test(o.externalId) || o.number !== o.externalId || o.currencyCode !== 'EUR')).toEqual([]);
      const square = of('store-us');
      expect(square.length).toBeGreaterThan(0);
      expect(square.filter((o) => !/^[A-Za-z0-9]{27}$/.test(o.externalId) || o.sourceVersion === null)).toEqual([]);
      const identitiesOf = (channel: string) => data.identities.filter((i) => code.get(i.channel) === channel);
      expect(identitiesOf('shop-eu').filter((i) => !/^\d+$/.test(i.externalId))).toEqual([]);
      expect(identitiesOf('store-us').filter((i) => !/^[A-Z0-9]{26}$/.test(i.externalId))).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('rejects negative or fractional counts', async () => {
    const fake = {} as SqlEntityManager;
    await expect(seedDatabase(fake, { customers: -1, orders: 1 })).rejects.toThrow(RangeError);
    await expect(seedDatabase(fake, { customers: 1, orders: 1.5 })).rejects.toThrow(RangeError);
  });
});

describe('createLiveOrder on an empty database', () => {
  it('creates the demo channels, then an order', async () => {
    const db = await sqliteDb();
    try {
      const id = await createLiveOrder(em(db), new Random(1), NOW);
      const data = await dump(db);
      expect(data.channels.map((c) => c.code)).toEqual(DEMO_CHANNELS.map((c) => c.code));
      expect(data.orders.map((o) => o.id)).toEqual([id]);
      expect(moneyViolations(data)).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});

if (process.env.SALESGRAPH_TEST_DB === 'postgresql') {
  describe('seedDatabase across dialects', () => {
    it('writes the same rows on PostgreSQL as on SQLite for the same seed', async () => {
      const [pg, lite] = [await postgresDb(), await sqliteDb()];
      try {
        await seedDatabase(em(pg), OPTIONS);
        await seedDatabase(em(lite), OPTIONS);
        const [a, b] = [await dump(pg), await dump(lite)];
        expect(a.orders.slice(0, 20)).toEqual(b.orders.slice(0, 20));
        expect(JSON.stringify(a) === JSON.stringify(b)).toBe(true);
      } finally {
        await pg.drop();
        await lite.drop();
      }
    });
  });
}
