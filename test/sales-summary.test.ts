/**
 * A sales manager reading per-channel performance (Query.salesSummary) over orders that came in
 * through the real routes: Shopify webhooks (bare order and refund objects, signed as Shopify
 * signs) for two USD shops and a JPY shop, and a till export (CSV) imported for a POS store.
 * Every expected figure below is computed by hand from the orders listed here.
 *
 * Orders (UTC), amounts in minor units; the customers are matched across channels by e-mail:
 *   J1 shop-jp   11-01 16:30  Kenji  2 × ¥2990                          = ¥5980
 *   J2 shop-jp   11-02 01:00  Ann    1 × ¥1500                          = ¥1500   Ann's first order
 *   U1 shop-us   11-02 10:00  Ann    2 × $25.00 − $5.00 discount        = $45.00, $15.00 refunded
 *   N1 store-nyc 11-02 14:00  Ann    1 × $12.00 + $1.00 tax             = $13.00
 *   U2 shop-us   11-03 12:00  Ann    1 × $30.00                         = $30.00
 *   U3 shop-us   11-03 13:00  guest  3 × $10.00                         = $30.00
 *   N2 store-nyc 11-03 15:00  guest  2 × $5.00                          = $10.00
 *   O1 shop-outlet 11-03 18:00 Ann   1 × $40.00                         = $40.00
 *   J3 shop-jp   11-04 03:00  Kenji  1 × ¥1000                          = ¥1000
 *   U4 shop-us   11-04 09:00  Bob    1 × $100.00, CANCELLED
 *   U5 shop-us   11-05 15:00  Bob    1 × $20.00                         = $20.00  Bob's first non-cancelled order
 * and guest orders around Berlin's DST change (shop-us): B2 10-24 22:30, B1 10-25 22:30, B3 10-25 23:30.
 */
import { Role } from '../src/auth/role';
import {
  CreateChannelDocument,
  MergeCustomersDocument,
  OrderByExternalIdDocument,
  OrderCustomerDocument,
  SalesSummaryDocument,
  type SalesSummaryQueryVariables,
} from '../src/testing/generated/graphql';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';
import { createShopifyChannel, sendShopify, type Json } from './support/shopify';
import { shopifyOrderBody, shopTime } from './support/shopify-order';

let t: TestGateway;

const NOVEMBER = { from: '2026-11-01T00:00:00Z', to: '2026-11-06T00:00:00Z' };
const usd = (amount: string) => ({ amount, currencyCode: 'USD' });
const jpy = (amount: string) => ({ amount, currencyCode: 'JPY' });

// ---------------------------------------------------------------------------------------------
// Payloads in the vendors' formats.

interface Buyer {
  id: number;
  email: string;
  first: string;
  last: string;
}

const ANN_US: Buyer = { id: 7001, email: 'ann@example.com', first: 'Ann', last: 'Lee' };
const ANN_JP: Buyer = { id: 7102, email: 'ANN@example.com', first: 'Ann', last: 'Lee' };
const ANN_OUTLET: Buyer = { id: 7201, email: 'ann@example.com', first: 'Ann', last: 'Lee' };
const BOB: Buyer = { id: 7002, email: 'bob@example.com', first: 'Bob', last: 'Norman' };
const KENJI: Buyer = { id: 7101, email: 'kenji@example.jp', first: '健二', last: '佐藤' };

interface OrderSpec {
  id: number;
  name: string;
  placedAt: string;
  currency: string;
  lines: Array<{ sku: string; price: string; quantity: number; discount?: string }>;
  buyer: Buyer | null;
  cancelledAt?: string;
  /** Minutes after placedAt that this version was written (a later version: a larger number). */
  version?: number;
}

const OFFSETS: Record<string, number> = { USD: -300, JPY: 540 };

/** A Shopify order webhook body in the shop's offset; a discounted order used the code FIVEOFF. */
function shopifyOrder(spec: OrderSpec): Json {
  const discounted = spec.lines.some((line) => /[1-9]/.test(line.discount ?? ''));
  return shopifyOrderBody({ ...spec, offsetMinutes: OFFSETS[spec.currency], discountCodes: discounted ? ['FIVEOFF'] : [] });
}

/** A `refunds/create` webhook body: one successful refund transaction. */
function shopifyRefund(id: number, orderId: number, amount: string, currency: string, at: string): Json {
  const when = shopTime(at, OFFSETS[currency]);
  return {
    id,
    order_id: orderId,
    created_at: when,
    processed_at: when,
    note: 'damaged',
    restock: false,
    refund_line_items: [],
    transactions: [{ id: id + 1, order_id: orderId, kind: 'refund', status: 'success', gateway: 'bogus', amount, currency }],
  };
}

async function deliver(code: string, topic: string, payload: Json): Promise<void> {
  const answer = await sendShopify(t, code, payload, { topic });
  if (answer.status !== 200) throw new Error(`${code} ${topic} answered ${answer.status}: ${answer.text}`);
}

const order = (code: string, spec: OrderSpec) => deliver(code, 'orders/create', shopifyOrder(spec));

const CSV_HEADER = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id';

async function importCsv(code: string, rows: string[]): Promise<void> {
  const res = await t
    .http()
    .post(`/channels/${code}/imports`)
    .set('authorization', `Bearer ${TEST_ADMIN_KEY}`)
    .set('content-type', 'text/csv')
    .send([CSV_HEADER, ...rows].join('\n') + '\n');
  if (res.status !== 200 || res.body.rejected.length) throw new Error(`import into ${code}: ${res.status} ${JSON.stringify(res.body)}`);
}

// ---------------------------------------------------------------------------------------------
// The world.

beforeAll(async () => {
  t = await startTestGateway();
  await createShopifyChannel(t, 'shop-us', 'USD');
  await createShopifyChannel(t, 'shop-outlet', 'USD');
  await createShopifyChannel(t, 'shop-jp', 'JPY');
  const store = await t.gql(CreateChannelDocument, { input: { code: 'store-nyc', name: 'NYC store', kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode: 'USD' } });
  expect(store.errors).toBeUndefined();

  await order('shop-jp', { id: 2001, name: '#2001', placedAt: '2026-11-01T16:30:00Z', currency: 'JPY', lines: [{ sku: 'TEA', price: '2990', quantity: 2 }], buyer: KENJI });
  await order('shop-jp', { id: 2002, name: '#2002', placedAt: '2026-11-02T01:00:00Z', currency: 'JPY', lines: [{ sku: 'CUP', price: '1500', quantity: 1 }], buyer: ANN_JP });
  await order('shop-us', { id: 1001, name: '#1001', placedAt: '2026-11-02T10:00:00Z', currency: 'USD', lines: [{ sku: 'MUG', price: '25.00', quantity: 2, discount: '5.00' }], buyer: ANN_US });
  await deliver('shop-us', 'refunds/create', shopifyRefund(9001, 1001, '15.00', 'USD', '2026-11-10T12:00:00Z'));
  await order('shop-us', { id: 1002, name: '#1002', placedAt: '2026-11-03T12:00:00Z', currency: 'USD', lines: [{ sku: 'BOWL', price: '30.00', quantity: 1 }], buyer: ANN_US });
  await order('shop-us', { id: 1003, name: '#1003', placedAt: '2026-11-03T13:00:00Z', currency: 'USD', lines: [{ sku: 'SPOON', price: '10.00', quantity: 3 }], buyer: null });
  await order('shop-outlet', { id: 3001, name: '#3001', placedAt: '2026-11-03T18:00:00Z', currency: 'USD', lines: [{ sku: 'PLATE', price: '40.00', quantity: 1 }], buyer: ANN_OUTLET });
  await order('shop-jp', { id: 2003, name: '#2003', placedAt: '2026-11-04T03:00:00Z', currency: 'JPY', lines: [{ sku: 'TEA', price: '1000', quantity: 1 }], buyer: KENJI });
  const cancelled: OrderSpec = { id: 1004, name: '#1004', placedAt: '2026-11-04T09:00:00Z', currency: 'USD', lines: [{ sku: 'LAMP', price: '100.00', quantity: 1 }], buyer: BOB };
  await order('shop-us', cancelled);
  await deliver('shop-us', 'orders/cancelled', shopifyOrder({ ...cancelled, cancelledAt: '2026-11-04T10:00:00Z', version: 60 }));
  await order('shop-us', { id: 1005, name: '#1005', placedAt: '2026-11-05T15:00:00Z', currency: 'USD', lines: [{ sku: 'MUG', price: '20.00', quantity: 1 }], buyer: BOB });
  await importCsv('store-nyc', [
    'NYC,5001,2026-11-02T09:00:00-05:00,SKU-MUG,Mug,1,12.00,0,1.00,USD,ann@example.com,,Ann Lee,',
    'NYC,5002,2026-11-03T10:00:00-05:00,SKU-PEN,Pen,2,5.00,0,0,USD,,,,',
  ]);
  // around Europe/Berlin's return to winter time, guests only
  await order('shop-us', { id: 1101, name: '#1101', placedAt: '2026-10-25T22:30:00Z', currency: 'USD', lines: [{ sku: 'B1', price: '10.00', quantity: 1 }], buyer: null });
  await order('shop-us', { id: 1102, name: '#1102', placedAt: '2026-10-24T22:30:00Z', currency: 'USD', lines: [{ sku: 'B2', price: '20.00', quantity: 1 }], buyer: null });
  await order('shop-us', { id: 1103, name: '#1103', placedAt: '2026-10-25T23:30:00Z', currency: 'USD', lines: [{ sku: 'B3', price: '40.00', quantity: 1 }], buyer: null });
});

afterAll(() => t?.stop());

async function summary(variables: SalesSummaryQueryVariables, key: string = TEST_ADMIN_KEY) {
  const res = await t.gql(SalesSummaryDocument, variables, key);
  expect(res.errors).toBeUndefined();
  return res.data!.salesSummary;
}

async function refused(variables: SalesSummaryQueryVariables) {
  const res = await t.gql(SalesSummaryDocument, variables);
  expect(res.data ?? null).toBeNull();
  return { code: res.errors?.[0]?.extensions?.code, message: res.errors?.[0]?.message ?? '' };
}

/** The figures of a row without its dimensions. */
const figures = (row: Awaited<ReturnType<typeof summary>>[number]) => {
  const { channel: _channel, channelKind: _kind, period: _period, periodStart: _start, ...rest } = row;
  return rest;
};

// ---------------------------------------------------------------------------------------------

describe('the world came in through the routes', () => {
  it('holds the refund and the cancellation the channels sent', async () => {
    const u1 = (await t.gql(OrderByExternalIdDocument, { channelCode: 'shop-us', externalId: '1001' })).data!.orderByExternalId!;
    expect([u1.total, u1.refundedTotal, u1.status]).toEqual([usd('45.00'), usd('15.00'), 'PARTIALLY_REFUNDED']);
    const u4 = (await t.gql(OrderByExternalIdDocument, { channelCode: 'shop-us', externalId: '1004' })).data!.orderByExternalId!;
    expect(u4.status).toBe('CANCELLED');
  });
});

describe('a summary without dimensions', () => {
  it('gives one row per currency: a JPY and a USD amount are never summed', async () => {
    const rows = await summary(NOVEMBER);
    expect(rows.map(figures)).toEqual([
      {
        currencyCode: 'JPY',
        orders: 3,
        units: 4,
        grossSales: jpy('8480'),
        discounts: jpy('0'),
        refunds: jpy('0'),
        netRevenue: jpy('8480'),
        averageOrderValue: jpy('2827'), // 8480 / 3 = 2826.67
        refundRate: 0,
        newCustomers: 2, // Kenji (J1), Ann (J2); Kenji's J3 does not make him returning in the group he is new in
        returningCustomers: 0,
      },
      {
        currencyCode: 'USD',
        orders: 7, // the cancelled U4 left out
        units: 11,
        grossSales: usd('192.00'),
        discounts: usd('5.00'),
        refunds: usd('15.00'),
        netRevenue: usd('173.00'), // 188.00 − 15.00
        averageOrderValue: usd('24.71'), // 173.00 / 7 = 24.714
        refundRate: 0.0798, // 15 / 188
        newCustomers: 1, // Bob: his cancelled U4 is no first order
        returningCustomers: 1, // Ann, whose first order was in yen
      },
    ]);
    expect(rows.every((r) => r.channel === null && r.channelKind === null && r.period === null && r.periodStart === null)).toBe(true);
  });

  it('leaves a cancelled order out of every figure', async () => {
    expect(await summary({ from: '2026-11-04T09:00:00Z', to: '2026-11-04T09:01:00Z' })).toEqual([]);
  });

  it('adds the partial 15-minute slots at the edges of the window to the whole slots kept at ingest', async () => {
    // whole slots from 10:00 to 12:00 hold U1; U2 (12:00) is in the trailing partial slot
    const rows = await summary({ from: '2026-11-02T09:59:00Z', to: '2026-11-03T12:00:30Z', filter: { channelCodes: ['shop-us'] } });
    expect(rows.map((r) => [r.orders, r.grossSales])).toEqual([[2, usd('80.00')]]);
    // and the leading one: U2 alone
    const late = await summary({ from: '2026-11-03T11:59:59Z', to: '2026-11-03T12:30:00Z', filter: { channelCodes: ['shop-us'] } });
    expect(late.map((r) => r.orders)).toEqual([1]);
  });

  it('counts an order placed exactly at `from`, not one placed exactly at `to`', async () => {
    const rows = await summary({ from: '2026-11-02T10:00:00Z', to: '2026-11-03T12:00:00Z', filter: { channelCodes: ['shop-us'] } });
    expect(rows.map((r) => r.orders)).toEqual([1]);
  });
});

describe('a refund', () => {
  it('lowers netRevenue and raises refundRate of the group of its order', async () => {
    await order('shop-outlet', { id: 3901, name: '#3901', placedAt: '2026-11-20T12:00:00Z', currency: 'USD', lines: [{ sku: 'VASE', price: '80.00', quantity: 1 }], buyer: null });
    const window = { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' };
    const [before] = await summary(window);
    expect([before.netRevenue, before.refunds, before.refundRate]).toEqual([usd('80.00'), usd('0.00'), 0]);
    await deliver('shop-outlet', 'refunds/create', shopifyRefund(9901, 3901, '20.00', 'USD', '2026-12-02T09:00:00Z'));
    const [after] = await summary(window);
    expect([after.grossSales, after.netRevenue, after.refunds, after.refundRate, after.averageOrderValue]).toEqual([
      usd('80.00'),
      usd('60.00'),
      usd('20.00'),
      0.25,
      usd('60.00'),
    ]);
  });
});

describe('grouped by channel', () => {
  it('gives a row per channel and currency, sorted by channel code, with the channel and its kind', async () => {
    const rows = await summary({ ...NOVEMBER, groupBy: ['CHANNEL'] });
    expect(rows.map((r) => [r.channel?.code, r.channelKind, r.currencyCode, r.orders, r.units, r.grossSales.amount, r.discounts.amount, r.refunds.amount, r.netRevenue.amount, r.averageOrderValue.amount, r.refundRate, r.newCustomers, r.returningCustomers])).toEqual([
      ['shop-jp', 'STOREFRONT', 'JPY', 3, 4, '8480', '0', '0', '8480', '2827', 0, 2, 0],
      ['shop-outlet', 'STOREFRONT', 'USD', 1, 1, '40.00', '0.00', '0.00', '40.00', '40.00', 0, 0, 1],
      // 45 + 30 + 30 + 20 = 125; 15 / 125 = 0.12; (125 − 15) / 4 = 27.50
      ['shop-us', 'STOREFRONT', 'USD', 4, 7, '130.00', '5.00', '15.00', '110.00', '27.50', 0.12, 1, 1],
      ['store-nyc', 'OFFLINE_STORE', 'USD', 2, 3, '22.00', '0.00', '0.00', '23.00', '11.50', 0, 0, 1],
    ]);
  });

  it('by kind sums the channels of one kind and currency and counts a customer once', async () => {
    const rows = await summary({ ...NOVEMBER, groupBy: ['CHANNEL_KIND'] });
    expect(rows.map((r) => [r.channel, r.channelKind, r.currencyCode, r.orders, r.units, r.grossSales.amount, r.netRevenue.amount, r.averageOrderValue.amount, r.refundRate, r.newCustomers, r.returningCustomers])).toEqual([
      [null, 'OFFLINE_STORE', 'USD', 2, 3, '22.00', '23.00', '11.50', 0, 0, 1],
      [null, 'STOREFRONT', 'JPY', 3, 4, '8480', '8480', '2827', 0, 2, 0],
      // shop-us + shop-outlet: 165.00 total, 15.00 refunded; Ann ordered on both, counted once
      [null, 'STOREFRONT', 'USD', 5, 8, '170.00', '150.00', '30.00', 0.0909, 1, 1],
    ]);
  });

  it('narrows to the channels of the filter, by code and by kind', async () => {
    const byKind = await summary({ ...NOVEMBER, groupBy: ['CHANNEL'], filter: { channelKinds: ['OFFLINE_STORE'] } });
    expect(byKind.map((r) => r.channel?.code)).toEqual(['store-nyc']);
    const both = await summary({ ...NOVEMBER, groupBy: ['CHANNEL'], filter: { channelCodes: ['shop-us', 'store-nyc'], channelKinds: ['STOREFRONT'] } });
    expect(both.map((r) => r.channel?.code)).toEqual(['shop-us']);
    expect(await summary({ ...NOVEMBER, filter: { channelCodes: ['no-such-channel'] } })).toEqual([]);
  });
});

describe('grouped by local periods', () => {
  it('DAY in UTC and in Asia/Tokyo: an order placed at 2026-11-01T16:30Z is on the next local day in Tokyo', async () => {
    const view = (rows: Awaited<ReturnType<typeof summary>>) => rows.map((r) => [r.period, r.periodStart, r.orders, r.grossSales.amount, r.newCustomers, r.returningCustomers]);
    const filter = { channelCodes: ['shop-jp'] };
    expect(view(await summary({ ...NOVEMBER, groupBy: ['DAY'], filter }))).toEqual([
      ['2026-11-01', '2026-11-01T00:00:00.000Z', 1, '5980', 1, 0],
      ['2026-11-02', '2026-11-02T00:00:00.000Z', 1, '1500', 1, 0],
      ['2026-11-04', '2026-11-04T00:00:00.000Z', 1, '1000', 0, 1], // Kenji's second order, a later day
    ]);
    expect(view(await summary({ ...NOVEMBER, groupBy: ['DAY'], filter, timeZone: 'Asia/Tokyo' }))).toEqual([
      ['2026-11-02', '2026-11-01T15:00:00.000Z', 2, '7480', 2, 0],
      ['2026-11-04', '2026-11-03T15:00:00.000Z', 1, '1000', 0, 1],
    ]);
  });

  it('DAY in Europe/Berlin follows the 25-hour day of 2026-10-25', async () => {
    const window = { from: '2026-10-24T00:00:00Z', to: '2026-10-27T00:00:00Z' };
    const view = (rows: Awaited<ReturnType<typeof summary>>) => rows.map((r) => [r.period, r.periodStart, r.orders, r.grossSales.amount]);
    expect(view(await summary({ ...window, groupBy: ['DAY'] }))).toEqual([
      ['2026-10-24', '2026-10-24T00:00:00.000Z', 1, '20.00'],
      ['2026-10-25', '2026-10-25T00:00:00.000Z', 2, '50.00'],
    ]);
    // 22:30Z on the 24th is 00:30 summer time; 22:30Z on the 25th is 23:30 winter time, still the 25th
    expect(view(await summary({ ...window, groupBy: ['DAY'], timeZone: 'Europe/Berlin' }))).toEqual([
      ['2026-10-25', '2026-10-24T22:00:00.000Z', 2, '30.00'],
      ['2026-10-26', '2026-10-25T23:00:00.000Z', 1, '40.00'],
    ]);
  });

  it('WEEK starts on Monday: Sunday 2026-11-01 belongs to the week of 2026-10-26', async () => {
    const rows = await summary({ ...NOVEMBER, groupBy: ['WEEK'] });
    expect(rows.map((r) => [r.period, r.periodStart, r.currencyCode, r.orders, r.newCustomers, r.returningCustomers])).toEqual([
      ['2026-10-26', '2026-10-26T00:00:00.000Z', 'JPY', 1, 1, 0],
      // Kenji's first order was in the week before: returning here; Ann new (J2)
      ['2026-11-02', '2026-11-02T00:00:00.000Z', 'JPY', 2, 1, 1],
      ['2026-11-02', '2026-11-02T00:00:00.000Z', 'USD', 7, 1, 1],
    ]);
  });

  it('MONTH with CHANNEL sorts by period, then channel code', async () => {
    const rows = await summary({ from: '2026-10-01T00:00:00Z', to: '2026-11-06T00:00:00Z', groupBy: ['MONTH', 'CHANNEL'], filter: { channelCodes: ['shop-us', 'shop-jp'] } });
    expect(rows.map((r) => [r.period, r.channel?.code, r.currencyCode, r.orders])).toEqual([
      ['2026-10-01', 'shop-us', 'USD', 3],
      ['2026-11-01', 'shop-jp', 'JPY', 3],
      ['2026-11-01', 'shop-us', 'USD', 4],
    ]);
  });

  it('DAY over a window of 369 days in Europe/Berlin gives a row only for days with orders', async () => {
    const rows = await summary({ from: '2025-11-01T00:00:00Z', to: '2026-11-05T00:00:00Z', groupBy: ['DAY'], timeZone: 'Europe/Berlin' });
    expect(rows.map((r) => [r.period, r.currencyCode, r.orders, r.newCustomers, r.returningCustomers])).toEqual([
      ['2026-10-25', 'USD', 2, 0, 0],
      ['2026-10-26', 'USD', 1, 0, 0],
      ['2026-11-01', 'JPY', 1, 1, 0],
      ['2026-11-02', 'JPY', 1, 1, 0],
      ['2026-11-02', 'USD', 2, 0, 1],
      ['2026-11-03', 'USD', 4, 0, 1],
      ['2026-11-04', 'JPY', 1, 0, 1],
    ]);
  });

  it('a customer new on one channel is returning on another the same day', async () => {
    const rows = await summary({ from: '2026-11-02T00:00:00Z', to: '2026-11-03T00:00:00Z', groupBy: ['CHANNEL', 'DAY'] });
    expect(rows.map((r) => [r.channel?.code, r.newCustomers, r.returningCustomers])).toEqual([
      ['shop-jp', 1, 0],
      ['shop-us', 0, 1],
      ['store-nyc', 0, 1],
    ]);
  });
});

describe('how it reads', () => {
  it('aggregates in a fixed number of GROUP BY statements, whatever the number of orders and rows', async () => {
    const before = t.sql.length;
    const rows = await summary({ ...NOVEMBER, groupBy: ['CHANNEL', 'DAY'], timeZone: 'Asia/Tokyo' });
    const statements = t.sql.slice(before).filter((sql) => !sql.includes('api_key'));
    expect(rows.length).toBeGreaterThan(4);
    // the channel list, the slot figures, the customer counts, the rows' channels (one loader batch)
    expect(statements).toHaveLength(4);
    expect(statements.filter((sql) => /group by/i.test(sql))).toHaveLength(2);
  });
});

describe('customer counts on demand', () => {
  it('counts new and returning customers only when they are asked for, with the same other figures', async () => {
    const full = await summary({ ...NOVEMBER, groupBy: ['CHANNEL'] });
    const before = t.sql.length;
    const res = await t.gql(
      `query($from: DateTime!, $to: DateTime!) { salesSummary(from: $from, to: $to, groupBy: [CHANNEL]) { channel { code } currencyCode orders units netRevenue { amount currencyCode } } }`,
      NOVEMBER,
    );
    expect(res.errors).toBeUndefined();
    const statements = t.sql.slice(before).filter((sql) => !sql.includes('api_key'));
    // the channel list, the slot figures, the rows' channels: no customer count
    expect(statements).toHaveLength(3);
    const rows = (res.data as { salesSummary: Array<Record<string, unknown>> }).salesSummary;
    expect(rows).toEqual(full.map((r) => ({ channel: { code: r.channel!.code }, currencyCode: r.currencyCode, orders: r.orders, units: r.units, netRevenue: r.netRevenue })));
  });
});

describe('who may read it', () => {
  it('a PARTNER sees only its own channel', async () => {
    const key = await t.keyFor(Role.PARTNER, 'shop-us');
    const rows = await summary({ ...NOVEMBER, groupBy: ['CHANNEL'] }, key);
    expect(rows.map((r) => [r.channel?.code, r.orders, r.netRevenue])).toEqual([['shop-us', 4, usd('110.00')]]);
    expect(await summary({ ...NOVEMBER, filter: { channelCodes: ['shop-jp'] } }, key)).toEqual([]);
  });

  it('ANALYST and DASHBOARD read every channel', async () => {
    for (const role of [Role.ANALYST, Role.DASHBOARD]) {
      const rows = await summary(NOVEMBER, await t.keyFor(role));
      expect(rows.map((r) => [r.currencyCode, r.orders])).toEqual([
        ['JPY', 3],
        ['USD', 7],
      ]);
    }
  });
});

describe('bad arguments are refused', () => {
  it('an unknown time zone', async () => {
    const answer = await refused({ ...NOVEMBER, groupBy: ['DAY'], timeZone: 'Mars/Olympus_Mons' });
    expect(answer.code).toBe('BAD_USER_INPUT');
    expect(answer.message).toContain('unknown time zone "Mars/Olympus_Mons"');
  });

  it('a window that ends before it starts, or is empty', async () => {
    for (const window of [{ from: NOVEMBER.to, to: NOVEMBER.from }, { from: NOVEMBER.from, to: NOVEMBER.from }]) {
      const answer = await refused(window);
      expect(answer.code).toBe('BAD_USER_INPUT');
      expect(answer.message).toContain('must be later than from');
    }
  });

  it('a window of more than 400 days', async () => {
    const answer = await refused({ from: '2025-01-01T00:00:00Z', to: '2026-02-06T00:00:00Z' });
    expect([answer.code, answer.message]).toEqual(['BAD_USER_INPUT', expect.stringContaining('more than 400 days')]);
    expect(await summary({ from: '2025-01-01T00:00:00Z', to: '2026-02-05T00:00:00Z' })).toEqual([]);
  });

  it('two time dimensions, or one dimension twice', async () => {
    const two = await refused({ ...NOVEMBER, groupBy: ['DAY', 'WEEK'] });
    expect([two.code, two.message]).toEqual(['BAD_USER_INPUT', expect.stringContaining('at most one of DAY, WEEK, MONTH')]);
    const twice = await refused({ ...NOVEMBER, groupBy: ['CHANNEL', 'CHANNEL'] });
    expect([twice.code, twice.message]).toEqual(['BAD_USER_INPUT', 'groupBy names CHANNEL more than once']);
  });
});

describe('new customers follow each customer’s first order as orders arrive, are cancelled and merged', () => {
  // December, apart from the world above; every buyer here is new to it
  const DECEMBER = { from: '2026-12-01T00:00:00Z', to: '2026-12-06T00:00:00Z' };
  const buyer = (id: number, name: string): Buyer => ({ id, email: `${name.toLowerCase()}@example.com`, first: name, last: 'Roe' });
  const CARA = buyer(7301, 'Cara');
  const DAN = buyer(7302, 'Dan');
  const EVE = buyer(7303, 'Eve');
  const FAY = buyer(7304, 'Fay');
  const mug = [{ sku: 'MUG', price: '10.00', quantity: 1 }];
  const byChannelDay = async () =>
    (await summary({ ...DECEMBER, groupBy: ['CHANNEL', 'DAY'] })).map((r) => [r.period, r.channel?.code, r.orders, r.newCustomers, r.returningCustomers]);
  const customerOf = async (code: string, externalId: string) =>
    (await t.gql(OrderCustomerDocument, { channelCode: code, externalId })).data!.orderByExternalId!.customer!.id;

  it('two first orders at the same instant: new once, in the group of the order stored first', async () => {
    await order('shop-us', { id: 1201, name: '#1201', placedAt: '2026-12-01T10:00:00Z', currency: 'USD', lines: mug, buyer: CARA });
    await order('shop-outlet', { id: 3201, name: '#3201', placedAt: '2026-12-01T10:00:00Z', currency: 'USD', lines: mug, buyer: CARA });
    expect(await byChannelDay()).toEqual([
      ['2026-12-01', 'shop-outlet', 1, 0, 1],
      ['2026-12-01', 'shop-us', 1, 1, 0],
    ]);
    expect((await summary(DECEMBER)).map((r) => [r.orders, r.newCustomers, r.returningCustomers])).toEqual([[2, 1, 0]]);
  });

  it('an older order that arrives later (a till export) moves the customer’s first order back to its day', async () => {
    await order('shop-us', { id: 1202, name: '#1202', placedAt: '2026-12-03T10:00:00Z', currency: 'USD', lines: mug, buyer: DAN });
    expect((await byChannelDay()).filter((r) => r[0] === '2026-12-03')).toEqual([['2026-12-03', 'shop-us', 1, 1, 0]]);
    await importCsv('store-nyc', ['NYC,5101,2026-12-01T09:00:00-05:00,SKU-MUG,Mug,1,12.00,0,0,USD,dan@example.com,,Dan Roe,']);
    expect(await customerOf('store-nyc', 'NYC:5101')).toBe(await customerOf('shop-us', '1202'));
    expect(await byChannelDay()).toEqual([
      ['2026-12-01', 'shop-outlet', 1, 0, 1],
      ['2026-12-01', 'shop-us', 1, 1, 0],
      ['2026-12-01', 'store-nyc', 1, 1, 0],
      ['2026-12-03', 'shop-us', 1, 0, 1],
    ]);
  });

  it('a cancelled first order passes it on to the customer’s next order', async () => {
    const first: OrderSpec = { id: 1203, name: '#1203', placedAt: '2026-12-01T12:00:00Z', currency: 'USD', lines: mug, buyer: EVE };
    await order('shop-us', first);
    await order('shop-us', { id: 1204, name: '#1204', placedAt: '2026-12-02T12:00:00Z', currency: 'USD', lines: mug, buyer: EVE });
    expect((await byChannelDay()).filter((r) => r[1] === 'shop-us')).toEqual([
      ['2026-12-01', 'shop-us', 2, 2, 0],
      ['2026-12-02', 'shop-us', 1, 0, 1],
      ['2026-12-03', 'shop-us', 1, 0, 1],
    ]);
    await deliver('shop-us', 'orders/cancelled', shopifyOrder({ ...first, cancelledAt: '2026-12-01T13:00:00Z', version: 60 }));
    expect((await byChannelDay()).filter((r) => r[1] === 'shop-us')).toEqual([
      ['2026-12-01', 'shop-us', 1, 1, 0],
      ['2026-12-02', 'shop-us', 1, 1, 0],
      ['2026-12-03', 'shop-us', 1, 0, 1],
    ]);
  });

  it('a merge makes the merged customer new where the earlier of the two first orders is, and returning at the other', async () => {
    await order('shop-outlet', { id: 3202, name: '#3202', placedAt: '2026-12-02T08:00:00Z', currency: 'USD', lines: mug, buyer: FAY });
    // the same woman at the till under another e-mail: a customer of her own
    await importCsv('store-nyc', ['NYC,5102,2026-12-01T06:00:00-05:00,SKU-PEN,Pen,1,5.00,0,0,USD,fay.roe@example.net,,Fay Roe,']);
    const fay = await customerOf('shop-outlet', '3202');
    const till = await customerOf('store-nyc', 'NYC:5102');
    expect(till).not.toBe(fay);
    const before = await byChannelDay();
    expect(before.filter((r) => r[1] !== 'shop-us')).toEqual([
      ['2026-12-01', 'shop-outlet', 1, 0, 1],
      ['2026-12-01', 'store-nyc', 2, 2, 0],
      ['2026-12-02', 'shop-outlet', 1, 1, 0],
    ]);
    const merged = await t.gql(MergeCustomersDocument, { sourceId: till, targetId: fay });
    expect(merged.errors).toBeUndefined();
    expect(await byChannelDay()).toEqual([
      ['2026-12-01', 'shop-outlet', 1, 0, 1],
      ['2026-12-01', 'shop-us', 1, 1, 0],
      ['2026-12-01', 'store-nyc', 2, 2, 0],
      ['2026-12-02', 'shop-outlet', 1, 0, 1],
      ['2026-12-02', 'shop-us', 1, 1, 0],
      ['2026-12-03', 'shop-us', 1, 0, 1],
    ]);
    // by day alone a customer counts once a day: Cara, Dan and Fay new on the 1st
    expect((await summary({ ...DECEMBER, groupBy: ['DAY'] })).map((r) => [r.period, r.orders, r.newCustomers, r.returningCustomers])).toEqual([
      ['2026-12-01', 4, 3, 0],
      ['2026-12-02', 2, 1, 1],
      ['2026-12-03', 1, 0, 1],
    ]);
  });
});
