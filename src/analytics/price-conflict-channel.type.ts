import { Field, Int, ObjectType } from 'type-graphql';

import { MoneyObject } from '../money/money.type';

/** One channel's sales of a conflicting SKU in the window: its price band, orders and units. */
@ObjectType({
  simpleResolvers: true,
  description: "One channel's sales of the SKU in the window, in the conflict's currency (cancelled orders left out).",
})
export class PriceConflictChannel {
  /** The channel's id; `channel` is read through the per-request channel loader. */
  readonly channelId: number;

  @Field(() => MoneyObject, { description: 'The lowest unit price this channel sold the SKU at (the bottom of its band).' })
  minUnitPrice: MoneyObject;

  @Field(() => MoneyObject, { description: 'The highest unit price this channel sold the SKU at (the top of its band).' })
  maxUnitPrice: MoneyObject;

  @Field(() => Int, { description: 'Distinct orders of this channel with the SKU in the window.' })
  orderCount: number;

  @Field(() => Int, { description: 'Units of the SKU sold: the sum of the lines\' quantities.' })
  units: number;

  constructor(channelId: number, fields: Omit<PriceConflictChannel, 'channelId'>) {
    this.channelId = channelId;
    Object.assign(this, fields);
  }
}
