import fs from 'node:fs';
import path from 'node:path';

import { CreateChannelDocument, OrderByExternalIdDocument } from '../src/testing/generated/graphql';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

const FIXTURES = path.resolve(__dirname, '../plugins/pos-csv/fixtures');
let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
  for (const [code, currencyCode] of [['store-berlin', 'EUR'], ['store-nyc', 'USD']]) {
    const res = await t.gql(CreateChannelDocument, { input: { code, name: code, kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode } });
    expect(res.errors).toBeUndefined();
  }
});

afterAll(() => t?.stop());

const upload = (code: string, file: string) =>
  t
    .http()
    .post(`/channels/${code}/imports`)
    .set('authorization', `Bearer ${TEST_ADMIN_KEY}`)
    .set('content-type', 'text/csv')
    .send(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));

const order = async (code: string, externalId: string) =>
  (await t.gql(OrderByExternalIdDocument, { channelCode: code, externalId })).data!.orderByExternalId!;

describe('a till export through POST /channels/{code}/imports', () => {
  it('stores each receipt as an order, a return as a refund on the original receipt', async () => {
    const res = await upload('store-berlin', 'day-berlin.csv');
    expect(res.status).toBe(200);
    expect(res.body.rejected).toEqual([]);
    const sale = await order('store-berlin', 'BER1:1001');
    expect(sale.number).toBe('1001');
    expect(sale.lines).toHaveLength(3);
    // 2 × 12.50 + 4.75, 89.90 − 10.00 + 15.18, 1.99 + 0.38
    expect(sale.total).toEqual({ amount: '127.20', currencyCode: 'EUR' });
    // the grinder returned on receipt 1003: 89.90 − 10.00 + 15.18
    expect(sale.refundedTotal).toEqual({ amount: '95.08', currencyCode: 'EUR' });
    expect(sale.status).toBe('PARTIALLY_REFUNDED');
  });

  it('creates nothing when the same file is imported again', async () => {
    const res = await upload('store-berlin', 'day-berlin.csv');
    expect(res.body.accepted).toBe(0);
    expect(res.body.duplicates).toBeGreaterThan(0);
    expect(res.body.rejected).toEqual([]);
  });

  it('rejects a receipt with a bad line whole, listing every line, and keeps the good receipts', async () => {
    const res = await upload('store-nyc', 'one-bad-receipt.csv');
    expect(res.status).toBe(200);
    const byLine = new Map(res.body.rejected.map((r: { line: number; code: string }) => [r.line, r.code]));
    // receipt 2 is lines 3–6: its socks line is fine but goes with the receipt
    expect(byLine.get(3)).toBe('RECEIPT_REJECTED');
    expect(byLine.get(4)).toBe('INVALID_LINE');
    expect(byLine.get(5)).toBe('INVALID_LINE');
    expect(byLine.get(6)).toBe('INVALID_LINE');
    expect((await order('store-nyc', 'NYC:1')).total).toEqual({ amount: '5.44', currencyCode: 'USD' });
    expect((await order('store-nyc', 'NYC:3')).total).toEqual({ amount: '5.44', currencyCode: 'USD' });
    const missing = await t.gql(OrderByExternalIdDocument, { channelCode: 'store-nyc', externalId: 'NYC:2' });
    expect(missing.data!.orderByExternalId).toBeNull();
  });

  it('counts a return that comes before its sale, and applies it when the sale arrives', async () => {
    const header = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id';
    const csv = [
      header,
      'NYC,9002,2026-03-02T11:00:00-05:00,SKU-9,Teapot,-1,30.00,0,0,USD,,,,9001',
      'NYC,9001,2026-03-01T10:00:00-05:00,SKU-9,Teapot,2,30.00,0,0,USD,,,,',
    ].join('\n');
    const send = () =>
      t.http().post('/channels/store-nyc/imports').set('authorization', `Bearer ${TEST_ADMIN_KEY}`).set('content-type', 'text/csv').send(csv);
    const first = await send();
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const sale = await order('store-nyc', 'NYC:9001');
    expect(sale.total).toEqual({ amount: '60.00', currencyCode: 'USD' });
    expect(sale.refundedTotal).toEqual({ amount: '30.00', currencyCode: 'USD' });
    expect(sale.status).toBe('PARTIALLY_REFUNDED');
    const again = await send();
    expect(again.body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
  });

  it('reads a file over 1 MiB on a thread of its own: every receipt stored, returns applied, bad lines listed by their numbers', async () => {
    // 4,000 receipts of 3 lines and 80 returns (12,081 lines, about 1.1 MB): every 50th receipt returns one line
    // of the receipt before it; two bad lines far into the file
    const header = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id';
    const rows = [header];
    const start = Date.parse('2026-04-01T08:00:00Z');
    for (let r = 1; r <= 4_000; r++) {
      const at = new Date(start + r * 60_000).toISOString();
      const email = r % 3 === 0 ? `shopper${r % 500}@example.com` : '';
      for (let l = 1; l <= 3; l++) rows.push(`BIG,${r},${at},SKU-${l},"Item ${l}, boxed in card",${l},${l}.50,0,0.19,EUR,${email},,,`);
      if (r % 50 === 0) rows.push(`BIG,R${r},${at},SKU-2,"Item 2, boxed in card",-1,2.50,0,-0.19,EUR,,,,${r - 1}`);
    }
    const bad = [9_000, 11_000];
    for (const line of bad) rows[line - 1] = rows[line - 1].replace(/,(\d)\.50,/, ',twelve,');
    const body = rows.join('\n') + '\n';
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
    const res = await t.http().post('/channels/store-berlin/imports').set('authorization', `Bearer ${TEST_ADMIN_KEY}`).set('content-type', 'text/csv').send(body);
    expect(res.status).toBe(200);
    const refused = res.body.rejected.filter((r: { code: string }) => r.code === 'INVALID_LINE').map((r: { line: number }) => r.line);
    expect(refused).toEqual(bad);
    // each bad line sinks its receipt (3 lines: the bad one and two others)
    expect(res.body.rejected).toHaveLength(6);
    expect(res.body.accepted).toBe(4_000 + 80 - 2);
    expect(res.body.duplicates).toBe(0);
    expect(t.logs.find((l) => l.msg === 'import finished' && l.receipts === 4_080)).toMatchObject({ threaded: true });
    const sale = await order('store-berlin', 'BIG:3999');
    // 1 × 1.50 + 2 × 2.50 + 3 × 3.50, plus 0.19 tax a line
    expect(sale.total).toEqual({ amount: '17.57', currencyCode: 'EUR' });
    expect(sale.lines).toHaveLength(3);
    // receipt 4000 returned one item 2 of receipt 3999
    expect(sale.refundedTotal).toEqual({ amount: '2.69', currencyCode: 'EUR' });
    expect(sale.status).toBe('PARTIALLY_REFUNDED');
  });
});
