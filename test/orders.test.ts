import { ChannelKind } from '../src/channels/channel-kind';
import { Channel } from '../src/channels/channel.entity';
import { OrderStatus } from '../src/orders/order-status';
import { makeChannel, makeCustomer, makeOrder } from '../src/testing/factories';
import {
  OrderByExternalIdDocument,
  OrderByIdDocument,
  OrdersCountDocument,
  OrdersWithDetailsDocument,
} from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;
let customerId: string;
const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);

beforeAll(async () => {
  t = await startTestGateway();
  const em = t.em();
  const web = await makeChannel(em, { code: 'web', currencyCode: 'USD' });
  const jp = await makeChannel(em, { code: 'amazon-jp', kind: ChannelKind.MARKETPLACE, plugin: 'amazon-sp-api', currencyCode: 'JPY' });
  const kw = await makeChannel(em, { code: 'store-kw', kind: ChannelKind.OFFLINE_STORE, plugin: 'pos-csv', currencyCode: 'KWD' });
  const customer = await makeCustomer(em, { name: 'Ahmed' });
  customerId = String(customer.id);
  // 45 web orders one minute apart, three of them at the very same instant
  for (let i = 0; i < 45; i++) {
    await makeOrder(em, {
      channel: web,
      externalId: `w-${i}`,
      number: `#${1000 + i}`,
      placedAt: new Date(i >= 42 ? T0 + 42 * 60_000 : T0 + i * 60_000),
      status: i % 3 === 0 ? OrderStatus.FULFILLED : OrderStatus.PAID,
      lines: [{ sku: i === 7 ? 'MUG-RED' : `SKU-${i}`, unitPrice: '12.50', quantity: 2, discount: '1.00', tax: '2.06' }],
      shipping: '4.99',
    });
  }
  await makeOrder(em, {
    channel: jp,
    externalId: '250-1234567-7654321',
    placedAt: new Date(T0 - 86_400_000),
    lines: [{ sku: 'TEA-1', unitPrice: '5980', quantity: 1 }],
    couponCodes: ['SPRING'],
  });
  await makeOrder(em, {
    channel: kw,
    externalId: 'kw-1:R-1',
    number: 'R-1',
    customer,
    placedAt: new Date(T0 - 2 * 86_400_000),
    status: OrderStatus.REFUNDED,
    lines: [{ sku: 'OUD', unitPrice: '12.345', quantity: 1, tax: '0.005' }],
  });
});

afterAll(() => t?.stop());

describe('orders', () => {
  it('pages newest first with stable cursors, default page size 20', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    do {
      const res = await t.gql(OrdersWithDetailsDocument, { after });
      expect(res.errors).toBeUndefined();
      const page = res.data!.orders;
      expect(page.edges.length).toBeLessThanOrEqual(20);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined);
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(47);
    expect(new Set(seen).size).toBe(47);
    const numbers = (await t.gql(OrdersWithDetailsDocument, { first: 5 })).data!.orders.edges.map((e) => e.node.number);
    // three orders share the newest instant: the higher id comes first
    expect(numbers).toEqual(['#1044', '#1043', '#1042', '#1041', '#1040']);
  });

  it('keeps the next page stable when a newer order arrives in between', async () => {
    const first = await t.gql(OrdersWithDetailsDocument, { first: 10 });
    const em = t.em();
    await makeOrder(em, {
      channel: await em.findOneOrFail(Channel, { code: 'web' }),
      externalId: 'late-arrival',
      placedAt: new Date(T0 + 100 * 60_000),
    });
    const next = await t.gql(OrdersWithDetailsDocument, { first: 10, after: first.data!.orders.pageInfo.endCursor });
    expect(next.data!.orders.edges[0].node.number).toBe('#1034');
    await em.getConnection().execute("delete from \"order\" where external_id = 'late-arrival'");
  });

  it('refuses a page over 500 with BAD_USER_INPUT', async () => {
    const res = await t.gql(OrdersWithDetailsDocument, { first: 501 });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(res.errors?.[0].message).toMatch(/500/);
  });

  it('refuses a cursor it did not give out', async () => {
    const res = await t.gql(OrdersWithDetailsDocument, { after: 'bm90LWEtY3Vyc29y' });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('counts only when asked, and the count follows the filter', async () => {
    const all = await t.gql(OrdersCountDocument, {});
    expect(all.data!.orders.totalCount).toBe(47);
    const jp = await t.gql(OrdersCountDocument, { filter: { channelCodes: ['amazon-jp', 'store-kw'] } });
    expect(jp.data!.orders.totalCount).toBe(2);
    const fulfilled = await t.gql(OrdersCountDocument, { filter: { statuses: ['FULFILLED'] } });
    expect(fulfilled.data!.orders.totalCount).toBe(15);
  });

  it('filters by placed time, from inclusive to exclusive', async () => {
    const res = await t.gql(OrdersCountDocument, {
      filter: { placedFrom: new Date(T0).toISOString(), placedTo: new Date(T0 + 10 * 60_000).toISOString() },
    });
    expect(res.data!.orders.totalCount).toBe(10);
  });

  it('filters by customer', async () => {
    const res = await t.gql(OrdersWithDetailsDocument, { filter: { customerId } });
    expect(res.data!.orders.edges.map((e) => e.node.number)).toEqual(['R-1']);
  });

  it('searches by order number with or without "#", by external id and by SKU', async () => {
    const find = async (search: string) =>
      (await t.gql(OrdersWithDetailsDocument, { filter: { search } })).data!.orders.edges.map((e) => e.node.number);
    expect(await find('#1003')).toEqual(['#1003']);
    expect(await find('1003')).toEqual(['#1003']);
    expect(await find('250-1234567-7654321')).toEqual(['250-1234567-7654321']);
    expect(await find('MUG-RED')).toEqual(['#1007']);
    expect(await find('nothing-like-this')).toEqual([]);
  });

  it('gives money as exact decimals in the currency: USD two places', async () => {
    const res = await t.gql(OrderByExternalIdDocument, { channelCode: 'web', externalId: 'w-1' });
    const order = res.data!.orderByExternalId!;
    expect(order.subtotal).toEqual({ amount: '25.00', currencyCode: 'USD' });
    expect(order.discountTotal.amount).toBe('1.00');
    expect(order.taxTotal.amount).toBe('2.06');
    expect(order.shippingTotal.amount).toBe('4.99');
    expect(order.total.amount).toBe('31.05');
    expect(order.refundedTotal.amount).toBe('0.00');
    expect(order.lines[0]).toMatchObject({ quantity: 2, unitPrice: { amount: '12.50' }, total: { amount: '26.06' } });
    expect(order.campaigns).toEqual([]);
  });

  it('keeps zero decimals for JPY', async () => {
    const res = await t.gql(OrderByExternalIdDocument, { channelCode: 'amazon-jp', externalId: '250-1234567-7654321' });
    expect(res.data!.orderByExternalId!.total).toEqual({ amount: '5980', currencyCode: 'JPY' });
    expect(res.data!.orderByExternalId!.couponCodes).toEqual(['SPRING']);
  });

  it('keeps three decimals for KWD', async () => {
    const res = await t.gql(OrderByExternalIdDocument, { channelCode: 'store-kw', externalId: 'kw-1:R-1' });
    expect(res.data!.orderByExternalId!.total).toEqual({ amount: '12.350', currencyCode: 'KWD' });
    expect(res.data!.orderByExternalId!.status).toBe('REFUNDED');
  });

  it('gives placedAt in ISO-8601 UTC', async () => {
    const res = await t.gql(OrderByExternalIdDocument, { channelCode: 'web', externalId: 'w-0' });
    expect(res.data!.orderByExternalId!.placedAt).toBe('2026-11-01T12:00:00.000Z');
  });

  it('answers null for an order that does not exist', async () => {
    expect((await t.gql(OrderByIdDocument, { id: '999999' })).data!.order).toBeNull();
    expect((await t.gql(OrderByIdDocument, { id: 'not-an-id' })).data!.order).toBeNull();
    const missing = await t.gql(OrderByExternalIdDocument, { channelCode: 'web', externalId: 'nope' });
    expect(missing.data!.orderByExternalId).toBeNull();
  });
});
