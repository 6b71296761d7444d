import { Order } from '../src/orders/order.entity';
import { OrderEvent } from '../src/events/order-event.entity';
import { DeadLetter } from '../src/ingest/dead-letter.entity';
import { Customer } from '../src/customers/customer.entity';
import { CreateChannelDocument, OrderByExternalIdDocument, UpdateChannelDocument } from '../src/testing/generated/graphql';
import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { postWebhook, salesgraphSignature } from '../src/testing/webhooks';

const SECRET = 'acme-webhook-secret';
let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN], bodyLimitBytes: 1024 * 1024 });
  for (const code of ['acme', 'acme-eu']) {
    const res = await t.gql(CreateChannelDocument, {
      input: { code, name: code, kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: code === 'acme' ? 'USD' : 'EUR', webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
    });
    expect(res.errors).toBeUndefined();
  }
});

afterAll(() => t?.stop());

function order(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    number: `A-${id}`,
    status: 'PAID',
    placed_at: '2026-11-20T10:00:00+09:00',
    updated_at: '2026-11-20T10:00:00+09:00',
    currency: 'USD',
    total: '30.00',
    lines: [
      { sku: 'MUG', title: 'Mug', qty: 2, price: '10.00' },
      { sku: 'TEA', title: 'Tea', qty: 1, price: '10.00' },
    ],
    buyer: { id: `b-${id}`, email: `buyer-${id}@example.com`, name: 'Ana Buyer' },
    ...overrides,
  };
}

function send(body: unknown, options: { channel?: string; secret?: string; delivery?: string; raw?: string } = {}) {
  const text = options.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(options.secret ?? SECRET, text) };
  if (options.delivery) headers['x-acme-delivery'] = options.delivery;
  return postWebhook(t, options.channel ?? 'acme', text, headers);
}

const countOrders = () => t.em().count(Order, {});

describe('webhook ingestion', () => {
  it('creates an order, answering only after commit with the per-order outcome', async () => {
    const res = await send({ orders: [order('1001')] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ result: 'created', outcomes: [{ externalId: '1001', result: 'created' }] });
    expect(res.body.orderIds).toHaveLength(1);
    const stored = await t.gql(OrderByExternalIdDocument, { channelCode: 'acme', externalId: '1001' });
    expect(stored.data!.orderByExternalId).toMatchObject({
      number: 'A-1001',
      status: 'PAID',
      placedAt: '2026-11-20T01:00:00.000Z',
      total: { amount: '30.00', currencyCode: 'USD' },
      subtotal: { amount: '30.00', currencyCode: 'USD' },
    });
    expect(stored.data!.orderByExternalId!.lines.map((l) => l.sku)).toEqual(['MUG', 'TEA']);
  });

  it('answers duplicate for the same order sent again', async () => {
    const res = await send({ orders: [order('1001')] });
    expect(res.body).toMatchObject({ result: 'duplicate', outcomes: [{ externalId: '1001', result: 'duplicate' }] });
  });

  it('answers updated when the order changed, and records the events', async () => {
    const res = await send({ orders: [order('1001', { status: 'CANCELLED', updated_at: '2026-11-21T10:00:00+09:00' })] });
    expect(res.body.result).toBe('updated');
    const events = await t.em().find(OrderEvent, { order: Number(res.body.orderIds[0]) }, { orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['CREATED', 'UPDATED', 'CANCELLED']);
  });

  it('answers stale for a version older than the stored one, and changes nothing', async () => {
    const res = await send({ orders: [order('1001', { status: 'FULFILLED', updated_at: '2026-11-20T12:00:00+09:00' })] });
    expect(res.body).toMatchObject({ result: 'stale', outcomes: [{ externalId: '1001', result: 'stale' }] });
    const stored = await t.gql(OrderByExternalIdDocument, { channelCode: 'acme', externalId: '1001' });
    expect(stored.data!.orderByExternalId!.status).toBe('CANCELLED');
  });

  it('answers a repeated delivery id with duplicate, even for a changed body', async () => {
    const first = await send({ orders: [order('1002')] }, { delivery: 'dlv-1' });
    expect(first.body.result).toBe('created');
    const again = await send({ orders: [order('1002', { total: '31.00' })] }, { delivery: 'dlv-1' });
    expect(again.body).toMatchObject({ result: 'duplicate', orderIds: first.body.orderIds, outcomes: [{ externalId: '1002', result: 'duplicate' }] });
  });

  it('takes a page of several orders whole, reporting each', async () => {
    const res = await send({ orders: [order('2001'), order('2002'), order('1001', { status: 'CANCELLED', updated_at: '2026-11-21T10:00:00+09:00' })] });
    expect(res.body.result).toBe('created');
    expect(res.body.outcomes).toEqual([
      { externalId: '2001', result: 'created' },
      { externalId: '2002', result: 'created' },
      { externalId: '1001', result: 'duplicate' },
    ]);
  });

  it('keeps orders of one channel apart from another channel\'s same ids', async () => {
    const res = await send({ orders: [order('1001', { currency: 'EUR', total: '30.00' })] }, { channel: 'acme-eu' });
    expect(res.body.result).toBe('created');
    const eu = await t.gql(OrderByExternalIdDocument, { channelCode: 'acme-eu', externalId: '1001' });
    expect(eu.data!.orderByExternalId!.total).toEqual({ amount: '30.00', currencyCode: 'EUR' });
  });
});

describe('one customer across channels', () => {
  it('links buyers with the same e-mail on different channels to one customer', async () => {
    await send({ orders: [order('3001', { buyer: { id: 'x-1', email: 'Same.Person@Example.com', name: 'Same Person' } })] });
    await send({ orders: [order('3002', { currency: 'EUR', buyer: { id: 'y-9', email: 'same.person@example.com', phone: '+49 30 901820' } })] }, { channel: 'acme-eu' });
    const customers = await t.em().find(Customer, { email: 'same.person@example.com' });
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ name: 'Same Person', phone: '+4930901820' });
  });

  it('never links on a marketplace relay e-mail', async () => {
    await send({ orders: [order('3003', { buyer: { id: 'r-1', email: 'relay-abc@marketplace.example', relay: true } })] });
    await send({ orders: [order('3004', { buyer: { id: 'r-2', email: 'relay-abc@marketplace.example', relay: true } })] });
    const a = await t.em().findOneOrFail(Order, { externalId: '3003' });
    const b = await t.em().findOneOrFail(Order, { externalId: '3004' });
    expect(a.customer!.id).not.toBe(b.customer!.id);
    expect(await t.em().count(Customer, { email: 'relay-abc@marketplace.example' })).toBe(0);
  });
});

describe('refused deliveries', () => {
  it('401 for a bad signature, storing nothing', async () => {
    const before = await countOrders();
    const res = await send({ orders: [order('4001')] }, { secret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('BAD_SIGNATURE');
    const missing = await postWebhook(t, 'acme', JSON.stringify({ orders: [order('4001')] }), { 'content-type': 'application/json' });
    expect(missing.status).toBe(401);
    expect(await countOrders()).toBe(before);
    expect(await t.em().count(DeadLetter, {})).toBe(0);
  });

  it('404 for an unknown channel', async () => {
    const res = await send({ orders: [order('4002')] }, { channel: 'nope' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('UNKNOWN_CHANNEL');
  });

  it('413 for a body over the limit', async () => {
    const res = await send(null, { raw: JSON.stringify({ orders: [], pad: 'x'.repeat(10 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
  });

  it.each([
    ['a truncated body', null, '{"orders": [{"id": "5001", "tot', ''],
    ['a body that is not JSON', null, 'hello', ''],
    ['an amount in words', order('5002', { total: 'twelve' }), null, 'orders[0].total'],
    ['a negative quantity', order('5003', { lines: [{ title: 'Mug', qty: -3, price: '10.00' }] }), null, 'orders[0].lines[0].qty'],
    ['an unknown currency', order('5004', { currency: 'XYZ' }), null, 'orders[0].lines[0].price'],
    ['more decimals than the currency has', order('5005', { total: '30.001' }), null, 'orders[0].total'],
    ['a missing id', order('5006', { id: undefined }), null, 'orders[0].id'],
  ])('422 and a dead letter for %s, nothing stored', async (_label, bad, raw, path) => {
    const before = await countOrders();
    const res = await send({ orders: [bad] }, raw ? { raw } : {});
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'INVALID_PAYLOAD', path });
    const letter = await t.em().findOneOrFail(DeadLetter, { id: Number(res.body.deadLetterId) });
    expect(letter.reason).toBe(res.body.error.message);
    expect(await countOrders()).toBe(before);
  });

  it('rejects a page with one bad order whole: nothing partial is committed', async () => {
    const before = await countOrders();
    const res = await send({ orders: [order('6001'), order('6002', { total: 'twelve' }), order('6003')] });
    expect(res.status).toBe(422);
    expect(res.body.error.path).toBe('orders[1].total');
    expect(await countOrders()).toBe(before);
  });

  it('403 for a disabled channel', async () => {
    await t.gql(UpdateChannelDocument, { code: 'acme-eu', input: { enabled: false } });
    const res = await send({ orders: [order('7001', { currency: 'EUR' })] }, { channel: 'acme-eu' });
    expect(res.status).toBe(403);
    await t.gql(UpdateChannelDocument, { code: 'acme-eu', input: { enabled: true } });
  });
});

describe('dead letters', () => {
  it('are listed for ADMIN and replayed after a fix', async () => {
    const res = await send({ orders: [order('8001', { status: 'SHIPPED' })] });
    expect(res.status).toBe(422);
    const list = await t.gql<{ deadLetters: Array<{ id: string; reason: string; path: string; channel: { code: string } }> }, unknown>(
      '{ deadLetters(replayed: false) { id reason path channel { code } } }',
    );
    const letter = list.data!.deadLetters.find((d) => d.id === res.body.deadLetterId)!;
    expect(letter).toMatchObject({ path: 'orders[0].status', channel: { code: 'acme' } });
    expect(letter.reason).toMatch(/SHIPPED/);

    // the "fix": the stored payload is corrected by the channel's operator in this test by replaying a fixed copy
    const stillBad = await t.gql<{ replayDeadLetter: { accepted: boolean } }, unknown>('mutation($id: ID!) { replayDeadLetter(id: $id) { accepted result } }', { id: letter.id });
    expect(stillBad.data!.replayDeadLetter.accepted).toBe(false);

    const fixable = await send({ orders: [order('8002', { currency: 'usd' })] });
    expect(fixable.status).toBe(200);
  });
});
