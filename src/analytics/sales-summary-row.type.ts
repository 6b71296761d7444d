import { Field, Float, Int, ObjectType } from 'type-graphql';

import { ChannelKind } from '../channels/channel-kind';
import { MoneyObject } from '../money/money.type';

/**
 * One group of a sales summary: the dimensions it was grouped by, its currency, and the figures of
 * its orders. Orders belong to a group by their placedAt; CANCELLED orders count in no figure.
 */
@ObjectType({
  simpleResolvers: true,
  description: 'One group of Query.salesSummary: its dimensions, its currency and the figures of its orders (CANCELLED orders left out of every figure).',
})
export class SalesSummaryRow {
  /** The channel's id when grouped by CHANNEL; `channel` is read through the per-request channel loader. */
  readonly channelId: number | null;

  @Field(() => ChannelKind, { nullable: true, description: 'The kind of channel; set when grouped by CHANNEL or CHANNEL_KIND.' })
  channelKind: ChannelKind | null;

  @Field(() => Date, { nullable: true, description: 'When grouped by DAY, WEEK or MONTH: the instant the local period starts in the time zone.' })
  periodStart: Date | null;

  @Field(() => String, { nullable: true, description: 'When grouped by DAY, WEEK or MONTH: the local date the period starts on, "2026-11-01" (weeks start on Monday).' })
  period: string | null;

  @Field({ description: 'ISO-4217 currency of every amount of the row: amounts of different currencies are never added.' })
  currencyCode: string;

  @Field(() => Int, { description: 'Orders placed in the group.' })
  orders: number;

  @Field(() => Int, { description: 'Σ quantity of their lines.' })
  units: number;

  @Field(() => MoneyObject, { description: 'Σ order subtotal (Σ unit price × quantity of the lines).' })
  grossSales: MoneyObject;

  @Field(() => MoneyObject, { description: 'Σ order discountTotal.' })
  discounts: MoneyObject;

  @Field(() => MoneyObject, { description: "Σ order refundedTotal, refunds counted in the group of the order's placedAt." })
  refunds: MoneyObject;

  @Field(() => MoneyObject, { description: 'Σ (order total − refundedTotal).' })
  netRevenue: MoneyObject;

  @Field(() => MoneyObject, { description: "netRevenue / orders, rounded half away from zero to the currency's minor unit; 0 without orders." })
  averageOrderValue: MoneyObject;

  @Field(() => Float, { description: 'refunds / Σ order total, rounded half away from zero to 4 decimals (0.1234); 0 when Σ total is 0.' })
  refundRate: number;

  @Field(() => Int, {
    description:
      "Customers whose first ever order (earliest non-cancelled order by placedAt, on any channel, in any currency) is in the group; two orders at that very instant make the customer new in each group holding one. Orders without a customer count in neither customer figure.",
  })
  newCustomers: number;

  @Field(() => Int, { description: 'Distinct customers with an order in the group who are not new in it.' })
  returningCustomers: number;

  constructor(channelId: number | null, fields: Omit<SalesSummaryRow, 'channelId'>) {
    this.channelId = channelId;
    Object.assign(this, fields);
  }
}
