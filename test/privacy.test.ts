import { Role } from '../src/auth/role';
import { ChannelKind } from '../src/channels/channel-kind';
import { makeChannel, makeCustomer, makeOrder } from '../src/testing/factories';
import { CustomerSearchDocument, CustomerWithOrdersDocument, OrderByIdDocument, OrdersWithDetailsDocument } from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;
let customerId: string;
let webOrderId: string;
let storeOrderId: string;
const keys: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  t = await startTestGateway();
  const em = t.em();
  const web = await makeChannel(em, { code: 'web' });
  const store = await makeChannel(em, { code: 'store', kind: ChannelKind.OFFLINE_STORE, plugin: 'pos-csv', currencyCode: 'CNY' });
  const customer = await makeCustomer(em, {
    name: 'Jane Doe',
    email: 'jane.doe@example.com',
    phone: '+8613800131234',
    identities: [
      { channel: web, externalId: 'shopify-207119551' },
      { channel: store, externalId: 'card-0042' },
    ],
  });
  customerId = String(customer.id);
  webOrderId = String((await makeOrder(em, { channel: web, externalId: '450789469', number: '#1001', customer })).id);
  storeOrderId = String(
    (await makeOrder(em, { channel: store, externalId: 'sh-01:R-77', number: 'R-77', customer, lines: [{ unitPrice: '99.00' }] })).id,
  );
  keys.ANALYST = await t.keyFor(Role.ANALYST);
  keys.DASHBOARD = await t.keyFor(Role.DASHBOARD);
  keys.PARTNER = await t.keyFor(Role.PARTNER, 'web');
});

afterAll(() => t?.stop());

describe('personal data', () => {
  it('is shown in full to ADMIN', async () => {
    const res = await t.gql(CustomerWithOrdersDocument, { id: customerId });
    expect(res.data!.customer).toMatchObject({ name: 'Jane Doe', email: 'jane.doe@example.com', phone: '+8613800131234' });
  });

  it('is masked for ANALYST: first letter and domain, country code and last four, first letter', async () => {
    const res = await t.gql(CustomerWithOrdersDocument, { id: customerId }, keys.ANALYST);
    expect(res.data!.customer).toMatchObject({ name: 'J***', email: 'j***@example.com', phone: '+86 *** **** 1234' });
  });

  it('is masked for DASHBOARD under an order', async () => {
    const res = await t.gql(OrderByIdDocument, { id: webOrderId }, keys.DASHBOARD);
    expect(res.data!.order!.customer).toMatchObject({ name: 'J***', email: 'j***@example.com', phone: '+86 *** **** 1234' });
  });

  it('keeps channel identities visible: they are not personal data', async () => {
    const res = await t.gql(CustomerWithOrdersDocument, { id: customerId }, keys.ANALYST);
    expect(res.data!.customer!.identities.map((i) => i.externalId).sort()).toEqual(['card-0042', 'shopify-207119551']);
  });

  it('cannot be searched by e-mail or phone with a masked role', async () => {
    for (const search of ['jane.doe@example.com', '+86 138 0013 1234']) {
      const res = await t.gql(CustomerSearchDocument, { search }, keys.ANALYST);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('lets a masked role find the customer by name or order number', async () => {
    const byName = await t.gql(CustomerSearchDocument, { search: 'jane' }, keys.ANALYST);
    expect(byName.data!.customers.edges.map((e) => e.node.id)).toEqual([customerId]);
    const byNumber = await t.gql(CustomerSearchDocument, { search: '1001' }, keys.ANALYST);
    expect(byNumber.data!.customers.edges.map((e) => e.node.id)).toEqual([customerId]);
  });
});

describe('a PARTNER key', () => {
  it("reads only its channel's orders", async () => {
    const res = await t.gql(OrdersWithDetailsDocument, { first: 10 }, keys.PARTNER);
    expect(res.data!.orders.edges.map((e) => e.node.channel.code)).toEqual(['web']);
  });

  it("gets null for another channel's order", async () => {
    const res = await t.gql(OrderByIdDocument, { id: storeOrderId }, keys.PARTNER);
    expect(res.errors).toBeUndefined();
    expect(res.data!.order).toBeNull();
  });

  it("sees only its channel's orders and identity under the customer, masked", async () => {
    const res = await t.gql(CustomerWithOrdersDocument, { id: customerId }, keys.PARTNER);
    const customer = res.data!.customer!;
    expect(customer.email).toBe('j***@example.com');
    expect(customer.orders.edges.map((e) => e.node.channel.code)).toEqual(['web']);
    expect(customer.orders.totalCount).toBe(1);
    expect(customer.identities.map((i) => i.channel.code)).toEqual(['web']);
  });
});

describe('a DASHBOARD key', () => {
  it('reads orders', async () => {
    const res = await t.gql(OrdersWithDetailsDocument, { first: 10 }, keys.DASHBOARD);
    expect(res.data!.orders.edges).toHaveLength(2);
  });

  it('may not list customers', async () => {
    const res = await t.gql(CustomerSearchDocument, { search: 'jane' }, keys.DASHBOARD);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
