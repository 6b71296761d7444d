import type { IdentityMatch } from '../../customers/identity-match';
import type { Row } from '../../db/sql-reader';
import { deferred, statement, type Decoder, type Work } from '../../db/sql-writer';
import type { BatchDialect, GroupRows, IdSource, SlotKey } from './batch-dialect';
import { customerFromRow, DirectStatements, num, orderFromRow } from './direct-statements';
import { slotKeysOf } from './sales-slot-sql';
import type { ArchiveRow, CustomerRow, EventType, Footprint, IdentityRow, LineRow, OrderRow, WriteSession } from './session';

const key = (channelId: number, id: string) => `${channelId}\u0000${id}`;

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
  matchedBy: IdentityMatch;
  row: IdentityRow;
}

/**
 * A session that batches a group's statements, since each statement has a fixed cost (a network
 * round trip to PostgreSQL; the driver's call into SQLite) well above the cost of a row: the
 * group's reads are made up front in one statement, its inserts and updates are kept and written
 * at the end, a few statements for every table, new rows taking ids reserved ahead. What the
 * group did not foresee is read at once, merged with what the session holds. The SQL is the
 * dialect's (see {@link BatchDialect}).
 */
export class BatchedSession implements WriteSession {
  private readonly direct: DirectStatements;

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
  /** What each order read by this session was when read: its customer's stats and its sales slot change if it moves. */
  private readonly former = new Map<number, Pick<OrderRow, 'customerId' | 'channelId' | 'currencyCode' | 'placedAt'>>();

  private readonly ids: IdSource;
  private nextIdentity = -1;

  constructor(
    private readonly db: Decoder,
    private readonly dialect: BatchDialect,
    private readonly now: Date,
  ) {
    this.direct = new DirectStatements(db, now);
    this.ids = dialect.ids();
  }

  /** One statement reads everything the group's footprints name (and may reserve ids for the rows it inserts). */
  *prefetch(footprints: readonly Footprint[]): Work<void> {
    const orders = unique(footprints.flatMap((f) => f.orders), ([c, id]) => key(c, id));
    const identities = unique(footprints.flatMap((f) => f.identities), ([c, id]) => key(c, id));
    const refunds = unique(footprints.flatMap((f) => f.refunds), ([c, id]) => key(c, id));
    const deliveries = unique(footprints.flatMap((f) => f.deliveries), ([c, id]) => key(c, id));
    const emails = [...new Set(footprints.flatMap((f) => f.emails))];
    const phones = [...new Set(footprints.flatMap((f) => f.phones))];
    if (!orders.length && !identities.length && !refunds.length && !deliveries.length && !emails.length && !phones.length) return;

    const [fetched] = yield this.dialect.prefetch({ deliveries, orders, refunds, identities, emails, phones });
    this.ids.accept(fetched);
    const row = this.dialect.rows(fetched);
    for (const [c, id] of deliveries) this.deliveries.set(key(c, id), null);
    for (const d of row.deliveries) this.deliveries.set(key(num(d.channel_id), d.delivery_id as string), d.result);

    for (const [c, id] of orders) {
      this.orders.set(key(c, id), null);
      this.sumsComplete.add(key(c, id));
    }
    for (const o of row.orders) {
      const order = orderFromRow(this.db, o);
      this.remember(order);
      this.orders.set(key(order.channelId, order.externalId), order);
    }
    for (const r of row.sums) this.sums.set(`${key(num(r.channel_id), r.order_external_id as string)}\u0000${r.currency_code}`, num(r.total));

    for (const [c, id] of refunds) this.refunds.set(key(c, id), false);
    for (const r of row.refunds) this.refunds.set(key(num(r.channel_id), r.external_id as string), true);

    const customers = new Map<number, CustomerRow>();
    const shared = (r: Row): CustomerRow => {
      const id = num(r.id);
      let customer = customers.get(id);
      if (!customer) customers.set(id, (customer = customerFromRow(r)));
      return customer;
    };
    for (const [c, id] of identities) this.identities.set(key(c, id), null);
    for (const i of row.identities) {
      this.identities.set(key(num(i.channel_id), i.external_id as string), {
        id: num(i.identity_id),
        email: (i.identity_email as string | null) ?? null,
        customer: shared(i),
      });
    }
    for (const email of emails) this.byEmail.set(email, null);
    for (const c of row.emails) this.byEmail.set(c.email as string, shared(c));
    for (const phone of phones) this.byPhone.set(phone, null);
    for (const c of row.phones) this.byPhone.set(c.phone as string, shared(c));

    for (const [c, id] of orders) this.cancellations.set(key(c, id), null);
    for (const k of row.cancellations) this.cancellations.set(key(num(k.channel_id), k.order_external_id as string), this.db.date(k.occurred_at));
  }

  *order(channelId: number, externalId: string): Work<OrderRow | null> {
    const k = key(channelId, externalId);
    if (this.orders.has(k)) return this.orders.get(k)!;
    const order = yield* this.direct.order(channelId, externalId);
    if (order) this.remember(order);
    this.orders.set(k, order);
    return order;
  }

  *insertOrder(values: Omit<OrderRow, 'id'>, lines: readonly LineRow[]): Work<number> {
    const row: OrderRow = { ...values, id: yield* this.ids.order() };
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
    const identity = yield* this.direct.identity(channelId, externalId);
    if (identity) identity.customer = this.known(identity.customer);
    this.identities.set(k, identity);
    return identity;
  }

  /** The session's own copy of a customer read again, so that its pending changes are kept. */
  private known(customer: CustomerRow): CustomerRow {
    return this.updatedCustomers.get(customer.id) ?? customer;
  }

  *insertIdentity(
    channelId: number,
    externalId: string,
    customer: CustomerRow,
    email: string | null,
    emailMatchable: boolean,
    matchedBy: IdentityMatch,
  ): Work<void> {
    const row: IdentityRow = { id: this.nextIdentity--, email, customer };
    this.identities.set(key(channelId, externalId), row);
    this.insertedIdentities.push({ customer, channelId, externalId, emailMatchable, matchedBy, row });
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
    const customer: CustomerRow = { id: yield* this.ids.customer(), email, phone, name };
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
    const exists = yield* this.direct.refundExists(channelId, refundId);
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
    const stored = yield* this.direct.refundedSum(channelId, orderExternalId, currency);
    const pending = this.insertedRefunds
      .filter(([c, o, , , cur]) => c === channelId && o === orderExternalId && cur === currency)
      .reduce((total, [, , , amount]) => total + amount, 0);
    this.sums.set(sum, stored + pending);
    return stored + pending;
  }

  *keptCancellation(channelId: number, orderExternalId: string): Work<Date | null> {
    const k = key(channelId, orderExternalId);
    if (this.cancellations.has(k)) return this.cancellations.get(k)!;
    const kept = yield* this.direct.keptCancellation(channelId, orderExternalId);
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
    const result = yield* this.direct.archivedResult(channelId, deliveryId);
    this.deliveries.set(k, result);
    return result;
  }

  *archive(row: ArchiveRow): Work<void> {
    if (row.deliveryId !== null) this.deliveries.set(key(row.channelId, row.deliveryId), row.result);
    this.archives.push(row);
  }

  *markReplayed(deadLetterId: number, result: unknown): Work<void> {
    yield* this.direct.markReplayed(deadLetterId, result);
  }

  *saveOrderPart(channelId: number, orderExternalId: string, part: string, data: unknown): Work<Record<string, unknown>> {
    return yield* this.direct.saveOrderPart(channelId, orderExternalId, part, data);
  }

  /** The customers whose orders this group added, changed or took away (an order that moved), in id order: `ofUpdated` and those of the added orders. */
  private customersWithChangedOrders(ofUpdated: readonly number[]): number[] {
    const ids = new Set<number>(ofUpdated);
    for (const { row } of this.insertedOrders.values()) if (row.customerId !== null) ids.add(row.customerId);
    return [...ids].sort((a, b) => a - b);
  }

  /** The customers of the orders this group changed, before and after (an order may move to another customer). */
  private customersOfUpdatedOrders(): number[] {
    const ids = new Set<number>();
    for (const row of this.updatedOrders.values()) {
      if (row.customerId !== null) ids.add(row.customerId);
      const former = this.former.get(row.id)?.customerId;
      if (former !== null && former !== undefined) ids.add(former);
    }
    return [...ids].sort((a, b) => a - b);
  }

  private remember(order: OrderRow): void {
    this.former.set(order.id, { customerId: order.customerId, channelId: order.channelId, currencyCode: order.currencyCode, placedAt: order.placedAt });
  }

  /** The sales slots of the orders this group added or changed, before and after (an order may move), each once. */
  private changedSlots(): SlotKey[] {
    const orders: Array<Pick<OrderRow, 'channelId' | 'currencyCode' | 'placedAt'>> = [];
    for (const { row } of this.insertedOrders.values()) orders.push(row);
    for (const row of this.updatedOrders.values()) {
      orders.push(row);
      const former = this.former.get(row.id);
      if (former) orders.push(former);
    }
    return slotKeysOf(orders);
  }

  /**
   * Writes what the group kept: its rows, its customers' stats, then its events. None of these
   * statements' rows are read, so on PostgreSQL they go to the server together, with the commit.
   */
  *flush(): Work<void> {
    const lines: Array<[OrderRow, LineRow, number]> = [];
    for (const { row, lines: list } of this.insertedOrders.values()) list.forEach((line, i) => lines.push([row, line, i]));
    for (const [id, list] of this.replacedLines) {
      const row = this.updatedOrders.get(id)!;
      list.forEach((line, i) => lines.push([row, line, i]));
    }
    const rows: GroupRows = {
      now: this.now,
      customers: [...this.insertedCustomers.values()],
      changedCustomers: [...this.updatedCustomers.values()],
      identities: this.insertedIdentities.map(({ customer, channelId, externalId, emailMatchable, matchedBy, row }) => ({
        customer,
        channelId,
        externalId,
        email: row.email,
        emailMatchable,
        matchedBy,
      })),
      identityEmails: [...this.identityEmails],
      insertedOrders: [...this.insertedOrders.values()].map((o) => o.row),
      updatedOrders: [...this.updatedOrders.values()],
      replacedLineOrders: [...this.replacedLines.keys()],
      lines,
      refunds: this.insertedRefunds,
      cancellations: this.keptCancellations,
      archives: this.archives,
    };
    const rebound = this.customersOfUpdatedOrders();
    const customers = this.customersWithChangedOrders(rebound);
    const slots = this.changedSlots();
    const changedOrderIds = [...this.updatedOrders.keys()];
    const writtenOrderIds = [...new Set([...rows.insertedOrders.map((o) => o.id), ...changedOrderIds])];
    if (customers.length || slots.length) {
      for (const write of this.dialect.beforeWrites(customers, slots, changedOrderIds)) yield deferred(write);
    }
    const written =
      rows.customers.length + rows.changedCustomers.length + rows.identities.length + rows.identityEmails.length + rows.insertedOrders.length +
      rows.updatedOrders.length + lines.length + rows.refunds.length + rows.cancellations.length + rows.archives.length;
    if (written) {
      for (const write of this.dialect.writeRows(rows)) yield deferred(write);
    }
    if (customers.length || slots.length) {
      for (const write of this.dialect.refreshSums(customers, slots, writtenOrderIds, rebound)) yield deferred(write);
    }
    if (this.events.length) {
      for (const write of this.dialect.writeEvents(this.now, this.events)) yield deferred(write);
    }
  }
}
