import { compareCodes, refuse, type Refusal } from './engine-types';
import type { CampaignUsage, Cart, PricedCampaign, RejectedCoupon } from './pricing-types';

/**
 * The cart's coupon codes as they are matched: trimmed, upper-cased, each once, in the order
 * first entered. Blank entries are dropped.
 */
export function normalizeCouponCodes(codes: readonly string[]): string[] {
  return [...new Set(codes.map((code) => code.trim().toUpperCase()).filter((code) => code !== ''))];
}

/** The cart's (normalized) codes that no campaign has, sorted by code. */
export function unknownCoupons(codes: readonly string[], campaigns: readonly PricedCampaign[]): RejectedCoupon[] {
  const known = new Set(campaigns.flatMap((campaign) => campaign.coupons.map((coupon) => coupon.code.toUpperCase())));
  return codes
    .filter((code) => !known.has(code))
    .sort(compareCodes)
    .map((code) => ({ code, reason: 'UNKNOWN' as const }));
}

const times = (n: number): string => (n === 1 ? 'once' : `${n} times`);

/**
 * The coupon code (upper case) that unlocks `campaign` for the cart: null when it needs none;
 * otherwise the first of its coupons, in its own order, that the cart carries and that still
 * has uses left. When the cart carries some but none has, the first one's failure is reported.
 */
export function unlockingCoupon(
  campaign: PricedCampaign,
  cartCodes: ReadonlySet<string>,
  cart: Cart,
  usage: CampaignUsage,
): { couponCode: string | null } | Refusal {
  if (campaign.coupons.length === 0) return { couponCode: null };
  const carried = campaign.coupons.filter((coupon) => cartCodes.has(coupon.code.toUpperCase()));
  if (carried.length === 0) return refuse('COUPON_REQUIRED', 'needs a coupon code the cart does not have');

  const failures = carried.map((coupon): Refusal | null => {
    const code = coupon.code.toUpperCase();
    const uses = usage.couponUses.get(code) ?? 0;
    if (coupon.usageLimit !== null && uses >= coupon.usageLimit) {
      return refuse('COUPON_EXHAUSTED', `coupon ${code} has been used up (limit ${coupon.usageLimit} uses)`);
    }
    if (coupon.perCustomerLimit === null) return null;
    if (!cart.customerKnown) {
      return refuse('COUPON_CUSTOMER_LIMIT', `coupon ${code} is limited per customer and the cart names no customer`);
    }
    const customerUses = usage.customerCouponUses.get(code) ?? 0;
    if (customerUses >= coupon.perCustomerLimit) {
      return refuse(
        'COUPON_CUSTOMER_LIMIT',
        `the customer has used coupon ${code} ${times(customerUses)}; it allows ${times(coupon.perCustomerLimit)} per customer`,
      );
    }
    return null;
  });
  const passing = failures.indexOf(null);
  return passing >= 0 ? { couponCode: carried[passing].code.toUpperCase() } : (failures[0] as Refusal);
}
