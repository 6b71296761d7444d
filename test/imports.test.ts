import { Role } from '../src/auth/role';
import { Order } from '../src/orders/order.entity';
import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { ACME_PLUGIN, startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
  for (const [code, plugin] of [['acme', 'acme-connector'], ['acme-2', 'acme-connector'], ['web', 'shopify']] as const) {
    const res = await t.gql(CreateChannelDocument, {
      input: { code, name: code, kind: 'MARKETPLACE', plugin, currencyCode: 'USD', webhookSecret: 's', settings: plugin === 'acme-connector' ? { apiBaseUrl: 'https://api.acme.example' } : null },
    });
    expect(res.errors).toBeUndefined();
  }
});

afterAll(() => t?.stop());

const order = (id: string, total = '10.00') =>
  JSON.stringify({ id, status: 'PAID', placed_at: '2026-11-20T10:00:00Z', currency: 'USD', total, lines: [{ sku: 'TEA', title: 'Tea', qty: 1, price: total }] });

function upload(code: string, body: string, key: string | null = TEST_ADMIN_KEY, type = 'application/x-ndjson') {
  const req = t.http().post(`/channels/${code}/imports`).set('content-type', type);
  if (key) req.set('authorization', `Bearer ${key}`);
  return req.send(body);
}

describe('batch imports', () => {
  it('stores every good unit and lists the bad lines with their numbers', async () => {
    const file = [order('i-1'), order('i-2'), '{"id": "i-3", "total": "twelve"', order('i-4', 'twelve'), order('i-5')].join('\n') + '\n';
    const res = await upload('acme', file);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(3);
    expect(res.body.duplicates).toBe(0);
    expect(res.body.rejected.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [3, 'INVALID_LINE'],
      [4, 'INVALID_LINE'],
    ]);
    expect(res.body.rejected[1].message).toMatch(/twelve/);
    expect(await t.em().count(Order, {})).toBe(3);
  });

  it('creates nothing when the same file is imported again', async () => {
    const res = await upload('acme', [order('i-1'), order('i-2'), order('i-5')].join('\n'));
    expect(res.body).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
    expect(await t.em().count(Order, {})).toBe(3);
  });

  it('takes a file of many receipts over several transactions', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => order(`bulk-${i}`));
    const res = await upload('acme', lines.join('\n'));
    expect(res.body).toEqual({ accepted: 1000, duplicates: 0, rejected: [] });
  });

  it("lets the channel's PARTNER import, but no other channel's", async () => {
    const own = await t.keyFor(Role.PARTNER, 'acme');
    expect((await upload('acme', order('p-1'), own)).body.accepted).toBe(1);
    const other = await t.keyFor(Role.PARTNER, 'acme-2');
    expect((await upload('acme', order('p-2'), other)).status).toBe(403);
    const analyst = await t.keyFor(Role.ANALYST);
    expect((await upload('acme', order('p-3'), analyst)).status).toBe(403);
  });

  it('refuses a missing key, an unknown channel, a wrong media type and a plugin without batches', async () => {
    expect((await upload('acme', order('x-1'), null)).status).toBe(401);
    expect((await upload('nope', order('x-2'))).status).toBe(404);
    const wrongType = await upload('acme', order('x-3'), TEST_ADMIN_KEY, 'text/plain');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.message).toMatch(/application\/x-ndjson/);
    expect((await upload('web', order('x-4'))).status).toBe(415);
  });
});
