import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

import type { CustomerStatsObject } from './customer-stats.type';
import type { SegmentRules } from './segment-rules';

/** Where a customer stands, by recency, frequency and value (see {@link customerSegment}). */
export enum CustomerTier {
  VIP = 'VIP',
  LOYAL = 'LOYAL',
  ACTIVE = 'ACTIVE',
  NEW = 'NEW',
  AT_RISK = 'AT_RISK',
  LAPSED = 'LAPSED',
}

registerEnumType(CustomerTier, {
  name: 'CustomerTier',
  description:
    'The first that applies: LAPSED (no order for more than the lapsed days), AT_RISK (no order for more than the at-risk days), ' +
    'VIP (at least the VIP orders and the VIP lifetime value in some currency), LOYAL (at least the loyal orders), ' +
    'NEW (first order within the new days), ACTIVE (anyone else who ordered recently). Thresholds: README "Customer tiers".',
});

@ObjectType('CustomerSegment', { description: "A customer's recency, frequency and monetary scores (1 to 5) and tier, from their stats." })
export class CustomerSegmentObject {
  @Field(() => CustomerTier)
  tier: CustomerTier;

  @Field(() => Int, { description: '5: last order within the new days; 4: within the at-risk days; 3: within the lapsed days; 2: within twice those; 1: longer ago.' })
  recency: number;

  @Field(() => Int, { description: '5: at least twice the VIP orders; 4: the VIP orders; 3: the loyal orders; 2: two orders; 1: one.' })
  frequency: number;

  @Field(() => Int, {
    description: 'By the best currency: lifetime value / its VIP value ≥ 2: 5; ≥ 1: 4; ≥ ½: 3; ≥ ¼: 2; else (or no VIP value for any of its currencies) 1.',
  })
  monetary: number;

  @Field(() => Int, { description: 'Whole days since the last order.' })
  daysSinceLastOrder: number;
}

/** What the segment is worked out from: a customer's stats (see CustomerStats). */
export type SegmentInput = Pick<CustomerStatsObject, 'orderCount' | 'firstOrderAt' | 'lastOrderAt' | 'values'>;

const DAY_MS = 86_400_000;

/** Whether the value reaches `ratio` × the VIP value of its currency, in integers. */
function reaches(rules: SegmentRules, values: CustomerStatsObject['values'], numerator: number, denominator: number): boolean {
  return values.some(([currency, minor]) => {
    const vip = rules.vipValue.get(currency);
    return vip !== undefined && minor * denominator >= vip * numerator;
  });
}

/**
 * A customer's tier and RFM scores at `now`, from their counted orders: a pure function of the
 * stats and the rules, the same the `customers(filter: {tiers})` SQL applies (see customer-tier-sql).
 * Null before the first counted order.
 */
export function customerSegment(input: SegmentInput, rules: SegmentRules, now: Date): CustomerSegmentObject | null {
  if (!input.firstOrderAt || !input.lastOrderAt) return null;
  const since = (at: Date) => now.getTime() - at.getTime();
  const idle = since(input.lastOrderAt);
  const vipByValue = reaches(rules, input.values, 1, 1);
  let tier: CustomerTier;
  if (idle > rules.lapsedDays * DAY_MS) tier = CustomerTier.LAPSED;
  else if (idle > rules.atRiskDays * DAY_MS) tier = CustomerTier.AT_RISK;
  else if (input.orderCount >= rules.vipOrders && vipByValue) tier = CustomerTier.VIP;
  else if (input.orderCount >= rules.loyalOrders) tier = CustomerTier.LOYAL;
  else if (since(input.firstOrderAt) <= rules.newDays * DAY_MS) tier = CustomerTier.NEW;
  else tier = CustomerTier.ACTIVE;

  const recency =
    idle <= rules.newDays * DAY_MS ? 5 : idle <= rules.atRiskDays * DAY_MS ? 4 : idle <= rules.lapsedDays * DAY_MS ? 3 : idle <= 2 * rules.lapsedDays * DAY_MS ? 2 : 1;
  const n = input.orderCount;
  const frequency = n >= 2 * rules.vipOrders ? 5 : n >= rules.vipOrders ? 4 : n >= rules.loyalOrders ? 3 : n >= 2 ? 2 : 1;
  const v = input.values;
  const monetary = reaches(rules, v, 2, 1) ? 5 : reaches(rules, v, 1, 1) ? 4 : reaches(rules, v, 1, 2) ? 3 : reaches(rules, v, 1, 4) ? 2 : 1;
  return { tier, recency, frequency, monetary, daysSinceLastOrder: Math.max(0, Math.floor(idle / DAY_MS)) };
}
