import type { Row } from '../../db/sql-reader';
import { statement, type Statement, type Work } from '../../db/sql-writer';
import { EVENT_LOG_LOCKED } from '../../events/event-log';
import type { BatchDialect, GroupRows, IdSource, PrefetchKeys, PrefetchRow, SlotKey } from './batch-dialect';
import {
  addOrdersToStats,
  CUSTOMER_ACQUISITION_COLUMNS,
  CUSTOMER_STATS_LOCK_CLASS,
  customerAcquisitionsOf,
  deleteEmptyCustomerStats,
  reboundCustomerStats,
  subtractOrdersFromStats,
} from './customer-stats-sql';
import { num, ORDER_SELECT, orderValues } from './direct-statements';
import { addOrdersToSlots, DELETE_EMPTY_SLOTS_POSTGRES, SALES_SLOT_LOCK_CLASS, slotLockKey, subtractOrdersFromSlots } from './sales-slot-sql';
import type { ArchiveRow, EventType, OrderRow } from './session';

/** `(channel_id, <column>) in` a list of pairs given as two arrays. */
const IN_PAIRS = 'in (select * from unnest(?::int[], ?::text[]))';

/** Ids from the sequences for the orders and customers a group may insert: `order_ids`, `customer_ids`. */
const RESERVE_IDS =
  "array(select nextval('order_id_seq') from generate_series(1, ?::int)) as order_ids, " +
  "array(select nextval('customer_id_seq') from generate_series(1, ?::int)) as customer_ids";

const PREFETCH =
  'select ' +
  `(select coalesce(json_agg(d), '[]') from (select channel_id, delivery_id, result from payload_archive where (channel_id, delivery_id) ${IN_PAIRS}) d) as deliveries, ` +
  `(select coalesce(json_agg(o), '[]') from (${ORDER_SELECT} where (channel_id, external_id) ${IN_PAIRS}) o) as orders, ` +
  "(select coalesce(json_agg(s), '[]') from (select channel_id, order_external_id, currency_code, sum(amount_minor) as total from order_refund " +
  `where (channel_id, order_external_id) ${IN_PAIRS} group by channel_id, order_external_id, currency_code) s) as sums, ` +
  `(select coalesce(json_agg(r), '[]') from (select channel_id, external_id from order_refund where (channel_id, external_id) ${IN_PAIRS}) r) as refunds, ` +
  "(select coalesce(json_agg(i), '[]') from (select i.id as identity_id, i.channel_id, i.external_id, i.email as identity_email, c.id, c.email, c.phone, c.name, c.erased_at " +
  `from channel_identity i join customer c on c.id = i.customer_id where (i.channel_id, i.external_id) ${IN_PAIRS}) i) as identities, ` +
  "(select coalesce(json_agg(c), '[]') from (select distinct on (email) id, email, phone, name from customer where email = any(?::text[]) order by email, id) c) as emails, " +
  "(select coalesce(json_agg(c), '[]') from (select distinct on (phone) id, email, phone, name from customer where phone = any(?::text[]) order by phone, id) c) as phones, " +
  `(select coalesce(json_agg(k), '[]') from (select channel_id, order_external_id, occurred_at from order_cancellation where (channel_id, order_external_id) ${IN_PAIRS}) k) as cancellations, ` +
  RESERVE_IDS;

/** `(channel_id, <column>) in (…)` for a list of pairs, as two array parameters. */
function pairs(list: ReadonlyArray<[number, string]>): [number[], string[]] {
  return [list.map(([c]) => c), list.map(([, id]) => id)];
}

/** Ids from the tables' own sequences: reserved by the prefetch for the rows a group may insert, more when it needs them. */
class SequenceIds implements IdSource {
  private readonly orders: number[] = [];
  private readonly customers: number[] = [];

  accept(row: Row): void {
    this.orders.push(...(row.order_ids as unknown[]).map(num));
    this.customers.push(...(row.customer_ids as unknown[]).map(num));
  }

  *order(): Work<number> {
    if (!this.orders.length) yield* this.reserve(8, 0);
    return this.orders.shift()!;
  }

  *customer(): Work<number> {
    if (!this.customers.length) yield* this.reserve(0, 8);
    return this.customers.shift()!;
  }

  private *reserve(orders: number, customers: number): Work<void> {
    const [row] = yield statement(`select ${RESERVE_IDS}`, orders, customers);
    this.accept(row);
  }
}

/**
 * PostgreSQL, a network hop away: the prefetch is one statement that also reserves ids, and a
 * group's rows are written by one statement (data-modifying CTEs over `unnest` of arrays). The
 * events come last, under the event log lock held to the commit.
 */
export const postgresBatch: BatchDialect = {
  prefetch(keys: PrefetchKeys): Statement {
    return statement(
      PREFETCH,
      ...pairs(keys.deliveries),
      ...pairs(keys.orders),
      ...pairs(keys.orders),
      ...pairs(keys.refunds),
      ...pairs(keys.identities),
      keys.emails,
      keys.phones,
      ...pairs(keys.orders),
      keys.orders.length,
      keys.identities.length,
    );
  },

  rows(row: Row): PrefetchRow {
    return row as unknown as PrefetchRow;
  },

  ids(): IdSource {
    return new SequenceIds();
  },

  writeRows(rows: GroupRows): Statement[] {
    const { customers, changedCustomers: changed, identities, insertedOrders: inserted, updatedOrders: updated, lines, refunds, cancellations, archives } = rows;
    return [
      statement(
        FLUSH,
        rows.now,
        // customers
        customers.map((c) => c.id),
        customers.map((c) => c.email),
        customers.map((c) => c.phone),
        customers.map((c) => c.name),
        changed.map((c) => c.id),
        changed.map((c) => c.email),
        changed.map((c) => c.phone),
        changed.map((c) => c.name),
        // channel identities
        identities.map((i) => i.customer.id),
        identities.map((i) => i.channelId),
        identities.map((i) => i.externalId),
        identities.map((i) => i.email),
        identities.map((i) => i.emailMatchable),
        identities.map((i) => i.matchedBy),
        rows.identityEmails.map(([id]) => id),
        rows.identityEmails.map(([, email]) => email),
        // orders
        inserted.map((o) => o.id),
        inserted.map((o) => o.channelId),
        inserted.map((o) => o.externalId),
        ...orderColumns(inserted),
        updated.map((o) => o.id),
        ...orderColumns(updated),
        // lines
        rows.replacedLineOrders,
        lines.map(([o]) => o.id),
        lines.map(([, , i]) => i),
        lines.map(([, l]) => l.sku),
        lines.map(([, l]) => l.title),
        lines.map(([, l]) => l.quantity),
        lines.map(([o]) => o.currencyCode),
        lines.map(([, l]) => l.unitPriceMinor),
        lines.map(([, l]) => l.discountMinor),
        lines.map(([, l]) => l.taxMinor),
        lines.map(([, l]) => l.totalMinor),
        // refunds
        ...[0, 1, 2, 3, 4, 5].map((i) => refunds.map((r) => r[i])),
        // cancellations kept for orders still to come
        ...[0, 1, 2, 3].map((i) => cancellations.map((c) => c[i])),
        // archive
        archives.map((a) => a.channelId),
        archives.map((a) => a.deliveryId),
        archives.map((a) => a.topic),
        bodiesText(archives),
        archives.map((a) => a.fetched),
        archives.map((a) => JSON.stringify(a.result)),
        archives.map((a) => JSON.stringify(a.warnings)),
      ),
    ];
  },

  beforeWrites(customerIds: readonly number[], slots: readonly SlotKey[], changedOrderIds: readonly number[]): Statement[] {
    // the locks first, in a statement of their own and in one sorted order (no two groups wait for
    // each other): a customer's stats and a slot's figures then change one group at a time, and
    // the first orders are sought in a snapshot holding every order that a group which held one
    // of the locks before committed
    return [
      statement(
        SUMS_LOCK,
        [...customerIds.map(() => CUSTOMER_STATS_LOCK_CLASS), ...slots.map(() => SALES_SLOT_LOCK_CLASS)],
        [...customerIds, ...slots.map(slotLockKey)],
      ),
      ...(changedOrderIds.length ? [statement(SUBTRACT_FROM_STATS_AND_SLOTS, [...changedOrderIds], [...changedOrderIds])] : []),
    ];
  },

  refreshSums(customerIds: readonly number[], slots: readonly SlotKey[], writtenOrderIds: readonly number[], reboundCustomerIds: readonly number[]): Statement[] {
    // the statements go in the group's last pipeline, but each still costs the server a statement
    // on the group's critical path (the locks are held to the commit): what can share one does;
    // what must see another's writes comes after it
    const statements: Statement[] = [];
    const written = [...writtenOrderIds];
    if (customerIds.length && written.length) statements.push(statement(ADD_STATS_AND_SLOTS, written, customerIds, customerIds, written));
    else if (customerIds.length) statements.push(statement(ADD_STATS, written, customerIds, customerIds));
    else if (written.length) statements.push(statement(ADD_TO_SLOTS, written));
    const rebound = [...reboundCustomerIds];
    const slotKeys = [slots.map(([c]) => c), slots.map(([, currency]) => currency), slots.map(([, , start]) => new Date(start))];
    if (rebound.length && slots.length) statements.push(statement(REBOUND_STATS_AND_EMPTY_SLOTS, rebound, rebound, ...slotKeys));
    else if (rebound.length) statements.push(statement(REBOUND_STATS, rebound, rebound));
    else if (slots.length) statements.push(statement(DELETE_EMPTY_SLOTS_POSTGRES, ...slotKeys));
    return statements;
  },

  writeEvents(now: Date, events: ReadonlyArray<[EventType, number, number]>): Statement[] {
    // numbered in commit order: the lock is held from here to the commit (see EVENT_LOG_LOCKED), so
    // it is taken last, by the append itself, and groups on other connections write their other rows meanwhile
    return [
      statement(
        EVENTS,
        now,
        events.map(([type]) => type),
        events.map(([, order]) => order),
        events.map(([, , channel]) => channel),
      ),
    ];
  },
};

/** Columns `number` … `content_hash` (see orderValues). */
const ORDER_VALUE_COUNT = 16;
const ORDER_ARRAYS =
  '?::text[], ?::text[], ?::timestamptz[], ?::int[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ' +
  '?::bool[], ?::jsonb[], ?::timestamptz[], ?::int[], ?::text[]';
const ORDER_FIELDS =
  'number, status, placed_at, customer_id, currency_code, subtotal_minor, discount_total_minor, tax_total_minor, shipping_total_minor, ' +
  'total_minor, refunded_total_minor, taxes_included, coupon_codes, source_updated_at, source_version, content_hash';

/**
 * Every write of a group in one statement: data-modifying CTEs, one per table, each inserting or
 * updating from arrays (empty arrays write nothing). Foreign keys are checked at the end of the
 * statement, when the parents written beside their children are there.
 */
const FLUSH =
  'with now as (select ?::timestamptz as at), ' +
  'customers as (insert into customer (id, email, phone, name, created_at, updated_at) select t.id, t.email, t.phone, t.name, now.at, now.at ' +
  'from unnest(?::int[], ?::text[], ?::text[], ?::text[]) as t(id, email, phone, name), now), ' +
  'customer_changes as (update customer as c set email = t.email, phone = t.phone, name = t.name, updated_at = now.at ' +
  'from unnest(?::int[], ?::text[], ?::text[], ?::text[]) as t(id, email, phone, name), now where c.id = t.id), ' +
  'identities as (insert into channel_identity (customer_id, channel_id, external_id, email, email_matchable, matched_by, created_at) ' +
  'select t.customer_id, t.channel_id, t.external_id, t.email, t.email_matchable, t.matched_by, now.at ' +
  'from unnest(?::int[], ?::int[], ?::text[], ?::text[], ?::bool[], ?::text[]) as t(customer_id, channel_id, external_id, email, email_matchable, matched_by), now), ' +
  'identity_changes as (update channel_identity as i set email = t.email from unnest(?::int[], ?::text[]) as t(id, email) where i.id = t.id), ' +
  `orders as (insert into "order" (id, channel_id, external_id, ${ORDER_FIELDS}, created_at, updated_at) ` +
  `select t.*, now.at, now.at from unnest(?::int[], ?::int[], ?::text[], ${ORDER_ARRAYS}) as t(id, channel_id, external_id, ${ORDER_FIELDS}), now), ` +
  'order_changes as (update "order" as o set number = t.number, status = t.status, placed_at = t.placed_at, customer_id = t.customer_id, ' +
  'currency_code = t.currency_code, subtotal_minor = t.subtotal_minor, discount_total_minor = t.discount_total_minor, ' +
  'tax_total_minor = t.tax_total_minor, shipping_total_minor = t.shipping_total_minor, total_minor = t.total_minor, ' +
  'refunded_total_minor = t.refunded_total_minor, taxes_included = t.taxes_included, coupon_codes = t.coupon_codes, ' +
  'source_updated_at = t.source_updated_at, source_version = t.source_version, content_hash = t.content_hash, updated_at = now.at ' +
  `from unnest(?::int[], ${ORDER_ARRAYS}) as t(id, ${ORDER_FIELDS}), now where o.id = t.id), ` +
  'replaced_lines as (delete from order_line where order_id = any(?::int[])), ' +
  'lines as (insert into order_line (order_id, position, sku, title, quantity, currency_code, unit_price_minor, discount_minor, tax_minor, total_minor) ' +
  'select * from unnest(?::int[], ?::int[], ?::text[], ?::text[], ?::int[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])), ' +
  'refunds as (insert into order_refund (channel_id, order_external_id, external_id, amount_minor, currency_code, occurred_at, created_at) ' +
  'select t.*, now.at from unnest(?::int[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::timestamptz[]) ' +
  'as t(channel_id, order_external_id, external_id, amount_minor, currency_code, occurred_at), now), ' +
  'cancellations as (insert into order_cancellation (channel_id, order_external_id, occurred_at, reason, created_at) select t.*, now.at ' +
  'from unnest(?::int[], ?::text[], ?::timestamptz[], ?::text[]) as t(channel_id, order_external_id, occurred_at, reason), now), ' +
  'archives as (insert into payload_archive (channel_id, delivery_id, topic, body, fetched, result, warnings, received_at) ' +
  "select t.*, now.at from unnest(?::int[], ?::text[], ?::text[], string_to_array(?::text, chr(1)), ?::text[], ?::jsonb[], ?::jsonb[]) " +
  'as t(channel_id, delivery_id, topic, body, fetched, result, warnings), now) ' +
  'select 1 as written';

/**
 * The archived bodies as one text, separated by U+0001: sent as they are, where an array would
 * escape every quote of every body (in JavaScript) and unescape it again (in the server). An
 * archived body is JSON that parsed, which never holds a raw U+0001.
 */
function bodiesText(archives: readonly ArchiveRow[]): string {
  for (const a of archives) {
    if (a.body.includes('\u0001')) throw new Error('an archived body holds U+0001, which only separates bodies here');
  }
  return archives.map((a) => a.body).join('\u0001');
}

/**
 * A customer's stats, and a sales slot, are recounted by one transaction at a time: two groups
 * that both add orders of one customer (reached by different keys, so not kept apart by the
 * footprint's locks), or of one slot, would each count only their own. Two-key advisory locks,
 * a class for each (customers by id, slots by slotLockKey), taken in one sorted order.
 */
const SUMS_LOCK =
  'select count(pg_advisory_xact_lock(c, k)) as locked from (select distinct c, k from unnest(?::int[], ?::int[]) as t(c, k) order by c, k) as keys';

/**
 * Adds the written orders' figures to their customers' stats, and recounts the customers' first
 * orders (rewriting a row only when it changed, deleting those of customers with no order left),
 * in one statement.
 */
const ADD_STATS_CTES =
  `added_stats as (${addOrdersToStats('postgresql')}), ` +
    `fresh_firsts as (${customerAcquisitionsOf('= any(?::int[])')}), ` +
    'gone_firsts as (delete from customer_acquisition as a where a.customer_id = any(?::int[]) and not exists ' +
    '(select 1 from fresh_firsts as f where f.customer_id = a.customer_id)), ' +
    // a returning customer's first order seldom changes: the row is rewritten only when it did
    `kept_firsts as (insert into customer_acquisition (${CUSTOMER_ACQUISITION_COLUMNS}) select * from fresh_firsts on conflict (customer_id) do update set ` +
    'order_id = excluded.order_id, channel_id = excluded.channel_id, currency_code = excluded.currency_code, acquired_at = excluded.acquired_at ' +
    'where (customer_acquisition.order_id, customer_acquisition.channel_id, customer_acquisition.currency_code, customer_acquisition.acquired_at) ' +
    'is distinct from (excluded.order_id, excluded.channel_id, excluded.currency_code, excluded.acquired_at))';
const ADD_STATS = `with ${ADD_STATS_CTES} select count(*) as customers from fresh_firsts`;
const ADD_TO_SLOTS = addOrdersToSlots('postgresql');
/** ADD_STATS and the written orders' figures added to their slots (another table, read from the same orders). */
const ADD_STATS_AND_SLOTS = `with ${ADD_STATS_CTES}, added_slots as (${ADD_TO_SLOTS}) select count(*) as customers from fresh_firsts`;
/** The first and last order times sought again where an order left or changed, and the rows with no order left deleted (disjoint rows). */
const REBOUND_STATS = `with rebound as (${reboundCustomerStats('postgresql')}) ${deleteEmptyCustomerStats('postgresql')}`;
/** REBOUND_STATS and the listed slots left with no order deleted (after the figures were added to them, by the statement before). */
const REBOUND_STATS_AND_EMPTY_SLOTS =
  `with rebound as (${reboundCustomerStats('postgresql')}), emptied_stats as (${deleteEmptyCustomerStats('postgresql')}) ${DELETE_EMPTY_SLOTS_POSTGRES}`;
/** The changed orders' stored figures taken out of their customers' stats and their slots (two tables, one snapshot of the orders). */
const SUBTRACT_FROM_STATS_AND_SLOTS = `with stats_taken as (${subtractOrdersFromStats('postgresql')}) ${subtractOrdersFromSlots('postgresql')}`;

/** A group's events, numbered in the order they happened: the log's order. */
const EVENTS =
  'insert into order_event (type, order_id, channel_id, occurred_at) select t.type, t.order_id, t.channel_id, ?::timestamptz ' +
  `from unnest(?::text[], ?::int[], ?::int[]) with ordinality as t(type, order_id, channel_id, n) where ${EVENT_LOG_LOCKED} order by t.n`;

/** The order columns from `number` to `content_hash`, as arrays. */
function orderColumns(rows: readonly OrderRow[]): unknown[][] {
  const values = rows.map(orderValues);
  return Array.from({ length: ORDER_VALUE_COUNT }, (_, i) => values.map((v) => v[i]));
}
