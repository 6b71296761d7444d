import { placeholders, type SqlReader } from '../db/sql-reader';
import { OrderStatus } from '../orders/order-status';
import { exactInteger } from './sales-figures';
import type { SlotQuery } from './sales-slot-figures.reader';
import type { TimeBucket } from './time-buckets';

/** The channel dimension customers are counted by: per channel, per kind of channel, or none. */
export type ChannelGrouping = 'channel' | 'kind' | 'none';

export interface CustomerCountQuery extends SlotQuery {
  /** The window cut into the summary's periods (one bucket when not grouped by time). */
  readonly buckets: readonly TimeBucket[];
  readonly grouping: ChannelGrouping;
}

/** Distinct customers of one group (bucket × channel or kind × currency). */
export interface CustomerCounts {
  readonly bucket: number;
  /** Set when grouped by channel. */
  readonly channelId: number | null;
  /** Set when grouped by kind. */
  readonly kind: string | null;
  readonly currencyCode: string;
  /** Distinct customers with an order in the group. */
  readonly customers: number;
  /** Of them, those whose first ever order is in the group. */
  readonly newCustomers: number;
}

const BUCKET_ROW: Record<SqlReader['dialect'], string> = {
  sqlite: '(?, ?, ?)',
  postgresql: '(?::integer, ?::timestamptz, ?::timestamptz)',
};

/** The channel dimension's column and its name, for the rows of `alias` (orders or acquisitions); none when not grouped by channel. */
function channelColumn(grouping: ChannelGrouping, alias: string): { expression: string; name: string } | null {
  if (grouping === 'channel') return { expression: `${alias}.channel_id`, name: 'channel_id' };
  return grouping === 'kind' ? { expression: 'c.kind', name: 'kind' } : null;
}

/**
 * Distinct customers per group, counted in the database in one statement (one snapshot), the
 * periods passed as a VALUES list joined on time:
 * - customers: distinct customers with an order in the group, from the orders (distinct counts do
 *   not add up across slots);
 * - new customers: customers whose first order (see CustomerAcquisition: the earliest
 *   non-cancelled one on any channel in any currency, inside the window or not) is in the group,
 *   counted from customer_acquisition's index alone. A new customer's first order is in the
 *   group, so they are among its customers.
 * Orders without a customer are left out.
 */
export async function readCustomerCounts(reader: SqlReader, query: CustomerCountQuery): Promise<CustomerCounts[]> {
  const params: unknown[] = [];
  query.buckets.forEach((b, i) => params.push(i, reader.date(new Date(b.from)), reader.date(new Date(b.to))));
  const byKind = query.grouping === 'kind';
  const part = (alias: string, count: string, from: string, at: string, conditions: string[], conditionParams: unknown[]) => {
    const where = [...conditions];
    params.push(...conditionParams);
    if (query.channelIds !== null) {
      where.push(`${alias}.channel_id in (${placeholders(query.channelIds.length)})`);
      params.push(...query.channelIds);
    }
    const column = channelColumn(query.grouping, alias);
    return (
      `select b.idx, ${column ? `${column.expression} as ${column.name}, ` : ''}${alias}.currency_code as currency_code, ${count} ` +
      `from buckets as b join ${from} on ${at} >= b.starts_at and ${at} < b.ends_at` +
      (byKind ? ` join channel as c on c.id = ${alias}.channel_id` : '') +
      (where.length ? ` where ${where.join(' and ')}` : '') +
      ` group by b.idx, ${column ? `${column.expression}, ` : ''}${alias}.currency_code`
    );
  };
  const sql =
    `with buckets (idx, starts_at, ends_at) as (values ${query.buckets.map(() => BUCKET_ROW[reader.dialect]).join(', ')}) ` +
    part('o', 'count(distinct o.customer_id) as customers, 0 as new_customers', '"order" as o', 'o.placed_at', ['o.status <> ?'], [OrderStatus.CANCELLED]) +
    ' union all ' +
    part('a', '0 as customers, count(*) as new_customers', 'customer_acquisition as a', 'a.acquired_at', [], []);
  const counts = new Map<string, CustomerCounts>();
  for (const r of await reader.all(sql, params)) {
    const row: CustomerCounts = {
      bucket: Number(r.idx),
      channelId: query.grouping === 'channel' ? Number(r.channel_id) : null,
      kind: byKind ? String(r.kind) : null,
      currencyCode: String(r.currency_code),
      customers: Number(exactInteger(r.customers)),
      newCustomers: Number(exactInteger(r.new_customers)),
    };
    const key = `${row.bucket}|${row.channelId ?? row.kind ?? ''}|${row.currencyCode}`;
    const seen = counts.get(key);
    counts.set(key, seen ? { ...seen, customers: seen.customers + row.customers, newCustomers: seen.newCustomers + row.newCustomers } : row);
  }
  return [...counts.values()];
}
