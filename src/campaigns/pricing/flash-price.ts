import { formatMinor } from '../../money/money';
import { refuse, type Refusal, type WorkingLine } from './engine-types';
import type { CampaignRule } from './pricing-types';
import type { RuleEffect } from './rule-effect';

type FlashRule = Extract<CampaignRule, { kind: 'FLASH_PRICE' }>;

const ceilDiv = (n: number, d: number): number => Number((BigInt(n) + BigInt(d) - 1n) / BigInt(d));

/**
 * A FLASH_PRICE rule on the lines of its SKU, in cart order: the units still available
 * (`unitCap` − units sold so far) get the flash price, line by line. A line's discount is its
 * flash units × (its unit price − the flash price), at most its current net and at most what is
 * left of the budget (the last unit partly). Lines at or below the flash price save nothing and
 * use up no units; a unit counts as sold at the flash price only when it saves something.
 */
export function flashPriceEffect(
  rule: FlashRule,
  lines: readonly WorkingLine[],
  unitsSold: number,
  remainingBudgetMinor: number | null,
  currency: string,
): RuleEffect | Refusal {
  let unitsLeft = rule.unitCap === null ? Infinity : rule.unitCap - unitsSold;
  if (unitsLeft <= 0) return refuse('SOLD_OUT', `all ${rule.unitCap} units at the flash price are sold`);

  let budgetLeft = remainingBudgetMinor ?? Infinity;
  let flashUnits = 0;
  const lineDiscounts = lines.map((working) => {
    const saving = working.line.unitPriceMinor - rule.unitPriceMinor;
    if (saving <= 0 || unitsLeft <= 0) return 0;
    const units = Math.min(working.line.quantity, unitsLeft);
    const discount = Math.max(0, Math.min(units * saving, working.netMinor, budgetLeft));
    const unitsUsed = discount === 0 ? 0 : Math.min(units, ceilDiv(discount, saving));
    unitsLeft -= unitsUsed;
    budgetLeft -= discount;
    flashUnits += unitsUsed;
    return discount;
  });

  if (flashUnits === 0) {
    const above = lines.some((working) => working.line.unitPriceMinor > rule.unitPriceMinor);
    return refuse(
      'NOTHING_TO_DISCOUNT',
      above
        ? `nothing left to discount on ${rule.sku}`
        : `the flash price ${formatMinor(rule.unitPriceMinor, currency)} ${currency} is not below the cart's price of ${rule.sku}`,
    );
  }
  return { lineDiscounts, giftQuantity: 0, flashUnits };
}
