import { customerStatsOf } from '../src/ingest/store/customer-stats-sql';
import { salesSlotsOf } from '../src/ingest/store/sales-slot-sql';
import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { acmeOrder, postWebhook, salesgraphSignature } from '../src/testing/webhooks';

// The sales slots and customers' stats the write path keeps by difference must always equal a recount from the orders.
const SECRET = 'slots-secret';
let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
  for (const [code, currencyCode] of [['acme', 'USD'], ['acme-eu', 'EUR']]) {
    const res = await t.gql('mutation($input: CreateChannelInput!) { createChannel(input: $input) { code } }', {
      input: { code, name: code, kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode, webhookSecret: SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
    });
    expect(res.errors).toBeUndefined();
  }
});

afterAll(() => t?.stop());

function send(channel: string, orders: Array<Record<string, unknown>>) {
  const body = JSON.stringify({ orders });
  return postWebhook(t, channel, body, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(SECRET, body) });
}

/** Rows as sorted strings of these columns, times as epoch milliseconds (PostgreSQL answers dates, SQLite numbers). */
function normalize(columns: string, rows: Array<Record<string, unknown>>): string[] {
  const time = (v: unknown) => (v instanceof Date ? v.getTime() : String(Number(v)));
  return rows.map((r) => columns.split(', ').map((c) => (c.endsWith('_at') || c === 'slot_start' ? time(r[c]) : String(r[c]))).join('|')).sort();
}

const COLUMNS = 'channel_id, currency_code, slot_start, orders, units, gross_minor, discount_minor, refunded_minor, total_minor';

/** The slots as kept, and as recounted from every order, in one shape. */
async function keptAndRecounted() {
  const connection = t.em().getConnection();
  const dialect = t.gateway.config.database.dialect;
  const kept = await connection.execute(`select ${COLUMNS} from sales_slot`);
  const recounted = await connection.execute(`select * from (${salesSlotsOf(dialect, 'from "order" as o where true')}) as r`);
  return { kept: normalize(COLUMNS, kept), recounted: normalize(COLUMNS, recounted) };
}

const STATS_COLUMNS = 'customer_id, channel_id, currency_code, order_count, total_minor, refunded_minor, first_order_at, last_order_at';

/** Customers' stats as kept, and as recounted from every order, in one shape. */
async function statsKeptAndRecounted() {
  const connection = t.em().getConnection();
  const kept = await connection.execute(`select ${STATS_COLUMNS} from customer_stats`);
  const recounted = await connection.execute(`with r (${STATS_COLUMNS}) as (${customerStatsOf('is not null')}) select * from r`);
  return { kept: normalize(STATS_COLUMNS, kept), recounted: normalize(STATS_COLUMNS, recounted) };
}

describe('sales slots kept by the write path', () => {
  it('equal a recount from the orders after creations, changes of lines and totals, moves between slots and currencies, refunds and cancellations, sent concurrently', async () => {
    const slot = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 10) + minutes * 60_000).toISOString();
    const line = (qty: number, price: string) => ({ sku: `S-${qty}`, title: 'Thing', qty, price });
    // first versions: 40 orders over four slots and two channels
    const first = Array.from({ length: 40 }, (_, i) =>
      acmeOrder(`o-${i}`, { placed_at: slot((Math.floor(i / 2) % 4) * 15 + 1), total: `${(i % 5) + 2}0.00`, lines: [line(i % 3 + 1, '10.00'), line(1, `${(i % 5) + 2 - ((i % 3) + 1)}0.00`)] }),
    );
    await Promise.all(first.map((order, i) => send(i % 2 ? 'acme-eu' : 'acme', [{ ...order, currency: i % 2 ? 'EUR' : 'USD' }]).expect(200)));
    let slots = await keptAndRecounted();
    expect(slots.kept.length).toBe(8);
    expect(slots.kept).toEqual(slots.recounted);

    // later versions, concurrently: new lines and totals, a move to another slot, a refund, a cancellation
    const later = first.map((order, i) => {
      const channelCurrency = i % 2 ? 'EUR' : 'USD';
      const changes: Record<string, unknown>[] = [
        { total: '90.00', lines: [line(9, '10.00')] },
        { placed_at: slot(75) },
        { refunded: '5.00' },
        { status: 'CANCELLED' },
        {},
      ];
      return [i % 2 ? 'acme-eu' : 'acme', { ...acmeOrder(order.id as string, { ...order, ...changes[i % 5] }), currency: channelCurrency }] as const;
    });
    const answers = await Promise.all(later.map(([channel, order]) => send(channel, [order])));
    expect(answers.map((a) => a.status)).toEqual(later.map(() => 200));
    slots = await keptAndRecounted();
    expect(slots.kept).toEqual(slots.recounted);
    // a fifth slot on each channel holds the moved orders
    expect(slots.kept.length).toBe(10);

    // every order of the first slot on one channel cancelled (one of them had moved to the fifth):
    // that slot is gone, as a recount has it
    const slotZero = first.filter((_, i) => i % 2 === 0 && Math.floor(i / 2) % 4 === 0);
    await Promise.all(slotZero.map((order) => send('acme', [{ ...acmeOrder(order.id as string, { ...order, status: 'CANCELLED' }), currency: 'USD' }]).expect(200)));
    slots = await keptAndRecounted();
    expect(slots.kept).toEqual(slots.recounted);
    expect(slots.kept.length).toBe(9);
  });

  it("keep customers' stats equal to a recount after new orders, changed totals and times, refunds, cancellations and orders moving between customers, sent concurrently", async () => {
    const at = (hours: number) => new Date(Date.UTC(2026, 10, 10) + hours * 3_600_000).toISOString();
    const buyer = (k: number) => ({ id: `stats-b-${k}`, email: `stats-buyer-${k}@example.com`, name: `Buyer ${k}` });
    const earlier = (await statsKeptAndRecounted()).kept.length;
    // five customers with eight orders each over both channels
    const first = Array.from({ length: 40 }, (_, i) =>
      acmeOrder(`s-${i}`, { placed_at: at(i), total: `${(i % 7) + 1}5.00`, buyer: buyer(i % 5), currency: i % 2 ? 'EUR' : 'USD' }),
    );
    await Promise.all(first.map((order, i) => send(i % 2 ? 'acme-eu' : 'acme', [order]).expect(200)));
    let stats = await statsKeptAndRecounted();
    expect(stats.kept.length).toBe(earlier + 10);
    expect(stats.kept).toEqual(stats.recounted);

    // each order changed one way: a new total, earlier or later than every other, refunded, cancelled, moved to another customer
    const changes: Array<(i: number) => Record<string, unknown>> = [
      () => ({ total: '99.00', lines: [{ sku: 'BIG', title: 'Big', qty: 1, price: '99.00' }] }),
      (i) => ({ placed_at: at(i % 4 ? 500 + i : -100 - i) }),
      () => ({ refunded: '4.00' }),
      () => ({ status: 'CANCELLED' }),
      (i) => ({ buyer: buyer((i + 1) % 5) }),
    ];
    const answers = await Promise.all(
      first.map((order, i) => send(i % 2 ? 'acme-eu' : 'acme', [acmeOrder(order.id as string, { ...order, ...changes[i % 5](i) })])),
    );
    expect(answers.map((a) => a.status)).toEqual(first.map(() => 200));
    stats = await statsKeptAndRecounted();
    expect(stats.kept).toEqual(stats.recounted);

    // the first and the last order of a customer's row cancelled (customer 0 in USD: orders 0, 10, 20 and 30,
    // and 4, 14, 24 and 34 moved to them): its times narrow as a recount has them
    await Promise.all([
      send('acme', [acmeOrder('s-0', { ...first[0], status: 'CANCELLED' })]).expect(200),
      send('acme', [acmeOrder('s-34', { ...first[34], buyer: buyer(0), status: 'CANCELLED' })]).expect(200),
    ]);
    stats = await statsKeptAndRecounted();
    expect(stats.kept).toEqual(stats.recounted);

    // every order of one customer on one channel cancelled: that row is gone, as a recount has it
    const before = stats.kept.length;
    const customerOneEur = first.filter((_, i) => i % 5 === 1 && i % 2 === 1);
    await Promise.all(customerOneEur.map((order) => send('acme-eu', [acmeOrder(order.id as string, { ...order, status: 'CANCELLED' })]).expect(200)));
    stats = await statsKeptAndRecounted();
    expect(stats.kept).toEqual(stats.recounted);
    expect(stats.kept.length).toBeLessThan(before);
  });
});
