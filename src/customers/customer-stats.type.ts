import { Field, Int, ObjectType } from 'type-graphql';

import { averageMinor } from '../money/money';
import { moneyOf, MoneyObject } from '../money/money.type';
import type { CustomerStats } from './customer-stats.entity';

/**
 * What a customer bought, on every channel (or, for a channel-bound caller, on its channel),
 * kept up to date as orders are ingested, refunded and merged. Cancelled orders are not counted.
 * Amounts are one Money per currency: currencies are never added together.
 */
@ObjectType('CustomerStats', {
  description:
    'What a customer bought, kept as orders are ingested, refunded and merged (cancelled orders not counted). Amounts: one Money per currency, never added across currencies.',
})
export class CustomerStatsObject {
  @Field(() => Int, { description: 'Orders placed, in every currency.' })
  orderCount: number;

  @Field(() => [MoneyObject], { description: 'Lifetime value per currency: Σ (order total − refunded), by currency code.' })
  lifetimeValue: MoneyObject[];

  @Field(() => [MoneyObject], {
    description: 'Average order value per currency: lifetime value / orders in that currency, rounded to the minor unit (halves away from zero).',
  })
  averageOrderValue: MoneyObject[];

  @Field(() => [MoneyObject], { description: 'Refunded per currency.' })
  refunded: MoneyObject[];

  @Field(() => Date, { nullable: true, description: 'When the first counted order was placed.' })
  firstOrderAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the last counted order was placed.' })
  lastOrderAt: Date | null;

  /** The channels bought on, in id order (resolved to channels by the resolver). */
  channelIds: number[];

  /** Lifetime value in minor units per currency (what the segment is worked out from). */
  values: Array<[currency: string, minor: number]>;
}

/** A customer's stats from their rows (none: no counted order). */
export function customerStats(rows: readonly CustomerStats[]): CustomerStatsObject {
  const byCurrency = new Map<string, { orders: number; total: number; refunded: number }>();
  let first: Date | null = null;
  let last: Date | null = null;
  for (const row of rows) {
    const sums = byCurrency.get(row.currencyCode) ?? { orders: 0, total: 0, refunded: 0 };
    sums.orders += row.orderCount;
    sums.total += row.totalMinor;
    sums.refunded += row.refundedMinor;
    byCurrency.set(row.currencyCode, sums);
    if (!first || row.firstOrderAt < first) first = row.firstOrderAt;
    if (!last || row.lastOrderAt > last) last = row.lastOrderAt;
  }
  const currencies = [...byCurrency.keys()].sort();
  const net = (c: string) => byCurrency.get(c)!.total - byCurrency.get(c)!.refunded;
  return {
    orderCount: [...byCurrency.values()].reduce((n, s) => n + s.orders, 0),
    lifetimeValue: currencies.map((c) => moneyOf(net(c), c)),
    averageOrderValue: currencies.map((c) => moneyOf(averageMinor(net(c), byCurrency.get(c)!.orders), c)),
    refunded: currencies.map((c) => moneyOf(byCurrency.get(c)!.refunded, c)),
    firstOrderAt: first,
    lastOrderAt: last,
    channelIds: [...new Set(rows.map((r) => r.channelId))].sort((a, b) => a - b),
    values: currencies.map((c) => [c, net(c)]),
  };
}
