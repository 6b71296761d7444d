import type { Row } from '../../db/sql-reader';
import { statement, type Decoder, type Work } from '../../db/sql-writer';
import { EVENT_LOG_LOCK } from '../../events/event-log';
import { customerFromRow, ImmediateSession, num, ORDER_SELECT, orderFromRow, orderValues } from './immediate-session';
import type { ArchiveRow, CustomerRow, EventType, Footprint, IdentityRow, LineRow, OrderRow, WriteSession } from './session';

/** `(channel_id, <column>) in` a list of pairs given as two arrays. */
const IN_PAIRS = 'in (select * from unnest(?::int[], ?::text[]))';

const PREFETCH =
  'select ' +
  `(select coalesce(json_agg(d), '[]') from (select channel_id, delivery_id, result from payload_archive where (channel_id, delivery_id) ${IN_PAIRS}) d) as deliveries, ` +
  `(select coalesce(json_agg(o), '[]') from (${ORDER_SELECT} where (channel_id, external_id) ${IN_PAIRS}) o) as orders, ` +
  "(select coalesce(json_agg(s), '[]') from (select channel_id, order_external_id, currency_code, sum(amount_minor) as total from order_refund " +
  `where (channel_id, order_external_id) ${IN_PAIRS} group by channel_id, order_external_id, currency_code) s) as sums, ` +
  `(select coalesce(json_agg(r), '[]') from (select channel_id, external_id from order_refund where (channel_id, external_id) ${IN_PAIRS}) r) as refunds, ` +
  "(select coalesce(json_agg(i), '[]') from (select i.id as identity_id, i.channel_id, i.external_id, i.email as identity_email, c.id, c.email, c.phone, c.name " +
  `from channel_identity i join customer c on c.id = i.customer_id where (i.channel_id, i.external_id) ${IN_PAIRS}) i) as identities, ` +
  "(select coalesce(json_agg(c), '[]') from (select distinct on (email) id, email, phone, name from customer where email = any(?::text[]) order by email, id) c) as emails, " +
  "(select coalesce(json_agg(c), '[]') from (select distinct on (phone) id, email, phone, name from customer where phone = any(?::text[]) order by phone, id) c) as phones, " +
  `(select coalesce(json_agg(k), '[]') from (select channel_id, order_external_id, occurred_at from order_cancellation where (channel_id, order_external_id) ${IN_PAIRS}) k) as cancellations, ` +
  "array(select nextval('order_id_seq') from generate_series(1, ?::int)) as order_ids, " +
  "array(select nextval('customer_id_seq') from generate_series(1, ?::int)) as customer_ids";

const key = (channelId: number, id: string) => `${channelId}\u0000${id}`;

/** `(channel_id, <column>) in (…)` for a list of pairs, as two array parameters. */
function pairs(list: ReadonlyArray<[number, string]>): [number[], string[]] {
  return [list.map(([c]) => c), list.map(([, id]) => id)];
}

function unique<T>(list: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of list) seen.set(keyOf(item), item);
  return [...seen.values()];
}

interface PendingIdentity {
  customer: CustomerRow;
  channelId: number;
  externalId: string;
  emailMatchable: boolean;
  row: IdentityRow;
}

/**
 * A session for a database a network hop away (PostgreSQL): a group's reads are made up front in
 * a handful of statements, its inserts and updates are kept and written at the end as one
 * statement per table (`unnest` of arrays), new rows taking ids reserved from their sequences.
 * What the group did not foresee is read at once, merged with what the session holds.
 */
export class BatchedSession implements WriteSession {
  private readonly immediate: ImmediateSession;

  private readonly orders = new Map<string, OrderRow | null>();
  private readonly insertedOrders = new Map<number, { row: OrderRow; lines: readonly LineRow[] }>();
  private readonly updatedOrders = new Map<number, OrderRow>();
  private readonly replacedLines = new Map<number, readonly LineRow[]>();

  private readonly identities = new Map<string, IdentityRow | null>();
  private readonly insertedIdentities: PendingIdentity[] = [];
  private readonly identityEmails = new Map<number, string>();

  private readonly byEmail = new Map<string, CustomerRow | null>();
  private readonly byPhone = new Map<string, CustomerRow | null>();
  private readonly insertedCustomers = new Map<number, CustomerRow>();
  private readonly updatedCustomers = new Map<number, CustomerRow>();

  private readonly refunds = new Map<string, boolean>();
  private readonly insertedRefunds: Array<[number, string, string, number, string, Date]> = [];
  /** Refunded sums per order and currency; an order in `sumsComplete` has every currency here. */
  private readonly sums = new Map<string, number>();
  private readonly sumsComplete = new Set<string>();

  /** Cancellations kept for orders not stored yet, by order key; null: none (for a prefetched key). */
  private readonly cancellations = new Map<string, Date | null>();
  private readonly keptCancellations: Array<[number, string, Date, string | null]> = [];
  private readonly deliveries = new Map<string, unknown>();
  private readonly archives: ArchiveRow[] = [];
  private readonly events: Array<[EventType, number, number]> = [];

  private orderIds: number[] = [];
  private customerIds: number[] = [];
  private nextIdentity = -1;

  constructor(
    private readonly db: Decoder,
    private readonly now: Date,
  ) {
    this.immediate = new ImmediateSession(db, now);
  }

  /**
   * One statement reads everything the group's footprints name (a network round trip costs more
   * than the reads) and reserves ids for the rows it may insert.
   */
  *prefetch(footprints: readonly Footprint[]): Work<void> {
    const orders = unique(footprints.flatMap((f) => f.orders), ([c, id]) => key(c, id));
    const identities = unique(footprints.flatMap((f) => f.identities), ([c, id]) => key(c, id));
    const refunds = unique(footprints.flatMap((f) => f.refunds), ([c, id]) => key(c, id));
    const deliveries = unique(footprints.flatMap((f) => f.deliveries), ([c, id]) => key(c, id));
    const emails = [...new Set(footprints.flatMap((f) => f.emails))];
    const phones = [...new Set(footprints.flatMap((f) => f.phones))];
    if (!orders.length && !identities.length && !refunds.length && !deliveries.length && !emails.length && !phones.length) return;

    const [row] = yield statement(
      PREFETCH,
      ...pairs(deliveries),
      ...pairs(orders),
      ...pairs(orders),
      ...pairs(refunds),
      ...pairs(identities),
      emails,
      phones,
      ...pairs(orders),
      orders.length,
      identities.length,
    );
    for (const [c, id] of deliveries) this.deliveries.set(key(c, id), null);
    for (const d of row.deliveries as Row[]) this.deliveries.set(key(num(d.channel_id), d.delivery_id as string), d.result);

    for (const [c, id] of orders) {
      this.orders.set(key(c, id), null);
      this.sumsComplete.add(key(c, id));
    }
    for (const o of row.orders as Row[]) {
      const order = orderFromRow(this.db, o);
      this.orders.set(key(order.channelId, order.externalId), order);
    }
    for (const r of row.sums as Row[]) this.sums.set(`${key(num(r.channel_id), r.order_external_id as string)}\u0000${r.currency_code}`, num(r.total));

    for (const [c, id] of refunds) this.refunds.set(key(c, id), false);
    for (const r of row.refunds as Row[]) this.refunds.set(key(num(r.channel_id), r.external_id as string), true);

    const customers = new Map<number, CustomerRow>();
    const shared = (r: Row): CustomerRow => {
      const id = num(r.id);
      let customer = customers.get(id);
      if (!customer) customers.set(id, (customer = customerFromRow(r)));
      return customer;
    };
    for (const [c, id] of identities) this.identities.set(key(c, id), null);
    for (const i of row.identities as Row[]) {
      this.identities.set(key(num(i.channel_id), i.external_id as string), {
        id: num(i.identity_id),
        email: (i.identity_email as string | null) ?? null,
        customer: shared(i),
      });
    }
    for (const email of emails) this.byEmail.set(email, null);
    for (const c of row.emails as Row[]) this.byEmail.set(c.email as string, shared(c));
    for (const phone of phones) this.byPhone.set(phone, null);
    for (const c of row.phones as Row[]) this.byPhone.set(c.phone as string, shared(c));

    for (const [c, id] of orders) this.cancellations.set(key(c, id), null);
    for (const k of row.cancellations as Row[]) this.cancellations.set(key(num(k.channel_id), k.order_external_id as string), this.db.date(k.occurred_at));

    this.orderIds.push(...(row.order_ids as unknown[]).map(num));
    this.customerIds.push(...(row.customer_ids as unknown[]).map(num));
  }

  /** Reserves ids for rows the group will insert, from the tables' own sequences. */
  private *reserveIds(orders: number, customers: number): Work<void> {
    if (!orders && !customers) return;
    const [row] = yield statement(
      "select array(select nextval('order_id_seq') from generate_series(1, ?::int)) as orders, " +
        "array(select nextval('customer_id_seq') from generate_series(1, ?::int)) as customers",
      orders,
      customers,
    );
    this.orderIds.push(...(row.orders as unknown[]).map(num));
    this.customerIds.push(...(row.customers as unknown[]).map(num));
  }

  *order(channelId: number, externalId: string): Work<OrderRow | null> {
    const k = key(channelId, externalId);
    if (this.orders.has(k)) return this.orders.get(k)!;
    const order = yield* this.immediate.order(channelId, externalId);
    this.orders.set(k, order);
    return order;
  }

  *insertOrder(values: Omit<OrderRow, 'id'>, lines: readonly LineRow[]): Work<number> {
    if (!this.orderIds.length) yield* this.reserveIds(8, 0);
    const row: OrderRow = { ...values, id: this.orderIds.shift()! };
    this.orders.set(key(row.channelId, row.externalId), row);
    this.insertedOrders.set(row.id, { row, lines });
    return row.id;
  }

  *updateOrder(row: OrderRow, lines?: readonly LineRow[]): Work<void> {
    this.orders.set(key(row.channelId, row.externalId), row);
    const inserted = this.insertedOrders.get(row.id);
    if (inserted) {
      this.insertedOrders.set(row.id, { row, lines: lines ?? inserted.lines });
      return;
    }
    this.updatedOrders.set(row.id, row);
    if (lines) this.replacedLines.set(row.id, lines);
  }

  *identity(channelId: number, externalId: string): Work<IdentityRow | null> {
    const k = key(channelId, externalId);
    if (this.identities.has(k)) return this.identities.get(k)!;
    const identity = yield* this.immediate.identity(channelId, externalId);
    if (identity) identity.customer = this.known(identity.customer);
    this.identities.set(k, identity);
    return identity;
  }

  /** The session's own copy of a customer read again, so that its pending changes are kept. */
  private known(customer: CustomerRow): CustomerRow {
    return this.updatedCustomers.get(customer.id) ?? customer;
  }

  *insertIdentity(channelId: number, externalId: string, customer: CustomerRow, email: string | null, emailMatchable: boolean): Work<void> {
    const row: IdentityRow = { id: this.nextIdentity--, email, customer };
    this.identities.set(key(channelId, externalId), row);
    this.insertedIdentities.push({ customer, channelId, externalId, emailMatchable, row });
  }

  *updateIdentityEmail(identity: IdentityRow, email: string): Work<void> {
    identity.email = email;
    if (identity.id > 0) this.identityEmails.set(identity.id, email);
  }

  *customerByEmail(email: string): Work<CustomerRow | null> {
    return yield* this.customerBy(this.byEmail, 'email', email);
  }

  *customerByPhone(phone: string): Work<CustomerRow | null> {
    return yield* this.customerBy(this.byPhone, 'phone', phone);
  }

  private *customerBy(cache: Map<string, CustomerRow | null>, field: 'email' | 'phone', value: string): Work<CustomerRow | null> {
    if (cache.has(value)) return cache.get(value)!;
    const [row] = yield statement(`select id, email, phone, name from customer where ${field} = ? order by id limit 1`, value);
    // the oldest one, among the stored customers and those this session changed or created
    const candidates = [row ? this.known(customerFromRow(row)) : null, ...this.updatedCustomers.values(), ...this.insertedCustomers.values()];
    const found = candidates.filter((c): c is CustomerRow => c !== null && c[field] === value).sort((a, b) => a.id - b.id)[0] ?? null;
    cache.set(value, found);
    return found;
  }

  *insertCustomer(email: string | null, phone: string | null, name: string | null): Work<CustomerRow> {
    if (!this.customerIds.length) yield* this.reserveIds(0, 8);
    const customer: CustomerRow = { id: this.customerIds.shift()!, email, phone, name };
    this.insertedCustomers.set(customer.id, customer);
    if (email && !this.byEmail.get(email)) this.byEmail.set(email, customer);
    if (phone && !this.byPhone.get(phone)) this.byPhone.set(phone, customer);
    return customer;
  }

  *updateCustomer(customer: CustomerRow): Work<void> {
    if (customer.email && this.byEmail.get(customer.email) === null) this.byEmail.set(customer.email, customer);
    if (customer.phone && this.byPhone.get(customer.phone) === null) this.byPhone.set(customer.phone, customer);
    if (!this.insertedCustomers.has(customer.id)) this.updatedCustomers.set(customer.id, customer);
  }

  *refundExists(channelId: number, refundId: string): Work<boolean> {
    const k = key(channelId, refundId);
    if (this.refunds.has(k)) return this.refunds.get(k)!;
    const exists = yield* this.immediate.refundExists(channelId, refundId);
    this.refunds.set(k, exists);
    return exists;
  }

  *insertRefund(channelId: number, orderExternalId: string, refundId: string, amountMinor: number, currency: string, occurredAt: Date): Work<void> {
    this.refunds.set(key(channelId, refundId), true);
    this.insertedRefunds.push([channelId, orderExternalId, refundId, amountMinor, currency, occurredAt]);
    const order = key(channelId, orderExternalId);
    const sum = `${order}\u0000${currency}`;
    if (this.sums.has(sum)) this.sums.set(sum, this.sums.get(sum)! + amountMinor);
    else if (this.sumsComplete.has(order)) this.sums.set(sum, amountMinor);
  }

  *refundedSum(channelId: number, orderExternalId: string, currency: string): Work<number> {
    const order = key(channelId, orderExternalId);
    const sum = `${order}\u0000${currency}`;
    if (this.sums.has(sum)) return this.sums.get(sum)!;
    if (this.sumsComplete.has(order)) return 0;
    const stored = yield* this.immediate.refundedSum(channelId, orderExternalId, currency);
    const pending = this.insertedRefunds
      .filter(([c, o, , , cur]) => c === channelId && o === orderExternalId && cur === currency)
      .reduce((total, [, , , amount]) => total + amount, 0);
    this.sums.set(sum, stored + pending);
    return stored + pending;
  }

  *keptCancellation(channelId: number, orderExternalId: string): Work<Date | null> {
    const k = key(channelId, orderExternalId);
    if (this.cancellations.has(k)) return this.cancellations.get(k)!;
    const kept = yield* this.immediate.keptCancellation(channelId, orderExternalId);
    this.cancellations.set(k, kept);
    return kept;
  }

  *keepCancellation(channelId: number, orderExternalId: string, occurredAt: Date, reason: string | null): Work<boolean> {
    if ((yield* this.keptCancellation(channelId, orderExternalId)) !== null) return false;
    this.cancellations.set(key(channelId, orderExternalId), occurredAt);
    this.keptCancellations.push([channelId, orderExternalId, occurredAt, reason]);
    return true;
  }

  *event(type: EventType, orderId: number, channelId: number): Work<void> {
    this.events.push([type, orderId, channelId]);
  }

  *archivedResult(channelId: number, deliveryId: string): Work<unknown> {
    const k = key(channelId, deliveryId);
    if (this.deliveries.has(k)) return this.deliveries.get(k);
    const result = yield* this.immediate.archivedResult(channelId, deliveryId);
    this.deliveries.set(k, result);
    return result;
  }

  *archive(row: ArchiveRow): Work<void> {
    if (row.deliveryId !== null) this.deliveries.set(key(row.channelId, row.deliveryId), row.result);
    this.archives.push(row);
  }

  *markReplayed(deadLetterId: number, result: unknown): Work<void> {
    yield* this.immediate.markReplayed(deadLetterId, result);
  }

  *saveOrderPart(channelId: number, orderExternalId: string, part: string, data: unknown): Work<Record<string, unknown>> {
    return yield* this.immediate.saveOrderPart(channelId, orderExternalId, part, data);
  }

  /**
   * Writes what the group kept: one statement for every table's rows (a network round trip costs
   * more than the writes), then the events.
   */
  *flush(): Work<void> {
    yield* this.writeRows();
    if (!this.events.length) return;
    // numbered in commit order: the lock is held from here to the commit (see EVENT_LOG_LOCK),
    // so it is taken last, and groups on other connections write their rows meanwhile
    yield statement(EVENT_LOG_LOCK);
    yield statement(
      EVENTS,
      this.now,
      this.events.map(([type]) => type),
      this.events.map(([, order]) => order),
      this.events.map(([, , channel]) => channel),
    );
  }

  private *writeRows(): Work<void> {
    const customers = [...this.insertedCustomers.values()];
    const changed = [...this.updatedCustomers.values()];
    const identities = this.insertedIdentities;
    const inserted = [...this.insertedOrders.values()].map((o) => o.row);
    const updated = [...this.updatedOrders.values()];
    const lines: Array<[OrderRow, LineRow, number]> = [];
    for (const { row, lines: list } of this.insertedOrders.values()) list.forEach((line, i) => lines.push([row, line, i]));
    for (const [id, list] of this.replacedLines) {
      const row = this.updatedOrders.get(id)!;
      list.forEach((line, i) => lines.push([row, line, i]));
    }
    const refunds = this.insertedRefunds;
    const archives = this.archives;
    const cancellations = this.keptCancellations;
    const writes = customers.length + changed.length + identities.length + this.identityEmails.size + inserted.length + updated.length;
    if (!writes && !lines.length && !refunds.length && !archives.length && !cancellations.length) return;
    yield statement(
      FLUSH,
      this.now,
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
      identities.map((i) => i.row.email),
      identities.map((i) => i.emailMatchable),
      [...this.identityEmails.keys()],
      [...this.identityEmails.values()],
      // orders
      inserted.map((o) => o.id),
      inserted.map((o) => o.channelId),
      inserted.map((o) => o.externalId),
      ...orderColumns(inserted),
      updated.map((o) => o.id),
      ...orderColumns(updated),
      // lines
      [...this.replacedLines.keys()],
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
    );
  }
}

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
  'identities as (insert into channel_identity (customer_id, channel_id, external_id, email, email_matchable, created_at) ' +
  'select t.customer_id, t.channel_id, t.external_id, t.email, t.email_matchable, now.at ' +
  'from unnest(?::int[], ?::int[], ?::text[], ?::text[], ?::bool[]) as t(customer_id, channel_id, external_id, email, email_matchable), now), ' +
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

/** A group's events, numbered in the order they happened: the log's order. */
const EVENTS =
  'insert into order_event (type, order_id, channel_id, occurred_at) select t.type, t.order_id, t.channel_id, ?::timestamptz ' +
  'from unnest(?::text[], ?::int[], ?::int[]) with ordinality as t(type, order_id, channel_id, n) order by t.n';

/** The order columns from `number` to `content_hash`, as arrays. */
function orderColumns(rows: readonly OrderRow[]): unknown[][] {
  const values = rows.map(orderValues);
  return Array.from({ length: ORDER_VALUE_COUNT }, (_, i) => values.map((v) => v[i]));
}
