import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

import { MoneyObject } from '../money/money.type';
import { CampaignRuleKind } from './campaign-enums';
import { Campaign } from './campaign.entity';

export enum CampaignNotAppliedReason {
  NOT_SCHEDULED = 'NOT_SCHEDULED',
  NOT_STARTED = 'NOT_STARTED',
  ENDED = 'ENDED',
  PAUSED = 'PAUSED',
  WRONG_CHANNEL = 'WRONG_CHANNEL',
  CUSTOMER_TIER = 'CUSTOMER_TIER',
  NO_ELIGIBLE_LINES = 'NO_ELIGIBLE_LINES',
  CURRENCY = 'CURRENCY',
  THRESHOLD_NOT_REACHED = 'THRESHOLD_NOT_REACHED',
  COUPON_REQUIRED = 'COUPON_REQUIRED',
  COUPON_EXHAUSTED = 'COUPON_EXHAUSTED',
  COUPON_CUSTOMER_LIMIT = 'COUPON_CUSTOMER_LIMIT',
  EXCLUDED = 'EXCLUDED',
  BUDGET_SPENT = 'BUDGET_SPENT',
  SOLD_OUT = 'SOLD_OUT',
  NOTHING_TO_DISCOUNT = 'NOTHING_TO_DISCOUNT',
}

registerEnumType(CampaignNotAppliedReason, {
  name: 'CampaignNotAppliedReason',
  description: 'Why a campaign gave nothing to a cart; docs/pricing.md says what each means.',
});

@ObjectType({ simpleResolvers: true, description: "A campaign's share of a line's discount." })
export class DiscountAllocation {
  @Field(() => Campaign)
  campaign: Campaign;

  @Field(() => MoneyObject)
  amount: MoneyObject;
}

@ObjectType({ simpleResolvers: true, description: 'A priced line: its discount is the sum of its allocations.' })
export class QuoteLine {
  @Field()
  sku: string;

  @Field(() => String, { nullable: true })
  title: string | null;

  @Field(() => Int)
  quantity: number;

  @Field(() => MoneyObject)
  unitPrice: MoneyObject;

  @Field(() => MoneyObject, { description: 'Quantity × unit price.' })
  subtotal: MoneyObject;

  @Field(() => MoneyObject)
  discount: MoneyObject;

  @Field(() => MoneyObject, { description: 'Subtotal − discount.' })
  total: MoneyObject;

  @Field({ description: 'A line a GIFT campaign added, at zero price.' })
  gift: boolean;

  @Field(() => [DiscountAllocation])
  allocations: DiscountAllocation[];
}

@ObjectType({ simpleResolvers: true, description: 'A campaign the cart got, and what it gave.' })
export class AppliedCampaign {
  @Field(() => Campaign)
  campaign: Campaign;

  @Field(() => CampaignRuleKind)
  kind: CampaignRuleKind;

  @Field(() => MoneyObject)
  discount: MoneyObject;

  @Field(() => String, { nullable: true, description: 'The coupon code that unlocked it.' })
  couponCode: string | null;

  @Field(() => Int, { description: 'GIFT: units added free.' })
  giftQuantity: number;

  @Field(() => Int, { description: 'FLASH_PRICE: units at the flash price.' })
  flashUnits: number;
}

@ObjectType({ simpleResolvers: true, description: 'A campaign the cart did not get, and why.' })
export class CampaignNotApplied {
  @Field(() => Campaign)
  campaign: Campaign;

  @Field(() => CampaignNotAppliedReason)
  reason: CampaignNotAppliedReason;

  @Field({ description: 'The reason in words: "spend 12.00 EUR more on the campaign\'s items".' })
  detail: string;

  @Field(() => MoneyObject, { nullable: true, description: 'THRESHOLD_NOT_REACHED: what is missing to reach it.' })
  shortBy: MoneyObject | null;

  @Field(() => String, { nullable: true, description: 'EXCLUDED: the code of the campaign that excluded it.' })
  excludedBy: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A coupon code of the cart that unlocked nothing.' })
export class RejectedCoupon {
  @Field()
  code: string;

  @Field({ description: 'UNKNOWN: no campaign has this code.' })
  reason: string;
}

@ObjectType({ simpleResolvers: true, description: "A cart's prices under the campaigns on its channel: the same input always gives the same quote." })
export class CartQuote {
  @Field()
  currencyCode: string;

  @Field(() => MoneyObject)
  subtotal: MoneyObject;

  @Field(() => MoneyObject, { description: 'Σ lines\' discounts = Σ applied campaigns\' discounts.' })
  discountTotal: MoneyObject;

  @Field(() => MoneyObject)
  total: MoneyObject;

  @Field(() => Int, { description: 'Points the cart earns (docs/pricing.md).' })
  points: number;

  @Field(() => [QuoteLine], { description: "The cart's lines in its order, then gift lines." })
  lines: QuoteLine[];

  @Field(() => [AppliedCampaign])
  applied: AppliedCampaign[];

  @Field(() => [CampaignNotApplied], { description: 'Every other campaign, in the order they were considered.' })
  notApplied: CampaignNotApplied[];

  @Field(() => [RejectedCoupon])
  rejectedCoupons: RejectedCoupon[];
}
