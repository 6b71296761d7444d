/** The columns of customer_stats, in the order {@link customerStatsOf} selects them. */
export const CUSTOMER_STATS_COLUMNS =
  'customer_id, channel_id, currency_code, order_count, total_minor, refunded_minor, first_order_at, last_order_at';

/**
 * Customers' stats counted from their orders (cancelled orders left out), one row per customer,
 * channel and currency: `customerIds` is the condition on `customer_id` naming them, with its
 * parameter (`= any(?::int[])`, `in (select value from json_each(?))`).
 */
export function customerStatsOf(customerIds: string): string {
  return (
    'select customer_id, channel_id, currency_code, count(*), sum(total_minor), sum(refunded_total_minor), min(placed_at), max(placed_at) ' +
    `from "order" where customer_id ${customerIds} and status <> 'CANCELLED' group by customer_id, channel_id, currency_code`
  );
}

/** PostgreSQL: the first key of the two-key advisory locks on customers' stats (see batch-postgres). */
export const CUSTOMER_STATS_LOCK_CLASS = 3_602_118;

/** The columns of customer_acquisition, in the order {@link customerAcquisitionsOf} selects them. */
export const CUSTOMER_ACQUISITION_COLUMNS = 'customer_id, order_id, channel_id, currency_code, acquired_at';

/**
 * Customers' first orders (see CustomerAcquisition): per customer the earliest non-cancelled
 * order, the lowest id first among orders at the same instant; `customerIds` as for
 * {@link customerStatsOf}. A customer without such an order gets no row. Each first order is one
 * seek in the (customer_id, placed_at) index, however many orders the customer has.
 */
export function customerAcquisitionsOf(customerIds: string): string {
  return (
    'select o.customer_id, o.id, o.channel_id, o.currency_code, o.placed_at from customer as c join "order" as o on o.id = ' +
    `(select f.id from "order" as f where f.customer_id = c.id and f.status <> 'CANCELLED' order by f.placed_at, f.id limit 1) ` +
    `where c.id ${customerIds}`
  );
}
