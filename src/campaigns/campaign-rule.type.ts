import { Field, Int, ObjectType } from 'type-graphql';

import { MoneyObject, moneyOf } from '../money/money.type';
import { formatMinor } from '../money/money';
import { CampaignRuleKind } from './campaign-enums';
import type { CampaignRule } from './pricing/pricing-types';

@ObjectType('SpendTier', { simpleResolvers: true, description: 'Spending `spend` on the campaign\'s items takes `off` off.' })
export class SpendTierObject {
  @Field(() => MoneyObject)
  spend: MoneyObject;

  @Field(() => MoneyObject)
  off: MoneyObject;
}

@ObjectType('CampaignRule', { simpleResolvers: true, description: 'What a campaign gives; the fields of its kind are set, the others null.' })
export class CampaignRuleObject {
  @Field(() => CampaignRuleKind)
  kind: CampaignRuleKind;

  @Field(() => String, { nullable: true, description: 'PERCENT_OFF: "15", "12.5".' })
  percent: string | null = null;

  @Field(() => MoneyObject, { nullable: true, description: 'AMOUNT_OFF.' })
  amount: MoneyObject | null = null;

  @Field(() => [SpendTierObject], { nullable: true, description: 'SPEND_THRESHOLD.' })
  tiers: SpendTierObject[] | null = null;

  @Field(() => Boolean, { nullable: true, description: 'SPEND_THRESHOLD: for every full spend.' })
  repeat: boolean | null = null;

  @Field(() => Int, { nullable: true })
  maxRepeats: number | null = null;

  @Field(() => String, { nullable: true })
  giftSku: string | null = null;

  @Field(() => String, { nullable: true })
  giftTitle: string | null = null;

  @Field(() => Int, { nullable: true })
  giftQuantity: number | null = null;

  @Field(() => MoneyObject, { nullable: true, description: 'GIFT: what the campaign\'s items must reach.' })
  minSpend: MoneyObject | null = null;

  @Field(() => String, { nullable: true, description: 'FLASH_PRICE.' })
  sku: string | null = null;

  @Field(() => MoneyObject, { nullable: true, description: 'FLASH_PRICE.' })
  unitPrice: MoneyObject | null = null;

  @Field(() => Int, { nullable: true, description: 'FLASH_PRICE: null: no cap.' })
  unitCap: number | null = null;

  @Field(() => String, { nullable: true, description: 'POINTS_MULTIPLIER: "2", "1.5".' })
  multiplier: string | null = null;
}

/** Hundredths as a short decimal: 250 → "2.5", 1500 → "15". */
function hundredthsText(n: number): string {
  return formatMinor(n, 'USD').replace(/\.?0+$/, '');
}

/** A stored rule as the API shows it. */
export function ruleObject(rule: CampaignRule): CampaignRuleObject {
  const out = new CampaignRuleObject();
  out.kind = rule.kind as CampaignRuleKind;
  switch (rule.kind) {
    case 'PERCENT_OFF':
      out.percent = hundredthsText(rule.basisPoints);
      break;
    case 'AMOUNT_OFF':
      out.amount = moneyOf(rule.amountMinor, rule.currency);
      break;
    case 'SPEND_THRESHOLD':
      out.tiers = rule.tiers.map((t) => ({ spend: moneyOf(t.spendMinor, rule.currency), off: moneyOf(t.offMinor, rule.currency) }));
      out.repeat = rule.repeat;
      out.maxRepeats = rule.maxRepeats;
      break;
    case 'GIFT':
      out.giftSku = rule.giftSku;
      out.giftTitle = rule.giftTitle;
      out.giftQuantity = rule.quantity;
      out.minSpend = moneyOf(rule.minSpendMinor, rule.currency);
      break;
    case 'FLASH_PRICE':
      out.sku = rule.sku;
      out.unitPrice = moneyOf(rule.unitPriceMinor, rule.currency);
      out.unitCap = rule.unitCap;
      break;
    case 'POINTS_MULTIPLIER':
      out.multiplier = hundredthsText(rule.hundredths);
      break;
  }
  return out;
}
