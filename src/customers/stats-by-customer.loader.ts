import DataLoader from 'dataloader';

import { placeholders, type SqlReader } from '../db/sql-reader';
import { customerStats, type CustomerStatsObject, type CustomerStatsRow } from './customer-stats.type';

const num = (value: unknown) => Number(value);

/** Customers' stats from customer_stats, one statement per batch; a channel-bound caller's cover its own channel only. */
export const createStatsByCustomerLoader = (reader: SqlReader, scopeChannelId: number | null) =>
  new DataLoader<number, CustomerStatsObject>(async (ids) => {
    const rows = await reader.all(
      'select customer_id, channel_id, currency_code, order_count, total_minor, refunded_minor, first_order_at, last_order_at ' +
        `from customer_stats where customer_id in (${placeholders(ids.length)})${scopeChannelId === null ? '' : ' and channel_id = ?'}`,
      scopeChannelId === null ? ids : [...ids, scopeChannelId],
    );
    const byCustomer = new Map<number, CustomerStatsRow[]>();
    for (const r of rows) {
      const row: CustomerStatsRow = {
        customerId: num(r.customer_id),
        channelId: num(r.channel_id),
        currencyCode: r.currency_code as string,
        orderCount: num(r.order_count),
        totalMinor: num(r.total_minor),
        refundedMinor: num(r.refunded_minor),
        firstOrderAt: dateOf(r.first_order_at),
        lastOrderAt: dateOf(r.last_order_at),
      };
      const list = byCustomer.get(row.customerId);
      if (list) list.push(row);
      else byCustomer.set(row.customerId, [row]);
    }
    return ids.map((id) => customerStats(byCustomer.get(id) ?? []));
  });

/** A stored time: epoch milliseconds (SQLite) or a Date/string (PostgreSQL). */
function dateOf(value: unknown): Date {
  return value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
}
