import type { CustomerTier } from './customer-segment';
import type { SegmentRules } from './segment-rules';

const DAY_MS = 86_400_000;

/**
 * The condition `c.id in (…customers in these tiers…)`, worked out in SQL from customer_stats
 * exactly as {@link customerSegment} works out one customer's tier, with its parameters. A
 * channel-bound caller's tiers count its channel's orders only (as its stats do).
 */
export function customersInTiers(
  tiers: readonly CustomerTier[],
  rules: SegmentRules,
  now: Date,
  dialect: 'sqlite' | 'postgresql',
  scopeChannelId: number | null,
): { sql: string; params: unknown[] } {
  const at = (days: number): unknown => {
    const when = new Date(now.getTime() - days * DAY_MS);
    return dialect === 'sqlite' ? when.getTime() : when;
  };
  const thresholds =
    dialect === 'sqlite'
      ? 'select value->>0 as currency, value->>1 as minor from json_each(?)'
      : 'select value->>0 as currency, (value->>1)::bigint as minor from jsonb_array_elements(?::jsonb)';
  const scope = (alias: string) => (scopeChannelId === null ? '' : ` and ${alias}channel_id = ?`);
  const scoped = scopeChannelId === null ? [] : [scopeChannelId];
  const sql =
    'c.id in (select a.customer_id from (select customer_id, sum(order_count) as orders, min(first_order_at) as first_at, max(last_order_at) as last_at ' +
    `from customer_stats where 1 = 1${scope('')} group by customer_id) as a where (case ` +
    "when a.last_at < ? then 'LAPSED' when a.last_at < ? then 'AT_RISK' " +
    `when a.orders >= ? and exists (select 1 from customer_stats as v join (${thresholds}) as th on th.currency = v.currency_code ` +
    `where v.customer_id = a.customer_id${scope('v.')} group by v.currency_code, th.minor ` +
    "having sum(v.total_minor - v.refunded_minor) >= th.minor) then 'VIP' " +
    "when a.orders >= ? then 'LOYAL' when a.first_at >= ? then 'NEW' else 'ACTIVE' end) " +
    `in (${tiers.map(() => '?').join(', ')}))`;
  const params = [
    ...scoped,
    at(rules.lapsedDays),
    at(rules.atRiskDays),
    rules.vipOrders,
    JSON.stringify([...rules.vipValue]),
    ...scoped,
    rules.loyalOrders,
    at(rules.newDays),
    ...tiers,
  ];
  return { sql, params };
}
