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

const GROUP_COLUMN: Record<ChannelGrouping, string> = { channel: 'w.channel_id, ', kind: 'w.kind, ', none: '' };

/**
 * Distinct customers per group, counted in the database: distinct counts do not add up across
 * slots, so they are read per group of the summary (the periods passed as a VALUES list joined
 * on placed_at). A customer's first ever order is their earliest non-cancelled order on any
 * channel in any currency, inside the window or not, as customer_stats keeps it (the earliest
 * first_order_at of their rows): one aggregate over that table, not a probe per order. A customer
 * with two orders at that very instant is new in each group holding one. Orders without a
 * customer are left out.
 */
export async function readCustomerCounts(reader: SqlReader, query: CustomerCountQuery): Promise<CustomerCounts[]> {
  const params: unknown[] = [];
  query.buckets.forEach((b, i) => params.push(i, reader.date(new Date(b.from)), reader.date(new Date(b.to))));
  params.push(OrderStatus.CANCELLED);
  let channels = '';
  if (query.channelIds !== null) {
    channels = ` and o.channel_id in (${placeholders(query.channelIds.length)})`;
    params.push(...query.channelIds);
  }
  const group = GROUP_COLUMN[query.grouping];
  // one row per group and customer first (a hash aggregate), then the distinct counts over far fewer rows
  const sql =
    `with buckets (idx, starts_at, ends_at) as (values ${query.buckets.map(() => BUCKET_ROW[reader.dialect]).join(', ')}), ` +
    'firsts as (select customer_id, min(first_order_at) as first_at from customer_stats group by customer_id), ' +
    'w as (select b.idx, o.channel_id, c.kind, o.currency_code, o.customer_id, max(case when o.placed_at = f.first_at then 1 else 0 end) as first_order ' +
    'from buckets b join "order" o on o.placed_at >= b.starts_at and o.placed_at < b.ends_at join channel c on c.id = o.channel_id ' +
    'join firsts f on f.customer_id = o.customer_id ' +
    `where o.status <> ?${channels} group by b.idx, o.channel_id, c.kind, o.currency_code, o.customer_id) ` +
    `select w.idx, ${group}w.currency_code, count(distinct w.customer_id) as customers, ` +
    'count(distinct case when w.first_order = 1 then w.customer_id end) as new_customers ' +
    `from w group by w.idx, ${group}w.currency_code`;
  const rows = await reader.all(sql, params);
  return rows.map((r) => ({
    bucket: Number(r.idx),
    channelId: query.grouping === 'channel' ? Number(r.channel_id) : null,
    kind: query.grouping === 'kind' ? String(r.kind) : null,
    currencyCode: String(r.currency_code),
    customers: Number(exactInteger(r.customers)),
    newCustomers: Number(exactInteger(r.new_customers)),
  }));
}
