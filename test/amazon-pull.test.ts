/**
 * An Amazon seller account in pull mode: the gateway polls the v0 Orders API (a local stand-in
 * here, serving the shared samples as their files hold them, plus item pages written in Amazon's
 * format where a case needs them) and stores what it finds through the same pipeline as pushed
 * responses. Runs are started by the test (`runOnce`), never by a timer; which process pulls is
 * decided by the lease in the database, with the runners' clocks given explicitly.
 */
import { Channel } from '../src/channels/channel.entity';
import { DeadLetter } from '../src/ingest/dead-letter.entity';
import { PayloadArchive } from '../src/ingest/payload-archive.entity';
import { ChannelPullState } from '../src/ingest/pull-state.entity';
import { PullRunner } from '../src/ingest/pull-runner';
import { OrderEvent } from '../src/events/order-event.entity';
import { Order } from '../src/orders/order.entity';
import { CreateChannelDocument, OrderByExternalIdDocument } from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { GET_ITEMS, GET_ORDERS, GET_ORDERS_PENDING, pagedItems, raw, sampleText, unpricedItems } from '../plugins/amazon-sp-api/test-fixtures';
import { itemPagesOf, startAmazonStandIn, type AmazonStandIn } from './support/amazon-orders-api';

const START = '1970-01-01T00:00:00Z';
const PAGE_2_TOKEN = raw(GET_ORDERS_PENDING).payload.NextToken as string; // the sample's own NextToken
const PENDING_ID = raw(GET_ORDERS_PENDING).payload.Orders[0].AmazonOrderId as string; // 902-3159896-1390916, page 1
const [CANCELLED_ID, SECOND_ID] = raw(GET_ORDERS).payload.Orders.map((o: { AmazonOrderId: string }) => o.AmazonOrderId); // page 2
const HIGH_WATER = new Date(raw(GET_ORDERS_PENDING).payload.Orders[0].LastUpdateDate).toISOString(); // the newest LastUpdateDate
const ACCESS_TOKEN = 'Atza|pull-test-token';
const ORDERS_PATH = '/orders/v0/orders';

let t: TestGateway;
let amazon: AmazonStandIn;
let channelCode: string;
let runners: PullRunner[] = [];
let channels = 0;

beforeAll(async () => {
  t = await startTestGateway();
});

afterAll(() => t?.stop());

/** A fresh stand-in serving the two getOrders pages and every order's items, and a channel pulling from it. */
beforeEach(async () => {
  amazon = await startAmazonStandIn();
  amazon.orderPages.set(new Date(START).toISOString(), sampleText(GET_ORDERS_PENDING)); // page 1: the Pending order, NextToken
  amazon.orderPages.set(PAGE_2_TOKEN, sampleText(GET_ORDERS)); // page 2: two Unshipped orders, no NextToken
  amazon.itemPages.set(PENDING_ID, itemPagesOf(unpricedItems(PENDING_ID)));
  amazon.itemPages.set(CANCELLED_ID, itemPagesOf(sampleText(GET_ITEMS)));
  amazon.itemPages.set(SECOND_ID, itemPagesOf(...pagedItems(SECOND_ID, 'items-page-2')));
  channelCode = `amazon-pull-${++channels}`;
  const res = await t.gql(CreateChannelDocument, {
    input: {
      code: channelCode,
      name: 'Amazon.com, pulled',
      kind: 'MARKETPLACE',
      plugin: 'amazon-sp-api',
      currencyCode: 'USD',
      settings: { pull: true, apiBaseUrl: amazon.baseUrl, marketplaceIds: 'ATVPDKIKX0DER', accessToken: ACCESS_TOKEN, pullUpdatedAfter: START },
    } as never,
  });
  expect(res.errors).toBeUndefined();
});

/** Each test pulls its own channel only: the others are disabled, the runners stopped (lease released). */
afterEach(async () => {
  for (const runner of runners) await runner.stop();
  runners = [];
  await t.em().nativeUpdate(Channel, { code: channelCode }, { enabled: false });
  await amazon.close();
});

/** A pull runner of another gateway process on the same database, with its own clock. */
function runner(holder: string, now: () => number = Date.now): PullRunner {
  const { orm, plugins, services, log } = t.gateway;
  const created = new PullRunner({ orm, plugins, ingest: services.ingest, log, intervalMs: 60_000, leaseTtlMs: 60_000, holder, now });
  runners.push(created);
  return created;
}

const orderIds = async () => (await t.em().find(Order, { channel: { code: channelCode } }, { orderBy: { externalId: 'asc' } })).map((o) => o.externalId);
const pullState = () => t.em().findOneOrFail(ChannelPullState, { channel: { code: channelCode } });
const orderRequests = () => amazon.requests.filter((r) => r.path === ORDERS_PATH);
const orderByExternalId = async (externalId: string) =>
  (await t.gql(OrderByExternalIdDocument, { channelCode, externalId })).data!.orderByExternalId!;
const createdEvents = () => t.em().count(OrderEvent, { channel: { code: channelCode }, type: 'CREATED' });

describe('Amazon pull mode', () => {
  it('pages getOrders over NextToken and stores every order exactly once, with its items', async () => {
    const report = await runner('gateway-a').runOnce();

    expect(report).toEqual({ leader: true, channels: [{ channel: channelCode, pages: 2, payloads: 5, complete: true, error: null }] });
    expect(orderRequests().map((r) => r.query)).toEqual([
      { MarketplaceIds: 'ATVPDKIKX0DER', LastUpdatedAfter: '1970-01-01T00:00:00.000Z' },
      { MarketplaceIds: 'ATVPDKIKX0DER', NextToken: PAGE_2_TOKEN },
    ]);
    expect(amazon.requests.every((r) => r.accessToken === ACCESS_TOKEN)).toBe(true);
    expect(await orderIds()).toEqual([PENDING_ID, CANCELLED_ID, SECOND_ID].sort());
    expect(await createdEvents()).toBe(3);

    const cancelled = await orderByExternalId(CANCELLED_ID);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', total: { amount: '11.01', currencyCode: 'USD' }, lines: [{ sku: 'NABetaASINB00551Q3CS', quantity: 1 }] });
    const pending = await orderByExternalId(PENDING_ID);
    expect(pending).toMatchObject({ status: 'PENDING', total: { amount: '0.00', currencyCode: 'USD' } });
  });

  it('merges the item pages of one order (getOrderItems NextToken) into one order', async () => {
    await runner('gateway-a').runOnce();

    expect(amazon.requests.filter((r) => r.path === `${ORDERS_PATH}/${SECOND_ID}/orderItems`).map((r) => r.query)).toEqual([{}, { NextToken: 'items-page-2' }]);
    const order = await orderByExternalId(SECOND_ID);
    expect(order.status).toBe('PAID');
    expect(order.lines.map((l) => [l.sku, l.total.amount])).toEqual([['PULL-A', '6.61'], ['PULL-B', '4.40']]);
    expect([order.subtotal.amount, order.taxTotal.amount, order.total.amount]).toEqual(['10.00', '1.01', '11.01']);
    const archived = await t.em().find(PayloadArchive, { channel: { code: channelCode }, body: { $like: `%${SECOND_ID}%OrderItems%` } });
    expect(archived.map((a) => JSON.parse(a.body).payload.OrderItems.length)).toEqual([2]);
  });

  it('saves the NextToken while paging and the newest LastUpdateDate once done; the next run starts there', async () => {
    await runner('gateway-a').runOnce();
    expect(JSON.parse((await pullState()).cursor!)).toEqual({ lastUpdatedAfter: HIGH_WATER });

    amazon.requests.length = 0;
    const again = await runner('gateway-a').runOnce();
    expect(again.channels[0]).toMatchObject({ complete: true, error: null });
    expect(orderRequests().map((r) => r.query)).toEqual([{ MarketplaceIds: 'ATVPDKIKX0DER', LastUpdatedAfter: HIGH_WATER }]);
    expect(await orderIds()).toHaveLength(3);
    expect(await createdEvents()).toBe(3);
  });

  it('a run interrupted after page 1 (page 2 answers 500) resumes from the saved cursor and creates nothing twice', async () => {
    amazon.failing = (r) => (r.query.NextToken === PAGE_2_TOKEN ? 500 : null);
    const first = await runner('gateway-a').runOnce();

    expect(first.channels[0]).toMatchObject({ pages: 1, complete: false });
    expect(first.channels[0].error).toContain('answered 500');
    expect(await orderIds()).toEqual([PENDING_ID]);
    const stopped = await pullState();
    expect(JSON.parse(stopped.cursor!)).toEqual({ lastUpdatedAfter: '1970-01-01T00:00:00.000Z', nextToken: PAGE_2_TOKEN, highWater: HIGH_WATER });
    expect(stopped.lastError).toContain('answered 500');

    amazon.failing = null;
    amazon.requests.length = 0;
    const resumed = await runner('gateway-a').runOnce();
    expect(resumed.channels[0]).toMatchObject({ pages: 1, complete: true, error: null });
    expect(orderRequests().map((r) => r.query)).toEqual([{ MarketplaceIds: 'ATVPDKIKX0DER', NextToken: PAGE_2_TOKEN }]);
    expect(await orderIds()).toEqual([PENDING_ID, CANCELLED_ID, SECOND_ID].sort());
    expect(await createdEvents()).toBe(3);
    expect(JSON.parse((await pullState()).cursor!)).toEqual({ lastUpdatedAfter: HIGH_WATER });
    expect((await pullState()).lastError).toBeNull();
  });

  it('429 from the API means retry later: the page is not stored, its cursor not saved, nothing lost', async () => {
    amazon.failing = (r) => (r.path.endsWith(`/${PENDING_ID}/orderItems`) ? 429 : null);
    const throttled = await runner('gateway-a').runOnce();

    expect(throttled.channels[0]).toMatchObject({ pages: 0, complete: false });
    expect(throttled.channels[0].error).toContain('429');
    expect(await orderIds()).toEqual([]);
    expect((await pullState()).cursor).toBeNull();
    expect(await t.em().count(DeadLetter, { channel: { code: channelCode } })).toBe(0);

    amazon.failing = null;
    await runner('gateway-a').runOnce();
    expect(await orderIds()).toEqual([PENDING_ID, CANCELLED_ID, SECOND_ID].sort());
  });

  it('an API that does not answer at all is retried later too', async () => {
    await amazon.close();
    const unreachable = await runner('gateway-a').runOnce();
    expect(unreachable.channels[0]).toMatchObject({ pages: 0, complete: false });
    expect(unreachable.channels[0].error).toContain('did not answer');
    expect((await pullState()).cursor).toBeNull();
    amazon = await startAmazonStandIn(); // for afterEach
  });

  it('a channel without pull mode on is not pulled', async () => {
    await t.em().nativeUpdate(Channel, { code: channelCode }, { settings: { pull: false, apiBaseUrl: amazon.baseUrl } });
    expect(await runner('gateway-a').runOnce()).toEqual({ leader: true, channels: [] });
    expect(amazon.requests).toEqual([]);
  });
});

describe('one gateway process pulls at a time (the pull lease)', () => {
  it('while one runner is pulling, another on the same database does not pull', async () => {
    const held = amazon.hold();
    const a = runner('gateway-a');
    const b = runner('gateway-b');
    const running = a.runOnce();
    await held.reached; // a is waiting for page 1

    expect(await b.runOnce()).toEqual({ leader: false, channels: [] });
    held.open();
    expect((await running).leader).toBe(true);
    expect(orderRequests()).toHaveLength(2); // a's two pages, nothing from b
    expect(await orderIds()).toHaveLength(3);
  });

  it('the other runner takes over once the lease expires, and the first then stands by', async () => {
    let clock = Date.now();
    const a = runner('gateway-a', () => clock);
    const b = runner('gateway-b', () => clock);
    expect((await a.runOnce()).leader).toBe(true);
    expect((await b.runOnce()).leader).toBe(false);

    clock += 60_000; // a's lease (60 s) has run out without a renewal: a died, say
    amazon.requests.length = 0;
    expect((await b.runOnce()).leader).toBe(true);
    expect(orderRequests().map((r) => r.query.LastUpdatedAfter)).toEqual([HIGH_WATER]); // b goes on from a's cursor
    expect((await a.runOnce()).leader).toBe(false);
  });

  it('a runner that stops releases the lease at once, and the other takes over', async () => {
    const a = runner('gateway-a');
    const b = runner('gateway-b');
    expect((await a.runOnce()).leader).toBe(true);
    expect((await b.runOnce()).leader).toBe(false);
    await a.stop();
    expect((await b.runOnce()).leader).toBe(true);
  });

  it("the gateway's own runner pulls through the same lease", async () => {
    const report = await t.gateway.pull.runOnce();
    expect(report.leader).toBe(true);
    expect(await orderIds()).toHaveLength(3);
    expect((await runner('gateway-b').runOnce()).leader).toBe(false);
    await t.gateway.pull.stop();
    expect((await runner('gateway-c').runOnce()).leader).toBe(true);
  });
});
