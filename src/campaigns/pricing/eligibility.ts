import { formatMinor } from '../../money/money';
import { unlockingCoupon } from './coupon-codes';
import { isRefusal, refuse, type Refusal, type WorkingLine } from './engine-types';
import type { CampaignUsage, Cart, PricedCampaign } from './pricing-types';

/** What a campaign that may apply to the cart works with. */
export interface Eligibility {
  /** The indexes, in cart order, of the lines the campaign discounts and counts. */
  lineIndexes: number[];
  /** The coupon code that unlocked it (upper case), null when it needs none. */
  couponCode: string | null;
  /** What is left of its budget, null when it has none. */
  remainingBudgetMinor: number | null;
}

function scheduleRefusal(campaign: PricedCampaign, at: Date): Refusal | null {
  if (campaign.startsAt === null) return refuse('NOT_SCHEDULED', 'not scheduled yet (a draft)');
  if (campaign.paused) return refuse('PAUSED', 'paused');
  if (at.getTime() < campaign.startsAt.getTime()) return refuse('NOT_STARTED', `starts at ${campaign.startsAt.toISOString()}`);
  if (campaign.endsAt !== null && at.getTime() >= campaign.endsAt.getTime()) {
    return refuse('ENDED', `ended at ${campaign.endsAt.toISOString()}`);
  }
  return null;
}

function audienceRefusal(campaign: PricedCampaign, cart: Cart): Refusal | null {
  if (campaign.channelIds.length > 0 && !campaign.channelIds.includes(cart.channelId)) {
    return refuse('WRONG_CHANNEL', `not offered on channel ${cart.channelId}`);
  }
  if (campaign.tiers.length > 0 && (cart.customerTier === null || !campaign.tiers.includes(cart.customerTier))) {
    const customer = cart.customerTier === null ? 'the customer has no tier' : `the customer is ${cart.customerTier}`;
    return refuse('CUSTOMER_TIER', `for customer tiers ${campaign.tiers.join(', ')} only; ${customer}`);
  }
  return null;
}

function currencyRefusal(campaign: PricedCampaign, cart: Cart): Refusal | null {
  if ('currency' in campaign.rule && campaign.rule.currency !== cart.currency) {
    return refuse('CURRENCY', `priced in ${campaign.rule.currency}; the cart is in ${cart.currency}`);
  }
  if (campaign.budgetMinor !== null && campaign.budgetCurrency !== cart.currency) {
    return refuse('CURRENCY', `its budget is in ${campaign.budgetCurrency ?? 'no currency'}; the cart is in ${cart.currency}`);
  }
  return null;
}

/** The non-gift lines the campaign discounts and counts (FLASH_PRICE: the lines of its SKU). */
function eligibleLineIndexes(campaign: PricedCampaign, lines: readonly WorkingLine[]): number[] {
  const { rule, skus } = campaign;
  const indexes: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const sku = lines[i].line.sku;
    if ((skus.length === 0 || skus.includes(sku)) && (rule.kind !== 'FLASH_PRICE' || sku === rule.sku)) indexes.push(i);
  }
  return indexes;
}

/**
 * Checks 1 to 7 of docs/pricing.md, the first failing one wins: schedule, channel, customer
 * tier, currency, coupon, eligible lines and budget. `lines` are the cart's lines (never the
 * gift lines campaigns add), `cartCodes` its normalized coupon codes.
 */
export function checkEligibility(
  campaign: PricedCampaign,
  cart: Cart,
  lines: readonly WorkingLine[],
  cartCodes: ReadonlySet<string>,
  usage: CampaignUsage,
): Eligibility | Refusal {
  const early = scheduleRefusal(campaign, cart.at) ?? audienceRefusal(campaign, cart) ?? currencyRefusal(campaign, cart);
  if (early) return early;

  const coupon = unlockingCoupon(campaign, cartCodes, cart, usage);
  if (isRefusal(coupon)) return coupon;

  const lineIndexes = eligibleLineIndexes(campaign, lines);
  if (lineIndexes.length === 0) {
    const what = campaign.rule.kind === 'FLASH_PRICE' ? `no line of ${campaign.rule.sku}` : "none of the campaign's items";
    return refuse('NO_ELIGIBLE_LINES', `the cart has ${what}`);
  }

  let remainingBudgetMinor: number | null = null;
  if (campaign.budgetMinor !== null) {
    remainingBudgetMinor = campaign.budgetMinor - (usage.discountGivenMinor.get(campaign.id) ?? 0);
    if (remainingBudgetMinor <= 0) {
      return refuse('BUDGET_SPENT', `its budget of ${formatMinor(campaign.budgetMinor, cart.currency)} ${cart.currency} is spent`);
    }
  }
  return { lineIndexes, couponCode: coupon.couponCode, remainingBudgetMinor };
}
