import { Role } from '../src/auth/role';
import { makeChannel, makeCustomer, makeOrder } from '../src/testing/factories';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;

const QUERY =
  'query Page($first: Int) { orders(first: $first) { edges { cursor node { id number placedAt total { amount currencyCode } ' +
  'channel { code } customer { name email identities { externalId } } lines { sku quantity } } } pageInfo { hasNextPage endCursor } } }';

beforeAll(async () => {
  t = await startTestGateway();
  const em = t.em();
  const web = await makeChannel(em, { code: 'web', currencyCode: 'USD' });
  const customer = await makeCustomer(em, { name: 'Jane Doe', email: 'jane@example.com' });
  for (let i = 0; i < 3; i++) {
    await makeOrder(em, {
      channel: web,
      customer: i < 2 ? customer : null,
      externalId: `h-${i}`,
      number: `#${2000 + i}`,
      placedAt: new Date(Date.UTC(2026, 10, 1, 12, i)),
      lines: [{ sku: `SKU-${i}`, unitPrice: '9.99', quantity: i + 1 }],
    });
  }
});

afterAll(() => t?.stop());

const post = (body: unknown, key = TEST_ADMIN_KEY, accept?: string) => {
  const req = t.http().post('/graphql').set('authorization', `Bearer ${key}`).set('content-type', 'application/json');
  if (accept) req.set('accept', accept);
  return req.send(JSON.stringify(body));
};

describe('POST /graphql', () => {
  it('answers a query the same whether it takes the fast lane or Apollo (extensions send it to Apollo)', async () => {
    const fast = await post({ query: QUERY, variables: { first: 2 } });
    const apollo = await post({ query: QUERY, variables: { first: 2 }, extensions: {} });
    expect(fast.status).toBe(200);
    expect(apollo.status).toBe(200);
    expect(fast.headers['content-type']).toBe(apollo.headers['content-type']);
    expect(fast.text).toBe(apollo.text);
    expect(fast.body.data.orders.edges).toHaveLength(2);
  });

  it('masks personal data for a masked role on the fast lane as well', async () => {
    const key = await t.keyFor(Role.ANALYST);
    const res = await post({ query: QUERY, variables: { first: 3 } }, key);
    const names = res.body.data.orders.edges.map((e: { node: { customer: { name: string } | null } }) => e.node.customer?.name ?? null);
    expect(names).toEqual([null, 'J***', 'J***']);
    expect(JSON.stringify(res.body)).not.toContain('jane@example.com');
  });

  it('still answers a revoked or unknown key with 401', async () => {
    const res = await post({ query: QUERY }, 'sg_not_a_key');
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers in the media type the client asks for', async () => {
    const res = await post({ query: '{ channels { code } }' }, TEST_ADMIN_KEY, 'application/graphql-response+json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
  });

  it('counts every query in the metrics, fast lane or not, with the request id echoed', async () => {
    const res = await post({ query: 'query CountMe { channels { code } }' }).set('x-request-id', 'lane-1');
    expect(res.headers['x-request-id']).toBe('lane-1');
    await post({ query: 'query CountMe { channels { code } }', extensions: {} });
    const metrics = (await t.http().get('/metrics')).text;
    expect(metrics).toMatch(/graphql_operations_total\{operation_type="query",operation_name="CountMe",outcome="ok"\} 2/);
  });

  it('runs mutations through Apollo', async () => {
    const res = await post({ query: 'mutation { createApiKey(input: { name: "m", role: ANALYST }) { key role } }' });
    expect(res.status).toBe(200);
    expect(res.body.data.createApiKey).toMatchObject({ role: 'ANALYST', key: expect.stringMatching(/^sg_/) });
  });
});
