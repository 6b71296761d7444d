/**
 * A Shopify shop pushing its webhooks to salesgraph: every shared Shopify fixture the plugin
 * takes (../shared/fixtures/channels/shopify, REST envelopes unwrapped to the bare object a
 * webhook sends) goes through `POST /channels/{code}/webhooks`, signed the way Shopify signs
 * (`X-Shopify-Hmac-Sha256`), with its `X-Shopify-Topic` and an `X-Shopify-Webhook-Id`; what a
 * user then sees through GraphQL is compared with the values in the fixture file itself.
 *
 * Several fixtures are the same Shopify order (id 450789469) in different states, and the same
 * person (Bob Norman, customer 207119551) with different e-mails but one phone. So:
 * - what each order fixture shows is checked with that fixture pushed alone into an empty
 *   salesgraph (its own gateway and database): in a shared database the second Bob would be
 *   linked to the first by phone and show the first one's e-mail, and a later version of order
 *   450789469 would be an update of the earlier one, not the fixture's own values;
 * - the versions of order 450789469 are then pushed one after another to one channel, and the
 *   test asserts what that sequence must give: created, updated, updated, stale.
 */
import { OrderEvent } from '../src/events/order-event.entity';
import { DeadLetter } from '../src/ingest/dead-letter.entity';
import { PayloadArchive } from '../src/ingest/payload-archive.entity';
import { Customer } from '../src/customers/customer.entity';
import { Order } from '../src/orders/order.entity';
import { currencyExponent } from '../src/plugin-sdk';
import { CustomerSearchDocument, OrderByExternalIdDocument, OrderByIdDocument } from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import type { WebhookAnswer } from './support/raw-webhook';
import {
  createShopifyChannel,
  fromMinor,
  otherShopifyFiles,
  sendShopify,
  shopAmount,
  shopifyWebhookFixtures,
  toMinor,
  type Json,
} from './support/shopify';

const FIXTURES = shopifyWebhookFixtures();
const fixtureFile = (file: string) => {
  const found = FIXTURES.find((f) => f.file === file);
  if (!found) throw new Error(`no Shopify fixture ${file}`);
  return found;
};
const bare = (file: string): Json => structuredClone(fixtureFile(file).objects[0]);

const TENOFF = 'rest-2026-07-order-get-partially-refunded-3lines-TENOFF.json';
const CANCELLED = 'rest-2026-07-order-cancel-cancelled-partially-refunded.json';
const PYAPI_ORDERS = 'pyapi-fixture-orders.json';
const THREE_LINES = 'rest-2026-07-order-create-3lines-tax-no-customer.json';
const GUEST = 'rest-2026-07-order-create-no-email-no-customer.json';
const REFUND_209 = 'rest-2026-07-refund-get-2lines.json';
const REFUND_209_PYAPI = 'pyapi-fixture-refund.json';
const REFUND_RESTOCK = 'rest-2026-07-refund-create-1line-restock.json';
const CUSTOMER_PYAPI = 'pyapi-fixture-customer.json';

// ---------------------------------------------------------------------------------------------
// What a user must see, read from the fixture itself.

const successfulRefundTransactions = (refund: Json): Json[] =>
  (refund.transactions ?? []).filter((t: Json) => t.kind === 'refund' && t.status === 'success');

/** Σ of the successful refund transactions of refunds, in minor units. */
function refundedMinor(refunds: Json[], exponent: number): bigint {
  return refunds.flatMap(successfulRefundTransactions).reduce((sum: bigint, t: Json) => sum + toMinor(t.amount, exponent), 0n);
}

/** The README's status table, first matching row wins. */
function readmeStatus(source: Json, refunded: bigint, total: bigint): string {
  if (source.cancelled_at) return 'CANCELLED'; // 1
  if (source.financial_status === 'refunded' || (total > 0n && refunded >= total)) return 'REFUNDED'; // 2
  if (source.financial_status === 'partially_refunded' || (refunded > 0n && refunded < total)) return 'PARTIALLY_REFUNDED'; // 3
  if (source.fulfillment_status === 'fulfilled') return 'FULFILLED'; // 4
  if (source.financial_status === 'paid') return 'PAID'; // 5
  return 'PENDING'; // 6
}

/** The discount a user sees: line + shipping discount allocations; `total_discounts` for a summary order without lines. */
function discountMinor(source: Json, exponent: number): bigint {
  const allocated = (holders: Json[] = []) =>
    holders.flatMap((h) => h.discount_allocations ?? []).reduce((sum: bigint, a: Json) => sum + toMinor(shopAmount(a, 'amount')!, exponent), 0n);
  if (!source.line_items?.length) return toMinor(shopAmount(source, 'total_discounts') ?? '0', exponent);
  return allocated(source.line_items) + allocated(source.shipping_lines);
}

interface SeenOrder {
  externalId: string;
  number: string | null;
  status: string;
  total: { amount: string; currencyCode: string };
  refundedTotal: { amount: string; currencyCode: string };
  discountTotal: { amount: string; currencyCode: string };
  couponCodes: string[];
  lineCount: number;
  customerEmail: string | null;
}

function expectedOf(source: Json): SeenOrder {
  const currency: string = source.total_price_set?.shop_money?.currency_code ?? source.currency;
  const exponent = currencyExponent(currency);
  const money = (minor: bigint) => ({ amount: fromMinor(minor, exponent), currencyCode: currency });
  const total = toMinor(shopAmount(source, 'total_price')!, exponent);
  const refunded = refundedMinor(source.refunds ?? [], exponent);
  return {
    externalId: String(source.id),
    number: source.name ?? null,
    status: readmeStatus(source, refunded, total),
    total: money(total),
    refundedTotal: money(refunded),
    discountTotal: money(discountMinor(source, exponent)),
    couponCodes: (source.discount_codes ?? []).map((c: Json) => c.code).filter((c: string) => c.trim() !== ''),
    lineCount: source.line_items?.length ?? 0,
    customerEmail: source.customer ? String(source.customer.email || source.email || source.contact_email).toLowerCase() : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading through GraphQL, as ADMIN.

async function orderSeen(t: TestGateway, channelCode: string, externalId: string) {
  const res = await t.gql(OrderByExternalIdDocument, { channelCode, externalId });
  expect(res.errors).toBeUndefined();
  return res.data!.orderByExternalId;
}

async function customerOf(t: TestGateway, orderId: string) {
  const res = await t.gql(OrderByIdDocument, { id: orderId });
  expect(res.errors).toBeUndefined();
  return res.data!.order!.customer ?? null;
}

async function eventTypes(t: TestGateway, orderId: string): Promise<string[]> {
  const events = await t.em().find(OrderEvent, { order: Number(orderId) }, { orderBy: { id: 'asc' } });
  return events.map((e) => e.type);
}

const ORDER_FIXTURES = FIXTURES.filter((f) => f.kind === 'order').flatMap((f) =>
  f.objects.map((source, i) => ({ label: f.objects.length > 1 ? `${f.file} [${i}]` : f.file, topic: f.topic, source })),
);

describe('the shared Shopify fixtures', () => {
  it('are all orders, refunds or customers, except the transactions list', () => {
    expect(FIXTURES.map((f) => f.kind).sort()).toEqual(expect.arrayContaining(['customer', 'order', 'refund']));
    expect(otherShopifyFiles()).toEqual(['pyapi-fixture-transactions.json']);
  });
});

describe.each(ORDER_FIXTURES.map((f) => [f.label, f] as const))('the order of %s, pushed into an empty salesgraph', (_label, { topic, source }) => {
  const expected = expectedOf(source);
  let t: TestGateway;
  let answer: { status: number; body: Json };
  let seen: NonNullable<Awaited<ReturnType<typeof orderSeen>>>;

  beforeAll(async () => {
    t = await startTestGateway();
    await createShopifyChannel(t, 'shop');
    answer = await sendShopify(t, 'shop', source, { topic });
    const order = await orderSeen(t, 'shop', expected.externalId);
    if (!order) throw new Error(`order ${expected.externalId} was not stored: ${answer.status} ${JSON.stringify(answer.body)}`);
    seen = order;
  });

  afterAll(() => t?.stop());

  it(`is answered 200 created for ${topic}`, () => {
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ result: 'created', outcomes: [{ externalId: expected.externalId, result: 'created' }] });
  });

  it("has Shopify's id as externalId and its name as number", () => {
    expect([seen.externalId, seen.number]).toEqual([expected.externalId, expected.number]);
  });

  it('shows the total of total_price_set.shop_money to the cent, in its currency', () => {
    expect(seen.total).toEqual(expected.total);
  });

  it('has one line per line item', () => {
    expect(seen.lines).toHaveLength(expected.lineCount);
  });

  it("has the status the README's table gives for its financial, fulfillment and cancel fields", () => {
    expect(seen.status).toBe(expected.status);
  });

  it('shows as refunded what its successful refund transactions returned', () => {
    expect(seen.refundedTotal).toEqual(expected.refundedTotal);
  });

  it('discounts what its discount allocations say (total_discounts for a summary without lines)', () => {
    expect(seen.discountTotal).toEqual(expected.discountTotal);
  });

  it('lists its discount codes as coupon codes', () => {
    expect(seen.couponCodes).toEqual(expected.couponCodes);
  });

  it("shows ADMIN the customer's e-mail, or no customer for a guest", async () => {
    const customer = await customerOf(t, seen.id);
    expect(customer?.email ?? null).toBe(expected.customerEmail);
  });
});

describe('one Shopify shop', () => {
  let t: TestGateway;
  const count = async () => ({
    orders: await t.em().count(Order, {}),
    customers: await t.em().count(Customer, {}),
    archived: await t.em().count(PayloadArchive, {}),
    deadLetters: await t.em().count(DeadLetter, {}),
  });

  beforeAll(async () => {
    t = await startTestGateway();
    for (const code of ['shop', 'shop-1001', 'shop-refunds', 'shop-unlisted-refund', 'shop-customers', 'shop-all']) await createShopifyChannel(t, code);
  });

  afterAll(() => t?.stop());

  it('takes every shared fixture of a kind the plugin takes, in file order, with 200', async () => {
    const answers: Array<[string, number, string]> = [];
    for (const f of FIXTURES) {
      for (const object of f.objects) {
        const res = await sendShopify(t, 'shop-all', object, { topic: f.topic });
        answers.push([f.file, res.status, res.body?.result ?? res.text]);
      }
    }
    expect(answers.filter(([, status]) => status !== 200)).toEqual([]);
    expect(answers.map(([, , result]) => result).every((r) => ['accepted', 'created', 'updated', 'duplicate', 'stale'].includes(r))).toBe(true);
  });

  describe('duplicates', () => {
    const source = bare(THREE_LINES);

    it('creates the order on its first delivery', async () => {
      const res = await sendShopify(t, 'shop', source, { topic: 'orders/create', deliveryId: 'wh-3lines-1' });
      expect(res.body).toMatchObject({ result: 'created', outcomes: [{ externalId: String(source.id), result: 'created' }] });
    });

    it('answers duplicate to a retry with the same X-Shopify-Webhook-Id', async () => {
      const first = await orderSeen(t, 'shop', String(source.id));
      const res = await sendShopify(t, 'shop', source, { topic: 'orders/create', deliveryId: 'wh-3lines-1' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'duplicate', orderIds: [first!.id], outcomes: [{ externalId: String(source.id), result: 'duplicate' }] });
    });

    it('answers duplicate to the same order sent again under a new webhook id', async () => {
      const res = await sendShopify(t, 'shop', source, { topic: 'orders/updated', deliveryId: 'wh-3lines-2' });
      expect(res.body).toMatchObject({ result: 'duplicate', outcomes: [{ externalId: String(source.id), result: 'duplicate' }] });
      expect(await eventTypes(t, res.body.orderIds[0])).toEqual(['CREATED']);
    });
  });

  describe('the versions of order 450789469, one after another', () => {
    const id = String(bare(TENOFF).id);

    it('are all the same Shopify order', () => {
      expect([bare(PYAPI_ORDERS).id, bare(TENOFF).id, bare(CANCELLED).id].map(String)).toEqual([id, id, id]);
    });

    it('creates it from the orders list summary', async () => {
      const res = await sendShopify(t, 'shop-1001', bare(PYAPI_ORDERS), { topic: 'orders/updated' });
      expect(res.body).toMatchObject({ result: 'created', outcomes: [{ externalId: id, result: 'created' }] });
    });

    it('updates it with the full order of the same updated_at (not older, so not stale)', async () => {
      expect(bare(TENOFF).updated_at).toBe(bare(PYAPI_ORDERS).updated_at);
      const res = await sendShopify(t, 'shop-1001', bare(TENOFF), { topic: 'orders/updated' });
      expect(res.body).toMatchObject({ result: 'updated', outcomes: [{ externalId: id, result: 'updated' }] });
      const order = await orderSeen(t, 'shop-1001', id);
      expect(order!.lines).toHaveLength(bare(TENOFF).line_items.length);
      // the summary listed no refunds; the full order lists one: that is a refund to the user
      expect(await eventTypes(t, order!.id)).toEqual(['CREATED', 'UPDATED', 'REFUNDED']);
    });

    it('cancels it with the newer orders/cancelled', async () => {
      const res = await sendShopify(t, 'shop-1001', bare(CANCELLED), { topic: 'orders/cancelled' });
      expect(res.body).toMatchObject({ result: 'updated', outcomes: [{ externalId: id, result: 'updated' }] });
      expect((await orderSeen(t, 'shop-1001', id))!.status).toBe('CANCELLED');
      expect(await eventTypes(t, res.body.orderIds[0])).toEqual(['CREATED', 'UPDATED', 'REFUNDED', 'UPDATED', 'CANCELLED']);
    });

    it('answers stale to an orders/updated with an older updated_at, and changes nothing', async () => {
      expect(new Date(bare(TENOFF).updated_at).getTime()).toBeLessThan(new Date(bare(CANCELLED).updated_at).getTime());
      const res = await sendShopify(t, 'shop-1001', bare(TENOFF), { topic: 'orders/updated' });
      expect(res.body).toMatchObject({ result: 'stale', outcomes: [{ externalId: id, result: 'stale' }] });
      const order = await orderSeen(t, 'shop-1001', id);
      expect(order!.status).toBe('CANCELLED');
      expect(await eventTypes(t, order!.id)).toEqual(['CREATED', 'UPDATED', 'REFUNDED', 'UPDATED', 'CANCELLED']);
    });
  });

  describe('refunds/create for a known order', () => {
    /** The TENOFF order as it stood before any refund: paid, no refunds listed. */
    const beforeRefund = () => {
      const order = bare(TENOFF);
      order.financial_status = 'paid';
      order.refunds = [];
      return order;
    };
    const id = String(bare(TENOFF).id);
    const exponent = currencyExponent('USD');
    const refunded = (...files: string[]) => fromMinor(refundedMinor(files.map(bare), exponent), exponent);

    it('starts from a paid order with nothing refunded', async () => {
      const res = await sendShopify(t, 'shop-refunds', beforeRefund(), { topic: 'orders/paid' });
      expect(res.body.result).toBe('created');
      const order = await orderSeen(t, 'shop-refunds', id);
      expect([order!.status, order!.refundedTotal.amount]).toEqual(['PAID', '0.00']);
    });

    it('a refund of part of the total makes it PARTIALLY_REFUNDED with the refunded money and a REFUNDED event', async () => {
      expect(String(bare(REFUND_209).order_id)).toBe(id);
      const res = await sendShopify(t, 'shop-refunds', bare(REFUND_209), { topic: 'refunds/create' });
      expect(res.body).toMatchObject({ result: 'updated', outcomes: [{ externalId: id, result: 'updated' }] });
      const order = await orderSeen(t, 'shop-refunds', id);
      expect(order!.refundedTotal).toEqual({ amount: refunded(REFUND_209), currencyCode: 'USD' });
      expect(order!.status).toBe('PARTIALLY_REFUNDED');
      expect(await eventTypes(t, order!.id)).toEqual(['CREATED', 'REFUNDED']);
    });

    it('the same refund again (same refund id, from another export) is a duplicate, counted once', async () => {
      expect(bare(REFUND_209_PYAPI).id).toBe(bare(REFUND_209).id);
      const res = await sendShopify(t, 'shop-refunds', bare(REFUND_209_PYAPI), { topic: 'refunds/create' });
      expect(res.body).toMatchObject({ result: 'duplicate', outcomes: [{ externalId: id, result: 'duplicate' }] });
      const order = await orderSeen(t, 'shop-refunds', id);
      expect(order!.refundedTotal.amount).toBe(refunded(REFUND_209));
      expect(await eventTypes(t, order!.id)).toEqual(['CREATED', 'REFUNDED']);
    });

    it('a second refund adds to the refunded money, with its own REFUNDED event', async () => {
      const res = await sendShopify(t, 'shop-refunds', bare(REFUND_RESTOCK), { topic: 'refunds/create' });
      expect(res.body.result).toBe('updated');
      const order = await orderSeen(t, 'shop-refunds', id);
      expect(order!.refundedTotal.amount).toBe(refunded(REFUND_209, REFUND_RESTOCK));
      expect(await eventTypes(t, order!.id)).toEqual(['CREATED', 'REFUNDED', 'REFUNDED']);
    });

    it('a refund the stored order does not list yet adds to the refunds it lists', async () => {
      const order = bare(TENOFF);
      const listed: number[] = order.refunds.map((r: Json) => r.id);
      expect(listed).not.toContain(bare(REFUND_RESTOCK).id);
      expect((await sendShopify(t, 'shop-unlisted-refund', order, { topic: 'orders/updated' })).body.result).toBe('created');

      const res = await sendShopify(t, 'shop-unlisted-refund', bare(REFUND_RESTOCK), { topic: 'refunds/create' });
      const seen = await orderSeen(t, 'shop-unlisted-refund', id);
      expect({ result: res.body.result, refunded: seen!.refundedTotal.amount, events: await eventTypes(t, seen!.id) }).toEqual({
        result: 'updated',
        refunded: fromMinor(refundedMinor([...order.refunds, bare(REFUND_RESTOCK)], exponent), exponent),
        events: ['CREATED', 'REFUNDED'],
      });
    });
  });

  it('keeps a 64-bit order id past 2^53 exactly as Shopify sent it', async () => {
    const id = '5678901234567890123';
    expect(Number(id).toFixed(0)).not.toBe(id); // a JS number would round it
    const body = `{"id": ${id}, "admin_graphql_api_id": "gid://shopify/Order/${id}", "name": "#9001", "email": "",
      "created_at": "2026-11-20T10:00:00-05:00", "updated_at": "2026-11-20T10:00:00-05:00", "processed_at": "2026-11-20T10:00:00-05:00",
      "currency": "USD", "financial_status": "paid", "fulfillment_status": null, "cancelled_at": null, "taxes_included": false,
      "total_price": "25.00", "total_price_set": {"shop_money": {"amount": "25.00", "currency_code": "USD"}, "presentment_money": {"amount": "25.00", "currency_code": "USD"}},
      "discount_codes": [], "customer": null, "refunds": [], "shipping_lines": [],
      "line_items": [{"id": 5678901234567890124, "title": "Mug", "variant_title": null, "sku": "MUG", "quantity": 1, "price": "25.00",
        "price_set": {"shop_money": {"amount": "25.00", "currency_code": "USD"}, "presentment_money": {"amount": "25.00", "currency_code": "USD"}},
        "tax_lines": [], "discount_allocations": []}]}`;
    const res = await sendShopify(t, 'shop', body, { topic: 'orders/create' });
    expect(res.body).toMatchObject({ result: 'created', outcomes: [{ externalId: id, result: 'created' }] });
    expect((await orderSeen(t, 'shop', id))!.externalId).toBe(id);
    expect(await orderSeen(t, 'shop', Number(id).toFixed(0))).toBeNull();
  });

  it('a guest order (customer null, email "") has no customer', async () => {
    const source = bare(GUEST);
    expect([source.customer, source.email]).toEqual([null, '']);
    const before = await count();
    const res = await sendShopify(t, 'shop', source, { topic: 'orders/create' });
    expect(res.body.result).toBe('created');
    expect(await customerOf(t, res.body.orderIds[0])).toBeNull();
    expect((await count()).customers).toBe(before.customers);
  });

  describe('customers', () => {
    /** The customer who holds the Shopify identity, found as ADMIN by name. */
    async function customerWithIdentity(channelCode: string, source: Json) {
      const res = await t.gql(CustomerSearchDocument, { search: `${source.first_name} ${source.last_name}`, first: 50 });
      expect(res.errors).toBeUndefined();
      return res.data!.customers.edges
        .map((e) => e.node)
        .find((c) => c.identities.some((i) => i.channel.code === channelCode && i.externalId === String(source.id)));
    }

    it('every customer fixture is accepted and becomes a customer with that Shopify identity', async () => {
      for (const f of FIXTURES.filter((x) => x.kind === 'customer')) {
        for (const source of f.objects) {
          const res = await sendShopify(t, 'shop-customers', source, { topic: f.topic });
          expect([f.file, res.status, res.body]).toEqual([f.file, 200, { result: 'accepted', orderIds: [], outcomes: [] }]);
          expect(await customerWithIdentity('shop-customers', source)).toBeDefined();
        }
      }
    });

    it('a customers/create, then an order for that customer id, links the order to the same customer', async () => {
      await createShopifyChannel(t, 'shop-linking');
      const person = bare(CUSTOMER_PYAPI);
      const order = bare(TENOFF);
      expect(order.customer.id).toBe(person.id);
      expect(order.customer.email).not.toBe(person.email); // linked by the Shopify id, not by e-mail

      expect((await sendShopify(t, 'shop-linking', person, { topic: 'customers/create' })).body.result).toBe('accepted');
      const customer = await customerWithIdentity('shop-linking', person);
      const res = await sendShopify(t, 'shop-linking', order, { topic: 'orders/create' });
      expect(res.body.result).toBe('created');
      expect((await customerOf(t, res.body.orderIds[0]))?.id).toBe(customer!.id);
    });
  });

  describe('odd but correctly signed deliveries are answered 200 or 422 with a dead letter, never 500', () => {
    const RESULTS = ['accepted', 'created', 'updated', 'duplicate', 'stale'];
    let next = 991000;
    /** The three-line order under a fresh id, changed by `change`. */
    const order = (change: (o: Json) => void = () => {}): Json => {
      const o = bare(THREE_LINES);
      o.id = next++;
      change(o);
      return o;
    };
    const freeLine = (o: Json) => {
      o.line_items[0].price = '0.00';
      o.line_items[0].price_set.shop_money.amount = '0.00';
    };

    /** 'answered', or what the gateway did instead. */
    async function answered(res: WebhookAnswer): Promise<string> {
      if (res.status === 200 && RESULTS.includes(res.body?.result)) return 'answered';
      if (res.status === 422 && res.body?.deadLetterId && (await t.em().count(DeadLetter, { id: Number(res.body.deadLetterId) })) === 1) return 'answered';
      const logged = t.logs.find((l) => l.requestId === res.requestId && Number(l.level) >= 50) as { err?: { message?: string } } | undefined;
      return `${res.status} ${logged?.err?.message ? `logged: …${logged.err.message.slice(-160)}` : res.text.slice(0, 300)}`;
    }

    it('a body with a NUL byte after the JSON is not JSON: 422, kept as a dead letter', async () => {
      const res = await sendShopify(t, 'shop', Buffer.concat([Buffer.from(JSON.stringify(order())), Buffer.from([0])]), { topic: 'orders/create' });
      expect([res.status, res.body?.error?.code]).toEqual([422, 'INVALID_PAYLOAD']);
      expect(await t.em().count(DeadLetter, { id: Number(res.body.deadLetterId) })).toBe(1);
    });

    it.each<[string, () => { payload: Json; topic?: string; deliveryId?: string }]>([
      ['a NUL character (\\u0000) in the order name', () => ({ payload: order((o) => (o.name = '#10\u000002')) })],
      ['a currency code with a NUL character, which the reason quotes', () => ({ payload: order((o) => ((o.currency = '\u0000'), delete o.total_price_set)) })],
      ['an order name of 300 characters', () => ({ payload: order((o) => (o.name = `#${'1'.repeat(299)}`)) })],
      ['an order id of 300 characters', () => ({ payload: order((o) => (o.id = '9'.repeat(300))) })],
      ['a line SKU of 300 characters', () => ({ payload: order((o) => (o.line_items[0].sku = 'S'.repeat(300))) })],
      ['a line title of 600 characters', () => ({ payload: order((o) => (o.line_items[0].title = 'T'.repeat(600))) })],
      ['a free line of quantity 2^31', () => ({ payload: order((o) => (freeLine(o), (o.line_items[0].quantity = 2 ** 31))) })],
      ['processed_at in the year 0000', () => ({ payload: order((o) => (o.processed_at = '0000-01-01T00:00:00Z')) })],
      ['processed_at 9999-12-31T23:59:59-14:00, in the year 10000 in UTC', () => ({ payload: order((o) => (o.processed_at = '9999-12-31T23:59:59-14:00')) })],
      ['an X-Shopify-Webhook-Id of 300 characters', () => ({ payload: order(), deliveryId: 'w'.repeat(300) })],
      ['an X-Shopify-Topic of 300 characters', () => ({ payload: order(), topic: `orders/${'z'.repeat(293)}` })],
      ['a customer e-mail of 400 characters', () => ({ payload: { ...bare(CUSTOMER_PYAPI), id: next++, email: `${'a'.repeat(388)}@example.com` }, topic: 'customers/create' })],
      ['a customer first name of 400 characters', () => ({ payload: { ...bare(CUSTOMER_PYAPI), id: next++, email: null, first_name: 'F'.repeat(400) }, topic: 'customers/create' })],
    ])('%s', async (_label, build) => {
      const { payload, topic = 'orders/create', deliveryId } = build();
      const res = await sendShopify(t, 'shop', payload, { topic, deliveryId });
      expect(await answered(res)).toBe('answered');
    });
  });

  describe('refused deliveries', () => {
    it('401 for a wrong signature, and nothing is stored', async () => {
      const before = await count();
      const res = await sendShopify(t, 'shop', bare(GUEST), { topic: 'orders/create', secret: 'not-the-shop-secret' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('BAD_SIGNATURE');
      expect(await count()).toEqual(before);
    });

    it('401 for a body changed after it was signed, and nothing is stored', async () => {
      const signed = { ...bare(THREE_LINES), id: 990001 };
      const tampered = { ...signed, total_price: '0.01', total_price_set: { shop_money: { amount: '0.01', currency_code: 'USD' } } };
      const before = await count();
      const res = await sendShopify(t, 'shop', tampered, { topic: 'orders/create', signedBody: JSON.stringify(signed) });
      expect(res.status).toBe(401);
      expect(await count()).toEqual(before);
      expect(await orderSeen(t, 'shop', '990001')).toBeNull();
    });

    it('422 with the path of a line price of "twelve", kept as a dead letter, nothing stored', async () => {
      const source: Json = { ...bare(THREE_LINES), id: 990002 };
      const n = source.line_items.length - 1;
      source.line_items[n].price = 'twelve';
      const before = await count();
      const res = await sendShopify(t, 'shop', source, { topic: 'orders/create' });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'INVALID_PAYLOAD', path: `line_items[${n}].price` });
      const letters = await t.gql<{ deadLetters: Array<{ id: string; path: string; reason: string; channel: { code: string } }> }, unknown>(
        '{ deadLetters(channelCode: "shop") { id path reason channel { code } } }',
      );
      expect(letters.data!.deadLetters.find((d) => d.id === res.body.deadLetterId)).toEqual({
        id: res.body.deadLetterId,
        path: `line_items[${n}].price`,
        reason: res.body.error.message,
        channel: { code: 'shop' },
      });
      expect(await count()).toEqual({ ...before, deadLetters: before.deadLetters + 1 });
      expect(await orderSeen(t, 'shop', '990002')).toBeNull();
    });
  });
});
