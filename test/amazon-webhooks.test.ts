/**
 * An Amazon seller account's connector pushing SP-API Orders responses and ORDER_CHANGE
 * notifications to salesgraph (`amazon-sp-api`, signed with X-Salesgraph-Signature), through
 * the real webhook route. The v0 responses of one order arrive separately and in any order:
 * the gateway keeps them as order parts and writes the order once the plugin can assemble it.
 * The bodies are the shared samples (../shared/fixtures/channels/amazon-sp-api), sent as their
 * files hold them, or in-memory copies with another AmazonOrderId where a test needs a fresh order.
 */
import fs from 'node:fs';
import path from 'node:path';

import { ChannelIdentity } from '../src/customers/channel-identity.entity';
import { Customer } from '../src/customers/customer.entity';
import { OrderEvent } from '../src/events/order-event.entity';
import { DeadLetter } from '../src/ingest/dead-letter.entity';
import { OrderPart } from '../src/ingest/order-part.entity';
import { Order } from '../src/orders/order.entity';
import { CreateChannelDocument, OrderByExternalIdDocument } from '../src/testing/generated/graphql';
import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { postWebhook, salesgraphSignature } from '../src/testing/webhooks';

const SAMPLES = path.resolve(__dirname, '../../shared/fixtures/channels/amazon-sp-api');
const text = (file: string) => fs.readFileSync(path.join(SAMPLES, file), 'utf8');
const json = (file: string) => JSON.parse(text(file)) as Record<string, any>;

const GET_ORDER = 'v0-getOrder-sandbox-unshipped-usd.json';
const GET_ITEMS = 'v0-getOrderItems-sandbox-1item-tax-buyer-cancel.json';
const GET_BUYER = 'v0-getOrderBuyerInfo-sandbox.json';
const ORDER_CHANGE = 'notification-ORDER_CHANGE-buyer-cancel.json';
const SANDBOX_ID = json(GET_ORDER).payload.AmazonOrderId as string;
const RELAY_EMAIL = json(GET_BUYER).payload.BuyerEmail as string;

const SECRET = 'amazon-connector-secret';
const CHANNEL = 'amazon-us';
let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
  const channels = [
    { code: CHANNEL, name: 'Amazon.com', kind: 'MARKETPLACE', plugin: 'amazon-sp-api', currencyCode: 'USD', webhookSecret: SECRET },
    { code: 'acme', name: 'Acme', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
  ];
  for (const input of channels) {
    const res = await t.gql(CreateChannelDocument, { input: input as never });
    expect(res.errors).toBeUndefined();
  }
});

afterAll(() => t?.stop());

function send(body: string | object, options: { channel?: string; headers?: Record<string, string> } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return postWebhook(t, options.channel ?? CHANNEL, raw, {
    'content-type': 'application/json',
    'x-salesgraph-signature': salesgraphSignature(SECRET, raw),
    ...options.headers,
  });
}

/** A v0 sample for another order id (and without the buyer's cancel request, unless kept). */
function forOrder(file: string, id: string, keepCancel = false): Record<string, any> {
  const body = json(file);
  body.payload.AmazonOrderId = id;
  if (!keepCancel) for (const item of body.payload.OrderItems ?? []) delete item.BuyerRequestedCancel;
  return body;
}

const stored = (externalId: string) => t.gql(OrderByExternalIdDocument, { channelCode: CHANNEL, externalId }).then((r) => r.data!.orderByExternalId);
const partsOf = (orderExternalId: string) => t.em().find(OrderPart, { orderExternalId }, { orderBy: { part: 'asc' } }).then((parts) => parts.map((p) => p.part));
const orderRow = (externalId: string) => t.em().findOne(Order, { externalId }, { populate: ['customer'] });

describe('v0 responses joined by AmazonOrderId', () => {
  it('keeps getOrder alone (accepted, no order) and creates the order when getOrderItems arrives', async () => {
    const first = await send(text(GET_ORDER));
    expect([first.status, first.body]).toEqual([200, { result: 'accepted', orderIds: [], outcomes: [] }]);
    expect(await partsOf(SANDBOX_ID)).toEqual(['order']);
    expect(await stored(SANDBOX_ID)).toBeNull();

    const second = await send(text(GET_ITEMS));
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ result: 'created', outcomes: [{ externalId: SANDBOX_ID, result: 'created' }] });
    const item = json(GET_ITEMS).payload.OrderItems[0];
    expect(await stored(SANDBOX_ID)).toMatchObject({
      number: SANDBOX_ID,
      status: 'CANCELLED', // the buyer asked to cancel its only item
      placedAt: new Date(json(GET_ORDER).payload.PurchaseDate).toISOString(),
      total: { amount: json(GET_ORDER).payload.OrderTotal.Amount, currencyCode: 'USD' },
      taxTotal: { amount: item.ItemTax.Amount, currencyCode: 'USD' },
      lines: [{ sku: item.SellerSKU, quantity: item.QuantityOrdered, unitPrice: { amount: item.ItemPrice.Amount, currencyCode: 'USD' } }],
    });
  });

  it('creates the order on the second response in the reverse order too (items, then the order)', async () => {
    const id = '902-0000000-0000001';
    const first = await send(forOrder(GET_ITEMS, id));
    expect(first.body).toEqual({ result: 'accepted', orderIds: [], outcomes: [] });
    expect(await partsOf(id)).toEqual(['items']);
    const second = await send(forOrder(GET_ORDER, id));
    expect(second.body).toMatchObject({ result: 'created', outcomes: [{ externalId: id, result: 'created' }] });
    expect((await stored(id))!.status).toBe('PAID');
  });

  it('answers duplicate for getOrderItems sent again', async () => {
    const res = await send(text(GET_ITEMS));
    expect(res.body).toMatchObject({ result: 'duplicate', outcomes: [{ externalId: SANDBOX_ID, result: 'duplicate' }] });
  });

  it('updates the order when the buyer info arrives later, linking a customer the relay e-mail does not match elsewhere', async () => {
    // a customer of another channel whose own (matchable) e-mail is the same address as Amazon's relay alias
    const acme = await send(
      { orders: [{ id: 'A-1', number: 'A-1', status: 'PAID', placed_at: '2026-01-01T00:00:00Z', currency: 'USD', total: '5.00', lines: [{ sku: 'X', title: 'X', qty: 1, price: '5.00' }], buyer: { id: 'b-1', email: RELAY_EMAIL, name: 'Someone Else' } }] },
      { channel: 'acme' },
    );
    expect(acme.body.result).toBe('created');
    const other = await t.em().findOneOrFail(ChannelIdentity, { externalId: 'b-1' }, { populate: ['customer'] });

    const res = await send(text(GET_BUYER));
    expect(res.body).toMatchObject({ result: 'updated', outcomes: [{ externalId: SANDBOX_ID, result: 'updated' }] });
    const order = await orderRow(SANDBOX_ID);
    expect(order!.customer).not.toBeNull();
    expect(order!.customer!.id).not.toBe(other.customer.id);
    const identity = await t.em().findOneOrFail(ChannelIdentity, { customer: order!.customer!.id });
    expect([identity.externalId.startsWith('relay:'), identity.email, identity.emailMatchable]).toEqual([true, RELAY_EMAIL, false]);
    const customer = await t.em().findOneOrFail(Customer, { id: order!.customer!.id });
    expect([customer.email, customer.name]).toEqual([null, json(GET_BUYER).payload.BuyerName]);
    expect(await partsOf(SANDBOX_ID)).toEqual(['buyer', 'items', 'order']);
  });
});

describe('ORDER_CHANGE notifications', () => {
  const id = json(ORDER_CHANGE).Payload.OrderChangeNotification.AmazonOrderId as string;

  it('cancels the order on a buyer cancel, once', async () => {
    await send(forOrder(GET_ORDER, id));
    expect((await send(forOrder(GET_ITEMS, id))).body.result).toBe('created');
    expect((await stored(id))!.status).toBe('PAID');

    const res = await send(text(ORDER_CHANGE));
    expect(res.body).toMatchObject({ result: 'updated', outcomes: [{ externalId: id, result: 'updated' }] });
    expect((await stored(id))!.status).toBe('CANCELLED');
    const order = await orderRow(id);
    const events = await t.em().find(OrderEvent, { order: order!.id }, { orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['CREATED', 'CANCELLED']);

    // the same notification again: a repeat by its NotificationId
    const again = await send(text(ORDER_CHANGE));
    expect(again.body).toMatchObject({ result: 'duplicate', outcomes: [{ externalId: id, result: 'duplicate' }] });
  });

  /** The buyer-cancel notification for another order, under its own NotificationId. */
  function cancelOf(orderId: string): Record<string, any> {
    const body = json(ORDER_CHANGE);
    body.Payload.OrderChangeNotification.AmazonOrderId = orderId;
    body.NotificationMetadata = { ...body.NotificationMetadata, NotificationId: `cancel-${orderId}` };
    return body;
  }

  it('keeps a cancellation that arrives before its order and cancels the order when it comes', async () => {
    const early = '903-0000000-0000003';
    const res = await send(cancelOf(early));
    expect([res.status, res.body]).toEqual([200, { result: 'accepted', orderIds: [], outcomes: [] }]);
    expect(await stored(early)).toBeNull();

    await send(forOrder(GET_ORDER, early));
    const created = await send(forOrder(GET_ITEMS, early));
    expect(created.body).toMatchObject({ result: 'created', outcomes: [{ externalId: early, result: 'created' }] });
    // the order's own status says PAID, but the buyer's cancel (2022) is newer than the order's last update (1970)
    expect((await stored(early))!.status).toBe('CANCELLED');
  });

  it('lets an order newer than a kept cancellation speak for itself', async () => {
    const later = '903-0000000-0000004';
    await send(cancelOf(later));
    const order = forOrder(GET_ORDER, later);
    order.payload.LastUpdateDate = '2023-01-01T00:00:00Z';
    await send(order);
    await send(forOrder(GET_ITEMS, later));
    expect((await stored(later))!.status).toBe('PAID');
  });
});

describe('a bad amount', () => {
  it('is refused with 422 and kept as a dead letter, with nothing of it stored', async () => {
    const id = '902-0000000-0000002';
    expect((await send(forOrder(GET_ORDER, id))).body.result).toBe('accepted');
    const bad = forOrder(GET_ITEMS, id);
    bad.payload.OrderItems[0].ItemPrice.Amount = '10.001';
    const res = await send(bad);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'INVALID_PAYLOAD', path: 'payload.OrderItems[0].ItemPrice.Amount' }, deadLetterId: expect.any(String) });
    const letter = await t.em().findOneOrFail(DeadLetter, { id: Number(res.body.deadLetterId) });
    expect([letter.path, letter.body]).toEqual(['payload.OrderItems[0].ItemPrice.Amount', JSON.stringify(bad)]);
    expect(await partsOf(id)).toEqual(['order']);
    expect(await stored(id)).toBeNull();
  });
});
