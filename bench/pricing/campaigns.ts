/**
 * The benchmark's campaigns and cart, seeded: a mix of every rule kind, scopes, priorities,
 * stacking, budgets and coupons, all running now, and a 10-line cart that some of them discount.
 * As in a real calendar most campaigns miss a given cart (other SKUs of a 200-SKU range, another
 * channel, a tier, a coupon the cart lacks), a quarter are exclusive, and a handful apply.
 */
import { Random } from '../../src/generator';

export const CHANNEL = { code: 'web-eu', currencyCode: 'EUR' };
export const OTHER_CHANNEL = { code: 'web-us', currencyCode: 'USD' };
const SKUS = Array.from({ length: 200 }, (_, i) => `SKU-${String(i + 1).padStart(3, '0')}`);
const BEST_SELLERS = SKUS.slice(0, 40);
const KINDS = ['PERCENT_OFF', 'AMOUNT_OFF', 'SPEND_THRESHOLD', 'GIFT', 'FLASH_PRICE', 'POINTS_MULTIPLIER'] as const;
const KIND_WEIGHTS = [30, 15, 20, 10, 15, 10];

const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

function rule(rng: Random, kind: (typeof KINDS)[number]): Record<string, unknown> {
  switch (kind) {
    case 'PERCENT_OFF':
      return { kind, percent: String(rng.int(5, 30)) };
    case 'AMOUNT_OFF':
      return { kind, currencyCode: 'EUR', amount: money(rng.int(2, 20) * 100) };
    case 'SPEND_THRESHOLD':
      return rng.chance(0.5)
        ? { kind, currencyCode: 'EUR', repeat: true, tiers: [{ spend: money(rng.int(50, 150) * 100), off: money(rng.int(5, 20) * 100) }] }
        : { kind, currencyCode: 'EUR', tiers: [{ spend: '100.00', off: money(rng.int(5, 15) * 100) }, { spend: '300.00', off: money(rng.int(20, 50) * 100) }] };
    case 'GIFT':
      return { kind, currencyCode: 'EUR', giftSku: `GIFT-${rng.int(1, 9)}`, giftTitle: 'Gift', minSpend: money(rng.int(0, 400) * 100) };
    case 'FLASH_PRICE':
      return { kind, currencyCode: 'EUR', sku: rng.pick(BEST_SELLERS), unitPrice: money(rng.int(1, 30) * 100), unitCap: rng.chance(0.5) ? rng.int(10, 1000) : null };
    case 'POINTS_MULTIPLIER':
      return { kind, multiplier: rng.pick(['1.5', '2', '3']) };
  }
}

/** `count` createCampaign inputs, all running from a day before `now` to 30 days after. */
export function benchCampaigns(seed: number, count: number, now: Date): Array<Record<string, unknown>> {
  const rng = new Random(seed);
  const startsAt = new Date(now.getTime() - 86_400_000).toISOString();
  const endsAt = new Date(now.getTime() + 30 * 86_400_000).toISOString();
  return Array.from({ length: count }, (_, i) => {
    const kind = KINDS[rng.weightedIndex(KIND_WEIGHTS)];
    const code = `BENCH-${String(i + 1).padStart(3, '0')}`;
    return {
      code,
      name: `${kind} ${i + 1}`,
      startsAt,
      endsAt,
      priority: rng.int(0, 20),
      stacking: rng.chance(0.25) ? 'EXCLUSIVE' : 'STACKABLE',
      channelCodes: rng.chance(0.15) ? [CHANNEL.code] : rng.chance(0.18) ? [OTHER_CHANNEL.code] : [],
      tiers: rng.chance(0.1) ? ['VIP'] : [],
      // half the scoped campaigns are on the range's 40 best sellers, which carts hold most
      skus: kind !== 'FLASH_PRICE' && rng.chance(0.92) ? Array.from({ length: rng.int(1, 8) }, () => rng.pick(rng.chance(0.5) ? BEST_SELLERS : SKUS)) : [],
      budget: rng.chance(0.2) ? { amount: money(rng.int(100, 5000) * 100), currencyCode: 'EUR' } : null,
      coupons: rng.chance(0.25) ? [{ code: `${code}-C`, usageLimit: rng.chance(0.5) ? 1000 : null }] : [],
      rule: rule(rng, kind),
    };
  });
}

/** A 10-line cart (by default) on the benchmark's channel with two of the campaigns' coupon codes. */
export function benchCart(seed: number, lines: number, campaigns: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  const rng = new Random(seed + 1);
  const codes = campaigns.flatMap((c) => (c.coupons as Array<{ code: string }>).map((coupon) => coupon.code));
  return {
    channelCode: CHANNEL.code,
    couponCodes: codes.slice(0, 2),
    lines: Array.from({ length: lines }, (_, i) => ({ sku: i < 7 ? BEST_SELLERS[(i * 3) % BEST_SELLERS.length] : SKUS[40 + i * 13], quantity: rng.int(1, 3), unitPrice: money(rng.int(5, 80) * 100) })),
  };
}
