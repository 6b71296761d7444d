import { Role } from '../src/auth/role';
import {
  CreateChannelDocument,
  Customer360Document,
  CustomerSearchDocument,
  CustomerStatsPageDocument,
  MergeCustomersDocument,
  OrderCustomerDocument,
} from '../src/testing/generated/graphql';
import { ACME_PLUGIN, startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';
import { salesgraphSignature, postWebhook } from '../src/testing/webhooks';
import { bareObject } from '../plugins/shopify/test-fixtures';
import { createShopifyChannel, sendShopify } from './support/shopify';

/**
 * One buyer across a web store (Shopify, USD), a Shanghai store (pos-csv, CNY) and a Tokyo store
 * (pos-csv, JPY), ingested through the real routes; every figure below is worked out by hand.
 */
let t: TestGateway;
let fooId: string;

const ACME_SECRET = 'acme-webhook-secret';

/** An order of the acme-connector test plugin: one 10.00 USD mug, bought by `buyer`. */
const sendAcme = (id: string, buyer: Record<string, string>) => {
  const order = {
    id,
    number: `A-${id}`,
    status: 'PAID',
    placed_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-20T10:00:00Z',
    currency: 'USD',
    total: '10.00',
    lines: [{ sku: 'MUG', title: 'Mug', qty: 1, price: '10.00' }],
    buyer,
  };
  const text = JSON.stringify({ orders: [order] });
  return postWebhook(t, 'acme', text, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(ACME_SECRET, text) });
};

const HEADER = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id';

const importCsv = async (code: string, rows: string[]) => {
  const res = await t
    .http()
    .post(`/channels/${code}/imports`)
    .set('authorization', `Bearer ${TEST_ADMIN_KEY}`)
    .set('content-type', 'text/csv')
    .send([HEADER, ...rows].join('\n'));
  expect(res.status).toBe(200);
  expect(res.body.rejected).toEqual([]);
  return res.body as { accepted: number };
};

const customerOf = async (code: string, externalId: string): Promise<string> => {
  const res = await t.gql(OrderCustomerDocument, { channelCode: code, externalId });
  return res.data!.orderByExternalId!.customer!.id;
};

const view = async (id: string, key?: string) => {
  const res = await t.gql(Customer360Document, { id }, key);
  expect(res.errors).toBeUndefined();
  return res.data!.customer!;
};

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
  await createShopifyChannel(t, 'web');
  const acme = await t.gql(CreateChannelDocument, {
    input: { code: 'acme', name: 'acme', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: ACME_SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
  });
  expect(acme.errors).toBeUndefined();
  for (const [code, currencyCode, countryCode] of [
    ['store-sh', 'CNY', 'CN'],
    ['store-tokyo', 'JPY', 'JP'],
  ]) {
    const res = await t.gql(CreateChannelDocument, { input: { code, name: code, kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode, countryCode } });
    expect(res.errors).toBeUndefined();
  }
  // Shopify's own sample order: foo@example.com (Shopify customer 1073339470), USD 199.00
  const answer = await sendShopify(t, 'web', bareObject('rest-2026-07-order-create-fulfilled-customer-foo.json'), { topic: 'orders/create' });
  expect(answer.status).toBe(200);
  // in Shanghai she gives her e-mail (other case, spaces) and a phone written the local way: 2 × 50.00
  await importCsv('store-sh', ['SH,1,2026-11-02T10:00:00+08:00,TEA-1,Green tea,2,50.00,0,0,CNY, FOO@Example.com ,138 0013 8000,Foo Li,']);
  // in Tokyo only the phone, written the international way: 5,980 yen
  await importCsv('store-tokyo', ['TYO,7,2026-11-03T10:00:00+09:00,CUP-9,Tea cup,1,5980,0,0,JPY,,+86 138-0013-8000,,']);
  fooId = await customerOf('web', '1073459972');
});

afterAll(() => t?.stop());

describe('one customer across channels', () => {
  it('links the web buyer, the Shanghai buyer (by e-mail) and the Tokyo buyer (by phone) to one customer, recording why', async () => {
    expect(await customerOf('store-sh', 'SH:1')).toBe(fooId);
    expect(await customerOf('store-tokyo', 'TYO:7')).toBe(fooId);
    const foo = await view(fooId);
    expect(foo.email).toBe('foo@example.com');
    // the phone the web store did not have, filled in from the till, in E.164
    expect(foo.phone).toBe('+8613800138000');
    const links = Object.fromEntries(foo.identities.map((i) => [i.channel.code, i.matchedBy]));
    expect(links).toEqual({ web: 'NEW_CUSTOMER', 'store-sh': 'EMAIL', 'store-tokyo': 'PHONE' });
  });

  it('finds the customer by the phone written any way: the clerk who takes back an online purchase', async () => {
    for (const search of ['138 0013 8000', '+8613800138000', '+86 138-0013-8000', '(138) 0013-8000']) {
      const res = await t.gql(CustomerSearchDocument, { search });
      expect(res.data!.customers.edges.map((e) => e.node.id)).toEqual([fooId]);
    }
  });

  it('keeps stats per currency, never adding yen, yuan and dollars', async () => {
    const { stats } = await view(fooId);
    expect(stats.orderCount).toBe(3);
    expect(stats.lifetimeValue).toEqual([
      { amount: '100.00', currencyCode: 'CNY' },
      { amount: '5980', currencyCode: 'JPY' },
      { amount: '199.00', currencyCode: 'USD' },
    ]);
    expect(stats.averageOrderValue).toEqual(stats.lifetimeValue);
    expect(stats.refunded).toEqual([
      { amount: '0.00', currencyCode: 'CNY' },
      { amount: '0', currencyCode: 'JPY' },
      { amount: '0.00', currencyCode: 'USD' },
    ]);
    // the Shopify order was placed 2025-04-02T11:31:05-05:00
    expect(stats.firstOrderAt).toBe('2025-04-02T16:31:05.000Z');
    expect(stats.lastOrderAt).toBe('2026-11-03T01:00:00.000Z');
    expect(stats.channels.map((c) => c.code).sort()).toEqual(['store-sh', 'store-tokyo', 'web']);
  });

  it('lowers the lifetime value by a refund, and keeps the order count', async () => {
    // one of the two teas brought back to the Shanghai store
    await importCsv('store-sh', ['SH,2,2026-11-05T10:00:00+08:00,TEA-1,Green tea,-1,50.00,0,0,CNY,,,,1']);
    const { stats } = await view(fooId);
    expect(stats.orderCount).toBe(3);
    expect(stats.lifetimeValue[0]).toEqual({ amount: '50.00', currencyCode: 'CNY' });
    expect(stats.refunded[0]).toEqual({ amount: '50.00', currencyCode: 'CNY' });
  });

  it('shows a channel-bound key only what the customer bought on its channel', async () => {
    const partner = await t.keyFor(Role.PARTNER, 'store-tokyo');
    const { stats } = await view(fooId, partner);
    expect(stats.orderCount).toBe(1);
    expect(stats.lifetimeValue).toEqual([{ amount: '5980', currencyCode: 'JPY' }]);
    expect(stats.channels.map((c) => c.code)).toEqual(['store-tokyo']);
  });

});

describe('merging customers', () => {
  let barId: string;

  beforeAll(async () => {
    // the same person at the Shanghai till under another e-mail: a second customer, 30.00 yuan
    await importCsv('store-sh', ['SH,3,2026-11-06T10:00:00+08:00,TEA-2,Jasmine tea,1,30.00,0,0,CNY,bar@example.com,,Foo Li,']);
    barId = await customerOf('store-sh', 'SH:3');
  });

  it('starts as two customers', () => {
    expect(barId).not.toBe(fooId);
  });

  it('reads the stats of a page of customers with as many statements for two customers as for one', async () => {
    const statementsFor = async (first: number) => {
      await t.gql(CustomerStatsPageDocument, { first }); // the key's last-used time is written on its first request of the minute
      t.sql.length = 0;
      const res = await t.gql(CustomerStatsPageDocument, { first });
      expect(res.errors).toBeUndefined();
      expect(res.data!.customers.edges).toHaveLength(first);
      return { count: t.sql.length, stats: res.data!.customers.edges.map((e) => [e.node.id, e.node.stats.orderCount]) };
    };
    const one = await statementsFor(1);
    const two = await statementsFor(2);
    expect(two.count).toBe(one.count);
    // newest first: bar (one order), then foo (three)
    expect(two.stats).toEqual([
      [barId, 1],
      [fooId, 3],
    ]);
  });

  it('is for ADMIN only', async () => {
    const analyst = await t.keyFor(Role.ANALYST);
    const res = await t.gql(MergeCustomersDocument, { sourceId: barId, targetId: fooId }, analyst);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a customer merged into itself and ids that name no customer', async () => {
    const self = await t.gql(MergeCustomersDocument, { sourceId: fooId, targetId: fooId });
    expect(self.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await t.gql(MergeCustomersDocument, { sourceId: '999999', targetId: fooId });
    expect(missing.errors?.[0].message).toMatch(/no customer 999999/);
  });

  it('moves the orders and identities, recounts the stats, and keeps the merged id resolvable', async () => {
    const cursor = async () => (await t.gql<{ eventCursor: string | null }, unknown>('{ eventCursor }')).data!.eventCursor;
    const before = await cursor();
    const res = await t.gql(MergeCustomersDocument, { sourceId: barId, targetId: fooId });
    expect(res.errors).toBeUndefined();
    // the target keeps its own e-mail
    expect(res.data!.mergeCustomers).toMatchObject({ id: fooId, email: 'foo@example.com' });
    expect(await customerOf('store-sh', 'SH:3')).toBe(fooId);
    // the moved order's change is in the event log, after everything before the merge
    expect(await cursor()).not.toBe(before);
    const moved = await t.gql(OrderCustomerDocument, { channelCode: 'store-sh', externalId: 'SH:3' });
    const events = await t.em().getConnection().execute<Array<{ type: string }>>('select type from order_event where order_id = ? order by id', [Number(moved.data!.orderByExternalId!.id)]);
    expect(events.map((e) => e.type)).toEqual(['CREATED', 'UPDATED']);

    const foo = await view(fooId);
    expect(foo.stats.orderCount).toBe(4);
    // CNY: 100.00 − 50.00 refunded + 30.00 over two orders
    expect(foo.stats.lifetimeValue[0]).toEqual({ amount: '80.00', currencyCode: 'CNY' });
    expect(foo.stats.averageOrderValue[0]).toEqual({ amount: '40.00', currencyCode: 'CNY' });
    expect(foo.stats.lastOrderAt).toBe('2026-11-06T02:00:00.000Z');
    expect(foo.identities.filter((i) => i.matchedBy === 'MERGE')).toHaveLength(1);

    // the merged id finds the customer it was merged into
    expect((await view(barId)).id).toBe(fooId);
    // and is no longer listed on its own
    const listed = await t.gql(CustomerSearchDocument, { search: 'Foo Li' });
    expect(listed.data!.customers.edges.map((e) => e.node.id)).toEqual([fooId]);
  });

  it('refuses to merge a customer twice', async () => {
    const again = await t.gql(MergeCustomersDocument, { sourceId: barId, targetId: fooId });
    expect(again.errors?.[0].message).toMatch(/already merged into customer/);
  });

  it('puts later orders of the merged identity on the customer it was merged into', async () => {
    await importCsv('store-sh', ['SH,4,2026-11-07T10:00:00+08:00,TEA-2,Jasmine tea,2,30.00,0,0,CNY,bar@example.com,,,']);
    expect(await customerOf('store-sh', 'SH:4')).toBe(fooId);
    const { stats } = await view(fooId);
    expect(stats.orderCount).toBe(5);
    expect(stats.lifetimeValue[0]).toEqual({ amount: '140.00', currencyCode: 'CNY' });
  });
});

describe('stats kept while orders of one customer arrive at once', () => {
  it('counts every order when concurrent deliveries reach the customer by different identities', async () => {
    // two marketplace accounts of one person, linked by her e-mail
    expect((await sendAcme('c-0', { id: 'zoe-1', email: 'zoe@example.com', name: 'Zoe' })).status).toBe(200);
    expect((await sendAcme('c-1', { id: 'zoe-2', email: 'zoe@example.com', name: 'Zoe' })).status).toBe(200);
    const zoe = await customerOf('acme', 'c-0');
    expect(await customerOf('acme', 'c-1')).toBe(zoe);
    // then 40 orders at once, each naming only one of the two accounts: groups written side by side
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => sendAcme(`c-${i + 2}`, { id: i % 2 ? 'zoe-1' : 'zoe-2' })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const { stats } = await view(zoe);
    expect(stats.orderCount).toBe(42);
    expect(stats.lifetimeValue).toEqual([{ amount: '420.00', currencyCode: 'USD' }]);
  });
});
