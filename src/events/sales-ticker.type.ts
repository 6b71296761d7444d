import { Field, Int, ObjectType } from 'type-graphql';

import { MoneyObject } from '../money/money.type';

@ObjectType('ChannelTicker', { description: "One channel's orders in the rolling window." })
export class ChannelTickerObject {
  @Field()
  channelCode: string;

  @Field(() => Int, { description: 'Orders created in the window.' })
  orders: number;

  @Field(() => [MoneyObject], { description: 'Their totals, one amount per currency (never added across currencies).' })
  revenue: MoneyObject[];

  @Field(() => [MoneyObject], {
    description: 'revenue ÷ orders in that currency, per currency, rounded half away from zero to the minor unit.',
  })
  averageOrderValue: MoneyObject[];
}

@ObjectType('SalesTicker', { description: 'Rolling sales per channel over the last windowSeconds, sent at most once a second and only when it changed.' })
export class SalesTickerObject {
  @Field({ description: 'When these figures were taken.' })
  at: Date;

  @Field(() => Int)
  windowSeconds: number;

  @Field(() => [ChannelTickerObject], { description: 'Channels in scope with orders in the window, and every channel asked for by code; by code.' })
  channels: ChannelTickerObject[];
}
