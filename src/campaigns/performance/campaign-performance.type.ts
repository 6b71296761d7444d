import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

import { Channel } from '../../channels/channel.entity';
import { MoneyObject } from '../../money/money.type';

export enum MarginSource {
  SKU_COST = 'SKU_COST',
  CAMPAIGN = 'CAMPAIGN',
  MIXED = 'MIXED',
}

registerEnumType(MarginSource, {
  name: 'MarginSource',
  description: "SKU_COST: the catalog's unit costs; CAMPAIGN: the campaign's margin setting; MIXED: costs where known, the setting elsewhere.",
});

@ObjectType({ simpleResolvers: true, description: 'A half-open interval of time [from, to).' })
export class PerformanceWindow {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;
}

@ObjectType({ simpleResolvers: true, description: "A campaign's attributed orders on one channel in one currency." })
export class CampaignChannelFigures {
  @Field(() => Channel)
  channel: Channel;

  @Field(() => Int)
  orders: number;

  @Field(() => Int, { description: "Units of the campaign's items." })
  units: number;

  @Field(() => MoneyObject, { description: "The campaign's items' line totals." })
  revenue: MoneyObject;

  @Field(() => MoneyObject, { description: "The discount on the campaign's items: what the campaign gave." })
  discount: MoneyObject;
}

@ObjectType({ simpleResolvers: true, description: "Sales of a campaign's scope (its channels and SKUs) over a window." })
export class ScopeSales {
  @Field(() => Int)
  orders: number;

  @Field(() => Int)
  units: number;

  @Field(() => MoneyObject)
  revenue: MoneyObject;

  @Field(() => MoneyObject)
  discount: MoneyObject;
}

@ObjectType({ simpleResolvers: true, description: "A campaign's effect in one currency; docs/pricing.md gives each formula." })
export class CampaignEffectFigures {
  @Field()
  currencyCode: string;

  @Field(() => ScopeSales)
  before: ScopeSales;

  @Field(() => ScopeSales)
  during: ScopeSales;

  @Field(() => ScopeSales, { nullable: true, description: 'Null until the campaign ends.' })
  after: ScopeSales | null;

  @Field(() => MoneyObject, { description: "The discount on the campaign's attributed orders." })
  discountGiven: MoneyObject;

  @Field(() => MoneyObject)
  dailyRevenueBefore: MoneyObject;

  @Field(() => MoneyObject)
  dailyRevenueDuring: MoneyObject;

  @Field(() => MoneyObject, { description: 'Revenue during − revenue before (the windows are as long).' })
  incrementalRevenue: MoneyObject;

  @Field(() => String, { nullable: true, description: 'Daily revenue during vs before, in percent ("12.50"); null without sales before.' })
  upliftPercent: string | null;

  @Field(() => String, { nullable: true, description: 'Margin on the revenue during, in percent; null when neither SKU costs nor the campaign give one.' })
  marginPercent: string | null;

  @Field(() => MarginSource, { nullable: true })
  marginFrom: MarginSource | null;

  @Field(() => String, { nullable: true, description: '(incremental revenue × margin − discount given) / discount given, to 4 decimals ("1.2500"); null without discount or margin.' })
  roi: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'What a campaign did: its attributed orders, budget, and its effect before, during and after.' })
export class CampaignPerformance {
  @Field(() => PerformanceWindow, { nullable: true, description: 'From its start to its end, or to now while it runs; null before it starts.' })
  during: PerformanceWindow | null;

  @Field(() => PerformanceWindow, { nullable: true, description: 'As long as `during`, just before it.' })
  before: PerformanceWindow | null;

  @Field(() => PerformanceWindow, { nullable: true, description: 'As long as `during`, from its end (up to now); null until it ends.' })
  after: PerformanceWindow | null;

  @Field(() => [CampaignChannelFigures], { description: 'Its attributed orders by channel and currency.' })
  byChannel: CampaignChannelFigures[];

  @Field(() => MoneyObject, { nullable: true, description: 'Discount given in the budget\'s currency; null without a budget.' })
  budgetUsed: MoneyObject | null;

  @Field(() => MoneyObject, { nullable: true })
  budgetLeft: MoneyObject | null;

  @Field(() => [CampaignEffectFigures], { description: 'By currency: every currency with sales in the scope or attributed orders.' })
  effect: CampaignEffectFigures[];
}
