import { Field, Float, ObjectType } from 'type-graphql';

import { MoneyObject } from '../money/money.type';
import { PriceConflictChannel } from './price-conflict-channel.type';

/**
 * A SKU sold in one currency at prices that differ between channels. Each channel's price band
 * is [lowest, highest] unit price it sold the SKU at in the window. The two figures compared are
 * the lowest band top (`minUnitPrice`: the cheapest channel's highest price) and the highest
 * band bottom (`maxUnitPrice`: the dearest channel's lowest price). Their gap is a price
 * difference no channel's own price changes explain: prices differing only within one channel
 * (overlapping bands) never make a conflict.
 */
@ObjectType({
  simpleResolvers: true,
  description:
    'A SKU sold in one currency at unit prices that differ between channels. Each channel has a price band: the lowest and ' +
    'highest unit price it sold the SKU at in the window. Compared: minUnitPrice, the lowest band top (the cheapest ' +
    "channel's highest price), and maxUnitPrice, the highest band bottom (the dearest channel's lowest price); overlapping " +
    'bands (prices differing only within channels) are no conflict.',
})
export class PriceConflict {
  @Field({ description: "The lines' SKU, matched exactly (case-sensitive)." })
  sku: string;

  @Field({ description: 'ISO-4217 currency of every price here: amounts of different currencies are never compared.' })
  currencyCode: string;

  @Field(() => MoneyObject, { description: "The lowest channel-level price: the smallest of the channels' highest unit prices." })
  minUnitPrice: MoneyObject;

  @Field(() => MoneyObject, { description: "The highest channel-level price: the largest of the channels' lowest unit prices." })
  maxUnitPrice: MoneyObject;

  @Field(() => Float, {
    description: '(maxUnitPrice − minUnitPrice) / minUnitPrice × 100, rounded half up to 2 decimals (the unrounded spread is above tolerancePercent).',
  })
  spreadPercent: number;

  @Field(() => [PriceConflictChannel], {
    description: 'Every channel that sold the SKU in this currency in the window, lowest band first.',
  })
  channels: PriceConflictChannel[];
}
