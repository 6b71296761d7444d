import type { Row } from '../../db/sql-reader';
import { statement, type Statement, type Work } from '../../db/sql-writer';
import type { BatchDialect, ChannelKey, GroupRows, IdSource, PrefetchKeys, PrefetchRow, SlotKey } from './batch-dialect';
import {
  addOrdersToStats,
  CUSTOMER_ACQUISITION_COLUMNS,
  customerAcquisitionsOf,
  deleteEmptyCustomerStats,
  reboundCustomerStats,
  subtractOrdersFromStats,
} from './customer-stats-sql';
import { num, orderValues } from './direct-statements';
import { addOrdersToSlots, DELETE_EMPTY_SLOTS_SQLITE, subtractOrdersFromSlots } from './sales-slot-sql';
import type { EventType, OrderRow } from './session';

/** A value as SQLite stores it, inside a JSON parameter: dates as epoch milliseconds, booleans as 0/1. */
function stored(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}

/** Rows as one JSON parameter (an array of arrays), which `json_each` reads back row by row. */
function json(rows: ReadonlyArray<readonly unknown[]>): string {
  return JSON.stringify(rows.map((row) => row.map(stored)));
}

/** `value->>0, value->>1, …`: the first n fields of each row `json_each` reads. */
function fields(n: number, from = 0): string {
  return Array.from({ length: n }, (_, i) => `value->>${from + i}`).join(', ');
}

const ORDER_JSON =
  "json_object('id', o.id, 'channel_id', o.channel_id, 'external_id', o.external_id, 'number', o.number, 'status', o.status, " +
  "'placed_at', o.placed_at, 'customer_id', o.customer_id, 'currency_code', o.currency_code, 'subtotal_minor', o.subtotal_minor, " +
  "'discount_total_minor', o.discount_total_minor, 'tax_total_minor', o.tax_total_minor, 'shipping_total_minor', o.shipping_total_minor, " +
  "'total_minor', o.total_minor, 'refunded_total_minor', o.refunded_total_minor, 'taxes_included', o.taxes_included, " +
  "'coupon_codes', json(o.coupon_codes), 'source_updated_at', o.source_updated_at, 'source_version', o.source_version, 'content_hash', o.content_hash)";

/** The oldest customer with each value of a column (`email` or `phone`) the parameter lists. */
const oldestBy = (column: 'email' | 'phone', param: string) =>
  "(select json_group_array(json_object('id', c.id, 'email', c.email, 'phone', c.phone, 'name', c.name)) " +
  `from json_each(${param}) as k cross join customer as c on c.id = (select min(id) from customer where ${column} = k.value))`;

/**
 * Each list read by looking its keys up one by one in the table's index: `json_each` of the keys
 * first (`cross join` keeps that order), then the table.
 */
const PREFETCH =
  'select ' +
  "(select json_group_array(json_object('channel_id', a.channel_id, 'delivery_id', a.delivery_id, 'result', json(a.result))) " +
  'from json_each(?1) as k cross join payload_archive as a on a.channel_id = k.value->>0 and a.delivery_id = k.value->>1) as deliveries, ' +
  `(select json_group_array(${ORDER_JSON}) from json_each(?2) as k cross join "order" as o on o.channel_id = k.value->>0 and o.external_id = k.value->>1) as orders, ` +
  "(select json_group_array(json_object('channel_id', channel_id, 'order_external_id', order_external_id, 'currency_code', currency_code, 'total', total)) " +
  'from (select r.channel_id, r.order_external_id, r.currency_code, sum(r.amount_minor) as total from json_each(?2) as k ' +
  'cross join order_refund as r on r.channel_id = k.value->>0 and r.order_external_id = k.value->>1 group by r.channel_id, r.order_external_id, r.currency_code)) as sums, ' +
  "(select json_group_array(json_object('channel_id', r.channel_id, 'external_id', r.external_id)) " +
  'from json_each(?3) as k cross join order_refund as r on r.channel_id = k.value->>0 and r.external_id = k.value->>1) as refunds, ' +
  "(select json_group_array(json_object('identity_id', i.id, 'channel_id', i.channel_id, 'external_id', i.external_id, 'identity_email', i.email, " +
  "'id', c.id, 'email', c.email, 'phone', c.phone, 'name', c.name, 'erased_at', c.erased_at)) from json_each(?4) as k " +
  'cross join channel_identity as i on i.channel_id = k.value->>0 and i.external_id = k.value->>1 join customer as c on c.id = i.customer_id) as identities, ' +
  `${oldestBy('email', '?5')} as emails, ` +
  `${oldestBy('phone', '?6')} as phones, ` +
  "(select json_group_array(json_object('channel_id', x.channel_id, 'order_external_id', x.order_external_id, 'occurred_at', x.occurred_at)) " +
  'from json_each(?2) as k cross join order_cancellation as x on x.channel_id = k.value->>0 and x.order_external_id = k.value->>1) as cancellations';

const keys = (list: readonly ChannelKey[]) => JSON.stringify(list);

const ORDER_FIELDS =
  'number, status, placed_at, customer_id, currency_code, subtotal_minor, discount_total_minor, tax_total_minor, shipping_total_minor, ' +
  'total_minor, refunded_total_minor, taxes_included, coupon_codes, source_updated_at, source_version, content_hash';
const ORDER_VALUE_COUNT = 16;

const INSERT_CUSTOMERS = `insert into customer (id, email, phone, name, created_at, updated_at) select ${fields(4)}, ?, ? from json_each(?)`;
const UPDATE_CUSTOMERS =
  'update customer set email = value->>1, phone = value->>2, name = value->>3, updated_at = ? from json_each(?) where customer.id = value->>0';
const INSERT_IDENTITIES =
  `insert into channel_identity (customer_id, channel_id, external_id, email, email_matchable, matched_by, created_at) select ${fields(6)}, ? from json_each(?)`;
const UPDATE_IDENTITY_EMAILS = 'update channel_identity set email = value->>1 from json_each(?) where channel_identity.id = value->>0';
const INSERT_ORDERS = `insert into "order" (id, channel_id, external_id, ${ORDER_FIELDS}, created_at, updated_at) select ${fields(3 + ORDER_VALUE_COUNT)}, ?, ? from json_each(?)`;
const UPDATE_ORDERS =
  `update "order" set ${ORDER_FIELDS.split(', ')
    .map((field, i) => `${field} = value->>${i + 1}`)
    .join(', ')}, updated_at = ? ` + 'from json_each(?) where "order".id = value->>0';
const DELETE_LINES = 'delete from order_line where order_id in (select value->>0 from json_each(?))';
const INSERT_LINES =
  'insert into order_line (order_id, position, sku, title, quantity, currency_code, unit_price_minor, discount_minor, tax_minor, total_minor) ' +
  `select ${fields(10)} from json_each(?)`;
const INSERT_REFUNDS =
  'insert into order_refund (channel_id, order_external_id, external_id, amount_minor, currency_code, occurred_at, created_at) ' +
  `select ${fields(6)}, ? from json_each(?)`;
const INSERT_CANCELLATIONS = `insert into order_cancellation (channel_id, order_external_id, occurred_at, reason, created_at) select ${fields(4)}, ? from json_each(?)`;
/** One archived payload: its body bound as it is (inside a JSON parameter it would be escaped, then parsed back). */
const INSERT_ARCHIVE = 'insert into payload_archive (channel_id, delivery_id, topic, body, fetched, result, warnings, received_at) values (?, ?, ?, ?, ?, ?, ?, ?)';
const SUBTRACT_FROM_STATS = subtractOrdersFromStats('sqlite');
const ADD_TO_STATS = addOrdersToStats('sqlite');
const REBOUND_STATS = reboundCustomerStats('sqlite');
const DELETE_EMPTY_STATS = deleteEmptyCustomerStats('sqlite');
const DELETE_CUSTOMER_ACQUISITIONS = 'delete from customer_acquisition where customer_id in (select value from json_each(?))';
const INSERT_CUSTOMER_ACQUISITIONS = `insert into customer_acquisition (${CUSTOMER_ACQUISITION_COLUMNS}) ${customerAcquisitionsOf('in (select value from json_each(?))')}`;
const SUBTRACT_FROM_SLOTS = subtractOrdersFromSlots('sqlite');
const ADD_TO_SLOTS = addOrdersToSlots('sqlite');
const INSERT_EVENTS = 'insert into order_event (type, order_id, channel_id, occurred_at) select value->>0, value->>1, value->>2, ? from json_each(?) order by key';

/**
 * Ids after the largest a table has used (its AUTOINCREMENT counter or its largest id), read once
 * per group: SQLite has one writer, and it is this transaction.
 */
class NextIds implements IdSource {
  private nextOrder: number | null = null;
  private nextCustomer: number | null = null;

  accept(): void {}

  *order(): Work<number> {
    this.nextOrder ??= yield* this.after('order');
    return this.nextOrder++;
  }

  *customer(): Work<number> {
    this.nextCustomer ??= yield* this.after('customer');
    return this.nextCustomer++;
  }

  private *after(table: 'order' | 'customer'): Work<number> {
    const [row] = yield statement(
      `select max(coalesce((select seq from sqlite_sequence where name = ?), 0), coalesce((select max(id) from "${table}"), 0)) as last`,
      table,
    );
    return num(row.last) + 1;
  }
}

const orderRow = (o: OrderRow) => [o.id, o.channelId, o.externalId, ...orderValues(o)];

/**
 * SQLite, in process: no round trip, but every statement costs the driver's call, several times
 * a row's own cost. The prefetch reads every list as JSON in one statement; each table's rows
 * are written by one statement reading a JSON parameter with `json_each`.
 */
export const sqliteBatch: BatchDialect = {
  prefetch(list: PrefetchKeys): Statement {
    return statement(
      PREFETCH,
      keys(list.deliveries),
      keys(list.orders),
      keys(list.refunds),
      keys(list.identities),
      JSON.stringify(list.emails),
      JSON.stringify(list.phones),
    );
  },

  rows(row: Row): PrefetchRow {
    const lists = {} as PrefetchRow;
    for (const name of ['deliveries', 'orders', 'sums', 'refunds', 'identities', 'emails', 'phones', 'cancellations'] as const) {
      lists[name] = JSON.parse(row[name] as string) as Row[];
    }
    return lists;
  },

  ids(): IdSource {
    return new NextIds();
  },

  writeRows(rows: GroupRows): Statement[] {
    const { now } = rows;
    const writes: Statement[] = [];
    const write = (sql: string, list: ReadonlyArray<readonly unknown[]>, ...before: unknown[]) => {
      if (list.length) writes.push(statement(sql, ...before, json(list)));
    };
    // parents before their children: the foreign keys are checked row by row
    write(INSERT_CUSTOMERS, rows.customers.map((c) => [c.id, c.email, c.phone, c.name]), now, now);
    write(UPDATE_CUSTOMERS, rows.changedCustomers.map((c) => [c.id, c.email, c.phone, c.name]), now);
    write(INSERT_IDENTITIES, rows.identities.map((i) => [i.customer.id, i.channelId, i.externalId, i.email, i.emailMatchable, i.matchedBy]), now);
    write(UPDATE_IDENTITY_EMAILS, rows.identityEmails);
    write(INSERT_ORDERS, rows.insertedOrders.map(orderRow), now, now);
    write(UPDATE_ORDERS, rows.updatedOrders.map((o) => [o.id, ...orderValues(o)]), now);
    write(DELETE_LINES, rows.replacedLineOrders.map((id) => [id]));
    write(
      INSERT_LINES,
      rows.lines.map(([o, l, i]) => [o.id, i, l.sku, l.title, l.quantity, o.currencyCode, l.unitPriceMinor, l.discountMinor, l.taxMinor, l.totalMinor]),
    );
    write(INSERT_REFUNDS, rows.refunds, now);
    write(INSERT_CANCELLATIONS, rows.cancellations, now);
    for (const a of rows.archives) {
      writes.push(statement(INSERT_ARCHIVE, a.channelId, a.deliveryId, a.topic, a.body, a.fetched, JSON.stringify(a.result), JSON.stringify(a.warnings), now));
    }
    return writes;
  },

  beforeWrites(_customerIds: readonly number[], _slots: readonly SlotKey[], changedOrderIds: readonly number[]): Statement[] {
    if (!changedOrderIds.length) return [];
    const ids = JSON.stringify(changedOrderIds);
    return [statement(SUBTRACT_FROM_STATS, ids), statement(SUBTRACT_FROM_SLOTS, ids)];
  },

  refreshSums(customerIds: readonly number[], slots: readonly SlotKey[], writtenOrderIds: readonly number[], reboundCustomerIds: readonly number[]): Statement[] {
    // one writer at a time: nothing else changes these orders meanwhile
    const written = JSON.stringify(writtenOrderIds);
    const rebound = JSON.stringify(reboundCustomerIds);
    const ids = JSON.stringify(customerIds);
    return [
      ...(writtenOrderIds.length ? [statement(ADD_TO_STATS, written)] : []),
      ...(reboundCustomerIds.length ? [statement(REBOUND_STATS, rebound), statement(DELETE_EMPTY_STATS, rebound)] : []),
      ...(customerIds.length ? [statement(DELETE_CUSTOMER_ACQUISITIONS, ids), statement(INSERT_CUSTOMER_ACQUISITIONS, ids)] : []),
      ...(writtenOrderIds.length ? [statement(ADD_TO_SLOTS, written)] : []),
      ...(slots.length ? [statement(DELETE_EMPTY_SLOTS_SQLITE, JSON.stringify(slots))] : []),
    ];
  },

  writeEvents(now: Date, events: ReadonlyArray<[EventType, number, number]>): Statement[] {
    // one writer at a time: the log's order is the commit order without a lock
    return [statement(INSERT_EVENTS, now, json(events))];
  },
};
