/**
 * The square-pos plugin through the real webhook route: Square order events fetch the order from
 * a local stand-in of Square's Orders API (set as the channel's apiBaseUrl), and a connector's
 * pushed API responses are taken as they are.
 */
import { DeadLetter } from '../src/ingest/dead-letter.entity';
import { PayloadArchive } from '../src/ingest/payload-archive.entity';
import { Order } from '../src/orders/order.entity';
import { UpdateChannelDocument } from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import {
  CREATE_ORDER,
  RETRIEVE_ORDER,
  retrievedOrder,
  sample,
  sampleBytes,
  variant,
  WEBHOOK_CUSTOMER_CREATED,
  WEBHOOK_ORDER_CREATED,
  WEBHOOK_ORDER_UPDATED,
} from '../plugins/square-pos/test-fixtures';
import { postRawWebhook } from './support/raw-webhook';
import {
  createSquareChannel,
  notificationUrlOf,
  pushSquareResponse,
  sendSquareEvent,
  SQUARE_SIGNATURE_KEY,
  SQUARE_TOKEN,
  squareSignature,
  startSquareStandIn,
  type SquareStandIn,
} from './support/square';

const CODE = 'square-us';
const ORDER_ID = sample(WEBHOOK_ORDER_CREATED).data.id as string; // eA3vssLHKJrv9H0IdJCM3gNqfdcZY

let t: TestGateway;
let square: SquareStandIn;

beforeAll(async () => {
  square = await startSquareStandIn();
  t = await startTestGateway();
  await createSquareChannel(t, CODE, square.baseUrl);
});

afterAll(async () => {
  await t?.stop();
  await square?.close().catch(() => undefined);
});

/** An order event variant: another event id, order id and version. */
function orderEvent(file: string, eventId: string, orderId: string, version: number) {
  return variant(file, (event) => {
    event.event_id = eventId;
    event.data.id = orderId;
    const inner = event.data.object[event.data.type];
    inner.order_id = orderId;
    inner.version = version;
  });
}

const stored = (externalId: string) => t.em().findOne(Order, { externalId });
const counts = async () => ({ orders: await t.em().count(Order, {}), archived: await t.em().count(PayloadArchive, {}), dead: await t.em().count(DeadLetter, {}) });

describe('Square order webhooks', () => {
  it('order.created: fetches the order from the API and creates it', async () => {
    square.orders.set(ORDER_ID, retrievedOrder(ORDER_ID)); // the RetrieveOrder sample, for the webhook's order
    const res = await sendSquareEvent(t, CODE, sampleBytes(WEBHOOK_ORDER_CREATED));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ result: 'created', outcomes: [{ externalId: ORDER_ID, result: 'created' }] });
    expect(square.requests).toEqual([{ method: 'GET', url: `/v2/orders/${ORDER_ID}`, authorization: `Bearer ${SQUARE_TOKEN}`, squareVersion: '2025-01-23' }]);
    const order = await stored(ORDER_ID);
    expect(order).toMatchObject({ status: 'PENDING', totalMinor: 550, subtotalMinor: 1100, discountTotalMinor: 550, currencyCode: 'USD', sourceVersion: 1 });
    const archive = await t.em().findOneOrFail(PayloadArchive, { deliveryId: sample(WEBHOOK_ORDER_CREATED).event_id });
    expect(JSON.parse(archive.fetched!).order.id).toBe(ORDER_ID);
  });

  it('the same event_id again: duplicate, without a second fetch', async () => {
    const res = await sendSquareEvent(t, CODE, sampleBytes(WEBHOOK_ORDER_CREATED));
    expect(res.body).toMatchObject({ result: 'duplicate', outcomes: [{ externalId: ORDER_ID, result: 'duplicate' }] });
    expect(square.requests).toHaveLength(1);
  });

  it('order.updated to a newer version: updated from the fetched order', async () => {
    square.orders.set(ORDER_ID, retrievedOrder(ORDER_ID, (o) => Object.assign(o, { version: 3, state: 'COMPLETED', updated_at: '2020-05-19T09:00:00.000Z' })));
    const res = await sendSquareEvent(t, CODE, orderEvent(WEBHOOK_ORDER_UPDATED, 'evt-update-v3', ORDER_ID, 3));
    expect(res.body).toMatchObject({ result: 'updated', outcomes: [{ externalId: ORDER_ID, result: 'updated' }] });
    expect(await stored(ORDER_ID)).toMatchObject({ status: 'FULFILLED', sourceVersion: 3 });
  });

  it('an order.updated with a lower version: stale, nothing changes', async () => {
    // the version-2 event arrives late, and the read it triggered saw version 2
    square.orders.set(ORDER_ID, retrievedOrder(ORDER_ID, (o) => Object.assign(o, { version: 2, state: 'OPEN', updated_at: '2020-05-18T20:00:00.000Z' })));
    const res = await sendSquareEvent(t, CODE, sampleBytes(WEBHOOK_ORDER_UPDATED)); // version 2
    expect(res.body).toMatchObject({ result: 'stale', outcomes: [{ externalId: ORDER_ID, result: 'stale' }] });
    expect(await stored(ORDER_ID)).toMatchObject({ status: 'FULFILLED', sourceVersion: 3 });
  });

  it('an order Square does not have (404): 422, dead-lettered at data.id', async () => {
    const before = await counts();
    const res = await sendSquareEvent(t, CODE, orderEvent(WEBHOOK_ORDER_CREATED, 'evt-missing', 'MISSINGORDER', 1));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'INVALID_PAYLOAD', path: 'data.id' }, deadLetterId: expect.any(String) });
    const letter = await t.em().findOneOrFail(DeadLetter, { id: Number(res.body.deadLetterId) });
    expect([letter.deliveryId, letter.reason]).toEqual(['evt-missing', expect.stringContaining('404')]);
    expect(await counts()).toEqual({ ...before, dead: before.dead + 1 });
  });

  it('a customer.created event: the customer is accepted, with no fetch', async () => {
    const requests = square.requests.length;
    const res = await sendSquareEvent(t, CODE, sampleBytes(WEBHOOK_CUSTOMER_CREATED));
    expect([res.status, res.body.result]).toEqual([200, 'accepted']);
    expect(square.requests).toHaveLength(requests);
  });

  it('a Square signature that does not match: 401, nothing stored', async () => {
    const before = await counts();
    const res = await postRawWebhook(t, CODE, sampleBytes(WEBHOOK_ORDER_CREATED), { 'content-type': 'application/json', 'x-square-hmacsha256-signature': 'AAAA' });
    expect([res.status, res.body.error.code]).toEqual([401, 'BAD_SIGNATURE']);
    expect(await counts()).toEqual(before);
  });
});

describe('API responses pushed by a connector (X-Salesgraph-Signature)', () => {
  it('a page of orders: created, whole', async () => {
    const requests = square.requests.length;
    const page = { orders: [sample(CREATE_ORDER).order, retrievedOrder('PAGEORDER2').order], cursor: 'c' };
    const res = await pushSquareResponse(t, CODE, page);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      result: 'created',
      outcomes: [
        { externalId: sample(CREATE_ORDER).order.id, result: 'created' },
        { externalId: 'PAGEORDER2', result: 'created' },
      ],
    });
    expect(await stored(sample(CREATE_ORDER).order.id)).toMatchObject({ number: 'my-order-001', totalMinor: 6176, taxTotalMinor: 510 });
    expect(square.requests).toHaveLength(requests);
  });

  it('a page with one bad order: 422 at its path, nothing stored', async () => {
    const before = await counts();
    const bad = variant(RETRIEVE_ORDER, ({ order }) => Object.assign(order, { id: 'PAGEBAD' }, { line_items: [{ ...order.line_items[0], quantity: '0.5' }] }));
    const res = await pushSquareResponse(t, CODE, { orders: [retrievedOrder('PAGEGOOD').order, bad.order] });
    expect([res.status, res.body.error.path]).toEqual([422, 'orders[1].line_items[0].quantity']);
    expect(await counts()).toEqual({ ...before, dead: before.dead + 1 });
  });
});

describe('the Square API down', () => {
  const event = orderEvent(WEBHOOK_ORDER_CREATED, 'evt-while-down', 'DOWNORDER', 1);
  const body = JSON.stringify(event);
  const deliver = () =>
    fetch(`${t.url}/channels/${CODE}/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': squareSignature(SQUARE_SIGNATURE_KEY, notificationUrlOf(CODE), body) },
      body,
    });

  it('answers 503 with Retry-After and stores nothing', async () => {
    await square.close();
    const before = await counts();
    const res = await deliver();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await res.json()).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(await counts()).toEqual(before);
    expect(await stored('DOWNORDER')).toBeNull();
  });

  it("passes on the wait Square asks for when it throttles", async () => {
    const throttling = await startSquareStandIn();
    throttling.throttle = { status: 429, retryAfter: '7' };
    const update = await t.gql(UpdateChannelDocument, { code: CODE, input: { settings: { apiBaseUrl: throttling.baseUrl, accessToken: SQUARE_TOKEN, notificationUrl: notificationUrlOf(CODE) } } });
    expect(update.errors).toBeUndefined();
    try {
      const before = await counts();
      const res = await deliver();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await counts()).toEqual(before);
    } finally {
      await throttling.close();
    }
  });

  it("Square's retry of the same event, once the API is back, is fetched and created (not a duplicate)", async () => {
    square = await startSquareStandIn();
    square.orders.set('DOWNORDER', retrievedOrder('DOWNORDER'));
    const update = await t.gql(UpdateChannelDocument, { code: CODE, input: { settings: { apiBaseUrl: square.baseUrl, accessToken: SQUARE_TOKEN, notificationUrl: notificationUrlOf(CODE) } } });
    expect(update.errors).toBeUndefined();
    const res = await deliver();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: 'created', outcomes: [{ externalId: 'DOWNORDER', result: 'created' }] });
    expect(square.requests).toHaveLength(1);
  });
});
