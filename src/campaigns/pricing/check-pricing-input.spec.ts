import { checkCampaignRule, checkCart } from './check-pricing-input';
import type { CampaignRule, Cart, CartLine } from './pricing-types';

const line = (over: Partial<CartLine> = {}): CartLine => ({ sku: 'MUG', title: 'Mug', quantity: 2, unitPriceMinor: 800, ...over });

function cart(over: Partial<Cart> = {}): Cart {
  return {
    channelId: 1,
    currency: 'EUR',
    customerTier: null,
    customerKnown: false,
    couponCodes: [],
    lines: [line()],
    at: new Date('2025-06-01T12:00:00.000Z'),
    ...over,
  };
}

const paths = (problems: { path: string }[]) => problems.map((problem) => problem.path);

describe('checkCart', () => {
  it('accepts a well-formed cart', () => {
    expect(checkCart(cart({ basePointsPerUnit: 2 }))).toEqual([]);
  });

  it.each([
    { name: 'an unknown currency', over: { currency: 'ZZZ' }, path: 'currency' },
    { name: 'a lower-case currency', over: { currency: 'eur' }, path: 'currency' },
    { name: 'no lines', over: { lines: [] }, path: 'lines' },
    { name: 'more than 500 lines', over: { lines: Array.from({ length: 501 }, () => line()) }, path: 'lines' },
    { name: 'an empty SKU', over: { lines: [line(), line({ sku: '  ' })] }, path: 'lines[1].sku' },
    { name: 'a SKU over 100 characters', over: { lines: [line({ sku: 'S'.repeat(101) })] }, path: 'lines[0].sku' },
    { name: 'a zero quantity', over: { lines: [line({ quantity: 0 })] }, path: 'lines[0].quantity' },
    { name: 'a fractional quantity', over: { lines: [line({ quantity: 1.5 })] }, path: 'lines[0].quantity' },
    { name: 'a quantity over 100,000', over: { lines: [line(), line(), line({ quantity: 100_001 })] }, path: 'lines[2].quantity' },
    { name: 'a negative unit price', over: { lines: [line({ unitPriceMinor: -1 })] }, path: 'lines[0].unitPriceMinor' },
    { name: 'a fractional unit price', over: { lines: [line({ unitPriceMinor: 7.5 })] }, path: 'lines[0].unitPriceMinor' },
    { name: 'an unsafe unit price', over: { lines: [line({ unitPriceMinor: 2 ** 53 })] }, path: 'lines[0].unitPriceMinor' },
    { name: 'a line whose subtotal is unsafe', over: { lines: [line({ quantity: 100_000, unitPriceMinor: 2 ** 40 })] }, path: 'lines[0]' },
    { name: 'a cart whose subtotal is unsafe', over: { lines: Array.from({ length: 3 }, () => line({ quantity: 1, unitPriceMinor: 2 ** 52 })) }, path: 'lines' },
    { name: 'fractional points per unit', over: { basePointsPerUnit: 0.5 }, path: 'basePointsPerUnit' },
    { name: 'negative points per unit', over: { basePointsPerUnit: -1 }, path: 'basePointsPerUnit' },
    { name: 'an invalid moment', over: { at: new Date('not a date') }, path: 'at' },
  ])('refuses $name', ({ over, path }) => {
    expect(paths(checkCart(cart(over)))).toEqual([path]);
  });

  it('accepts the limits: 500 lines, 100,000 units, a free line, 0 points per unit', () => {
    const lines = [line({ quantity: 100_000 }), line({ unitPriceMinor: 0 }), ...Array.from({ length: 498 }, () => line())];
    expect(checkCart(cart({ lines, basePointsPerUnit: 0 }))).toEqual([]);
  });

  it('reports every problem, each with a sentence', () => {
    const problems = checkCart(cart({ currency: 'XXX', lines: [line({ quantity: 0, sku: '' })] }));
    expect(paths(problems)).toEqual(['currency', 'lines[0].sku', 'lines[0].quantity']);
    expect(problems[2].message).toBe('The quantity must be a whole number from 1 to 100000.');
  });
});

describe('checkCampaignRule', () => {
  it.each<{ name: string; rule: CampaignRule }>([
    { name: '15% off', rule: { kind: 'PERCENT_OFF', basisPoints: 1500 } },
    { name: '100% off', rule: { kind: 'PERCENT_OFF', basisPoints: 10_000 } },
    { name: '5.00 off', rule: { kind: 'AMOUNT_OFF', currency: 'EUR', amountMinor: 500 } },
    { name: 'two tiers', rule: { kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: [{ spendMinor: 30000, offMinor: 5000 }, { spendMinor: 50000, offMinor: 10000 }], repeat: false, maxRepeats: null } },
    { name: 'a repeat at most twice', rule: { kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: [{ spendMinor: 30000, offMinor: 30000 }], repeat: true, maxRepeats: 2 } },
    { name: 'a gift with no minimum', rule: { kind: 'GIFT', currency: 'EUR', giftSku: 'TOTE', giftTitle: 'Tote', quantity: 1000, minSpendMinor: 0 } },
    { name: 'a free flash price without cap', rule: { kind: 'FLASH_PRICE', currency: 'JPY', sku: 'MUG', unitPriceMinor: 0, unitCap: null } },
    { name: '×1.01 points', rule: { kind: 'POINTS_MULTIPLIER', hundredths: 101 } },
    { name: '×1000 points', rule: { kind: 'POINTS_MULTIPLIER', hundredths: 100_000 } },
  ])('accepts $name', ({ rule }) => {
    expect(checkCampaignRule(rule)).toEqual([]);
  });

  const tiers = (...pairs: [number, number][]) => pairs.map(([spendMinor, offMinor]) => ({ spendMinor, offMinor }));
  it.each<{ name: string; rule: CampaignRule; paths: string[] }>([
    { name: '0% off', rule: { kind: 'PERCENT_OFF', basisPoints: 0 }, paths: ['rule.basisPoints'] },
    { name: 'more than 100% off', rule: { kind: 'PERCENT_OFF', basisPoints: 10_001 }, paths: ['rule.basisPoints'] },
    { name: 'a fractional percentage', rule: { kind: 'PERCENT_OFF', basisPoints: 12.5 }, paths: ['rule.basisPoints'] },
    { name: 'a zero amount', rule: { kind: 'AMOUNT_OFF', currency: 'EUR', amountMinor: 0 }, paths: ['rule.amountMinor'] },
    { name: 'an unsafe amount', rule: { kind: 'AMOUNT_OFF', currency: 'EUR', amountMinor: 2 ** 53 }, paths: ['rule.amountMinor'] },
    { name: 'an unknown currency', rule: { kind: 'AMOUNT_OFF', currency: 'EURO', amountMinor: 500 }, paths: ['rule.currency'] },
    { name: 'no tiers', rule: { kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: [], repeat: false, maxRepeats: null }, paths: ['rule.tiers'] },
    { name: 'a spend that does not increase', rule: { kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: tiers([30000, 5000], [30000, 6000]), repeat: false, maxRepeats: null }, paths: ['rule.tiers[1].spendMinor'] },
    { name: 'a zero spend', rule: { kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: tiers([0, 5000]), repeat: false, maxRepeats: null }, paths: ['rule.tiers[0].spendMinor'] },
    { name: 'a zero amount off', rule: { kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: tiers([30000, 0]), repeat: false, maxRepeats: null }, paths: ['rule.tiers[0].offMinor'] },
    { name: 'more off than the spend', rule: { kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: tiers([30000, 5000], [50000, 50001]), repeat: false, maxRepeats: null }, paths: ['rule.tiers[1].offMinor'] },
    { name: 'a repeat with two tiers', rule: { kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: tiers([30000, 5000], [50000, 10000]), repeat: true, maxRepeats: null }, paths: ['rule.repeat'] },
    { name: 'zero repeats', rule: { kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: tiers([30000, 5000]), repeat: true, maxRepeats: 0 }, paths: ['rule.maxRepeats'] },
    { name: 'maxRepeats without repeat', rule: { kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: tiers([30000, 5000]), repeat: false, maxRepeats: 2 }, paths: ['rule.maxRepeats'] },
    { name: 'a gift of no units', rule: { kind: 'GIFT', currency: 'EUR', giftSku: 'TOTE', giftTitle: 'Tote', quantity: 0, minSpendMinor: 0 }, paths: ['rule.quantity'] },
    { name: 'a gift of 1,001 units', rule: { kind: 'GIFT', currency: 'EUR', giftSku: 'TOTE', giftTitle: 'Tote', quantity: 1001, minSpendMinor: 0 }, paths: ['rule.quantity'] },
    { name: 'a gift without SKU', rule: { kind: 'GIFT', currency: 'EUR', giftSku: '', giftTitle: 'Tote', quantity: 1, minSpendMinor: 0 }, paths: ['rule.giftSku'] },
    { name: 'a negative minimum spend', rule: { kind: 'GIFT', currency: 'EUR', giftSku: 'TOTE', giftTitle: 'Tote', quantity: 1, minSpendMinor: -1 }, paths: ['rule.minSpendMinor'] },
    { name: 'a negative flash price', rule: { kind: 'FLASH_PRICE', currency: 'EUR', sku: 'MUG', unitPriceMinor: -1, unitCap: null }, paths: ['rule.unitPriceMinor'] },
    { name: 'a zero unit cap', rule: { kind: 'FLASH_PRICE', currency: 'EUR', sku: 'MUG', unitPriceMinor: 500, unitCap: 0 }, paths: ['rule.unitCap'] },
    { name: 'a flash price without SKU', rule: { kind: 'FLASH_PRICE', currency: 'EUR', sku: ' ', unitPriceMinor: 500, unitCap: 10 }, paths: ['rule.sku'] },
    { name: 'a ×1 multiplier', rule: { kind: 'POINTS_MULTIPLIER', hundredths: 100 }, paths: ['rule.hundredths'] },
    { name: 'a multiplier over ×1000', rule: { kind: 'POINTS_MULTIPLIER', hundredths: 100_001 }, paths: ['rule.hundredths'] },
    { name: 'an unknown kind', rule: { kind: 'BOGO' } as unknown as CampaignRule, paths: ['rule.kind'] },
  ])('refuses $name', ({ rule, paths: expected }) => {
    expect(paths(checkCampaignRule(rule))).toEqual(expected);
  });

  it('explains a tier that takes off more than its spend', () => {
    const [problem] = checkCampaignRule({ kind: 'SPEND_THRESHOLD', currency: 'EUR', tiers: tiers([100, 101]), repeat: false, maxRepeats: null });
    expect(problem).toEqual({ path: 'rule.tiers[0].offMinor', message: "The tier's amount off may not exceed its spend." });
  });
});
