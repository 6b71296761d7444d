/**
 * A sales manager looking for channel conflict: the same SKU sold at different unit prices on
 * the web shop and in the stores. Orders come in through the real routes: signed Shopify
 * webhooks (generated here in Shopify's format) for the web shops, till CSV exports through the
 * imports route for the stores. Every expected figure is computed by hand in the comments.
 *
 * What is compared: each channel's price band [lowest, highest unit price] for the SKU in the
 * window; minUnitPrice is the lowest band top, maxUnitPrice the highest band bottom, and a
 * conflict needs (max − min) / min × 100 above the tolerance.
 */
import { randomUUID } from 'node:crypto';

import { Role } from '../src/auth/role';
import { formatMinor, parseMoney } from '../src/money';
import { CreateChannelDocument, PriceConflictsDocument, type PriceConflictsQueryVariables } from '../src/testing/generated/graphql';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';
import { createShopifyChannel, sendShopify, type Json } from './support/shopify';

const FROM = '2026-03-01T00:00:00.000Z';
const TO = '2026-04-01T00:00:00.000Z';
const march = (day: number, hour = 12) => `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;

let t: TestGateway;

// ---------------------------------------------------------------------------------------------
// Generated payloads in the vendors' formats.

interface Sale {
  sku: string | null;
  /** Unit price, a decimal in major units of the channel's currency. */
  price: string;
  quantity?: number;
  title?: string;
}

let shopifyIds = 5_830_000_000;

/** A Shopify order webhook body (the bare order object): paid, no tax, discount or shipping. */
function shopifyOrder(currency: string, placedAt: string, sales: Sale[], extra: Json = {}): Json {
  const amount = (minor: number) => formatMinor(minor, currency);
  const set = (minor: number) => ({
    shop_money: { amount: amount(minor), currency_code: currency },
    presentment_money: { amount: amount(minor), currency_code: currency },
  });
  const unit = (sale: Sale) => parseMoney(sale.price, currency).minor;
  const total = sales.reduce((sum, sale) => sum + unit(sale) * (sale.quantity ?? 1), 0);
  const id = ++shopifyIds;
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id - 5_830_000_000 + 1000}`,
    created_at: placedAt,
    processed_at: placedAt,
    updated_at: placedAt,
    currency,
    presentment_currency: currency,
    financial_status: 'paid',
    fulfillment_status: null,
    cancelled_at: null,
    cancel_reason: null,
    email: '',
    customer: null,
    taxes_included: false,
    discount_codes: [],
    total_line_items_price: amount(total),
    total_line_items_price_set: set(total),
    subtotal_price: amount(total),
    subtotal_price_set: set(total),
    total_discounts: amount(0),
    total_discounts_set: set(0),
    total_tax: amount(0),
    total_tax_set: set(0),
    total_price: amount(total),
    total_price_set: set(total),
    line_items: sales.map((sale, i) => ({
      id: id * 100 + i,
      title: sale.title ?? sale.sku,
      name: sale.title ?? sale.sku,
      variant_title: null,
      sku: sale.sku,
      quantity: sale.quantity ?? 1,
      price: amount(unit(sale)),
      price_set: set(unit(sale)),
      tax_lines: [],
      discount_allocations: [],
    })),
    shipping_lines: [],
    refunds: [],
    ...extra,
  };
}

async function webOrder(code: string, currency: string, placedAt: string, sales: Sale[], extra: Json = {}): Promise<Json> {
  const order = shopifyOrder(currency, placedAt, sales, extra);
  await deliver(code, order, 'orders/create');
  return order;
}

async function deliver(code: string, order: Json, topic: string): Promise<void> {
  const answer = await sendShopify(t, code, order, { topic, deliveryId: randomUUID() });
  if (answer.status !== 200) throw new Error(`${code} refused order ${order.id}: ${answer.text}`);
}

const CSV_HEADER = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name';

/** One receipt of a till export: a row per line, the channel's currency (blank column). */
function receipt(store: string, id: string, soldAt: string, sales: Sale[]): string[] {
  return sales.map((s) => [store, id, soldAt, s.sku ?? '', s.title ?? s.sku, s.quantity ?? 1, s.price, '0', '0', '', '', '', ''].join(','));
}

async function importTill(code: string, receipts: string[][]): Promise<void> {
  const csv = [CSV_HEADER, ...receipts.flat()].join('\n');
  const res = await t.http().post(`/channels/${code}/imports`).set('authorization', `Bearer ${TEST_ADMIN_KEY}`).set('content-type', 'text/csv').send(csv);
  if (res.status !== 200 || res.body.rejected.length) throw new Error(`${code} import: ${res.status} ${JSON.stringify(res.body)}`);
}

async function createStore(code: string, currencyCode: string): Promise<void> {
  const res = await t.gql(CreateChannelDocument, { input: { code, name: code, kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}

// ---------------------------------------------------------------------------------------------
// The world.

beforeAll(async () => {
  t = await startTestGateway();
  await createShopifyChannel(t, 'web-us', 'USD');
  await createShopifyChannel(t, 'web-eu', 'EUR');
  await createShopifyChannel(t, 'web-jp', 'JPY');
  await createStore('store-nyc', 'USD');
  await createStore('store-berlin', 'EUR');
  await createStore('store-tokyo', 'JPY');

  // MUG: web 100.00 (2 orders, 1 + 2 + 1 units) against the store's 90.00 (1 receipt, 3 units)
  await webOrder('web-us', 'USD', march(2), [{ sku: 'MUG', price: '100.00' }]);
  await webOrder('web-us', 'USD', march(3), [
    { sku: 'MUG', price: '100.00', quantity: 2 },
    { sku: 'MUG', price: '100.00', title: 'Mug (gift box)' },
    { sku: null, price: '1.00', title: 'Gift wrap' },
  ]);
  // BOWL: 10.00 against 9.00, the same 11.11 % as MUG. PEN: 1.05 against 1.00, exactly 5 %.
  await webOrder('web-us', 'USD', march(5), [{ sku: 'BOWL', price: '10.00' }, { sku: 'PEN', price: '1.05' }]);
  // LAMP: the web shop cut its price from 50.00 to 40.00; the store sells at 50.00, like the web once did
  await webOrder('web-us', 'USD', march(6), [{ sku: 'LAMP', price: '50.00' }]);
  await webOrder('web-us', 'USD', march(20), [{ sku: 'LAMP', price: '40.00' }]);
  // CUP: the web's band is 20.00–24.00, the store's 18.00–19.00: compared are 19.00 and 20.00
  await webOrder('web-us', 'USD', march(12), [{ sku: 'CUP', price: '24.00' }]);
  await webOrder('web-us', 'USD', march(13), [{ sku: 'CUP', price: '20.00', quantity: 2 }]);
  // SOLO: only the web sells it, at 10.00 and at 20.00
  await webOrder('web-us', 'USD', march(7), [{ sku: 'SOLO', price: '10.00' }]);
  await webOrder('web-us', 'USD', march(8), [{ sku: 'SOLO', price: '20.00' }]);
  // VASE: the only web order (at 60.00 against the store's 30.00) was cancelled
  const vase = await webOrder('web-us', 'USD', march(9), [{ sku: 'VASE', price: '60.00' }]);
  await deliver('web-us', { ...vase, cancelled_at: march(9, 15), cancel_reason: 'customer', financial_status: 'voided', updated_at: march(9, 15) }, 'orders/cancelled');
  // CLOCK: the store sells at 70.00 exactly at `from`, the web at 80.00 exactly at `to`
  await webOrder('web-us', 'USD', TO, [{ sku: 'CLOCK', price: '80.00' }]);
  await importTill('store-nyc', [
    receipt('NYC', '1', FROM, [{ sku: 'CLOCK', price: '70.00' }]),
    receipt('NYC', '2', march(4), [
      { sku: 'MUG', price: '90.00', quantity: 3 },
      { sku: null, price: '5.00', title: 'Gift wrap' },
    ]),
    receipt('NYC', '3', march(5), [{ sku: 'BOWL', price: '9.00' }, { sku: 'PEN', price: '1.00' }]),
    receipt('NYC', '4', march(21), [{ sku: 'LAMP', price: '50.00' }]),
    receipt('NYC', '5', march(9), [{ sku: 'VASE', price: '30.00' }]),
    receipt('NYC', '6', march(12), [{ sku: 'CUP', price: '18.00' }]),
    receipt('NYC', '7', march(13), [{ sku: 'CUP', price: '19.00' }]),
  ]);

  // TEA: 15.00 EUR on both EUR channels; 1500 JPY on the web against 1200 JPY in Tokyo
  await webOrder('web-eu', 'EUR', march(10), [{ sku: 'TEA', price: '15.00' }]);
  await importTill('store-berlin', [receipt('BER', '1', march(10), [{ sku: 'TEA', price: '15.00', quantity: 2 }])]);
  await webOrder('web-jp', 'JPY', march(11), [{ sku: 'TEA', price: '1500' }]);
  await importTill('store-tokyo', [receipt('TYO', '1', march(11), [{ sku: 'TEA', price: '1200' }])]);
});

afterAll(() => t?.stop());

async function conflicts(variables: Partial<PriceConflictsQueryVariables> = {}, key: string = TEST_ADMIN_KEY) {
  const res = await t.gql(PriceConflictsDocument, { from: FROM, to: TO, ...variables }, key);
  expect(res.errors).toBeUndefined();
  return res.data!.priceConflicts;
}

const skus = (list: Awaited<ReturnType<typeof conflicts>>) => list.map((c) => `${c.sku} ${c.currencyCode} ${c.spreadPercent}`);
const usd = (amount: string) => ({ amount, currencyCode: 'USD' });

async function refusal(variables: Partial<PriceConflictsQueryVariables>, key: string = TEST_ADMIN_KEY) {
  const res = await t.gql(PriceConflictsDocument, { from: FROM, to: TO, ...variables }, key);
  expect(res.data?.priceConflicts ?? null).toBeNull();
  expect(res.errors).toHaveLength(1);
  return res.errors![0];
}

// ---------------------------------------------------------------------------------------------

describe('price conflicts between channels', () => {
  it('finds a SKU sold at 100.00 on the web and 90.00 in the store: a spread of 11.11 % over a 5 % tolerance', async () => {
    const mug = (await conflicts({ tolerancePercent: 5 })).find((c) => c.sku === 'MUG');
    // (100.00 − 90.00) / 90.00 × 100 = 11.111…
    expect(mug).toEqual({
      sku: 'MUG',
      currencyCode: 'USD',
      minUnitPrice: usd('90.00'),
      maxUnitPrice: usd('100.00'),
      spreadPercent: 11.11,
      channels: [
        { channel: { code: 'store-nyc', kind: 'OFFLINE_STORE' }, minUnitPrice: usd('90.00'), maxUnitPrice: usd('90.00'), orderCount: 1, units: 3 },
        { channel: { code: 'web-us', kind: 'STOREFRONT' }, minUnitPrice: usd('100.00'), maxUnitPrice: usd('100.00'), orderCount: 2, units: 4 },
      ],
    });
  });

  it("compares the channels' price bands: the lowest band top against the highest band bottom", async () => {
    const cup = (await conflicts()).find((c) => c.sku === 'CUP');
    // store 18.00–19.00, web 20.00–24.00: (20.00 − 19.00) / 19.00 × 100 = 5.263…
    expect(cup).toEqual({
      sku: 'CUP',
      currencyCode: 'USD',
      minUnitPrice: usd('19.00'),
      maxUnitPrice: usd('20.00'),
      spreadPercent: 5.26,
      channels: [
        { channel: { code: 'store-nyc', kind: 'OFFLINE_STORE' }, minUnitPrice: usd('18.00'), maxUnitPrice: usd('19.00'), orderCount: 2, units: 2 },
        { channel: { code: 'web-us', kind: 'STOREFRONT' }, minUnitPrice: usd('20.00'), maxUnitPrice: usd('24.00'), orderCount: 2, units: 3 },
      ],
    });
  });

  it('lets the same 11.11 % pass under a 20 % tolerance', async () => {
    expect(skus(await conflicts({ tolerancePercent: 20 }))).toEqual(['TEA JPY 25']);
  });

  it('needs a spread above the tolerance: exactly 5 % is no conflict at 5, one at 4.99', async () => {
    expect(skus(await conflicts({ tolerancePercent: 5 }))).not.toContain('PEN USD 5');
    expect(skus(await conflicts({ tolerancePercent: 4.99 }))).toContain('PEN USD 5');
  });

  it('compares prices within one currency: TEA is the same in the EUR channels and differs in the JPY ones', async () => {
    const tea = (await conflicts()).filter((c) => c.sku === 'TEA');
    // (1500 − 1200) / 1200 × 100 = 25
    expect(tea).toEqual([
      {
        sku: 'TEA',
        currencyCode: 'JPY',
        minUnitPrice: { amount: '1200', currencyCode: 'JPY' },
        maxUnitPrice: { amount: '1500', currencyCode: 'JPY' },
        spreadPercent: 25,
        channels: [
          { channel: { code: 'store-tokyo', kind: 'OFFLINE_STORE' }, minUnitPrice: { amount: '1200', currencyCode: 'JPY' }, maxUnitPrice: { amount: '1200', currencyCode: 'JPY' }, orderCount: 1, units: 1 },
          { channel: { code: 'web-jp', kind: 'STOREFRONT' }, minUnitPrice: { amount: '1500', currencyCode: 'JPY' }, maxUnitPrice: { amount: '1500', currencyCode: 'JPY' }, orderCount: 1, units: 1 },
        ],
      },
    ]);
  });

  it('is no conflict when prices differ only within a channel, even at 0 % tolerance', async () => {
    // LAMP: web band 40.00–50.00 holds the store's 50.00; SOLO: one channel only
    const found = (await conflicts({ tolerancePercent: 0 })).map((c) => c.sku);
    expect(found).not.toContain('LAMP');
    expect(found).not.toContain('SOLO');
  });

  it('leaves cancelled orders out', async () => {
    // counted, the cancelled 60.00 against the store's 30.00 would be a 100 % spread
    expect((await conflicts()).map((c) => c.sku)).not.toContain('VASE');
  });

  it('leaves lines without a SKU out', async () => {
    // the gift wrap, 1.00 on the web and 5.00 in the store, would come first with 400 %
    expect(skus(await conflicts({ first: 1 }))).toEqual(['TEA JPY 25']);
  });

  it('sorts by spread, then SKU, and takes the tolerance as 0 when none is given', async () => {
    // BOWL and MUG tie at 11.11
    expect(skus(await conflicts())).toEqual(['TEA JPY 25', 'BOWL USD 11.11', 'MUG USD 11.11', 'CUP USD 5.26', 'PEN USD 5']);
  });

  it('returns the first N conflicts', async () => {
    expect(skus(await conflicts({ tolerancePercent: 5, first: 2 }))).toEqual(['TEA JPY 25', 'BOWL USD 11.11']);
    expect(await conflicts({ first: 0 })).toEqual([]);
  });

  it('takes orders placed in [from, to): one exactly at `to` is out, one exactly at `from` is in', async () => {
    expect((await conflicts()).map((c) => c.sku)).not.toContain('CLOCK');
    const later = (ms: string, by: number) => new Date(Date.parse(ms) + by).toISOString();
    // with `to` one millisecond later, the web's 80.00 joins the store's 70.00: 10 / 70 = 14.2857…
    const clock = (await conflicts({ to: later(TO, 1) })).find((c) => c.sku === 'CLOCK');
    expect(clock).toMatchObject({ minUnitPrice: usd('70.00'), maxUnitPrice: usd('80.00'), spreadPercent: 14.29 });
    // with `from` one millisecond later, the store's sale at `from` is out
    expect((await conflicts({ from: later(FROM, 1), to: later(TO, 1) })).map((c) => c.sku)).not.toContain('CLOCK');
  });

  it('compares only the channels asked for', async () => {
    expect(skus(await conflicts({ channelCodes: ['web-us', 'store-nyc'], tolerancePercent: 5 }))).toEqual(['BOWL USD 11.11', 'MUG USD 11.11', 'CUP USD 5.26']);
    expect(await conflicts({ channelCodes: ['web-us', 'web-eu', 'web-jp'] })).toEqual([]);
  });

  it('reads conflicts with one statement and their channels with one more, however many there are', async () => {
    await conflicts(); // the key's last-used time is written on its first request of the minute
    t.sql.length = 0;
    await conflicts();
    expect(t.sql.filter((sql) => sql.includes('order_line'))).toHaveLength(1);
    expect(t.sql.length).toBeLessThanOrEqual(3); // the key, the conflicts, their channels
  });
});

describe('who may read price conflicts', () => {
  it('ANALYST and DASHBOARD keys may', async () => {
    for (const role of [Role.ANALYST, Role.DASHBOARD]) {
      expect(skus(await conflicts({ tolerancePercent: 20 }, await t.keyFor(role)))).toEqual(['TEA JPY 25']);
    }
  });

  it('a PARTNER key is refused: the answer shows other channels', async () => {
    const error = await refusal({}, await t.keyFor(Role.PARTNER, 'web-us'));
    expect(error.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('bad arguments', () => {
  it('takes a tolerance of up to 1000 %', async () => {
    expect(await conflicts({ tolerancePercent: 1000 })).toEqual([]);
  });

  it.each([-1, 1000.01])('refuses a tolerance of %p', async (tolerancePercent) => {
    const error = await refusal({ tolerancePercent });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(`tolerancePercent must be between 0 and 1000; got ${tolerancePercent}`);
  });

  it('refuses a window whose from is not before its to', async () => {
    const error = await refusal({ from: TO, to: TO });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('from must be before to');
  });

  it('refuses more than 500 SKUs at once', async () => {
    const error = await refusal({ first: 501 });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
