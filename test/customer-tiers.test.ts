import { loadConfig } from '../src/config/config';
import { CreateChannelDocument, CustomersByTierDocument } from '../src/testing/generated/graphql';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

/**
 * Customers of a Berlin till whose orders are placed relative to now, one per tier and on each
 * side of the default thresholds (new 30 days, at risk 90, lapsed 180; loyal 3 orders; VIP 5
 * orders and EUR 1,000.00), imported through the real route.
 */
let t: TestGateway;

const HEADER = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id';
const DAY_MS = 86_400_000;
let receipt = 0;

/** One receipt of one line, `daysAgo` days (and an hour, clear of the boundary) before now. */
function sale(name: string, daysAgo: number, price: string): string {
  const at = new Date(Date.now() - daysAgo * DAY_MS + (daysAgo > 0 ? -3_600_000 : 0)).toISOString();
  return `BER,${++receipt},${at},SKU-1,Coffee,1,${price},0,0,EUR,${name.toLowerCase()}@example.com,,${name},`;
}

const WORLD: Record<string, string[]> = {
  Nina: [sale('Nina', 5, '20.00')],
  Arno: [sale('Arno', 40, '20.00')],
  Lotte: [sale('Lotte', 10, '20.00'), sale('Lotte', 20, '20.00'), sale('Lotte', 50, '20.00')],
  Vera: [sale('Vera', 2, '300.00'), sale('Vera', 12, '300.00'), sale('Vera', 22, '200.00'), sale('Vera', 32, '100.00'), sale('Vera', 42, '100.00')],
  // value enough for a VIP, but only two orders
  Bruno: [sale('Bruno', 3, '1500.00'), sale('Bruno', 60, '500.00')],
  // a VIP's orders and value, but nothing for 91 days
  Rita: [sale('Rita', 91, '400.00'), sale('Rita', 100, '400.00'), sale('Rita', 110, '400.00'), sale('Rita', 120, '400.00'), sale('Rita', 130, '400.00')],
  Edda: [sale('Edda', 89, '20.00')],
  Lars: [sale('Lars', 181, '20.00')],
};

/** The channel and the customers of WORLD, imported into a gateway's own database. */
async function importWorld(gateway: TestGateway): Promise<void> {
  const res = await gateway.gql(CreateChannelDocument, { input: { code: 'store-berlin', name: 'Berlin', kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode: 'EUR', countryCode: 'DE' } });
  expect(res.errors).toBeUndefined();
  const csv = [HEADER, ...Object.values(WORLD).flat()].join('\n');
  const imported = await gateway.http().post('/channels/store-berlin/imports').set('authorization', `Bearer ${TEST_ADMIN_KEY}`).set('content-type', 'text/csv').send(csv);
  expect(imported.body).toEqual({ accepted: receipt, duplicates: 0, rejected: [] });
}

beforeAll(async () => {
  t = await startTestGateway();
  await importWorld(t);
});

afterAll(() => t?.stop());

const inTiers = async (tiers: string[]) => {
  const res = await t.gql(CustomersByTierDocument, { tiers: tiers as never, first: 50 });
  expect(res.errors).toBeUndefined();
  return res.data!.customers.edges.map((e) => e.node);
};

describe('customer tiers', () => {
  it('places each customer in the first tier that applies', async () => {
    const all = await inTiers([]);
    const tiers = Object.fromEntries(all.map((c) => [c.name, c.segment!.tier]));
    expect(tiers).toEqual({
      Nina: 'NEW',
      Arno: 'ACTIVE',
      Lotte: 'LOYAL',
      Vera: 'VIP',
      Bruno: 'ACTIVE',
      Rita: 'AT_RISK',
      Edda: 'ACTIVE',
      Lars: 'LAPSED',
    });
  });

  it('scores recency, frequency and value from 1 to 5', async () => {
    const byName = Object.fromEntries((await inTiers([])).map((c) => [c.name, c.segment!]));
    expect(byName.Vera).toEqual({ tier: 'VIP', recency: 5, frequency: 4, monetary: 4, daysSinceLastOrder: 2 });
    // EUR 2,000.00 is twice the VIP value
    expect(byName.Bruno).toMatchObject({ recency: 5, frequency: 2, monetary: 5 });
    expect(byName.Lars).toMatchObject({ recency: 2, frequency: 1, monetary: 1, daysSinceLastOrder: 181 });
    expect(byName.Edda).toMatchObject({ recency: 4, daysSinceLastOrder: 89 });
  });

  it('filters customers by tier in the database, as the segment works it out', async () => {
    expect((await inTiers(['VIP'])).map((c) => c.name)).toEqual(['Vera']);
    expect((await inTiers(['AT_RISK', 'LAPSED'])).map((c) => c.name).sort()).toEqual(['Lars', 'Rita']);
    expect((await inTiers(['ACTIVE'])).map((c) => c.name).sort()).toEqual(['Arno', 'Bruno', 'Edda']);
    expect((await inTiers(['NEW', 'LOYAL'])).map((c) => c.name).sort()).toEqual(['Lotte', 'Nina']);
  });
});

describe('tier thresholds from the environment', () => {
  let strict: TestGateway;

  afterAll(() => strict?.stop());

  it('moves customers between tiers when the thresholds change', async () => {
    const segments = loadConfig({ SALESGRAPH_TIER_VIP_ORDERS: '2', SALESGRAPH_TIER_VIP_VALUE: 'EUR:1999.99', SALESGRAPH_TIER_LOYAL_ORDERS: '2' }).segments;
    strict = await startTestGateway({ segments });
    await importWorld(strict);
    const res = await strict.gql(CustomersByTierDocument, { tiers: ['VIP'], first: 50 });
    expect(res.data!.customers.edges.map((e) => e.node.name)).toEqual(['Bruno']);
  });

  it('refuses thresholds that do not hang together', async () => {
    expect(() => loadConfig({ SALESGRAPH_TIER_AT_RISK_DAYS: '200' })).toThrow(/SALESGRAPH_TIER_AT_RISK_DAYS \(200\) < SALESGRAPH_TIER_LAPSED_DAYS \(180\)/);
    expect(() => loadConfig({ SALESGRAPH_TIER_VIP_VALUE: 'EUR:12.345' })).toThrow(/EUR:12.345/);
  });
});
