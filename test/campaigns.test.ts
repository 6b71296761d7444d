import { Role } from '../src/auth/role';
import {
  CampaignDocument,
  CampaignsDocument,
  CreateCampaignDocument,
  CreateChannelDocument,
  PauseCampaignDocument,
  ResumeCampaignDocument,
  UpdateCampaignDocument,
  type CreateCampaignInput,
} from '../src/testing/generated/graphql';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;

const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

beforeAll(async () => {
  t = await startTestGateway();
  for (const [code, currencyCode] of [['web-eu', 'EUR'], ['store-ber', 'EUR'], ['web-jp', 'JPY']]) {
    const res = await t.gql(CreateChannelDocument, { input: { code, name: code, kind: 'STOREFRONT', plugin: 'shopify', currencyCode, webhookSecret: 's' } });
    expect(res.errors).toBeUndefined();
  }
});

afterAll(() => t?.stop());

const spend300: CreateCampaignInput = {
  code: 'spend300',
  name: 'Spend 300, get 50 off',
  startsAt: iso(2),
  endsAt: iso(9),
  channelCodes: ['web-eu', 'store-ber'],
  tiers: ['VIP', 'LOYAL'],
  skus: ['TEE-1', 'TEE-2', 'TEE-1'],
  priority: 10,
  stacking: 'EXCLUSIVE',
  budget: { amount: '5000', currencyCode: 'eur' },
  coupons: [{ code: 'spend-50', usageLimit: 100, perCustomerLimit: 1 }],
  promotionIds: ['PROMO-1'],
  rule: { kind: 'SPEND_THRESHOLD', currencyCode: 'eur', tiers: [{ spend: '300', off: '50' }, { spend: '500.00', off: '100' }] },
};

async function create(input: CreateCampaignInput) {
  const res = await t.gql(CreateCampaignDocument, { input });
  expect(res.errors).toBeUndefined();
  return res.data!.createCampaign;
}

describe('campaigns', () => {
  it('are created by ADMIN and read back exactly: rule money, scopes, coupons upper case, budget', async () => {
    const campaign = await create(spend300);
    expect(campaign).toMatchObject({
      code: 'spend300',
      status: 'SCHEDULED',
      priority: 10,
      stacking: 'EXCLUSIVE',
      tiers: ['VIP', 'LOYAL'],
      skus: ['TEE-1', 'TEE-2'],
      promotionIds: ['PROMO-1'],
      couponCodes: ['SPEND-50'],
      coupons: [{ code: 'SPEND-50', usageLimit: 100, perCustomerLimit: 1 }],
      channels: [{ code: 'store-ber' }, { code: 'web-eu' }],
      budget: { amount: '5000.00', currencyCode: 'EUR' },
      rule: {
        kind: 'SPEND_THRESHOLD',
        repeat: false,
        maxRepeats: null,
        percent: null,
        tiers: [
          { spend: { amount: '300.00', currencyCode: 'EUR' }, off: { amount: '50.00', currencyCode: 'EUR' } },
          { spend: { amount: '500.00', currencyCode: 'EUR' }, off: { amount: '100.00', currencyCode: 'EUR' } },
        ],
      },
    });
    const read = await t.gql(CampaignDocument, { id: campaign.id });
    expect(read.data!.campaign).toEqual(campaign);
  });

  it('take each rule kind in its own terms: percent, multiplier, JPY without decimals, gift, flash price', async () => {
    const percent = await create({ code: 'pct', name: '12.5% off', rule: { kind: 'PERCENT_OFF', percent: '12.5' } });
    expect(percent.rule).toMatchObject({ kind: 'PERCENT_OFF', percent: '12.5' });
    expect(percent.status).toBe('DRAFT');
    const points = await create({ code: 'pts', name: 'double points', startsAt: iso(-1), rule: { kind: 'POINTS_MULTIPLIER', multiplier: '2' } });
    expect(points.rule.multiplier).toBe('2');
    const yen = await create({ code: 'yen', name: '¥500 off', startsAt: iso(-1), rule: { kind: 'AMOUNT_OFF', amount: '500', currencyCode: 'JPY' } });
    expect(yen.rule.amount).toEqual({ amount: '500', currencyCode: 'JPY' });
    const gift = await create({
      code: 'gift',
      name: 'tote with 100',
      startsAt: iso(-1),
      rule: { kind: 'GIFT', currencyCode: 'EUR', giftSku: 'TOTE', giftTitle: 'Tote bag', minSpend: '100' },
    });
    expect(gift.rule).toMatchObject({ giftSku: 'TOTE', giftTitle: 'Tote bag', giftQuantity: 1, minSpend: { amount: '100.00', currencyCode: 'EUR' } });
    const flash = await create({
      code: 'flash',
      name: 'flash',
      startsAt: iso(-1),
      endsAt: iso(1),
      rule: { kind: 'FLASH_PRICE', currencyCode: 'EUR', sku: 'TEE-1', unitPrice: '9.99', unitCap: 50 },
    });
    expect(flash.rule).toMatchObject({ sku: 'TEE-1', unitPrice: { amount: '9.99', currencyCode: 'EUR' }, unitCap: 50 });
    expect(flash.status).toBe('ACTIVE');
  });

  it.each([
    ['a duplicate code', { code: 'spend300' }, 'input.code'],
    ['a code with spaces', { code: 'big sale' }, 'input.code'],
    ['an empty name', { name: ' ' }, 'input.name'],
    ['an end before the start', { startsAt: iso(3), endsAt: iso(2) }, 'input.endsAt'],
    ['an unknown channel', { channelCodes: ['web-eu', 'tmall'] }, 'input.channelCodes[1]'],
    ['a coupon code another campaign has', { coupons: [{ code: 'Spend-50' }] }, 'input.coupons[0].code'],
    ['a coupon listed twice', { coupons: [{ code: 'A1' }, { code: 'a1' }] }, 'input.coupons[1].code'],
    ['a coupon limit of 0', { coupons: [{ code: 'Z1', usageLimit: 0 }] }, 'input.coupons[0].usageLimit'],
    ['a budget of 0', { budget: { amount: '0', currencyCode: 'EUR' } }, 'input.budget.amount'],
    ['a budget in another currency than the rule', { budget: { amount: '10', currencyCode: 'USD' } }, 'input.budget.currencyCode'],
    ['a budget with more decimals than its currency', { budget: { amount: '10.5', currencyCode: 'JPY' } }, 'input.budget.amount'],
    ['a rule without its currency', { rule: { kind: 'AMOUNT_OFF', amount: '5' } }, 'input.rule.currencyCode'],
    ['a rule field of another kind', { rule: { kind: 'AMOUNT_OFF', amount: '5', currencyCode: 'EUR', percent: '10' } }, 'input.rule.percent'],
    ['a percent with three decimals', { rule: { kind: 'PERCENT_OFF', percent: '12.345' } }, 'input.rule.percent'],
    ['a percent over 100', { rule: { kind: 'PERCENT_OFF', percent: '101' } }, 'input.rule.percent'],
    ['a percent of 0', { rule: { kind: 'PERCENT_OFF', percent: '0' } }, 'input.rule.percent'],
    ['a yen amount with decimals', { rule: { kind: 'AMOUNT_OFF', amount: '10.5', currencyCode: 'JPY' } }, 'input.rule.amount'],
    ['"twelve" as an amount', { rule: { kind: 'AMOUNT_OFF', amount: 'twelve', currencyCode: 'EUR' } }, 'input.rule.amount'],
    ['tiers whose spend does not rise', { rule: { kind: 'SPEND_THRESHOLD', currencyCode: 'EUR', tiers: [{ spend: '300', off: '50' }, { spend: '200', off: '60' }] } }, 'input.rule.tiers[1].spend'],
    ['a repeat over two tiers', { rule: { kind: 'SPEND_THRESHOLD', currencyCode: 'EUR', repeat: true, tiers: [{ spend: '300', off: '50' }, { spend: '500', off: '90' }] } }, 'input.rule.repeat'],
    ['a multiplier of 1', { rule: { kind: 'POINTS_MULTIPLIER', multiplier: '1' } }, 'input.rule.multiplier'],
    ['a flash price without its SKU', { rule: { kind: 'FLASH_PRICE', currencyCode: 'EUR', unitPrice: '1' } }, 'input.rule.sku'],
  ])('refuse %s with BAD_USER_INPUT naming the field, storing nothing', async (_label, change, field) => {
    const before = (await t.gql(CampaignsDocument, {})).data!.campaigns.length;
    const res = await t.gql(CreateCampaignDocument, { input: { ...spend300, code: 'other', coupons: [], ...change } as CreateCampaignInput });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await t.gql(CampaignsDocument, {})).data!.campaigns).toHaveLength(before);
  });

  it('follow their schedule and pauses: ACTIVE, PAUSED, ACTIVE again, ENDED; an ended one cannot be paused', async () => {
    const live = await create({ code: 'live', name: 'live', startsAt: iso(-2), endsAt: iso(5), rule: { kind: 'PERCENT_OFF', percent: '10' } });
    expect(live.status).toBe('ACTIVE');
    const paused = await t.gql(PauseCampaignDocument, { id: live.id });
    expect(paused.data!.pauseCampaign).toMatchObject({ status: 'PAUSED' });
    expect(paused.data!.pauseCampaign.pausedAt).not.toBeNull();
    const resumed = await t.gql(ResumeCampaignDocument, { id: live.id });
    expect(resumed.data!.resumeCampaign).toMatchObject({ status: 'ACTIVE', pausedAt: null });

    const over = await create({ code: 'over', name: 'over', startsAt: iso(-5), endsAt: iso(-1), rule: { kind: 'PERCENT_OFF', percent: '10' } });
    expect(over.status).toBe('ENDED');
    const refused = await t.gql(PauseCampaignDocument, { id: over.id });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(refused.errors?.[0].message).toMatch(/has ended/);

    const active = await t.gql(CampaignsDocument, { statuses: ['ACTIVE'] });
    expect(active.data!.campaigns.map((c) => c.code)).toContain('live');
    expect(active.data!.campaigns.every((c) => c.status === 'ACTIVE')).toBe(true);
  });

  it('are updated field by field: given fields replace, null clears, the rest and the code stay', async () => {
    const [campaign] = (await t.gql(CampaignsDocument, {})).data!.campaigns.filter((c) => c.code === 'spend300');
    const res = await t.gql(UpdateCampaignDocument, {
      id: campaign.id,
      input: { name: 'Spend 300 (extended)', endsAt: null, coupons: [{ code: 'SPEND-50', usageLimit: 200 }, { code: 'vip50' }], channelCodes: [] },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateCampaign).toMatchObject({
      code: 'spend300',
      name: 'Spend 300 (extended)',
      endsAt: null,
      startsAt: campaign.startsAt,
      channels: [],
      couponCodes: ['SPEND-50', 'VIP50'],
      coupons: [{ code: 'SPEND-50', usageLimit: 200, perCustomerLimit: null }, { code: 'VIP50', usageLimit: null, perCustomerLimit: null }],
      rule: campaign.rule,
      budget: campaign.budget,
    });
    const refused = await t.gql(UpdateCampaignDocument, { id: campaign.id, input: { endsAt: iso(1) } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endsAt' });
    expect((await t.gql(CampaignDocument, { id: campaign.id })).data!.campaign!.endsAt).toBeNull();
  });

  it('are read by analysts and dashboards, changed only by ADMIN; a PARTNER sees those of its channel', async () => {
    await create({ code: 'jp-only', name: 'jp', channelCodes: ['web-jp'], rule: { kind: 'PERCENT_OFF', percent: '5' } });
    for (const role of [Role.ANALYST, Role.DASHBOARD]) {
      const key = await t.keyFor(role);
      expect((await t.gql(CampaignsDocument, {}, key)).data!.campaigns.map((c) => c.code)).toContain('jp-only');
      const refused = await t.gql(CreateCampaignDocument, { input: { code: `by-${role}`, name: 'x', rule: { kind: 'PERCENT_OFF', percent: '5' } } }, key);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const partner = await t.keyFor(Role.PARTNER, 'web-eu');
    const seen = (await t.gql(CampaignsDocument, {}, partner)).data!.campaigns.map((c) => c.code);
    expect(seen).not.toContain('jp-only');
    expect(seen).toContain('pct'); // every channel
    const jp = (await t.gql(CampaignsDocument, { channelCode: 'web-jp' })).data!.campaigns;
    expect(jp.map((c) => c.code)).toContain('jp-only');
    expect(jp.every((c) => c.channels.length === 0 || c.channels.some((ch) => ch.code === 'web-jp'))).toBe(true);
    expect((await t.gql(CampaignDocument, { id: jp.find((c) => c.code === 'jp-only')!.id }, partner)).data!.campaign).toBeNull();
  });

  it('list in priority order, then by code', async () => {
    const codes = (await t.gql(CampaignsDocument, {})).data!.campaigns.map((c) => [c.priority, c.code] as const);
    const sorted = [...codes].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
    expect(codes).toEqual(sorted);
  });
});
