import { parse } from 'csv-parse/sync';

import { Role } from '../src/auth/role';
import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

/** Two buyers at a Berlin till, one recent and one long gone, and a sale without a buyer. */
let t: TestGateway;

const HEADER = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id';
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS - 3_600_000).toISOString();

beforeAll(async () => {
  t = await startTestGateway();
  const res = await t.gql(CreateChannelDocument, { input: { code: 'store-berlin', name: 'Berlin', kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode: 'EUR', countryCode: 'DE' } });
  expect(res.errors).toBeUndefined();
  const csv = [
    HEADER,
    `BER,1,${daysAgo(3)},SKU-1,Coffee,2,12.50,0,0,EUR,"anna.becker@example.de",+49 30 1234567,"Becker, Anna",`,
    `BER,2,${daysAgo(4)},SKU-2,Cake,1,4.00,0,0,EUR,,,,`,
    `BER,3,${daysAgo(200)},SKU-1,Coffee,1,12.50,0,0,EUR,otto@example.de,,Otto,`,
  ].join('\n');
  const imported = await t.http().post('/channels/store-berlin/imports').set('authorization', `Bearer ${TEST_ADMIN_KEY}`).set('content-type', 'text/csv').send(csv);
  expect(imported.body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
});

afterAll(() => t?.stop());

const get = (path: string, key: string | null = TEST_ADMIN_KEY) => {
  const req = t.http().get(path);
  if (key) req.set('authorization', `Bearer ${key}`);
  return req;
};

const rows = (text: string) => parse(text, { columns: true }) as Array<Record<string, string>>;

describe('GET /exports/sales-summary.csv', () => {
  it('gives the salesSummary rows as CSV, amounts as exact decimals', async () => {
    const from = new Date(Date.now() - 365 * DAY_MS).toISOString();
    const to = new Date(Date.now() + DAY_MS).toISOString();
    const res = await get(`/exports/sales-summary.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=CHANNEL`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="sales-summary.csv"');
    expect(rows(res.text)).toEqual([
      {
        period: '',
        period_start: '',
        channel: 'store-berlin',
        channel_kind: 'OFFLINE_STORE',
        currency: 'EUR',
        orders: '3',
        units: '4',
        // 2 × 12.50 + 4.00 + 12.50
        gross_sales: '41.50',
        discounts: '0.00',
        refunds: '0.00',
        net_revenue: '41.50',
        average_order_value: '13.83',
        refund_rate: '0',
        new_customers: '2',
        returning_customers: '0',
      },
    ]);
  });

  it('answers a bad parameter with 400 naming it, and a missing key with 401', async () => {
    const bad = await get('/exports/sales-summary.csv?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&groupBy=CHANNEL,YEAR');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
    const noFrom = await get('/exports/sales-summary.csv?to=2026-11-02T00:00:00Z');
    expect(noFrom.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect((await get('/exports/sales-summary.csv', null)).status).toBe(401);
  });
});

describe('GET /exports/customer-segments.csv', () => {
  it('lists every customer with tier, scores and stats; personal data as ADMIN sees it, quoted where needed', async () => {
    const res = await get('/exports/customer-segments.csv');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(rows(res.text).map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['Becker, Anna', 'Otto']);
    expect(byName['Becker, Anna']).toMatchObject({
      email: 'anna.becker@example.de',
      phone: '+49301234567',
      tier: 'NEW',
      recency: '5',
      frequency: '1',
      orders: '1',
      lifetime_value: '25.00 EUR',
      days_since_last_order: '3',
    });
    expect(byName.Otto).toMatchObject({ tier: 'LAPSED', lifetime_value: '12.50 EUR' });
  });

  it('masks personal data for an ANALYST and keeps only the tiers asked for', async () => {
    const analyst = await t.keyFor(Role.ANALYST);
    const res = await get('/exports/customer-segments.csv?tiers=LAPSED', analyst);
    expect(rows(res.text)).toEqual([expect.objectContaining({ name: 'O***', email: 'o***@example.de', tier: 'LAPSED' })]);
  });

  it('is refused to a DASHBOARD key, and an unknown tier is a 400', async () => {
    const dashboard = await t.keyFor(Role.DASHBOARD);
    expect((await get('/exports/customer-segments.csv', dashboard)).status).toBe(403);
    const bad = await get('/exports/customer-segments.csv?tiers=GOLD');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('tiers');
  });
});
