/**
 * Erasing a customer who bought on a Shopify store and a WooCommerce store (linked by e-mail),
 * with a refused WooCommerce payload in the dead-letter store, and an Amazon buyer whose order
 * arrived in parts; every payload ingested through the real webhook route. After the erasure the
 * API, the stored payloads and the exports hold none of their personal data, and every sales
 * figure is what it was.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { bareObject, variantOf } from '../plugins/shopify/test-fixtures';
import { Role } from '../src/auth/role';
import {
  CreateChannelDocument,
  CustomerSearchDocument,
  DeadLettersDocument,
  EraseCustomerDocument,
  ErasedCustomerDocument,
  MergeCustomersDocument,
  OrderCustomerDocument,
  ReplayDeadLetterDocument,
  SalesSummaryDocument,
} from '../src/testing/generated/graphql';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';
import { postWebhook, salesgraphSignature } from '../src/testing/webhooks';
import { createShopifyChannel, sendShopify } from './support/shopify';

const WOO = path.resolve(__dirname, '../../shared/fixtures/channels/woocommerce');
const AMAZON = path.resolve(__dirname, '../../shared/fixtures/channels/amazon-sp-api');
const WOO_SECRET = 'woo-webhook-secret';
const AMAZON_SECRET = 'amazon-connector-secret';
const FOO_ORDER = 'rest-2026-07-order-create-fulfilled-customer-foo.json';
const FOO_DELIVERY = 'shopify-delivery-foo-1';

let t: TestGateway;
let fooId: string;
let barId: string;
let cursorBeforeFoo: string;
let wooDelivery = 0;

type Json = Record<string, any>;

const wooOrder = (change: (order: Json) => void): string => {
  const order = JSON.parse(fs.readFileSync(path.join(WOO, 'v3-order-create-processing-bacs-2lines-shipping.json'), 'utf8')) as Json;
  change(order);
  return JSON.stringify(order);
};

/** A WooCommerce order as WooCommerce signs and sends it. */
const sendWoo = (body: string) =>
  postWebhook(t, 'woo', body, {
    'content-type': 'application/json',
    'x-wc-webhook-topic': 'order.created',
    'x-wc-webhook-signature': createHmac('sha256', WOO_SECRET).update(body).digest('base64'),
    'x-wc-webhook-delivery-id': `woo-${++wooDelivery}`,
  });

/** Order 727 of the sample, bought by the Shopify buyer under their e-mail in another case. */
const FOO_WOO = wooOrder((o) => Object.assign(o.billing, { email: 'FOO@Example.com', first_name: 'Foo', last_name: 'Lee', phone: '(555) 555-5555' }));
/** The same order for somebody else, as order 728. */
const BAR_WOO = wooOrder((o) => {
  Object.assign(o, { id: 728, number: '728' });
  Object.assign(o.billing, { email: 'bar@example.com', first_name: 'Bar', last_name: 'Baz', phone: '(555) 010-9999' });
});
/** A refused order of each (an amount with more decimals than USD has). */
const refused = (id: number, email: string, phone: string) =>
  wooOrder((o) => Object.assign(o, { id, number: String(id), total: '29.355', billing: { ...o.billing, email, phone } }));

const customerOf = async (channelCode: string, externalId: string) =>
  (await t.gql(OrderCustomerDocument, { channelCode, externalId })).data!.orderByExternalId!.customer!.id;

const view = async (id: string, key?: string) => {
  const res = await t.gql(ErasedCustomerDocument, { id }, key);
  expect(res.errors).toBeUndefined();
  return res.data!.customer!;
};

/** salesSummary by channel over the months of the two stores' orders (March 2017, April 2025). */
const salesFigures = async () => {
  const windows = [
    ['2017-03-01T00:00:00Z', '2017-04-01T00:00:00Z'],
    ['2025-04-01T00:00:00Z', '2025-05-01T00:00:00Z'],
  ];
  const rows = [];
  for (const [from, to] of windows) {
    const res = await t.gql(SalesSummaryDocument, { from, to, groupBy: ['CHANNEL'] });
    expect(res.errors).toBeUndefined();
    rows.push(...res.data!.salesSummary);
  }
  return rows;
};

const archive = () =>
  t.em().getConnection().execute<Array<{ channel_id: number; delivery_id: string | null; body: string; fetched: string | null; result: unknown; redaction: string | null }>>(
    'select channel_id, delivery_id, body, fetched, result, redaction from payload_archive order by id',
  );
const orderIdsOf = (result: unknown) => ((typeof result === 'string' ? JSON.parse(result) : result) as { orderIds: string[] }).orderIds;

beforeAll(async () => {
  t = await startTestGateway();
  await createShopifyChannel(t, 'web');
  const woo = await t.gql(CreateChannelDocument, {
    input: { code: 'woo', name: 'Woo shop', kind: 'STOREFRONT', plugin: 'woocommerce', currencyCode: 'USD', countryCode: 'US', webhookSecret: WOO_SECRET },
  });
  expect(woo.errors).toBeUndefined();

  expect((await sendWoo(BAR_WOO)).status).toBe(200);
  barId = await customerOf('woo', '728');
  cursorBeforeFoo = (await t.gql<{ eventCursor: string }, unknown>('{ eventCursor }')).data!.eventCursor;

  const shopify = await sendShopify(t, 'web', bareObject(FOO_ORDER), { topic: 'orders/create', deliveryId: FOO_DELIVERY });
  expect(shopify.body.result).toBe('created');
  expect((await sendWoo(FOO_WOO)).body.result).toBe('created');
  expect((await sendWoo(refused(729, 'foo@example.com', '(555) 555-5555'))).status).toBe(422);
  expect((await sendWoo(refused(730, 'bar@example.com', '(555) 010-9999'))).status).toBe(422);
  fooId = await customerOf('web', '1073459972');
});

afterAll(() => t?.stop());

describe('before the erasure', () => {
  it('knows one customer on both stores, found by e-mail and phone', async () => {
    expect(await customerOf('woo', '727')).toBe(fooId);
    const foo = await view(fooId);
    expect(foo).toMatchObject({ email: 'foo@example.com', phone: '+15555555555', name: 'Foo Lee', erasedAt: null });
    const byEmail = await t.gql(CustomerSearchDocument, { search: 'foo@example.com' });
    expect(byEmail.data!.customers.edges.map((e) => e.node.id)).toEqual([fooId]);
  });

  it.each([Role.ANALYST, Role.PARTNER, Role.DASHBOARD])('refuses a %s key, and erases nothing', async (role) => {
    const key = await t.keyFor(role, role === Role.PARTNER ? 'woo' : undefined);
    const res = await t.gql(EraseCustomerDocument, { id: fooId }, key);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await view(fooId)).email).toBe('foo@example.com');
  });

  it('refuses an id that names no customer', async () => {
    for (const id of ['999999', 'nope']) {
      const res = await t.gql(EraseCustomerDocument, { id });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(res.errors?.[0].message).toBe(`no customer ${id}`);
    }
  });
});

describe('eraseCustomer', () => {
  let before: { customer: Awaited<ReturnType<typeof view>>; figures: Awaited<ReturnType<typeof salesFigures>> };
  let erasedAt: string;

  beforeAll(async () => {
    before = { customer: await view(fooId), figures: await salesFigures() };
    const res = await t.gql(EraseCustomerDocument, { id: fooId });
    expect(res.errors).toBeUndefined();
    erasedAt = res.data!.eraseCustomer.erasedAt!;
  });

  it('answers the customer erased: no name, e-mail or phone, their channel ids kept', async () => {
    const foo = await view(fooId);
    expect(foo).toMatchObject({ id: fooId, name: null, email: null, phone: null });
    expect(Date.parse(foo.erasedAt!)).toBe(Date.parse(erasedAt));
    expect(foo.identities.map((i) => [i.channel.code, i.externalId]).sort()).toEqual(before.customer.identities.map((i) => [i.channel.code, i.externalId]).sort());
  });

  it('keeps their orders, totals, lines and statuses, each showing the erased customer', async () => {
    const foo = await view(fooId);
    expect(foo.orders.totalCount).toBe(2);
    expect(foo.orders.edges.map((e) => ({ ...e.node, customer: null }))).toEqual(before.customer.orders.edges.map((e) => ({ ...e.node, customer: null })));
    for (const { node } of foo.orders.edges) expect(node.customer).toEqual({ id: fooId, name: null, email: null, phone: null });
  });

  it('keeps their stats and every sales figure', async () => {
    expect((await view(fooId)).stats).toEqual(before.customer.stats);
    expect(await salesFigures()).toEqual(before.figures);
  });

  it('no longer finds them by e-mail, phone or name, and still by an order number', async () => {
    for (const search of ['foo@example.com', '(555) 555-5555', 'Foo Lee']) {
      const res = await t.gql(CustomerSearchDocument, { search });
      expect(res.data!.customers.edges).toEqual([]);
    }
    const byNumber = await t.gql(CustomerSearchDocument, { search: '#1002' });
    expect(byNumber.data!.customers.edges.map((e) => e.node.id)).toEqual([fooId]);
  });

  it("empties their archived payloads, which still trace their orders, and keeps everyone else's", async () => {
    const rows = await archive();
    const orderIds = before.customer.orders.edges.map((e) => e.node.id).sort();
    const theirs = rows.filter((r) => r.redaction === 'ERASURE');
    expect(theirs.map((r) => orderIdsOf(r.result)).flat().sort()).toEqual(orderIds);
    for (const row of theirs) expect([row.body, row.fetched]).toEqual(['', null]);
    for (const row of rows) expect(row.body.toLowerCase()).not.toMatch(/foo@example\.com|555-5555|foo lee/);
    const bar = rows.filter((r) => r.redaction === null);
    expect(bar).toHaveLength(1);
    expect(bar[0].body).toContain('bar@example.com');
  });

  it("empties their dead letter, which can then not be replayed, and keeps the other customer's", async () => {
    const letters = (await t.gql(DeadLettersDocument, { channelCode: 'woo' })).data!.deadLetters;
    const [foo, bar] = [letters.find((l) => l.redaction !== null)!, letters.find((l) => l.redaction === null)!];
    expect(letters).toHaveLength(2);
    expect(foo).toMatchObject({ body: '', redaction: 'ERASURE' });
    expect(foo.reason).not.toMatch(/foo@example\.com/i);
    expect(bar.body).toContain('bar@example.com');
    const replay = await t.gql(ReplayDeadLetterDocument, { id: foo.id });
    expect(replay.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('leaves the other customer as they were', async () => {
    expect(await view(barId)).toMatchObject({ name: 'Bar Baz', email: 'bar@example.com', erasedAt: null });
  });

  it('exports the erased customer without personal data', async () => {
    const res = await t.http().get('/exports/customer-segments.csv').set('authorization', `Bearer ${TEST_ADMIN_KEY}`);
    expect(res.status).toBe(200);
    const row = res.text.split('\n').find((line) => line.startsWith(`${fooId},`))!;
    expect(row.split(',').slice(0, 4)).toEqual([fooId, '', '', '']);
    expect(res.text).not.toMatch(/foo@example\.com/i);
  });

  it('replays their order events showing the order as it is now: no personal data', async () => {
    const client = createClient({
      url: `${t.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
      retryAttempts: 0,
    });
    try {
      const customers = await new Promise<unknown[]>((resolve, reject) => {
        const seen: unknown[] = [];
        const stop = client.subscribe<{ orderEvents: { order: { customer: unknown } } }>(
          { query: 'subscription($after: String) { orderEvents(after: $after) { order { customer { id name email phone } } } }', variables: { after: cursorBeforeFoo } },
          {
            next: (message) => {
              seen.push(message.data!.orderEvents.order.customer);
              if (seen.length === 2) {
                stop();
                resolve(seen);
              }
            },
            error: reject,
            complete: () => resolve(seen),
          },
        );
      });
      expect(customers).toEqual([
        { id: fooId, name: null, email: null, phone: null },
        { id: fooId, name: null, email: null, phone: null },
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('still answers a repeated delivery as a duplicate', async () => {
    const again = await sendShopify(t, 'web', bareObject(FOO_ORDER), { topic: 'orders/create', deliveryId: FOO_DELIVERY });
    expect(again.body).toMatchObject({ result: 'duplicate', outcomes: [{ externalId: '1073459972', result: 'duplicate' }] });
  });

  it('may be done again: nothing changes, the first erasure time stays', async () => {
    const again = await t.gql(EraseCustomerDocument, { id: fooId });
    expect(again.errors).toBeUndefined();
    expect(Date.parse(again.data!.eraseCustomer.erasedAt!)).toBe(Date.parse(erasedAt));
    expect((await view(fooId)).stats).toEqual(before.customer.stats);
  });

  it('attaches a later order from one of their channel ids to them, and stores none of its personal data on them', async () => {
    const later = variantOf(FOO_ORDER, (o) => Object.assign(o, { id: 1073459973, name: '#1003', order_number: 1003, phone: '+1 555 555 5555' }));
    expect((await sendShopify(t, 'web', later, { topic: 'orders/create' })).body.result).toBe('created');
    expect(await customerOf('web', '1073459973')).toBe(fooId);
    expect(await view(fooId)).toMatchObject({ name: null, email: null, phone: null });
  });

  it('never links a newcomer with their old e-mail to them', async () => {
    const newcomer = variantOf(FOO_ORDER, (o) => {
      Object.assign(o, { id: 1073459974, name: '#1004', order_number: 1004 });
      o.customer.id = 1073339999;
    });
    expect((await sendShopify(t, 'web', newcomer, { topic: 'orders/create' })).body.result).toBe('created');
    const id = await customerOf('web', '1073459974');
    expect(id).not.toBe(fooId);
    expect((await view(id)).email).toBe('foo@example.com');
  });

  it('is never merged with another customer, either way', async () => {
    for (const [sourceId, targetId] of [
      [barId, fooId],
      [fooId, barId],
    ]) {
      const res = await t.gql(MergeCustomersDocument, { sourceId, targetId });
      expect(res.errors?.[0].message).toBe(`customer ${fooId} was erased: its orders stay with it`);
    }
    expect(await view(barId)).toMatchObject({ name: 'Bar Baz', erasedAt: null });
  });
});

describe('an Amazon buyer whose order arrived in parts', () => {
  const ORDER_ID = '902-7777777-0000001';
  const sample = (file: string) => {
    const body = JSON.parse(fs.readFileSync(path.join(AMAZON, file), 'utf8')) as Json;
    body.payload.AmazonOrderId = ORDER_ID;
    for (const item of body.payload.OrderItems ?? []) delete item.BuyerRequestedCancel;
    return body;
  };
  const send = (body: Json) => {
    const raw = JSON.stringify(body);
    return postWebhook(t, 'amazon-us', raw, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(AMAZON_SECRET, raw) });
  };
  const parts = async () =>
    Object.fromEntries(
      (
        await t.em().getConnection().execute<Array<{ part: string; data: unknown }>>('select part, data from order_part where order_external_id = ?', [ORDER_ID])
      ).map((p) => [p.part, typeof p.data === 'string' ? JSON.parse(p.data) : p.data]),
    );
  const buyer = sample('v0-getOrderBuyerInfo-sandbox.json').payload;
  const address = sample('v0-getOrderAddress-sandbox-commercial.json').payload;
  let buyerId: string;

  beforeAll(async () => {
    const res = await t.gql(CreateChannelDocument, {
      input: { code: 'amazon-us', name: 'Amazon.com', kind: 'MARKETPLACE', plugin: 'amazon-sp-api', currencyCode: 'USD', webhookSecret: AMAZON_SECRET },
    });
    expect(res.errors).toBeUndefined();
    for (const file of ['v0-getOrderAddress-sandbox-commercial.json', 'v0-getOrderBuyerInfo-sandbox.json', 'v0-getOrder-sandbox-unshipped-usd.json', 'v0-getOrderItems-sandbox-1item-tax-buyer-cancel.json']) {
      expect((await send(sample(file))).status).toBe(200);
    }
    buyerId = await customerOf('amazon-us', ORDER_ID);
    expect((await view(buyerId)).name).toBe(buyer.BuyerName);
    expect((await t.gql(EraseCustomerDocument, { id: buyerId })).errors).toBeUndefined();
  });

  it("empties the personal fields of the order's kept parts and keeps what joins them", async () => {
    const kept = await parts();
    expect(kept.buyer).toEqual({ AmazonOrderId: ORDER_ID, BuyerEmail: null, BuyerName: null });
    expect(kept.address.AmazonOrderId).toBe(ORDER_ID);
    expect(Object.values(kept.address.ShippingAddress).every((v) => v === null)).toBe(true);
    const { AmazonOrderId, OrderStatus, PurchaseDate, LastUpdateDate, OrderTotal } = sample('v0-getOrder-sandbox-unshipped-usd.json').payload;
    expect(kept.order).toMatchObject({ AmazonOrderId, OrderStatus, PurchaseDate, LastUpdateDate, OrderTotal });
    expect(kept.items).toEqual(sample('v0-getOrderItems-sandbox-1item-tax-buyer-cancel.json').payload);
    expect(JSON.stringify(kept)).not.toContain(buyer.BuyerEmail);
  });

  it('empties every archived response of the order, those that came before the order was whole too', async () => {
    const [channel] = await t.em().getConnection().execute<Array<{ id: number }>>("select id from channel where code = 'amazon-us'");
    const rows = (await archive()).filter((r) => Number(r.channel_id) === Number(channel.id));
    expect(rows.map((r) => [orderIdsOf(r.result).length, r.redaction, r.body])).toEqual([
      [0, 'ERASURE', ''],
      [0, 'ERASURE', ''],
      [0, 'ERASURE', ''],
      [1, 'ERASURE', ''],
    ]);
  });

  it('still joins a later version of the order with the emptied parts, for the same erased buyer', async () => {
    const shipped = sample('v0-getOrder-sandbox-unshipped-usd.json');
    Object.assign(shipped.payload, { OrderStatus: 'Shipped', LastUpdateDate: '1970-01-20T00:00:00Z', NumberOfItemsShipped: 1, NumberOfItemsUnshipped: 0 });
    const res = await send(shipped);
    expect(res.body).toMatchObject({ result: 'updated', outcomes: [{ externalId: ORDER_ID, result: 'updated' }] });
    expect(await customerOf('amazon-us', ORDER_ID)).toBe(buyerId);
    expect(await view(buyerId)).toMatchObject({ name: null, email: null });
  });
});
