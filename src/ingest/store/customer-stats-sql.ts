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

/**
 * The ingestion path keeps customers' stats by difference, as it keeps sales slots: a group takes
 * the figures of the orders it is about to change out of their customers' rows (as stored) before
 * writing, and adds the figures of every order it wrote afterwards. A recount instead costs as
 * much as the customer's history: a customer with thousands of orders made every new order of
 * theirs a scan of them all. The first and last order times only ever widen when orders are
 * added; where an order changed or left, they are sought again in the (customer_id, placed_at)
 * index ({@link reboundCustomerStats}), and rows left with no order are deleted.
 */
const ORDER_IDS = {
  sqlite: 'o.id in (select value from json_each(?))',
  postgresql: 'o.id = any(?::int[])',
} as const;
const CUSTOMER_IDS = {
  sqlite: 'in (select value from json_each(?))',
  postgresql: '= any(?::int[])',
} as const;
const SAME_ROW = (table: string, other: string) =>
  `${table}.customer_id = ${other}.customer_id and ${table}.channel_id = ${other}.channel_id and ${table}.currency_code = ${other}.currency_code`;

/** The stats figures of the orders a parameter lists, as stored now, per customer, channel and currency. */
function statsOfOrders(dialect: 'sqlite' | 'postgresql'): string {
  return (
    'select o.customer_id, o.channel_id, o.currency_code, count(*) as order_count, sum(o.total_minor) as total_minor, ' +
    'sum(o.refunded_total_minor) as refunded_minor, min(o.placed_at) as first_order_at, max(o.placed_at) as last_order_at ' +
    `from "order" as o where ${ORDER_IDS[dialect]} and o.customer_id is not null and o.status <> 'CANCELLED' ` +
    'group by o.customer_id, o.channel_id, o.currency_code'
  );
}

/** Takes the figures of the listed orders, as stored now, out of their customers' stats. */
export function subtractOrdersFromStats(dialect: 'sqlite' | 'postgresql'): string {
  return (
    'update customer_stats set order_count = customer_stats.order_count - d.order_count, ' +
    'total_minor = customer_stats.total_minor - d.total_minor, refunded_minor = customer_stats.refunded_minor - d.refunded_minor ' +
    `from (${statsOfOrders(dialect)}) as d where ${SAME_ROW('customer_stats', 'd')}`
  );
}

/** Adds the figures of the listed orders, as stored now, to their customers' stats (creating the rows that are new). */
export function addOrdersToStats(dialect: 'sqlite' | 'postgresql'): string {
  const [least, greatest] = dialect === 'sqlite' ? ['min', 'max'] : ['least', 'greatest'];
  return (
    `insert into customer_stats (${CUSTOMER_STATS_COLUMNS}) ${statsOfOrders(dialect)} ` +
    'on conflict (customer_id, channel_id, currency_code) do update set order_count = customer_stats.order_count + excluded.order_count, ' +
    'total_minor = customer_stats.total_minor + excluded.total_minor, refunded_minor = customer_stats.refunded_minor + excluded.refunded_minor, ' +
    `first_order_at = ${least}(customer_stats.first_order_at, excluded.first_order_at), ` +
    `last_order_at = ${greatest}(customer_stats.last_order_at, excluded.last_order_at)`
  );
}

/**
 * A stats row's earliest or latest non-cancelled order time: one walk of the (customer_id,
 * placed_at) index, stopping at the first order of the row's channel and currency. The channel is
 * compared as `channel_id + 0`, which no index serves: the (channel_id, placed_at) index also
 * yields the channel's orders in time order, and a planner that takes a channel for a few orders
 * (no statistics yet, or statistics from before an import) walks it instead, through every order
 * of the channel placed before the customer's (25 ms a group at 300,000 orders).
 */
const boundOf = (direction: 'asc' | 'desc') =>
  '(select o.placed_at from "order" as o where o.customer_id = customer_stats.customer_id and o.channel_id + 0 = customer_stats.channel_id ' +
  `and o.currency_code = customer_stats.currency_code and o.status <> 'CANCELLED' order by o.placed_at ${direction} limit 1)`;

/**
 * The listed customers' first and last order times sought again, for customers an order left or
 * changed in: the difference cannot narrow them.
 */
export function reboundCustomerStats(dialect: 'sqlite' | 'postgresql'): string {
  return (
    `update customer_stats set first_order_at = ${boundOf('asc')}, last_order_at = ${boundOf('desc')} ` +
    `where customer_id ${CUSTOMER_IDS[dialect]} and order_count > 0`
  );
}

/** Deletes the listed customers' stats rows that no order is left in. */
export function deleteEmptyCustomerStats(dialect: 'sqlite' | 'postgresql'): string {
  return `delete from customer_stats where customer_id ${CUSTOMER_IDS[dialect]} and order_count = 0`;
}
