import type { CampaignRule, CampaignUsage, Cart, CartLine, CouponTerms, PricedCampaign, Quote } from './pricing-types';
import { quoteCart } from './quote-cart';

const AT = new Date('2025-06-01T12:00:00.000Z');

let nextId = 1;
function campaign(code: string, rule: CampaignRule, over: Partial<PricedCampaign> = {}): PricedCampaign {
  return {
    id: nextId++,
    code,
    rule,
    startsAt: new Date('2025-01-01T00:00:00.000Z'),
    endsAt: null,
    paused: false,
    channelIds: [],
    tiers: [],
    skus: [],
    priority: 0,
    stacking: 'STACKABLE',
    budgetMinor: null,
    budgetCurrency: null,
    coupons: [],
    ...over,
  };
}

const line = (sku: string, unitPriceMinor: number, quantity = 1): CartLine => ({ sku, title: null, quantity, unitPriceMinor });

/** One line of one unit per price, SKUs A, B, C… */
const priced = (...prices: number[]): CartLine[] => prices.map((price, i) => line(String.fromCharCode(65 + i), price));

function cart(lines: CartLine[], over: Partial<Cart> = {}): Cart {
  return { channelId: 1, currency: 'EUR', customerTier: null, customerKnown: false, couponCodes: [], lines, at: AT, ...over };
}

function usage(over: { given?: [number, number][]; flash?: [number, number][]; coupons?: [string, number][]; customer?: [string, number][] } = {}): CampaignUsage {
  return {
    discountGivenMinor: new Map(over.given ?? []),
    flashUnitsSold: new Map(over.flash ?? []),
    couponUses: new Map(over.coupons ?? []),
    customerCouponUses: new Map(over.customer ?? []),
  };
}

const percent = (basisPoints: number): CampaignRule => ({ kind: 'PERCENT_OFF', basisPoints });
const amountOff = (amountMinor: number, currency = 'EUR'): CampaignRule => ({ kind: 'AMOUNT_OFF', currency, amountMinor });
const threshold = (tiers: [number, number][], repeat = false, maxRepeats: number | null = null): CampaignRule => ({
  kind: 'SPEND_THRESHOLD',
  currency: 'EUR',
  tiers: tiers.map(([spendMinor, offMinor]) => ({ spendMinor, offMinor })),
  repeat,
  maxRepeats,
});
const gift = (minSpendMinor: number): CampaignRule => ({ kind: 'GIFT', currency: 'EUR', giftSku: 'TOTE', giftTitle: 'Canvas tote', quantity: 1, minSpendMinor });
const flash = (unitPriceMinor: number, unitCap: number | null): CampaignRule => ({ kind: 'FLASH_PRICE', currency: 'EUR', sku: 'MUG', unitPriceMinor, unitCap });
const multiplier = (hundredths: number): CampaignRule => ({ kind: 'POINTS_MULTIPLIER', hundredths });
const coupon = (code: string, usageLimit: number | null = null, perCustomerLimit: number | null = null): CouponTerms => ({ code, usageLimit, perCustomerLimit });

/** What a quote says, in figures: the totals, each line's discount, who applied and who did not. */
interface Summary {
  subtotal: number;
  discount: number;
  total: number;
  lines: number[];
  applied: [string, number][];
  notApplied?: { code: string; reason: string; shortByMinor?: number; excludedBy?: string }[];
}

function summarize(quote: Quote): Summary {
  return {
    subtotal: quote.subtotalMinor,
    discount: quote.discountMinor,
    total: quote.totalMinor,
    lines: quote.lines.map((l) => l.discountMinor),
    applied: quote.applied.map((a) => [a.code, a.discountMinor]),
    notApplied: quote.notApplied.map(({ code, reason, shortByMinor, excludedBy }) => ({ code, reason, shortByMinor, excludedBy })),
  };
}

interface Case {
  name: string;
  cart: Cart;
  campaigns: PricedCampaign[];
  usage?: CampaignUsage;
  expected: Summary;
}

function runTable(cases: Case[]): void {
  it.each(cases)('$name', ({ cart: c, campaigns, usage: u, expected }) => {
    expect(summarize(quoteCart(c, campaigns, u ?? usage()))).toEqual({ notApplied: [], ...expected });
  });
}

describe('spend thresholds (tiers 300.00 → 50.00 off, 500.00 → 100.00 off)', () => {
  const tiers = () => campaign('TIERS', threshold([[30000, 5000], [50000, 10000]]));
  runTable([
    {
      name: '299.99 misses the first tier by one cent',
      cart: cart(priced(29999)),
      campaigns: [tiers()],
      // 30000 − 29999 = 1 short
      expected: { subtotal: 29999, discount: 0, total: 29999, lines: [0], applied: [], notApplied: [{ code: 'TIERS', reason: 'THRESHOLD_NOT_REACHED', shortByMinor: 1 }] },
    },
    {
      name: '300.00 reaches the first tier',
      cart: cart(priced(30000)),
      campaigns: [tiers()],
      // 30000 ≥ 30000 → 5000 off; 30000 − 5000 = 25000
      expected: { subtotal: 30000, discount: 5000, total: 25000, lines: [5000], applied: [['TIERS', 5000]] },
    },
    {
      name: '499.99 stays on the first tier',
      cart: cart(priced(49999)),
      campaigns: [tiers()],
      // 30000 ≤ 49999 < 50000 → 5000 off; 49999 − 5000 = 44999
      expected: { subtotal: 49999, discount: 5000, total: 44999, lines: [5000], applied: [['TIERS', 5000]] },
    },
    {
      name: '500.00 reaches the second tier',
      cart: cart(priced(50000)),
      campaigns: [tiers()],
      // 50000 ≥ 50000 → 10000 off; 50000 − 10000 = 40000
      expected: { subtotal: 50000, discount: 10000, total: 40000, lines: [10000], applied: [['TIERS', 10000]] },
    },
    {
      name: 'the threshold counts the lines together and shares the discount by largest remainder',
      cart: cart(priced(20000, 10000)),
      campaigns: [tiers()],
      // 20000 + 10000 = 30000 → 5000; 5000 × 20000 / 30000 = 3333.33 → 3333, 5000 × 10000 / 30000 = 1666.67 → 1666;
      // 1 left over → the larger remainder (.67): 1667
      expected: { subtotal: 30000, discount: 5000, total: 25000, lines: [3333, 1667], applied: [['TIERS', 5000]] },
    },
  ]);
});

describe('repeating threshold (every 300.00 → 50.00 off)', () => {
  runTable([
    {
      name: '899.99 earns it twice',
      cart: cart(priced(89999)),
      campaigns: [campaign('EVERY300', threshold([[30000, 5000]], true))],
      // floor(89999 / 30000) = 2; 2 × 5000 = 10000; 89999 − 10000 = 79999
      expected: { subtotal: 89999, discount: 10000, total: 79999, lines: [10000], applied: [['EVERY300', 10000]] },
    },
    {
      name: '900.00 earns it three times',
      cart: cart(priced(90000)),
      campaigns: [campaign('EVERY300', threshold([[30000, 5000]], true))],
      // floor(90000 / 30000) = 3; 3 × 5000 = 15000; 90000 − 15000 = 75000
      expected: { subtotal: 90000, discount: 15000, total: 75000, lines: [15000], applied: [['EVERY300', 15000]] },
    },
    {
      name: 'at most maxRepeats times',
      cart: cart(priced(90000)),
      campaigns: [campaign('EVERY300', threshold([[30000, 5000]], true, 2))],
      // min(3, 2) = 2; 2 × 5000 = 10000; 90000 − 10000 = 80000
      expected: { subtotal: 90000, discount: 10000, total: 80000, lines: [10000], applied: [['EVERY300', 10000]] },
    },
  ]);
});

describe('stacking and exclusivity', () => {
  runTable([
    {
      name: 'two stackable campaigns apply in priority order, the second on what the first left',
      cart: cart(priced(10000)),
      campaigns: [campaign('TWENTY', percent(2000), { priority: 1 }), campaign('TEN', percent(1000), { priority: 2 })],
      // TEN: floor(10000 × 1000 / 10000) = 1000; TWENTY: floor(9000 × 2000 / 10000) = 1800; 10000 − 2800 = 7200
      expected: { subtotal: 10000, discount: 2800, total: 7200, lines: [2800], applied: [['TEN', 1000], ['TWENTY', 1800]] },
    },
    {
      name: 'campaigns of equal priority go by code',
      cart: cart(priced(10000)),
      campaigns: [campaign('B10', amountOff(1000)), campaign('A50', percent(5000))],
      // A50: floor(10000 × 5000 / 10000) = 5000; B10: min(1000, 5000) = 1000; 10000 − 6000 = 4000
      expected: { subtotal: 10000, discount: 6000, total: 4000, lines: [6000], applied: [['A50', 5000], ['B10', 1000]] },
    },
    {
      name: 'an exclusive campaign of higher priority excludes the ones after it',
      cart: cart(priced(10000)),
      campaigns: [campaign('FIVE', amountOff(500), { priority: 1 }), campaign('VIP20', percent(2000), { priority: 5, stacking: 'EXCLUSIVE' })],
      // VIP20: floor(10000 × 2000 / 10000) = 2000; FIVE would take min(500, 8000) = 500 but is excluded
      expected: {
        subtotal: 10000, discount: 2000, total: 8000, lines: [2000], applied: [['VIP20', 2000]],
        notApplied: [{ code: 'FIVE', reason: 'EXCLUDED', excludedBy: 'VIP20' }],
      },
    },
    {
      name: 'an exclusive campaign of lower priority is excluded once a stackable one applied',
      cart: cart(priced(10000)),
      campaigns: [campaign('TEN', percent(1000), { priority: 5 }), campaign('BIG', amountOff(3000), { priority: 1, stacking: 'EXCLUSIVE' })],
      // TEN: 1000; BIG would take min(3000, 9000) = 3000 but does not combine; 10000 − 1000 = 9000
      expected: {
        subtotal: 10000, discount: 1000, total: 9000, lines: [1000], applied: [['TEN', 1000]],
        notApplied: [{ code: 'BIG', reason: 'EXCLUDED', excludedBy: 'TEN' }],
      },
    },
    {
      name: 'an exclusive campaign that misses its threshold excludes nothing',
      cart: cart(priced(10000)),
      campaigns: [campaign('HIGH', threshold([[20000, 3000]]), { priority: 5, stacking: 'EXCLUSIVE' }), campaign('TEN', percent(1000), { priority: 1 })],
      // HIGH: 20000 − 10000 = 10000 short; TEN: 1000; 10000 − 1000 = 9000
      expected: {
        subtotal: 10000, discount: 1000, total: 9000, lines: [1000], applied: [['TEN', 1000]],
        notApplied: [{ code: 'HIGH', reason: 'THRESHOLD_NOT_REACHED', shortByMinor: 10000 }],
      },
    },
    {
      name: 'a campaign finding nothing left to discount gives nothing',
      cart: cart(priced(10000)),
      campaigns: [campaign('FREE', percent(10000), { priority: 2 }), campaign('TEN', percent(1000), { priority: 1 })],
      // FREE: 10000; TEN: floor(0 × 1000 / 10000) = 0
      expected: {
        subtotal: 10000, discount: 10000, total: 0, lines: [10000], applied: [['FREE', 10000]],
        notApplied: [{ code: 'TEN', reason: 'NOTHING_TO_DISCOUNT' }],
      },
    },
    {
      name: 'an amount off is at most what the lines cost',
      cart: cart(priced(700)),
      campaigns: [campaign('TENNER', amountOff(1000))],
      // min(1000, 700) = 700; 700 − 700 = 0
      expected: { subtotal: 700, discount: 700, total: 0, lines: [700], applied: [['TENNER', 700]] },
    },
    {
      name: 'a campaign limited to some SKUs discounts only their lines',
      cart: cart(priced(1000, 2000)),
      campaigns: [campaign('B10', percent(1000), { skus: ['B'] })],
      // floor(2000 × 1000 / 10000) = 200 on B only; 3000 − 200 = 2800
      expected: { subtotal: 3000, discount: 200, total: 2800, lines: [0, 200], applied: [['B10', 200]] },
    },
  ]);
});

describe('gifts', () => {
  runTable([
    {
      name: 'a gift line at zero price is added and the totals do not change',
      cart: cart(priced(6000)),
      campaigns: [campaign('TOTE', gift(5000))],
      // 6000 ≥ 5000: a TOTE line at 0; subtotal 6000 + 0, discount 0
      expected: { subtotal: 6000, discount: 0, total: 6000, lines: [0, 0], applied: [['TOTE', 0]] },
    },
    {
      name: 'no gift below its minimum spend',
      cart: cart(priced(4000)),
      campaigns: [campaign('TOTE', gift(5000))],
      // 5000 − 4000 = 1000 short
      expected: { subtotal: 4000, discount: 0, total: 4000, lines: [0], applied: [], notApplied: [{ code: 'TOTE', reason: 'THRESHOLD_NOT_REACHED', shortByMinor: 1000 }] },
    },
  ]);
});

describe('rounding', () => {
  runTable([
    {
      name: '15% off ¥1,999 is rounded down to ¥299',
      cart: cart(priced(1999), { currency: 'JPY' }),
      campaigns: [campaign('JP15', percent(1500))],
      // floor(1999 × 1500 / 10000) = floor(299.85) = 299; 1999 − 299 = 1700
      expected: { subtotal: 1999, discount: 299, total: 1700, lines: [299], applied: [['JP15', 299]] },
    },
    {
      name: '10.00 off three lines of 3.33, 3.33 and 3.34 sums to 10.00 exactly',
      cart: cart(priced(333, 333, 334)),
      campaigns: [campaign('TENNER', amountOff(1000))],
      // min(1000, 1000) = 1000; 1000 × 333 / 1000 = 333, 333, 1000 × 334 / 1000 = 334
      expected: { subtotal: 1000, discount: 1000, total: 0, lines: [333, 333, 334], applied: [['TENNER', 1000]] },
    },
    {
      name: '10.00 off 33.33, 33.33 and 33.34 gives the left-over cent to the largest remainder',
      cart: cart(priced(3333, 3333, 3334)),
      campaigns: [campaign('TENNER', amountOff(1000))],
      // 333.3 → 333, 333.3 → 333, 333.4 → 333 (999); 1 left → third line (.4); 10000 − 1000 = 9000
      expected: { subtotal: 10000, discount: 1000, total: 9000, lines: [333, 333, 334], applied: [['TENNER', 1000]] },
    },
    {
      name: '10.00 off three equal lines gives the tied cent to the first line',
      cart: cart(priced(1000, 1000, 1000)),
      campaigns: [campaign('TENNER', amountOff(1000))],
      // 333.33 each → 333 × 3 = 999; 1 left, remainders tied → first line; 3000 − 1000 = 2000
      expected: { subtotal: 3000, discount: 1000, total: 2000, lines: [334, 333, 333], applied: [['TENNER', 1000]] },
    },
    {
      name: 'spend 300 get 50 off over 120.00, 100.00 and 80.00 (the docs/pricing.md example)',
      cart: cart(priced(12000, 10000, 8000)),
      campaigns: [campaign('S300', threshold([[30000, 5000]]))],
      // 5000 × 12000 / 30000 = 2000, × 10000 / 30000 = 1666.67 → 1666, × 8000 / 30000 = 1333.33 → 1333 (4999);
      // 1 left → the largest remainder (.67): 1667; 30000 − 5000 = 25000
      expected: { subtotal: 30000, discount: 5000, total: 25000, lines: [2000, 1667, 1333], applied: [['S300', 5000]] },
    },
  ]);
});

describe('coupons', () => {
  const save10 = (terms: CouponTerms) => campaign('SAVE10', percent(1000), { coupons: [terms] });
  runTable([
    {
      name: 'a campaign with coupons needs one of them',
      cart: cart(priced(10000)),
      campaigns: [save10(coupon('SAVE10'))],
      expected: { subtotal: 10000, discount: 0, total: 10000, lines: [0], applied: [], notApplied: [{ code: 'SAVE10', reason: 'COUPON_REQUIRED' }] },
    },
    {
      name: 'a coupon matches without regard to case or spaces',
      cart: cart(priced(10000), { couponCodes: [' save10 '] }),
      campaigns: [save10(coupon('Save10'))],
      // floor(10000 × 1000 / 10000) = 1000
      expected: { subtotal: 10000, discount: 1000, total: 9000, lines: [1000], applied: [['SAVE10', 1000]] },
    },
    {
      name: 'a coupon used up to its limit is exhausted',
      cart: cart(priced(10000), { couponCodes: ['SAVE10'] }),
      campaigns: [save10(coupon('SAVE10', 100))],
      usage: usage({ coupons: [['SAVE10', 100]] }),
      // 100 uses ≥ limit 100
      expected: { subtotal: 10000, discount: 0, total: 10000, lines: [0], applied: [], notApplied: [{ code: 'SAVE10', reason: 'COUPON_EXHAUSTED' }] },
    },
    {
      name: 'a coupon with one use left applies',
      cart: cart(priced(10000), { couponCodes: ['SAVE10'] }),
      campaigns: [save10(coupon('SAVE10', 100))],
      usage: usage({ coupons: [['SAVE10', 99]] }),
      // 99 < 100; 1000 off
      expected: { subtotal: 10000, discount: 1000, total: 9000, lines: [1000], applied: [['SAVE10', 1000]] },
    },
    {
      name: 'a per-customer coupon needs a known customer',
      cart: cart(priced(10000), { couponCodes: ['SAVE10'], customerKnown: false }),
      campaigns: [save10(coupon('SAVE10', null, 1))],
      expected: { subtotal: 10000, discount: 0, total: 10000, lines: [0], applied: [], notApplied: [{ code: 'SAVE10', reason: 'COUPON_CUSTOMER_LIMIT' }] },
    },
    {
      name: 'a customer at the per-customer limit cannot use it again',
      cart: cart(priced(10000), { couponCodes: ['SAVE10'], customerKnown: true }),
      campaigns: [save10(coupon('SAVE10', null, 1))],
      usage: usage({ customer: [['SAVE10', 1]] }),
      // 1 use ≥ limit 1
      expected: { subtotal: 10000, discount: 0, total: 10000, lines: [0], applied: [], notApplied: [{ code: 'SAVE10', reason: 'COUPON_CUSTOMER_LIMIT' }] },
    },
    {
      name: 'a known customer under the per-customer limit uses it',
      cart: cart(priced(10000), { couponCodes: ['SAVE10'], customerKnown: true }),
      campaigns: [save10(coupon('SAVE10', null, 1))],
      expected: { subtotal: 10000, discount: 1000, total: 9000, lines: [1000], applied: [['SAVE10', 1000]] },
    },
    {
      name: 'when none of the codes passes, the failure of the first is reported',
      cart: cart(priced(10000), { couponCodes: ['second', 'first'] }),
      campaigns: [campaign('SAVE10', percent(1000), { coupons: [coupon('FIRST', 1), coupon('SECOND', null, 1)] })],
      usage: usage({ coupons: [['FIRST', 1]] }),
      // FIRST: 1 use ≥ 1 (exhausted); SECOND: per customer, no customer
      expected: { subtotal: 10000, discount: 0, total: 10000, lines: [0], applied: [], notApplied: [{ code: 'SAVE10', reason: 'COUPON_EXHAUSTED' }] },
    },
  ]);
});

describe('budgets', () => {
  runTable([
    {
      name: 'what is left of the budget caps the discount',
      cart: cart(priced(10000)),
      campaigns: [campaign('TEN', percent(1000), { id: 901, budgetMinor: 1000, budgetCurrency: 'EUR' })],
      usage: usage({ given: [[901, 700]] }),
      // 1000 − 700 = 300 left; min(floor(10000 × 1000 / 10000) = 1000, 300) = 300; 10000 − 300 = 9700
      expected: { subtotal: 10000, discount: 300, total: 9700, lines: [300], applied: [['TEN', 300]] },
    },
    {
      name: 'a spent budget gives nothing',
      cart: cart(priced(10000)),
      campaigns: [campaign('TEN', percent(1000), { id: 902, budgetMinor: 1000, budgetCurrency: 'EUR' })],
      usage: usage({ given: [[902, 1000]] }),
      // 1000 − 1000 = 0 left
      expected: { subtotal: 10000, discount: 0, total: 10000, lines: [0], applied: [], notApplied: [{ code: 'TEN', reason: 'BUDGET_SPENT' }] },
    },
    {
      name: 'a budget in another currency does not apply to the cart',
      cart: cart(priced(10000)),
      campaigns: [campaign('TEN', percent(1000), { budgetMinor: 1000, budgetCurrency: 'USD' })],
      expected: { subtotal: 10000, discount: 0, total: 10000, lines: [0], applied: [], notApplied: [{ code: 'TEN', reason: 'CURRENCY' }] },
    },
  ]);
});

describe('flash prices (MUG at 5.00)', () => {
  runTable([
    {
      name: 'a cap partly sold gives the flash price to the units left',
      cart: cart([line('MUG', 800, 5)]),
      campaigns: [campaign('FLASH', flash(500, 10), { id: 911 })],
      usage: usage({ flash: [[911, 7]] }),
      // 10 − 7 = 3 units × (800 − 500) = 900; 4000 − 900 = 3100
      expected: { subtotal: 4000, discount: 900, total: 3100, lines: [900], applied: [['FLASH', 900]] },
    },
    {
      name: 'the units left go to the lines in cart order',
      cart: cart([line('MUG', 800, 2), line('TEA', 300), line('MUG', 800, 2)]),
      campaigns: [campaign('FLASH', flash(500, 10), { id: 912 })],
      usage: usage({ flash: [[912, 7]] }),
      // 3 units: 2 × 300 = 600 on the first MUG line, 1 × 300 = 300 on the second; 3500 − 900 = 2600
      expected: { subtotal: 3500, discount: 900, total: 2600, lines: [600, 0, 300], applied: [['FLASH', 900]] },
    },
    {
      name: 'lines already at or below the flash price use up no units',
      cart: cart([line('MUG', 400, 2), line('MUG', 800, 1)]),
      campaigns: [campaign('FLASH', flash(500, 1))],
      // 400 ≤ 500: no saving; the one unit goes to the 800 line: 800 − 500 = 300; 1600 − 300 = 1300
      expected: { subtotal: 1600, discount: 300, total: 1300, lines: [0, 300], applied: [['FLASH', 300]] },
    },
    {
      name: 'a flash saving is at most what earlier campaigns left of the line',
      cart: cart([line('MUG', 800)]),
      campaigns: [campaign('NINETY', percent(9000), { priority: 2 }), campaign('FLASH', flash(500, null), { priority: 1 })],
      // NINETY: floor(800 × 9000 / 10000) = 720, 80 left; FLASH: min(1 × (800 − 500), 80) = 80; 800 − 800 = 0
      expected: { subtotal: 800, discount: 800, total: 0, lines: [800], applied: [['NINETY', 720], ['FLASH', 80]] },
    },
    {
      name: 'a sold-out cap gives nothing',
      cart: cart([line('MUG', 800, 5)]),
      campaigns: [campaign('FLASH', flash(500, 10), { id: 913 })],
      usage: usage({ flash: [[913, 10]] }),
      // 10 − 10 = 0 units left
      expected: { subtotal: 4000, discount: 0, total: 4000, lines: [0], applied: [], notApplied: [{ code: 'FLASH', reason: 'SOLD_OUT' }] },
    },
    {
      name: 'a flash price not below the line price gives nothing',
      cart: cart([line('MUG', 500, 2)]),
      campaigns: [campaign('FLASH', flash(500, null))],
      // 500 − 500 = 0 saving
      expected: { subtotal: 1000, discount: 0, total: 1000, lines: [0], applied: [], notApplied: [{ code: 'FLASH', reason: 'NOTHING_TO_DISCOUNT' }] },
    },
    {
      name: 'the budget caps a flash price unit by unit, the last one partly',
      cart: cart([line('MUG', 800, 5)]),
      campaigns: [campaign('FLASH', flash(500, null), { budgetMinor: 400, budgetCurrency: 'EUR' })],
      // 300 for the first unit, min(300, 400 − 300) = 100 for the second; 4000 − 400 = 3600
      expected: { subtotal: 4000, discount: 400, total: 3600, lines: [400], applied: [['FLASH', 400]] },
    },
    {
      name: 'a cart without the flash SKU has no eligible lines',
      cart: cart([line('TEA', 800)]),
      campaigns: [campaign('FLASH', flash(500, null))],
      expected: { subtotal: 800, discount: 0, total: 800, lines: [0], applied: [], notApplied: [{ code: 'FLASH', reason: 'NO_ELIGIBLE_LINES' }] },
    },
  ]);
});

describe('schedule, channel, customer tier, SKUs and currency', () => {
  const nothing = (code: string, reason: string): Summary => ({
    subtotal: 10000, discount: 0, total: 10000, lines: [0], applied: [], notApplied: [{ code, reason }],
  });
  // floor(10000 × 1000 / 10000) = 1000; 10000 − 1000 = 9000
  const tenOff: Summary = { subtotal: 10000, discount: 1000, total: 9000, lines: [1000], applied: [['TEN', 1000]] };
  runTable([
    { name: 'a draft is not scheduled', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { startsAt: null })], expected: nothing('TEN', 'NOT_SCHEDULED') },
    { name: 'a paused campaign gives nothing', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { paused: true })], expected: nothing('TEN', 'PAUSED') },
    { name: 'a draft that is also paused is reported as not scheduled', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { startsAt: null, paused: true })], expected: nothing('TEN', 'NOT_SCHEDULED') },
    { name: 'a future campaign has not started', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { startsAt: new Date('2025-07-01T00:00:00.000Z') })], expected: nothing('TEN', 'NOT_STARTED') },
    { name: 'a campaign applies from the moment it starts', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { startsAt: AT })], expected: tenOff },
    { name: 'a campaign has ended at its end moment', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { endsAt: AT })], expected: nothing('TEN', 'ENDED') },
    { name: 'a campaign applies until just before its end', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { endsAt: new Date(AT.getTime() + 1) })], expected: tenOff },
    { name: 'a campaign of another channel gives nothing', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { channelIds: [2, 3] })], expected: nothing('TEN', 'WRONG_CHANNEL') },
    { name: 'a campaign of the cart’s channel applies', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { channelIds: [2, 1] })], expected: tenOff },
    { name: 'a tier campaign gives a guest nothing', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { tiers: ['VIP'] })], expected: nothing('TEN', 'CUSTOMER_TIER') },
    { name: 'a tier campaign gives another tier nothing', cart: cart(priced(10000), { customerTier: 'LOYAL' }), campaigns: [campaign('TEN', percent(1000), { tiers: ['VIP'] })], expected: nothing('TEN', 'CUSTOMER_TIER') },
    { name: 'a tier campaign applies to its tier', cart: cart(priced(10000), { customerTier: 'VIP' }), campaigns: [campaign('TEN', percent(1000), { tiers: ['VIP'] })], expected: tenOff },
    { name: 'a campaign for other SKUs has no eligible lines', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { skus: ['SHOE'] })], expected: nothing('TEN', 'NO_ELIGIBLE_LINES') },
    { name: 'an amount in another currency does not apply', cart: cart(priced(10000)), campaigns: [campaign('USD5', amountOff(500, 'USD'))], expected: nothing('USD5', 'CURRENCY') },
    { name: 'the first failing check wins: paused before wrong channel', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000), { paused: true, channelIds: [9] })], expected: nothing('TEN', 'PAUSED') },
  ]);
});

describe('points', () => {
  it.each([
    // floor(8550 / 100) = 85 × 1 × 100 / 100 = 85
    { name: 'one point per whole euro of the total', cart: cart(priced(8550)), campaigns: [], points: 85 },
    // 85 × 150 / 100 = 127.5 → 127
    { name: 'a ×1.5 multiplier, rounded down', cart: cart(priced(8550)), campaigns: [campaign('X15', multiplier(150))], points: 127 },
    // max(150, 200) = 200: 85 × 200 / 100 = 170 (not 85 × 1.5 × 2)
    { name: 'the highest multiplier counts, multipliers do not multiply', cart: cart(priced(8550)), campaigns: [campaign('X15', multiplier(150)), campaign('X2', multiplier(200))], points: 170 },
    // 85 × 3 × 250 / 100 = 637.5 → 637
    { name: 'points per unit and a multiplier', cart: cart(priced(8550), { basePointsPerUnit: 3 }), campaigns: [campaign('X25', multiplier(250))], points: 637 },
    // total 10000 − floor(10000 × 1000 / 10000) = 9000 → 90
    { name: 'points are on the total after discounts', cart: cart(priced(10000)), campaigns: [campaign('TEN', percent(1000))], points: 90 },
    // EXCL takes 1000 → 9000 → 90; X2 is excluded, so ×1
    { name: 'an excluded multiplier does not count', cart: cart(priced(10000)), campaigns: [campaign('EXCL', percent(1000), { priority: 5, stacking: 'EXCLUSIVE' }), campaign('X2', multiplier(200))], points: 90 },
    // ¥1999 − 299 = ¥1700 (exponent 0) → 1700
    { name: 'JPY: one point per yen', cart: cart(priced(1999), { currency: 'JPY' }), campaigns: [campaign('JP15', percent(1500))], points: 1700 },
    // 1700 × 150 / 100 = 2550
    { name: 'JPY with a ×1.5 multiplier', cart: cart(priced(1999), { currency: 'JPY' }), campaigns: [campaign('JP15', percent(1500)), campaign('X15', multiplier(150))], points: 2550 },
    // 12.345 KWD (exponent 3): floor(12345 / 1000) = 12
    { name: 'KWD: whole dinars', cart: cart(priced(12345), { currency: 'KWD' }), campaigns: [], points: 12 },
  ])('$name', ({ cart: c, campaigns, points }) => {
    expect(quoteCart(c, campaigns, usage()).points).toBe(points);
  });
});

describe('quote details', () => {
  it('a gift line comes after the cart lines, free and marked as a gift', () => {
    const quote = quoteCart(cart(priced(6000)), [campaign('TOTE', gift(0))], usage());
    expect(quote.lines[1]).toEqual({
      sku: 'TOTE', title: 'Canvas tote', quantity: 1, unitPriceMinor: 0, subtotalMinor: 0, discountMinor: 0, totalMinor: 0, gift: true, allocations: [],
    });
    expect(quote.applied[0]).toMatchObject({ code: 'TOTE', kind: 'GIFT', giftQuantity: 1, discountMinor: 0 });
  });

  it('each line lists its allocations in campaign order', () => {
    const ten = campaign('TEN', percent(1000), { priority: 2 });
    const five = campaign('FIVE', amountOff(500), { priority: 1 });
    const quote = quoteCart(cart(priced(6000, 4000)), [five, ten], usage());
    // TEN: 600 and 400; FIVE on 5400 and 3600: 500 × 5400 / 9000 = 300, 500 × 3600 / 9000 = 200
    expect(quote.lines.map((l) => l.allocations)).toEqual([
      [{ campaignId: ten.id, code: 'TEN', amountMinor: 600 }, { campaignId: five.id, code: 'FIVE', amountMinor: 300 }],
      [{ campaignId: ten.id, code: 'TEN', amountMinor: 400 }, { campaignId: five.id, code: 'FIVE', amountMinor: 200 }],
    ]);
    expect(quote.lines.map((l) => l.totalMinor)).toEqual([5100, 3400]);
  });

  it('the threshold detail says how much more to spend', () => {
    const quote = quoteCart(cart(priced(29999)), [campaign('TIERS', threshold([[30000, 5000]]), { skus: ['A'] })], usage());
    expect(quote.notApplied[0].detail).toBe("spend 0.01 EUR more on the campaign's items");
  });

  it('an excluded campaign names the exclusive one and its priority', () => {
    const quote = quoteCart(cart(priced(10000)), [campaign('VIP20', percent(2000), { priority: 10, stacking: 'EXCLUSIVE' }), campaign('FIVE', amountOff(500))], usage());
    expect(quote.notApplied[0]).toMatchObject({ code: 'FIVE', excludedBy: 'VIP20', detail: 'excluded by VIP20 (exclusive, priority 10)' });
  });

  it('an exclusive campaign after a stackable one says what it does not combine with', () => {
    const quote = quoteCart(cart(priced(10000)), [campaign('TEN', percent(1000), { priority: 5 }), campaign('BIG', amountOff(3000), { stacking: 'EXCLUSIVE' })], usage());
    expect(quote.notApplied[0]).toMatchObject({ code: 'BIG', excludedBy: 'TEN', detail: 'exclusive: does not combine with TEN, applied first' });
  });

  it('the per-customer limit detail says whether the customer is unknown or at the limit', () => {
    const save = campaign('SAVE10', percent(1000), { coupons: [coupon('SAVE10', null, 2)] });
    const guest = quoteCart(cart(priced(10000), { couponCodes: ['SAVE10'] }), [save], usage());
    const known = quoteCart(cart(priced(10000), { couponCodes: ['SAVE10'], customerKnown: true }), [save], usage({ customer: [['SAVE10', 2]] }));
    expect(guest.notApplied[0].detail).toBe('coupon SAVE10 is limited per customer and the cart names no customer');
    expect(known.notApplied[0].detail).toBe('the customer has used coupon SAVE10 2 times; it allows 2 times per customer');
  });

  it('unknown coupon codes are rejected, upper-cased, once each and sorted', () => {
    const quote = quoteCart(cart(priced(10000), { couponCodes: [' zeta', 'save10', 'alpha ', 'ZETA', '  '] }), [campaign('SAVE10', percent(1000), { coupons: [coupon('SAVE10')] })], usage());
    expect(quote.rejectedCoupons).toEqual([{ code: 'ALPHA', reason: 'UNKNOWN' }, { code: 'ZETA', reason: 'UNKNOWN' }]);
    expect(quote.applied[0].couponCode).toBe('SAVE10');
  });

  it('the first of the campaign’s coupons that passes unlocks it', () => {
    const quote = quoteCart(
      cart(priced(10000), { couponCodes: ['second', 'first'] }),
      [campaign('SAVE10', percent(1000), { coupons: [coupon('FIRST', 1), coupon('SECOND')] })],
      usage({ coupons: [['FIRST', 1]] }),
    );
    expect(quote.applied[0].couponCode).toBe('SECOND');
  });

  it('a flash sale reports the units sold at the flash price', () => {
    const quote = quoteCart(cart([line('MUG', 800, 5)]), [campaign('FLASH', flash(500, 10), { id: 921 })], usage({ flash: [[921, 7]] }));
    expect(quote.applied[0]).toMatchObject({ kind: 'FLASH_PRICE', flashUnits: 3, discountMinor: 900 });
  });

  it('a budget-capped flash sale counts the partly discounted unit', () => {
    const quote = quoteCart(cart([line('MUG', 800, 5)]), [campaign('FLASH', flash(500, null), { budgetMinor: 400, budgetCurrency: 'EUR' })], usage());
    // 300 + 100: two units got the flash price, the second partly
    expect(quote.applied[0]).toMatchObject({ flashUnits: 2, discountMinor: 400 });
  });

  it('quoting leaves the cart and the campaigns as they were', () => {
    const c = cart(priced(6000, 4000), { couponCodes: [' save10 '] });
    const campaigns = [campaign('SAVE10', percent(1000), { coupons: [coupon('SAVE10')] }), campaign('TOTE', gift(0))];
    const before = structuredClone({ c, campaigns });
    quoteCart(c, campaigns, usage());
    expect({ c, campaigns }).toEqual(before);
  });
});
