import { ChannelKind } from '../src/channels/channel-kind';
import { makeChannel, makeCustomer, makeOrder } from '../src/testing/factories';
import { CustomerSearchDocument, CustomerWithOrdersDocument } from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;
let liId: string;

beforeAll(async () => {
  t = await startTestGateway();
  const em = t.em();
  const web = await makeChannel(em, { code: 'web' });
  const store = await makeChannel(em, { code: 'store-sh', kind: ChannelKind.OFFLINE_STORE, plugin: 'pos-csv', currencyCode: 'CNY' });
  const li = await makeCustomer(em, {
    name: 'Li Wei',
    email: 'li.wei@example.cn',
    phone: '+8613900001111',
    identities: [
      { channel: web, externalId: '115310627314723954' },
      { channel: store, externalId: 'member-9001' },
    ],
  });
  liId = String(li.id);
  await makeCustomer(em, { name: 'Olivia Williams', email: 'olivia@example.com', phone: '+14155550100' });
  await makeCustomer(em, { name: '100% Cotton Co_op', email: 'buyer@cotton.example' });
  const base = Date.UTC(2026, 9, 1);
  for (let i = 0; i < 7; i++) {
    await makeOrder(em, {
      channel: i % 2 ? web : store,
      externalId: `li-${i}`,
      number: i === 3 ? '#5003' : `R-${i}`,
      customer: li,
      placedAt: new Date(base + i * 3_600_000),
    });
  }
});

afterAll(() => t?.stop());

const ids = (res: Awaited<ReturnType<TestGateway['gql']>>) =>
  (res.data as { customers: { edges: Array<{ node: { name: string } }> } }).customers.edges.map((e) => e.node.name);

describe('finding a customer', () => {
  it('by e-mail, whatever its case', async () => {
    expect(ids(await t.gql(CustomerSearchDocument, { search: 'LI.WEI@Example.cn' }))).toEqual(['Li Wei']);
  });

  it('by phone, however it is written', async () => {
    expect(ids(await t.gql(CustomerSearchDocument, { search: '+86 139 0000 1111' }))).toEqual(['Li Wei']);
    expect(ids(await t.gql(CustomerSearchDocument, { search: '+1 (415) 555-0100' }))).toEqual(['Olivia Williams']);
  });

  it('by part of the name, case-insensitive', async () => {
    expect(ids(await t.gql(CustomerSearchDocument, { search: 'olIVia' }))).toEqual(['Olivia Williams']);
  });

  it('treats % and _ in a name search as plain characters', async () => {
    expect(ids(await t.gql(CustomerSearchDocument, { search: '100%' }))).toEqual(['100% Cotton Co_op']);
    expect(ids(await t.gql(CustomerSearchDocument, { search: 'c_t' }))).toEqual([]);
  });

  it('by the number of an online order, as a store clerk taking a return would', async () => {
    expect(ids(await t.gql(CustomerSearchDocument, { search: '5003' }))).toEqual(['Li Wei']);
  });

  it('lists every customer newest first with a count', async () => {
    const res = await t.gql(CustomerSearchDocument, { first: 2 });
    expect(res.data!.customers.totalCount).toBe(3);
    expect(res.data!.customers.edges.map((e) => e.node.name)).toEqual(['100% Cotton Co_op', 'Olivia Williams']);
    const next = await t.gql(CustomerSearchDocument, { first: 2, after: res.data!.customers.pageInfo.endCursor });
    expect(next.data!.customers.edges.map((e) => e.node.name)).toEqual(['Li Wei']);
    expect(next.data!.customers.pageInfo.hasNextPage).toBe(false);
  });
});

describe("a customer's orders", () => {
  it('span every channel, newest first, in pages', async () => {
    const first = await t.gql(CustomerWithOrdersDocument, { id: liId, first: 4 });
    const customer = first.data!.customer!;
    expect(customer.identities.map((i) => i.channel.code).sort()).toEqual(['store-sh', 'web']);
    expect(customer.orders.totalCount).toBe(7);
    expect(customer.orders.edges.map((e) => e.node.number)).toEqual(['R-6', 'R-5', 'R-4', '#5003']);
    const rest = await t.gql(CustomerWithOrdersDocument, { id: liId, first: 4, after: customer.orders.pageInfo.endCursor });
    expect(rest.data!.customer!.orders.edges.map((e) => e.node.number)).toEqual(['R-2', 'R-1', 'R-0']);
    expect(rest.data!.customer!.orders.pageInfo.hasNextPage).toBe(false);
    expect(new Set(customer.orders.edges.map((e) => e.node.channel.code))).toEqual(new Set(['web', 'store-sh']));
  });

  it('are fetched for many customers in one statement', async () => {
    t.sql.length = 0;
    const res = await t.gql('{ customers(first: 50) { edges { node { name orders(first: 2) { edges { node { number } } } } } } }');
    expect(res.errors).toBeUndefined();
    const orderQueries = t.sql.filter((q) => /from "order" o where o\.customer_id in/.test(q));
    expect(orderQueries).toHaveLength(1);
  });
});
