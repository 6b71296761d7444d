import { Field, InputType, Int } from 'type-graphql';

import { CustomerTier } from '../customers/customer-segment';
import { CampaignRuleKind, CampaignStacking } from './campaign-enums';

@InputType({ description: 'An exact amount: a decimal string in major units and its ISO-4217 currency.' })
export class MoneyInput {
  @Field({ description: 'Decimal in major units, at most as many decimals as the currency has: "1234.50", "5980" (JPY).' })
  amount: string;

  @Field()
  currencyCode: string;
}

@InputType({ description: 'A step of a spend threshold: spending `spend` on the campaign\'s items takes `off` off.' })
export class SpendTierInput {
  @Field({ description: 'Decimal in major units of the rule\'s currency.' })
  spend: string;

  @Field({ description: 'Decimal in major units of the rule\'s currency; at most `spend`.' })
  off: string;
}

@InputType({
  description:
    'What the campaign gives. `kind` says which fields apply: PERCENT_OFF: percent. AMOUNT_OFF: amount, currencyCode. ' +
    'SPEND_THRESHOLD: tiers, currencyCode, repeat, maxRepeats. GIFT: giftSku, giftTitle, giftQuantity, minSpend, currencyCode. ' +
    'FLASH_PRICE: sku, unitPrice, unitCap, currencyCode. POINTS_MULTIPLIER: multiplier. Other fields must be left out.',
})
export class CampaignRuleInput {
  @Field(() => CampaignRuleKind)
  kind: CampaignRuleKind;

  @Field(() => String, { nullable: true, description: 'Currency of the rule\'s amounts.' })
  currencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'PERCENT_OFF: "15" or "12.5" (at most two decimals, up to 100).' })
  percent?: string | null;

  @Field(() => String, { nullable: true, description: 'AMOUNT_OFF: decimal in major units.' })
  amount?: string | null;

  @Field(() => [SpendTierInput], { nullable: true, description: 'SPEND_THRESHOLD: the tiers, spend rising.' })
  tiers?: SpendTierInput[] | null;

  @Field(() => Boolean, { nullable: true, description: 'SPEND_THRESHOLD with one tier: its amount off for every full spend ("every 300 → 50 off").' })
  repeat?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'SPEND_THRESHOLD with repeat: at most this many times.' })
  maxRepeats?: number | null;

  @Field(() => String, { nullable: true })
  giftSku?: string | null;

  @Field(() => String, { nullable: true })
  giftTitle?: string | null;

  @Field(() => Int, { nullable: true, description: 'GIFT: units given (default 1).' })
  giftQuantity?: number | null;

  @Field(() => String, { nullable: true, description: 'GIFT: what the campaign\'s items must reach (default 0: any purchase of them).' })
  minSpend?: string | null;

  @Field(() => String, { nullable: true, description: 'FLASH_PRICE: the SKU.' })
  sku?: string | null;

  @Field(() => String, { nullable: true, description: 'FLASH_PRICE: the unit price while the campaign runs.' })
  unitPrice?: string | null;

  @Field(() => Int, { nullable: true, description: 'FLASH_PRICE: units sold at the flash price in all; null: no cap.' })
  unitCap?: number | null;

  @Field(() => String, { nullable: true, description: 'POINTS_MULTIPLIER: "2" or "1.5" (at most two decimals, more than 1).' })
  multiplier?: string | null;
}

@InputType({ description: 'A coupon code unlocking the campaign, and its limits.' })
export class CouponInput {
  @Field({ description: '1–64 letters, digits, "-" or "_"; stored upper case, unique across campaigns.' })
  code: string;

  @Field(() => Int, { nullable: true, description: 'Uses allowed in all; null: no limit.' })
  usageLimit?: number | null;

  @Field(() => Int, { nullable: true, description: 'Uses allowed per customer; null: no limit.' })
  perCustomerLimit?: number | null;
}

/** The fields createCampaign and updateCampaign share. */
@InputType()
class CampaignFields {
  @Field(() => Date, { nullable: true, description: 'Null: a draft, not scheduled yet.' })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Exclusive; null: runs until paused. A flash sale is a short window.' })
  endsAt?: Date | null;

  @Field(() => [String], { nullable: true, description: 'Codes of the channels it runs on; empty: every channel.' })
  channelCodes?: string[] | null;

  @Field(() => [CustomerTier], { nullable: true, description: 'Customer tiers it is for; empty: everyone.' })
  tiers?: CustomerTier[] | null;

  @Field(() => [String], { nullable: true, description: 'SKUs it discounts and counts; empty: every SKU.' })
  skus?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Higher first (default 0).' })
  priority?: number | null;

  @Field(() => CampaignStacking, { nullable: true, description: 'Default STACKABLE.' })
  stacking?: CampaignStacking | null;

  @Field(() => MoneyInput, { nullable: true, description: 'The most discount it may give in all; null: no budget.' })
  budget?: MoneyInput | null;

  @Field(() => [CouponInput], { nullable: true, description: 'With coupons it applies only to carts and orders that use one.' })
  coupons?: CouponInput[] | null;

  @Field(() => [String], { nullable: true, description: "The marketplace's ids for this promotion (e.g. Amazon PromotionIds)." })
  promotionIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Margin on its items where the catalog has no cost, in percent ("35", at most two decimals), for its ROI.' })
  margin?: string | null;
}

@InputType()
export class CreateCampaignInput extends CampaignFields {
  @Field({ description: '1–64 letters, digits, "-" or "_"; unique.' })
  code: string;

  @Field()
  name: string;

  @Field(() => CampaignRuleInput)
  rule: CampaignRuleInput;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional one.' })
export class UpdateCampaignInput extends CampaignFields {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => CampaignRuleInput, { nullable: true })
  rule?: CampaignRuleInput | null;
}
