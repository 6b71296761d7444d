import type { CampaignRule } from '../pricing/pricing-types';
import { attributeOrder, type AttributableCampaign, type AttributableOrder, type Attribution } from './attribute-order';

type Line = AttributableOrder['lines'][number];

/** A line of `quantity` × `unit` with `discount` off; its total is what is left. */
const line = (sku: string | null, quantity: number, unit: number, discount = 0): Line => ({
  sku,
  quantity,
  unitPriceMinor: unit,
  discountMinor: discount,
  totalMinor: unit * quantity - discount,
});

const PLACED = new Date('2024-06-10T12:00:00.000Z');
const ms = (offset: number) => new Date(PLACED.getTime() + offset);

/**
 * Lines: A 2 × 10.00 − 2.00 = 18.00, B 1 × 5.00 − 1.00 = 4.00, shipping (no SKU) 3.00.
 * Every line: 4 units, 25.00; the order's whole discount 3.50 (0.50 more than its lines).
 */
const order = (o: Partial<AttributableOrder> = {}): AttributableOrder => ({
  id: 1,
  channelId: 7,
  customerId: 42,
  placedAt: PLACED,
  currencyCode: 'EUR',
  status: 'PAID',
  couponCodes: [],
  promotionIds: [],
  discountTotalMinor: 350,
  lines: [line('A', 2, 1000, 200), line('B', 1, 500, 100), line(null, 1, 300)],
  ...o,
});

const PERCENT: CampaignRule = { kind: 'PERCENT_OFF', basisPoints: 1000 };
const POINTS: CampaignRule = { kind: 'POINTS_MULTIPLIER', hundredths: 200 };
const amountOff = (currency: string): CampaignRule => ({ kind: 'AMOUNT_OFF', currency, amountMinor: 100 });
const threshold = (currency: string): CampaignRule => ({
  kind: 'SPEND_THRESHOLD',
  currency,
  tiers: [{ spendMinor: 1000, offMinor: 100 }],
  repeat: false,
  maxRepeats: null,
});
const flash = (unitPriceMinor: number, currency = 'EUR'): CampaignRule => ({ kind: 'FLASH_PRICE', currency, sku: 'F', unitPriceMinor, unitCap: null });
const gift = (currency = 'EUR'): CampaignRule => ({ kind: 'GIFT', currency, giftSku: 'G', giftTitle: 'Tote', quantity: 1, minSpendMinor: 0 });

/** Runs 2024-06-01 to 2024-07-01 on every channel and line, 10% off, no coupon or promotion. */
const campaign = (c: Partial<AttributableCampaign> = {}): AttributableCampaign => ({
  id: 10,
  rule: PERCENT,
  startsAt: new Date('2024-06-01T00:00:00.000Z'),
  endsAt: new Date('2024-07-01T00:00:00.000Z'),
  channelIds: [],
  skus: [],
  couponCodes: [],
  promotionIds: [],
  ...c,
});

type Figures = Pick<Attribution, 'units' | 'revenueMinor' | 'discountMinor'> & Partial<Attribution>;
/** The row of the default order (id 1, channel 7, customer 42, EUR) for `campaignId`. */
const row = (campaignId: number, f: Figures): Attribution => ({
  orderId: 1,
  campaignId,
  channelId: 7,
  customerId: 42,
  placedAt: PLACED,
  currencyCode: 'EUR',
  matchedBy: 'SCOPE',
  couponCode: null,
  flashUnits: 0,
  ...f,
});
/** The default order's row without a SKU scope: every line, the order's whole discount. */
const WHOLE = { units: 4, revenueMinor: 2500, discountMinor: 350 };

describe('attributeOrder', () => {
  it('attributes a CANCELLED order to nothing', () => {
    const campaigns = [campaign(), campaign({ id: 11, rule: POINTS }), campaign({ id: 12, couponCodes: ['SAVE5'] })];
    expect(attributeOrder(order({ status: 'CANCELLED', couponCodes: ['SAVE5'] }), campaigns)).toEqual([]);
  });

  it.each<[string, Partial<AttributableCampaign>, boolean]>([
    ['placedAt equal to startsAt is in', { startsAt: PLACED }, true],
    ['placedAt one ms before startsAt is out', { startsAt: ms(1) }, false],
    ['placedAt equal to endsAt is out', { endsAt: PLACED }, false],
    ['placedAt one ms before endsAt is in', { endsAt: ms(1) }, true],
    ['a draft (startsAt null) attributes nothing', { startsAt: null }, false],
    ['a draft without an end attributes nothing', { startsAt: null, endsAt: null }, false],
    ['endsAt null is open-ended', { startsAt: new Date('2020-01-01T00:00:00Z'), endsAt: null }, true],
  ])('window: %s', (_, c, matches) => {
    expect(attributeOrder(order(), [campaign(c)])).toEqual(matches ? [row(10, WHOLE)] : []);
  });

  it.each<[number[], boolean]>([
    [[], true],
    [[7], true],
    [[3, 7], true],
    [[3, 8], false],
  ])('channel scope %j on an order of channel 7: attributed %s', (channelIds, matches) => {
    expect(attributeOrder(order(), [campaign({ channelIds })])).toEqual(matches ? [row(10, WHOLE)] : []);
  });

  describe('COUPON', () => {
    const coupon = (codes: string[], c: Partial<AttributableCampaign> = {}) => campaign({ couponCodes: codes, ...c });
    it.each<[string, string[], AttributableCampaign, string | null]>([
      ['" save5" matches SAVE5 (trimmed, upper case)', [' save5'], coupon(['SAVE5']), 'SAVE5'],
      ['"Save5 " matches SAVE5', ['Save5 '], coupon(['SAVE5']), 'SAVE5'],
      ['the first of the campaign codes present wins', ['second', 'FIRST'], coupon(['FIRST', 'SECOND']), 'FIRST'],
      ['the first present, not the first listed', ['second'], coupon(['FIRST', 'SECOND']), 'SECOND'],
      ['another code does not match', ['OTHER'], coupon(['SAVE5']), null],
      ['no code: no match even with a discounted in-scope line', [], coupon(['SAVE5'], { skus: ['A'] }), null],
      ['no code: no match by promotion either', [], coupon(['SAVE5'], { promotionIds: ['P1'] }), null],
    ])('%s', (_, couponCodes, c, code) => {
      const result = attributeOrder(order({ couponCodes, promotionIds: ['P1'] }), [c]);
      expect(result).toEqual(code === null ? [] : [row(10, { ...WHOLE, matchedBy: 'COUPON', couponCode: code })]);
    });
  });

  describe('PROMOTION', () => {
    it.each<[string[], boolean]>([
      [['P2'], true],
      [['X', 'P1'], true],
      [['P3'], false],
      [[], false], // even though the order shows a 10% discount on every line
    ])('a campaign of promotions P1, P2 on an order carrying %j: attributed %s', (promotionIds, matches) => {
      const result = attributeOrder(order({ promotionIds }), [campaign({ promotionIds: ['P1', 'P2'] })]);
      expect(result).toEqual(matches ? [row(10, { ...WHOLE, matchedBy: 'PROMOTION' })] : []);
    });
  });

  describe('SCOPE', () => {
    const A = line('A', 2, 1000); // undiscounted: 20.00
    const flashLines = [line('F', 3, 700), line('B', 1, 500, 100)];
    const giftLines = (giftLine: Line) => [A, giftLine];
    it.each<[string, Partial<AttributableOrder>, Partial<AttributableCampaign>, Figures | null]>([
      ['PERCENT_OFF: discount on the SKU line', {}, { skus: ['A'] }, { units: 2, revenueMinor: 1800, discountMinor: 200 }],
      ['PERCENT_OFF: no discount on the SKU line', { lines: [A, line('B', 1, 500, 100)] }, { skus: ['A'] }, null],
      ['PERCENT_OFF: works in every currency', { currencyCode: 'USD' }, { skus: ['B'] }, { units: 1, revenueMinor: 400, discountMinor: 100, currencyCode: 'USD' }],
      ['PERCENT_OFF: no line of its SKUs', {}, { skus: ['Z'] }, null],
      ['AMOUNT_OFF: discount on the SKU line', {}, { rule: amountOff('EUR'), skus: ['B'] }, { units: 1, revenueMinor: 400, discountMinor: 100 }],
      ['AMOUNT_OFF: another currency', {}, { rule: amountOff('USD'), skus: ['B'] }, null],
      ['SPEND_THRESHOLD: discount anywhere, no SKU scope', {}, { rule: threshold('EUR') }, WHOLE],
      ['SPEND_THRESHOLD: no discount on any line', { lines: [A], discountTotalMinor: 0 }, { rule: threshold('EUR') }, null],
      ['SPEND_THRESHOLD: another currency', {}, { rule: threshold('GBP') }, null],
      ['FLASH_PRICE: unit price at the flash price', { lines: flashLines }, { rule: flash(700), skus: ['F'] }, { units: 3, revenueMinor: 2100, discountMinor: 0, flashUnits: 3 }],
      ['FLASH_PRICE: unit price below the flash price', { lines: flashLines }, { rule: flash(750), skus: ['F'] }, { units: 3, revenueMinor: 2100, discountMinor: 0, flashUnits: 3 }],
      ['FLASH_PRICE: unit price one above, no discount', { lines: flashLines }, { rule: flash(699), skus: ['F'] }, null],
      // 3 × 10.00 − 9.00 = 21.00 = 3 × 7.00
      ['FLASH_PRICE: total exactly flash price × quantity', { lines: [line('F', 3, 1000, 900)], discountTotalMinor: 900 }, { rule: flash(700) }, { units: 3, revenueMinor: 2100, discountMinor: 900, flashUnits: 3 }],
      ['FLASH_PRICE: total one above flash price × quantity', { lines: [line('F', 3, 1000, 899)] }, { rule: flash(700) }, null],
      ['FLASH_PRICE: no line of its SKU', {}, { rule: flash(100_000) }, null],
      ['FLASH_PRICE: another currency', { lines: flashLines }, { rule: flash(700, 'USD'), skus: ['F'] }, null],
      // no SKU scope: every line counted (2 + 1 + 1 units), flash units only those of F (2 + 1)
      ['FLASH_PRICE: flash units sum the F lines', { lines: [line('F', 2, 700), line('F', 1, 650), line('B', 1, 500, 100)], discountTotalMinor: 100 }, { rule: flash(700) }, { units: 4, revenueMinor: 2450, discountMinor: 100, flashUnits: 3 }],
      ['GIFT: gift line at price 0', { lines: giftLines(line('G', 1, 0)) }, { rule: gift(), skus: ['A'] }, { units: 2, revenueMinor: 2000, discountMinor: 0 }],
      ['GIFT: gift line fully discounted', { lines: giftLines(line('G', 2, 500, 1000)) }, { rule: gift(), skus: ['A'] }, { units: 2, revenueMinor: 2000, discountMinor: 0 }],
      ['GIFT: gift line charged 0.01', { lines: giftLines(line('G', 2, 500, 999)) }, { rule: gift(), skus: ['A'] }, null],
      ['GIFT: no gift line', { lines: [A] }, { rule: gift(), skus: ['A'] }, null],
      ['GIFT: another currency', { lines: giftLines(line('G', 1, 0)) }, { rule: gift('USD'), skus: ['A'] }, null],
      ['POINTS_MULTIPLIER: any order, no discount', { lines: [A], discountTotalMinor: 0 }, { rule: POINTS }, { units: 2, revenueMinor: 2000, discountMinor: 0 }],
      ['POINTS_MULTIPLIER: every currency', { currencyCode: 'JPY' }, { rule: POINTS, skus: ['B'] }, { units: 1, revenueMinor: 400, discountMinor: 100, currencyCode: 'JPY' }],
      ['POINTS_MULTIPLIER: no line of its SKUs', {}, { rule: POINTS, skus: ['Z'] }, null],
    ])('%s', (_, o, c, figures) => {
      expect(attributeOrder(order(o), [campaign(c)])).toEqual(figures ? [row(10, figures)] : []);
    });
  });

  it.each<[string[], Figures]>([
    [['A'], { units: 2, revenueMinor: 1800, discountMinor: 200 }],
    [['A', 'B'], { units: 3, revenueMinor: 2200, discountMinor: 300 }],
    [['B', 'Z'], { units: 1, revenueMinor: 400, discountMinor: 100 }],
    [[], WHOLE], // every line, the SKU-less one too, and the order's whole discount
  ])('figures with SKU scope %j', (skus, figures) => {
    expect(attributeOrder(order(), [campaign({ skus })])).toEqual([row(10, figures)]);
  });

  it('copies channelId, customerId, placedAt and currencyCode from the order', () => {
    const placedAt = new Date('2024-06-20T08:30:00.000Z');
    const o = order({ id: 5, channelId: 9, customerId: null, placedAt, currencyCode: 'USD' });
    expect(attributeOrder(o, [campaign({ id: 3, rule: POINTS, skus: ['A'] })])).toEqual([
      { ...row(3, { units: 2, revenueMinor: 1800, discountMinor: 200 }), orderId: 5, channelId: 9, customerId: null, placedAt, currencyCode: 'USD' },
    ]);
  });

  it('gives one row per matching campaign, in the campaigns’ order', () => {
    const campaigns = [
      campaign({ id: 30, rule: POINTS, skus: ['B'] }),
      campaign({ id: 10, skus: ['A'] }),
      campaign({ id: 20, couponCodes: ['NOPE'] }), // the order has no such code
      campaign({ id: 40, promotionIds: ['P1'] }),
      campaign({ id: 50, couponCodes: ['SAVE5'], skus: ['A'] }),
    ];
    expect(attributeOrder(order({ couponCodes: ['save5'], promotionIds: ['P1'] }), campaigns)).toEqual([
      row(30, { units: 1, revenueMinor: 400, discountMinor: 100 }),
      row(10, { units: 2, revenueMinor: 1800, discountMinor: 200 }),
      row(40, { ...WHOLE, matchedBy: 'PROMOTION' }),
      row(50, { units: 2, revenueMinor: 1800, discountMinor: 200, matchedBy: 'COUPON', couponCode: 'SAVE5' }),
    ]);
  });

  it('is pure: the same rows twice, inputs untouched', () => {
    const deepFreeze = <T>(v: T): T => {
      if (v && typeof v === 'object' && !(v instanceof Date)) Object.values(v).forEach(deepFreeze);
      return Object.freeze(v);
    };
    const o = order({ couponCodes: [' save5'], promotionIds: ['P1'], lines: [line('A', 2, 1000, 200), line('F', 3, 700), line('G', 1, 0)] });
    const campaigns = [
      campaign({ id: 1, couponCodes: ['SAVE5'] }),
      campaign({ id: 2, promotionIds: ['P1'] }),
      campaign({ id: 3, rule: flash(700), skus: ['F'] }),
      campaign({ id: 4, rule: gift(), skus: ['A'] }),
      campaign({ id: 5, rule: POINTS }),
    ];
    const before = structuredClone({ o, campaigns });
    deepFreeze(o);
    deepFreeze(campaigns);
    const first = attributeOrder(o, campaigns);
    const second = attributeOrder(o, campaigns);
    expect(first).toHaveLength(5);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect({ o, campaigns }).toEqual(before);
  });
});
