/**
 * A campaign measured end to end: orders before, during and after it come in through the real
 * webhook route on two EUR Shopify shops, the attribution job runs, and Campaign.performance is
 * checked figure by figure against these hand-worked sums. Campaign tee20: 20% off TEE on web-eu
 * and web-de from 05-11 to 05-21 (10 days), budget 100.00, margin setting 40%.
 *   before [05-01, 05-11): B1 web-eu 2 × TEE 20.00; B2 web-de 1 × TEE 20.00 + 1 × MUG 10.00
 *                          → 2 orders, 3 TEE, revenue 60.00, no discount
 *   during [05-11, 05-21): D1 web-eu 3 × TEE, 12.00 off → 48.00; D2 web-de 2 × TEE, 8.00 off → 32.00;
 *                          D3 web-eu 1 × TEE, 4.00 off → 16.00; D4 web-eu cancelled; D5 web-eu MUG only
 *                          → 3 orders, 6 TEE, revenue 96.00, discount 24.00 (all three attributed)
 *   after  [05-21, 05-31): A1 web-eu 1 × TEE 20.00 → 1 order, 1 TEE, revenue 20.00
 * Daily revenue 6.00 before, 9.60 during; incremental 36.00; uplift 36 / 60 = 60.00%;
 * ROI = (36.00 × 40% − 24.00) / 24.00 = −0.4; with the catalog's TEE cost 8.00 the margin is
 * (96.00 − 6 × 8.00) / 96.00 = 50% and ROI = (18.00 − 24.00) / 24.00 = −0.25.
 */
import { Role } from '../src/auth/role';
import { CampaignPerformanceDocument, CreateCampaignDocument, SetCatalogItemsDocument } from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { createShopifyChannel, sendShopify } from './support/shopify';
import { shopifyOrderBody, type ShopifyOrderSpec } from './support/shopify-order';

let t: TestGateway;
let campaignId: string;

const tee = (quantity: number, discount?: string) => ({ sku: 'TEE', price: '20.00', quantity, discount });
const ORDERS: Array<[string, ShopifyOrderSpec]> = [
  ['web-eu', { id: 1001, placedAt: '2026-05-03T10:00:00Z', currency: 'EUR', lines: [tee(2)] }],
  ['web-de', { id: 2001, placedAt: '2026-05-08T10:00:00Z', currency: 'EUR', lines: [tee(1), { sku: 'MUG', price: '10.00', quantity: 1 }] }],
  ['web-eu', { id: 1002, placedAt: '2026-05-12T10:00:00Z', currency: 'EUR', lines: [tee(3, '12.00')] }],
  ['web-de', { id: 2002, placedAt: '2026-05-15T10:00:00Z', currency: 'EUR', lines: [tee(2, '8.00')] }],
  ['web-eu', { id: 1003, placedAt: '2026-05-18T10:00:00Z', currency: 'EUR', lines: [tee(1, '4.00')] }],
  ['web-eu', { id: 1004, placedAt: '2026-05-19T10:00:00Z', currency: 'EUR', cancelledAt: '2026-05-19T11:00:00Z', lines: [tee(1, '4.00')] }],
  ['web-eu', { id: 1005, placedAt: '2026-05-20T10:00:00Z', currency: 'EUR', lines: [{ sku: 'MUG', price: '10.00', quantity: 1 }] }],
  ['web-eu', { id: 1006, placedAt: '2026-05-25T10:00:00Z', currency: 'EUR', lines: [tee(1)] }],
];

beforeAll(async () => {
  t = await startTestGateway();
  await createShopifyChannel(t, 'web-eu', 'EUR');
  await createShopifyChannel(t, 'web-de', 'EUR');
  const res = await t.gql(CreateCampaignDocument, {
    input: {
      code: 'tee20',
      name: 'Tees 20% off',
      startsAt: '2026-05-11T00:00:00Z',
      endsAt: '2026-05-21T00:00:00Z',
      channelCodes: ['web-eu', 'web-de'],
      skus: ['TEE'],
      budget: { amount: '100', currencyCode: 'EUR' },
      margin: '40',
      rule: { kind: 'PERCENT_OFF', percent: '20' },
    },
  });
  expect(res.errors).toBeUndefined();
  campaignId = res.data!.createCampaign.id;
  for (const [channel, spec] of ORDERS) expect((await sendShopify(t, channel, shopifyOrderBody(spec))).status).toBe(200);
  await t.gateway.attribution.runOnce();
});

afterAll(() => t?.stop());

const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });

describe('Campaign.performance', () => {
  it('gives the attributed orders by channel, the budget, and the effect before, during and after, as worked out by hand', async () => {
    const res = await t.gql(CampaignPerformanceDocument, { id: campaignId });
    expect(res.errors).toBeUndefined();
    const { margin, performance } = res.data!.campaign!;
    expect(margin).toBe('40.00');
    expect(performance).toEqual({
      during: { from: '2026-05-11T00:00:00.000Z', to: '2026-05-21T00:00:00.000Z' },
      before: { from: '2026-05-01T00:00:00.000Z', to: '2026-05-11T00:00:00.000Z' },
      after: { from: '2026-05-21T00:00:00.000Z', to: '2026-05-31T00:00:00.000Z' },
      byChannel: [
        { channel: { code: 'web-eu' }, orders: 2, units: 4, revenue: eur('64.00'), discount: eur('16.00') },
        { channel: { code: 'web-de' }, orders: 1, units: 2, revenue: eur('32.00'), discount: eur('8.00') },
      ],
      budgetUsed: eur('24.00'),
      budgetLeft: eur('76.00'),
      effect: [
        {
          currencyCode: 'EUR',
          before: { orders: 2, units: 3, revenue: { amount: '60.00' }, discount: { amount: '0.00' } },
          during: { orders: 3, units: 6, revenue: { amount: '96.00' }, discount: { amount: '24.00' } },
          after: { orders: 1, units: 1, revenue: { amount: '20.00' }, discount: { amount: '0.00' } },
          discountGiven: { amount: '24.00' },
          dailyRevenueBefore: { amount: '6.00' },
          dailyRevenueDuring: { amount: '9.60' },
          incrementalRevenue: { amount: '36.00' },
          upliftPercent: '60.00',
          marginPercent: '40.00',
          marginFrom: 'CAMPAIGN',
          roi: '-0.4000',
        },
      ],
    });
  });

  it('is for ADMIN, ANALYST and DASHBOARD; a PARTNER, bound to one channel, is refused', async () => {
    for (const role of [Role.ANALYST, Role.DASHBOARD]) {
      const res = await t.gql(CampaignPerformanceDocument, { id: campaignId }, await t.keyFor(role));
      expect(res.data!.campaign!.performance.budgetUsed).toEqual(eur('24.00'));
    }
    const partner = await t.gql(CampaignPerformanceDocument, { id: campaignId }, await t.keyFor(Role.PARTNER, 'web-eu'));
    expect(partner.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("takes the margin from the catalog's unit costs once the SKU has one", async () => {
    const set = await t.gql(SetCatalogItemsDocument, { items: [{ sku: 'TEE', title: 'Tee', cost: '8.00', currencyCode: 'EUR' }] });
    expect(set.errors).toBeUndefined();
    const res = await t.gql(CampaignPerformanceDocument, { id: campaignId });
    // (96.00 − 6 × 8.00) / 96.00 = 50%; ROI = (36.00 × 50% − 24.00) / 24.00 = −0.25
    expect(res.data!.campaign!.performance.effect[0]).toMatchObject({ marginPercent: '50.00', marginFrom: 'SKU_COST', roi: '-0.2500' });
  });
});
