import { ChannelKind } from '../src/channels/channel-kind';
import { makeChannel, makeCustomer, makeOrder } from '../src/testing/factories';
import { OrdersWithDetailsDocument } from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
  const em = t.em();
  const web = await makeChannel(em, { code: 'web', kind: ChannelKind.STOREFRONT });
  const store = await makeChannel(em, { code: 'store', kind: ChannelKind.OFFLINE_STORE, plugin: 'pos-csv' });
  const start = Date.UTC(2026, 9, 1);
  for (let i = 0; i < 220; i++) {
    const customer =
      i % 5 === 4
        ? null
        : await makeCustomer(em, {
            name: `Customer ${i}`,
            identities: [
              { channel: web, externalId: `web-c-${i}` },
              { channel: store, externalId: `card-${i}` },
            ],
          });
    await makeOrder(em, {
      channel: i % 2 ? web : store,
      externalId: `o-${i}`,
      customer,
      placedAt: new Date(start + i * 60_000),
      lines: [
        { sku: `A-${i}`, unitPrice: '5.00' },
        { sku: `B-${i}`, unitPrice: '7.50', quantity: 2 },
        { sku: `C-${i}`, unitPrice: '1.25' },
      ],
    });
  }
});

afterAll(() => t?.stop());

async function statementsFor(first: number): Promise<{ count: number; orders: number }> {
  t.sql.length = 0;
  const res = await t.gql(OrdersWithDetailsDocument, { first });
  expect(res.errors).toBeUndefined();
  const edges = res.data!.orders.edges;
  // every nested field really resolved
  expect(edges.every((e) => e.node.channel.code && e.node.lines.length === 3)).toBe(true);
  expect(edges.some((e) => e.node.customer?.identities.length === 2)).toBe(true);
  return { count: t.sql.length, orders: edges.length };
}

describe('the nested order list', () => {
  it('sends the same number of SQL statements for 10 orders as for 200', async () => {
    await statementsFor(10); // the key's last-used time is written on its first request of the minute
    const ten = await statementsFor(10);
    const twoHundred = await statementsFor(200);
    expect(ten.orders).toBe(10);
    expect(twoHundred.orders).toBe(200);
    expect(twoHundred.count).toBe(ten.count);
    // key lookup, orders page, channels, customers, identities, lines
    expect(ten.count).toBeLessThanOrEqual(6);
  });
});
