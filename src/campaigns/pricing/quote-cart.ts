import { normalizeCouponCodes, unknownCoupons } from './coupon-codes';
import { checkEligibility, type Eligibility } from './eligibility';
import { compareCodes, isRefusal, refuse, type Refusal, type WorkingLine } from './engine-types';
import { cartPoints, NO_MULTIPLIER } from './points';
import type { AppliedCampaign, CampaignRule, CampaignUsage, Cart, NotApplied, PricedCampaign, Quote, QuoteLine } from './pricing-types';
import { ruleEffect, type RuleEffect } from './rule-effect';

/** Priority descending, then code ascending (then id), whatever order the campaigns came in. */
function inPricingOrder(campaigns: readonly PricedCampaign[]): PricedCampaign[] {
  return [...campaigns].sort((a, b) => b.priority - a.priority || compareCodes(a.code, b.code) || a.id - b.id);
}

/** Step 10 of docs/pricing.md: an applied exclusive campaign keeps `campaign` out; an exclusive `campaign` joins none. */
function exclusion(campaign: PricedCampaign, firstApplied: PricedCampaign | null): Refusal | null {
  if (firstApplied === null) return null;
  if (firstApplied.stacking === 'EXCLUSIVE') {
    return refuse('EXCLUDED', `excluded by ${firstApplied.code} (exclusive, priority ${firstApplied.priority})`, { excludedBy: firstApplied.code });
  }
  if (campaign.stacking === 'EXCLUSIVE') {
    return refuse('EXCLUDED', `exclusive: does not combine with ${firstApplied.code}, applied first`, { excludedBy: firstApplied.code });
  }
  return null;
}

/** Steps 1 to 9: what the campaign would give the cart as it stands, or why it gives nothing. */
function evaluate(
  campaign: PricedCampaign,
  cart: Cart,
  lines: readonly WorkingLine[],
  cartCodes: ReadonlySet<string>,
  usage: CampaignUsage,
): { eligibility: Eligibility; effect: RuleEffect } | Refusal {
  const eligibility = checkEligibility(campaign, cart, lines, cartCodes, usage);
  if (isRefusal(eligibility)) return eligibility;
  const effect = ruleEffect(
    campaign.rule,
    eligibility.lineIndexes.map((i) => lines[i]),
    {
      currency: cart.currency,
      scoped: campaign.skus.length > 0,
      remainingBudgetMinor: eligibility.remainingBudgetMinor,
      flashUnitsSold: usage.flashUnitsSold.get(campaign.id) ?? 0,
    },
  );
  return isRefusal(effect) ? effect : { eligibility, effect };
}

/** Step 11: takes each eligible line's share off its net and records it; returns the campaign's discount. */
function takeOff(campaign: PricedCampaign, lineIndexes: readonly number[], shares: readonly number[], lines: WorkingLine[]): number {
  let discountMinor = 0;
  lineIndexes.forEach((lineIndex, k) => {
    const amountMinor = shares[k];
    if (amountMinor === 0) return;
    lines[lineIndex].netMinor -= amountMinor;
    lines[lineIndex].allocations.push({ campaignId: campaign.id, code: campaign.code, amountMinor });
    discountMinor += amountMinor;
  });
  return discountMinor;
}

/** The free line a GIFT rule adds after the cart's lines. */
function giftLine(rule: Extract<CampaignRule, { kind: 'GIFT' }>): QuoteLine {
  return {
    sku: rule.giftSku,
    title: rule.giftTitle,
    quantity: rule.quantity,
    unitPriceMinor: 0,
    subtotalMinor: 0,
    discountMinor: 0,
    totalMinor: 0,
    gift: true,
    allocations: [],
  };
}

function toQuoteLine(working: WorkingLine): QuoteLine {
  const discountMinor = working.allocations.reduce((sum, allocation) => sum + allocation.amountMinor, 0);
  return {
    sku: working.line.sku,
    title: working.line.title,
    quantity: working.line.quantity,
    unitPriceMinor: working.line.unitPriceMinor,
    subtotalMinor: working.subtotalMinor,
    discountMinor,
    totalMinor: working.subtotalMinor - discountMinor,
    gift: false,
    allocations: working.allocations,
  };
}

/**
 * Prices a cart under the campaigns, as docs/pricing.md describes: campaigns in priority order
 * (then code), each applied to what the ones before it left, or listed with the reason it gave
 * nothing. A pure function of its arguments; it assumes input that checkCart and
 * checkCampaignRule accept, and never gives a line more discount than its subtotal.
 */
export function quoteCart(cart: Cart, campaigns: readonly PricedCampaign[], usage: CampaignUsage): Quote {
  const couponCodes = normalizeCouponCodes(cart.couponCodes);
  const cartCodes = new Set(couponCodes);
  const lines: WorkingLine[] = cart.lines.map((line) => {
    const subtotalMinor = line.quantity * line.unitPriceMinor;
    return { line, subtotalMinor, netMinor: subtotalMinor, allocations: [] };
  });
  const giftLines: QuoteLine[] = [];
  const applied: AppliedCampaign[] = [];
  const notApplied: NotApplied[] = [];
  let firstApplied: PricedCampaign | null = null;
  let multiplier = NO_MULTIPLIER;

  for (const campaign of inPricingOrder(campaigns)) {
    const outcome = evaluate(campaign, cart, lines, cartCodes, usage);
    if (isRefusal(outcome)) {
      notApplied.push({ campaignId: campaign.id, code: campaign.code, ...outcome });
      continue;
    }
    const excluded = exclusion(campaign, firstApplied);
    if (excluded) {
      notApplied.push({ campaignId: campaign.id, code: campaign.code, ...excluded });
      continue;
    }
    firstApplied ??= campaign;
    const { rule } = campaign;
    if (rule.kind === 'GIFT') giftLines.push(giftLine(rule));
    if (rule.kind === 'POINTS_MULTIPLIER') multiplier = Math.max(multiplier, rule.hundredths);
    applied.push({
      campaignId: campaign.id,
      code: campaign.code,
      kind: rule.kind,
      discountMinor: takeOff(campaign, outcome.eligibility.lineIndexes, outcome.effect.lineDiscounts, lines),
      couponCode: outcome.eligibility.couponCode,
      giftQuantity: outcome.effect.giftQuantity,
      flashUnits: outcome.effect.flashUnits,
    });
  }

  const quoteLines = [...lines.map(toQuoteLine), ...giftLines];
  const subtotalMinor = quoteLines.reduce((sum, line) => sum + line.subtotalMinor, 0);
  const discountMinor = quoteLines.reduce((sum, line) => sum + line.discountMinor, 0);
  const totalMinor = subtotalMinor - discountMinor;
  return {
    currency: cart.currency,
    subtotalMinor,
    discountMinor,
    totalMinor,
    points: cartPoints(totalMinor, cart.currency, cart.basePointsPerUnit ?? 1, multiplier),
    lines: quoteLines,
    applied,
    notApplied,
    rejectedCoupons: unknownCoupons(couponCodes, campaigns),
  };
}
