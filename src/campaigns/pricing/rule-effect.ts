import { formatMinor } from '../../money/money';
import { allocate } from './allocate';
import { flashPriceEffect } from './flash-price';
import { refuse, type Refusal, type WorkingLine } from './engine-types';
import type { CampaignRule } from './pricing-types';

/** What one campaign would do to the cart, before exclusivity decides whether it may. */
export interface RuleEffect {
  /** The discount on each of the campaign's eligible lines, in the same order; they sum to its discount. */
  lineDiscounts: number[];
  /** GIFT: the units of the gift added. */
  giftQuantity: number;
  /** FLASH_PRICE: the units sold at the flash price. */
  flashUnits: number;
}

/** Where the rule is applied: the cart's currency, what is left of the budget, flash units sold. */
export interface EffectContext {
  currency: string;
  /** Whether the campaign is limited to some SKUs (only changes the wording of refusals). */
  scoped: boolean;
  remainingBudgetMinor: number | null;
  flashUnitsSold: number;
}

function shortBy(shortByMinor: number, context: EffectContext): Refusal {
  const amount = `${formatMinor(shortByMinor, context.currency)} ${context.currency}`;
  return refuse('THRESHOLD_NOT_REACHED', `spend ${amount} more${context.scoped ? " on the campaign's items" : ''}`, { shortByMinor });
}

type Proportional = Extract<CampaignRule, { kind: 'PERCENT_OFF' | 'AMOUNT_OFF' | 'SPEND_THRESHOLD' }>;

/** The discount a percentage, amount or threshold rule gives on `base`, before caps (exact integers). */
function wantedDiscount(rule: Proportional, base: number, context: EffectContext): number | Refusal {
  switch (rule.kind) {
    case 'PERCENT_OFF':
      return Number((BigInt(base) * BigInt(rule.basisPoints)) / 10_000n);
    case 'AMOUNT_OFF':
      return rule.amountMinor;
    case 'SPEND_THRESHOLD': {
      const tiers = [...rule.tiers].sort((a, b) => a.spendMinor - b.spendMinor);
      const reached = tiers.filter((tier) => base >= tier.spendMinor).at(-1);
      if (reached === undefined) return shortBy(tiers[0].spendMinor - base, context);
      if (!rule.repeat) return reached.offMinor;
      const times = BigInt(base) / BigInt(reached.spendMinor);
      const capped = rule.maxRepeats === null || times < BigInt(rule.maxRepeats) ? times : BigInt(rule.maxRepeats);
      const discount = capped * BigInt(reached.offMinor);
      return discount > BigInt(base) ? base : Number(discount);
    }
  }
}

/**
 * Steps 8 and 9 of docs/pricing.md: what `rule` takes off `lines` (the campaign's eligible lines,
 * at their current net), capped at what the lines have left and at the remaining budget. An
 * order-level discount is shared over the lines in proportion to their net by largest remainder.
 */
export function ruleEffect(rule: CampaignRule, lines: readonly WorkingLine[], context: EffectContext): RuleEffect | Refusal {
  const nets = lines.map((working) => working.netMinor);
  const base = nets.reduce((sum, net) => sum + net, 0);
  const nothing = nets.map(() => 0);
  switch (rule.kind) {
    case 'POINTS_MULTIPLIER':
      return { lineDiscounts: nothing, giftQuantity: 0, flashUnits: 0 };
    case 'GIFT':
      if (base < rule.minSpendMinor) return shortBy(rule.minSpendMinor - base, context);
      return { lineDiscounts: nothing, giftQuantity: rule.quantity, flashUnits: 0 };
    case 'FLASH_PRICE':
      return flashPriceEffect(rule, lines, context.flashUnitsSold, context.remainingBudgetMinor, context.currency);
    default: {
      const wanted = wantedDiscount(rule, base, context);
      if (typeof wanted !== 'number') return wanted;
      const discount = Math.min(Math.max(wanted, 0), base);
      if (discount === 0) return refuse('NOTHING_TO_DISCOUNT', "nothing left to discount on the campaign's items");
      const capped = context.remainingBudgetMinor === null ? discount : Math.min(discount, context.remainingBudgetMinor);
      return { lineDiscounts: allocate(capped, nets), giftQuantity: 0, flashUnits: 0 };
    }
  }
}
