import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { formatMinor, parseMoney } from '../src/money';
import { CreateChannelDocument, OrderByExternalIdDocument } from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { postWebhook, salesgraphSignature } from '../src/testing/webhooks';

const SAMPLES = path.resolve(__dirname, '../../shared/fixtures/channels/woocommerce');
const SECRET = 'woo-webhook-secret';
let t: TestGateway;
let delivery = 0;

const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');
const source = (name: string) => JSON.parse(sample(name));

/** A delivery as WooCommerce sends it: the raw body, its topic, signature and delivery id. */
function deliver(body: string, topic: string, options: { secret?: string; id?: string } = {}) {
  return postWebhook(t, 'woo', body, {
    'content-type': 'application/json',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-signature': createHmac('sha256', options.secret ?? SECRET).update(body).digest('base64'),
    'x-wc-webhook-delivery-id': options.id ?? `woo-${++delivery}`,
  });
}

async function stored(externalId: string) {
  const res = await t.gql(OrderByExternalIdDocument, { channelCode: 'woo', externalId });
  return res.data!.orderByExternalId!;
}

beforeAll(async () => {
  t = await startTestGateway();
  const res = await t.gql(CreateChannelDocument, {
    input: { code: 'woo', name: 'Woo shop', kind: 'STOREFRONT', plugin: 'woocommerce', currencyCode: 'USD', webhookSecret: SECRET },
  });
  expect(res.errors).toBeUndefined();
});

afterAll(() => t?.stop());

describe('a WooCommerce shop through the webhook route', () => {
  it('creates order 727 from order.created with the totals WooCommerce states', async () => {
    const name = 'v3-order-create-processing-bacs-2lines-shipping.json';
    const res = await deliver(sample(name), 'order.created');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ result: 'created', outcomes: [{ externalId: '727', result: 'created' }] });
    const src = source(name);
    const order = await stored('727');
    expect(order.total).toEqual({ amount: src.total, currencyCode: src.currency });
    expect(order.shippingTotal.amount).toBe(src.shipping_total);
    expect(order.discountTotal.amount).toBe(src.discount_total);
    expect(order.lines).toHaveLength(src.line_items.length);
    expect(order.status).toBe('PAID');
    expect(order.number).toBe(src.number);
    expect(order.couponCodes).toEqual(src.coupon_lines.map((c: { code: string }) => c.code));
    expect(order.placedAt).toBe(new Date(`${src.date_created_gmt}Z`).toISOString());
  });

  it('moves it to FULFILLED on order.updated to completed', async () => {
    const res = await deliver(sample('v3-order-update-completed.json'), 'order.updated');
    expect(res.body).toMatchObject({ result: 'updated', outcomes: [{ externalId: '727', result: 'updated' }] });
    expect((await stored('727')).status).toBe('FULFILLED');
  });

  it('answers duplicate to a repeated delivery id, and stale to the older version', async () => {
    const body = sample('v3-order-update-completed.json');
    const first = await deliver(body, 'order.updated', { id: 'woo-fixed-1' });
    const again = await deliver(body, 'order.updated', { id: 'woo-fixed-1' });
    expect(first.body.result).toBe('duplicate');
    expect(again.body.result).toBe('duplicate');
    const older = await deliver(sample('v3-order-create-processing-bacs-2lines-shipping.json'), 'order.created');
    expect(older.body).toMatchObject({ result: 'stale', outcomes: [{ externalId: '727', result: 'stale' }] });
    expect((await stored('727')).status).toBe('FULFILLED');
  });

  it('takes a REST page of orders pushed by a connector, signed with X-Salesgraph-Signature', async () => {
    const body = sample('v3-orders-list-2.json');
    const res = await postWebhook(t, 'woo', body, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, body) });
    expect(res.status).toBe(200);
    const outcomes = Object.fromEntries(res.body.outcomes.map((o: { externalId: string; result: string }) => [o.externalId, o.result]));
    expect(outcomes).toEqual({ '727': 'stale', '723': 'created' });
    const src = source('v3-orders-list-2.json').find((o: { id: number }) => o.id === 723);
    const order = await stored('723');
    expect(order.total).toEqual({ amount: src.total, currencyCode: src.currency });
    expect(order.lines).toHaveLength(src.line_items.length);
  });

  it('counts a refund pushed on its own once when the order already lists it', async () => {
    const listed = source('v3-orders-list-2.json').find((o: { id: number }) => o.id === 723).refunds as Array<{ total: string }>;
    const listedMinor = -listed.reduce((sum, r) => sum + parseMoney(r.total, 'USD').minor, 0);
    expect((await stored('723')).refundedTotal.amount).toBe(formatMinor(listedMinor, 'USD'));
    const body = sample('v3-refund-create.json'); // refund 726, which order 723 already lists
    const res = await postWebhook(t, 'woo', body, {
      'content-type': 'application/json',
      'x-salesgraph-topic': 'refund.created',
      'x-salesgraph-signature': salesgraphSignature(SECRET, body),
    });
    expect(res.body).toMatchObject({ result: 'duplicate', outcomes: [{ externalId: '723', result: 'duplicate' }] });
    const after = await stored('723');
    expect(after.refundedTotal.amount).toBe(formatMinor(listedMinor, 'USD'));
    expect(after.status).toBe('PARTIALLY_REFUNDED');
  });

  it('takes a customer webhook without changing any order', async () => {
    const res = await deliver(sample('v3-customer-get.json'), 'customer.updated');
    expect(res.body).toMatchObject({ result: 'accepted', outcomes: [] });
  });

  it('refuses a wrong signature with 401 and a bad amount with 422', async () => {
    const body = sample('v3-order-update-completed.json');
    expect((await deliver(body, 'order.updated', { secret: 'wrong' })).status).toBe(401);
    const bad = body.replace(`"total": "${source('v3-order-update-completed.json').total}"`, '"total": "twelve"');
    expect(bad).not.toBe(body);
    const res = await deliver(bad, 'order.updated');
    expect(res.status).toBe(422);
    expect(res.body.error.path).toBe('total');
  });
});
