import { Role } from '../src/auth/role';
import {
  CreateCampaignDocument,
  CreateChannelDocument,
  PauseCampaignDocument,
  PriceCartDocument,
  type CreateCampaignInput,
  type PriceCartInput,
} from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;

const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

async function campaign(input: CreateCampaignInput): Promise<string> {
  const res = await t.gql(CreateCampaignDocument, { input });
  expect(res.errors).toBeUndefined();
  return res.data!.createCampaign.id;
}

beforeAll(async () => {
  t = await startTestGateway();
  for (const [code, currencyCode] of [['web-eu', 'EUR'], ['web-jp', 'JPY']]) {
    const res = await t.gql(CreateChannelDocument, { input: { code, name: code, kind: 'STOREFRONT', plugin: 'shopify', currencyCode, webhookSecret: 's' } });
    expect(res.errors).toBeUndefined();
  }
  const live = { startsAt: iso(-1), endsAt: iso(6) };
  await campaign({ code: 'vip-excl', name: 'VIP 20%', ...live, priority: 100, stacking: 'EXCLUSIVE', tiers: ['VIP'], rule: { kind: 'PERCENT_OFF', percent: '20' } });
  await campaign({ code: 'tees10', name: 'Tees 10%', ...live, priority: 5, skus: ['TEE-1', 'TEE-2'], rule: { kind: 'PERCENT_OFF', percent: '10' } });
  await campaign({
    code: 'spend300',
    name: 'Spend 300 get 50',
    ...live,
    priority: 1,
    channelCodes: ['web-eu'],
    rule: { kind: 'SPEND_THRESHOLD', currencyCode: 'EUR', tiers: [{ spend: '300', off: '50' }, { spend: '500', off: '100' }] },
  });
  await campaign({ code: 'coupon5', name: '5 off with SAVE5', ...live, coupons: [{ code: 'SAVE5' }], rule: { kind: 'AMOUNT_OFF', amount: '5', currencyCode: 'EUR' } });
  await campaign({ code: 'future', name: 'Half price soon', startsAt: iso(2), rule: { kind: 'PERCENT_OFF', percent: '50' } });
  await campaign({ code: 'gift', name: 'Tote from 400', ...live, rule: { kind: 'GIFT', currencyCode: 'EUR', giftSku: 'TOTE', giftTitle: 'Tote bag', minSpend: '400' } });
  await campaign({ code: 'jp-only', name: 'JP 15%', ...live, channelCodes: ['web-jp'], rule: { kind: 'PERCENT_OFF', percent: '15' } });
  const paused = await campaign({ code: 'paused', name: 'Paused 5 off', ...live, rule: { kind: 'AMOUNT_OFF', amount: '5', currencyCode: 'EUR' } });
  expect((await t.gql(PauseCampaignDocument, { id: paused })).errors).toBeUndefined();
});

afterAll(() => t?.stop());

const cart: PriceCartInput = {
  channelCode: 'web-eu',
  lines: [
    { sku: 'TEE-1', title: 'Tee', quantity: 2, unitPrice: '120.00' },
    { sku: 'MUG-1', title: 'Mug', quantity: 1, unitPrice: '80' },
    { sku: 'TEE-2', title: 'Tee 2', quantity: 1, unitPrice: '50.00' },
  ],
};

async function quote(input: PriceCartInput, key?: string) {
  const res = await t.gql(PriceCartDocument, { input }, key);
  expect(res.errors).toBeUndefined();
  return res.data!.priceCart;
}

describe('priceCart', () => {
  it('prices a cart under the campaigns in priority order, allocating each discount to the lines exactly', async () => {
    const q = await quote(cart);
    // tees10: 10% of the tees' 290.00 = 29.00, split 24.00 / 5.00 by their prices;
    // spend300: the net 341.00 reaches 300 (not 500): 50.00 over 216.00, 80.00, 45.00 →
    // floors 31.67, 11.73, 6.59 (remainders .155, .020, .824): the cent left goes to the third line
    expect(q).toMatchObject({
      currencyCode: 'EUR',
      subtotal: { amount: '370.00', currencyCode: 'EUR' },
      discountTotal: { amount: '79.00', currencyCode: 'EUR' },
      total: { amount: '291.00', currencyCode: 'EUR' },
      points: 291,
      rejectedCoupons: [],
    });
    expect(q.lines.map((l) => [l.sku, l.subtotal.amount, l.discount.amount, l.total.amount, l.allocations.map((a) => `${a.campaign.code} ${a.amount.amount}`)])).toEqual([
      ['TEE-1', '240.00', '55.67', '184.33', ['tees10 24.00', 'spend300 31.67']],
      ['MUG-1', '80.00', '11.73', '68.27', ['spend300 11.73']],
      ['TEE-2', '50.00', '11.60', '38.40', ['tees10 5.00', 'spend300 6.60']],
    ]);
    expect(q.applied.map((a) => [a.campaign.code, a.kind, a.discount.amount])).toEqual([
      ['tees10', 'PERCENT_OFF', '29.00'],
      ['spend300', 'SPEND_THRESHOLD', '50.00'],
    ]);
    expect(q.notApplied.map((n) => [n.campaign.code, n.reason, n.shortBy?.amount ?? null])).toEqual([
      ['vip-excl', 'CUSTOMER_TIER', null],
      ['coupon5', 'COUPON_REQUIRED', null],
      ['future', 'NOT_STARTED', null],
      ['gift', 'THRESHOLD_NOT_REACHED', '109.00'],
      ['jp-only', 'WRONG_CHANNEL', null],
      ['paused', 'PAUSED', null],
    ]);
    expect(q.notApplied.find((n) => n.campaign.code === 'gift')!.detail).toMatch(/109\.00 EUR/);
  });

  it('applies a coupon whatever its case and spaces, and names the codes that unlock nothing', async () => {
    const q = await quote({ ...cart, couponCodes: [' save5', 'NOPE'] });
    // coupon5 takes 5.00 off the net 184.33, 68.27, 38.40 (291.00): floors 3.16, 1.17, 0.65,
    // remainders .718, .302, .979: the two cents left go to the third line, then the first
    expect(q.discountTotal.amount).toBe('84.00');
    expect(q.total.amount).toBe('286.00');
    expect(q.lines.map((l) => l.allocations.find((a) => a.campaign.code === 'coupon5')?.amount.amount)).toEqual(['3.17', '1.17', '0.66']);
    expect(q.applied.find((a) => a.campaign.code === 'coupon5')).toMatchObject({ couponCode: 'SAVE5', discount: { amount: '5.00' } });
    expect(q.rejectedCoupons).toEqual([{ code: 'NOPE', reason: 'UNKNOWN' }]);
    expect(q.notApplied.find((n) => n.campaign.code === 'gift')!.shortBy).toEqual({ amount: '114.00', currencyCode: 'EUR' });
  });

  it('adds a gift line at zero price once the threshold is reached, and prices JPY without decimals', async () => {
    const q = await quote({ ...cart, lines: [...cart.lines, { sku: 'COAT', quantity: 1, unitPrice: '150' }] });
    expect(q.lines.at(-1)).toMatchObject({ sku: 'TOTE', title: 'Tote bag', quantity: 1, gift: true, unitPrice: { amount: '0.00' }, total: { amount: '0.00' } });
    expect(q.applied.find((a) => a.campaign.code === 'gift')).toMatchObject({ kind: 'GIFT', giftQuantity: 1, discount: { amount: '0.00' } });

    const yen = await quote({ channelCode: 'web-jp', lines: [{ sku: 'TEA', quantity: 1, unitPrice: '1999' }] });
    // 15% of ¥1,999 = 299.85, rounded down
    expect(yen).toMatchObject({ currencyCode: 'JPY', subtotal: { amount: '1999' }, discountTotal: { amount: '299' }, total: { amount: '1700' }, points: 1700 });
  });

  it('gives the same quote for the same input', async () => {
    const input = { ...cart, couponCodes: ['SAVE5'] };
    expect(await quote(input)).toEqual(await quote(input));
  });

  it.each([
    ['an unknown channel', { channelCode: 'tmall' }, 'input.channelCode'],
    ['no lines', { lines: [] }, 'input.lines'],
    ['a quantity of -3', { lines: [{ sku: 'A', quantity: -3, unitPrice: '1' }] }, 'input.lines[0].quantity'],
    ['"twelve" as a price', { lines: [{ sku: 'A', quantity: 1, unitPrice: 'twelve' }] }, 'input.lines[0].unitPrice'],
    ['more decimals than the currency has', { lines: [{ sku: 'A', quantity: 1, unitPrice: '1.999' }] }, 'input.lines[0].unitPrice'],
    ['an empty SKU', { lines: [{ sku: ' ', quantity: 1, unitPrice: '1' }] }, 'input.lines[0].sku'],
    ['an unknown customer', { customerId: '999999' }, 'input.customerId'],
    ['501 lines', { lines: Array.from({ length: 501 }, (_, i) => ({ sku: `S${i}`, quantity: 1, unitPrice: '1' })) }, 'input.lines'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_label, change, field) => {
    const res = await t.gql(PriceCartDocument, { input: { ...cart, ...change } as PriceCartInput });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('is open to a PARTNER for its own channel only, and not to dashboards', async () => {
    const partner = await t.keyFor(Role.PARTNER, 'web-eu');
    expect((await quote(cart, partner)).total.amount).toBe('291.00');
    const other = await t.gql(PriceCartDocument, { input: { channelCode: 'web-jp', lines: [{ sku: 'TEA', quantity: 1, unitPrice: '100' }] } }, partner);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.channelCode' });
    const dashboard = await t.gql(PriceCartDocument, { input: cart }, await t.keyFor(Role.DASHBOARD));
    expect(dashboard.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
