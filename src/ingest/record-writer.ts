import type { CountryCode } from 'libphonenumber-js';

import { normalizeEmail, normalizePhone } from '../auth/masking';
import { IdentityMatch } from '../customers/identity-match';
import type { Work } from '../db/sql-writer';
import { OrderStatus } from '../orders/order-status';
import {
  PayloadError,
  type CancellationRecord,
  type ChannelRecord,
  type CustomerIdentityRecord,
  type NormalizeResult,
  type OrderPartRecord,
  type OrderRecord,
  type RefundRecord,
} from '../plugin-sdk';
import { orderContentHash } from './content-hash';
import type { IngestAnswer, OrderOutcome } from './outcomes';
import { checkRecordLimits } from './record-limits';
import type { CustomerRow, EventType, Footprint, LineRow, OrderRow, WriteSession } from './store/session';

/** What applying one payload's records did. */
export interface WriteResult {
  outcomes: IngestAnswer['outcomes'];
  orderIds: number[];
  /** Refunds for orders not stored yet: `kept` new ones (counted when their order arrives), `repeated` already kept. */
  heldRefunds: { kept: number; repeated: number };
  /** What the plugin noted while assembling orders from their parts. */
  warnings: string[];
}

/** The channel a payload came from, as the writer needs it. */
export interface WriterChannel {
  id: number;
  countryCode: string | null;
}

/** The plugin's join of an order's parts (see OrderPartRecord); absent for plugins without parts. */
export type Assemble = (parts: Record<string, unknown>, orderExternalId: string) => NormalizeResult | null;

/** The contract's precedence, once the refunded amount is known. */
function statusWithRefunds(status: OrderStatus, refundedMinor: number, totalMinor: number): OrderStatus {
  if (status === OrderStatus.CANCELLED || status === OrderStatus.REFUNDED || refundedMinor <= 0) return status;
  return totalMinor > 0 && refundedMinor >= totalMinor ? OrderStatus.REFUNDED : OrderStatus.PARTIALLY_REFUNDED;
}

function isStale(record: OrderRecord, stored: OrderRow): boolean {
  if (record.sourceVersion !== null && stored.sourceVersion !== null) return record.sourceVersion < stored.sourceVersion;
  if (record.sourceUpdatedAt && stored.sourceUpdatedAt) return record.sourceUpdatedAt.getTime() < stored.sourceUpdatedAt.getTime();
  return false;
}

type MatchKeys = { email: string | null; phone: string | null };

/** Keys already worked out for a record's identity: its footprint and its write both need them. */
const knownKeys = new WeakMap<CustomerIdentityRecord, MatchKeys>();

/** A customer identity's matching keys: e-mail only where the channel says it may match, phone in E.164. */
function matchKeys(identity: CustomerIdentityRecord, channel: WriterChannel): MatchKeys {
  let keys = knownKeys.get(identity);
  if (!keys) {
    const email = identity.emailMatchable && identity.email ? normalizeEmail(identity.email) : null;
    const phone = identity.phone ? (normalizePhone(identity.phone, (channel.countryCode ?? undefined) as CountryCode | undefined) ?? null) : null;
    keys = { email, phone };
    knownKeys.set(identity, keys);
  }
  return keys;
}

function lineRows(record: OrderRecord): LineRow[] {
  return record.lines.map((line) => ({
    sku: line.sku,
    title: line.title,
    quantity: line.quantity,
    unitPriceMinor: line.unitPrice.minor,
    discountMinor: line.discount.minor,
    taxMinor: line.tax.minor,
    totalMinor: line.total.minor,
  }));
}

/**
 * Applies one payload's records inside the caller's transaction: upserts orders by
 * (channel, externalId), drops stale versions, tells duplicates from changes by content, counts
 * refunds once, and appends an event for every change. Written as a {@link Work} over a
 * {@link WriteSession}; nothing is committed here.
 */
export class RecordWriter {
  private readonly outcomes: IngestAnswer['outcomes'] = [];
  private readonly orderIds: number[] = [];
  private readonly warnings: string[] = [];
  private readonly heldRefunds = { kept: 0, repeated: 0 };

  constructor(
    private readonly session: WriteSession,
    private readonly channel: WriterChannel,
    private readonly assemble?: Assemble,
  ) {}

  *apply(records: readonly ChannelRecord[]): Work<WriteResult> {
    for (const record of records) {
      switch (record.kind) {
        case 'order':
          yield* this.order(record);
          break;
        case 'refund':
          yield* this.refund(record);
          break;
        case 'cancellation':
          yield* this.cancellation(record);
          break;
        case 'customer':
          yield* this.customer(record.customer);
          break;
        case 'payment':
          break;
        case 'orderPart':
          yield* this.orderPart(record);
          break;
      }
    }
    return { outcomes: this.outcomes, orderIds: this.orderIds, heldRefunds: this.heldRefunds, warnings: this.warnings };
  }

  private *note(orderId: number, externalId: string, result: OrderOutcome, events: EventType[]): Work<void> {
    this.outcomes.push({ externalId, result });
    this.orderIds.push(orderId);
    for (const type of events) yield* this.session.event(type, orderId, this.channel.id);
  }

  private *order(record: OrderRecord): Work<void> {
    const stored = yield* this.session.order(this.channel.id, record.externalId);
    const hash = orderContentHash(record);
    if (stored && isStale(record, stored)) return yield* this.note(stored.id, record.externalId, 'stale', []);
    if (stored && stored.contentHash === hash) {
      if (record.sourceUpdatedAt && (!stored.sourceUpdatedAt || record.sourceUpdatedAt > stored.sourceUpdatedAt)) {
        stored.sourceUpdatedAt = record.sourceUpdatedAt;
        yield* this.session.updateOrder(stored);
      }
      return yield* this.note(stored.id, record.externalId, 'duplicate', []);
    }
    const customer = record.customer ? yield* this.customer(record.customer) : null;
    yield* this.keepListedRefunds(record);
    const refunded = Math.max(record.refundedTotal.minor, yield* this.session.refundedSum(this.channel.id, record.externalId, record.currency));
    let status = statusWithRefunds(record.status as OrderStatus, refunded, record.total.minor);
    if (!stored) {
      // a cancellation announced before the order: it stands unless the order is newer than it
      const cancelledAt = yield* this.session.keptCancellation(this.channel.id, record.externalId);
      if (cancelledAt && (!record.sourceUpdatedAt || record.sourceUpdatedAt <= cancelledAt)) status = OrderStatus.CANCELLED;
    }
    const values: Omit<OrderRow, 'id'> = {
      channelId: this.channel.id,
      externalId: record.externalId,
      number: record.number,
      status,
      placedAt: record.placedAt,
      customerId: customer?.id ?? stored?.customerId ?? null,
      currencyCode: record.currency,
      subtotalMinor: record.subtotal.minor,
      discountTotalMinor: record.discountTotal.minor,
      taxTotalMinor: record.taxTotal.minor,
      shippingTotalMinor: record.shippingTotal.minor,
      totalMinor: record.total.minor,
      refundedTotalMinor: refunded,
      taxesIncluded: record.taxesIncluded,
      couponCodes: record.couponCodes,
      sourceUpdatedAt: record.sourceUpdatedAt,
      sourceVersion: record.sourceVersion,
      contentHash: hash,
    };
    if (!stored) {
      const id = yield* this.session.insertOrder(values, lineRows(record));
      return yield* this.note(id, record.externalId, 'created', ['CREATED']);
    }
    const before = { status: stored.status, refunded: stored.refundedTotalMinor };
    Object.assign(stored, values);
    yield* this.session.updateOrder(stored, lineRows(record));
    const events: EventType[] = ['UPDATED'];
    if (status === OrderStatus.CANCELLED && before.status !== OrderStatus.CANCELLED) events.push('CANCELLED');
    if (refunded > before.refunded) events.push('REFUNDED');
    return yield* this.note(stored.id, record.externalId, 'updated', events);
  }

  /**
   * Finds the one customer behind a channel identity: by the identity itself first, then by
   * normalized e-mail (never a marketplace relay alias), then by normalized phone; otherwise a new
   * customer. Fills in personal fields the customer did not have yet and links the identity,
   * recording why (IdentityMatch). An erased customer's identity still finds them (their orders
   * and figures stay one customer's), but personal data is never stored for them again.
   */
  private *customer(identity: CustomerIdentityRecord): Work<CustomerRow> {
    const { email, phone } = matchKeys(identity, this.channel);
    const name = identity.name?.trim() || null;
    const known = yield* this.session.identity(this.channel.id, identity.externalId);
    let customer = known?.customer ?? null;
    let matchedBy = IdentityMatch.NEW_CUSTOMER;
    if (!customer && email) {
      customer = yield* this.session.customerByEmail(email);
      if (customer) matchedBy = IdentityMatch.EMAIL;
    }
    if (!customer && phone) {
      customer = yield* this.session.customerByPhone(phone);
      if (customer) matchedBy = IdentityMatch.PHONE;
    }
    if (!customer) {
      customer = yield* this.session.insertCustomer(email, phone, name);
    } else if (customer.erased) {
      return customer;
    } else if ((!customer.email && email) || (!customer.phone && phone) || (!customer.name && name)) {
      customer.email ??= email;
      customer.phone ??= phone;
      customer.name ??= name;
      yield* this.session.updateCustomer(customer);
    }
    if (!known) {
      yield* this.session.insertIdentity(this.channel.id, identity.externalId, customer, identity.email ?? null, identity.emailMatchable, matchedBy);
    } else if (identity.email && known.email !== identity.email) {
      yield* this.session.updateIdentityEmail(known, identity.email);
    }
    return customer;
  }

  /**
   * Keeps the newest copy of one part of an order, then asks the plugin to assemble the order
   * from every part received so far; the order is written once its parts are all there.
   */
  private *orderPart(record: OrderPartRecord): Work<void> {
    if (!this.assemble) throw new PayloadError('', `the plugin sent an order part but cannot assemble orders`);
    const parts = yield* this.session.saveOrderPart(this.channel.id, record.orderExternalId, record.part, record.data);
    const assembled = this.assemble(parts, record.orderExternalId);
    if (assembled === null || assembled.outcome === 'skip') return;
    if (assembled.outcome === 'invalid') throw new PayloadError(assembled.path, assembled.reason);
    checkRecordLimits(assembled.records);
    this.warnings.push(...assembled.warnings);
    for (const joined of assembled.records) {
      if (joined.kind === 'orderPart') throw new PayloadError('', 'assemble must not return order parts');
    }
    yield* this.apply(assembled.records);
  }

  /** Stores the refunds an order lists, so one also sent on its own is counted once. */
  private *keepListedRefunds(record: OrderRecord): Work<void> {
    for (const refund of record.refunds ?? []) {
      if (refund.amount.currency !== record.currency) continue;
      if (yield* this.session.refundExists(this.channel.id, refund.refundId)) continue;
      yield* this.session.insertRefund(this.channel.id, record.externalId, refund.refundId, refund.amount.minor, refund.amount.currency, refund.occurredAt);
    }
  }

  private *refund(record: RefundRecord): Work<void> {
    const known = yield* this.session.refundExists(this.channel.id, record.refundId);
    const order = yield* this.session.order(this.channel.id, record.orderExternalId);
    if (known) {
      if (order) yield* this.note(order.id, record.orderExternalId, 'duplicate', []);
      else this.heldRefunds.repeated++;
      return;
    }
    const { amount } = record;
    yield* this.session.insertRefund(this.channel.id, record.orderExternalId, record.refundId, amount.minor, amount.currency, record.occurredAt);
    if (!order) {
      this.heldRefunds.kept++; // counted when the order arrives
      return;
    }
    const refunded = Math.max(order.refundedTotalMinor, yield* this.session.refundedSum(this.channel.id, record.orderExternalId, order.currencyCode));
    if (refunded === order.refundedTotalMinor) return yield* this.note(order.id, record.orderExternalId, 'duplicate', []);
    order.refundedTotalMinor = refunded;
    order.status = statusWithRefunds(order.status, refunded, order.totalMinor);
    yield* this.session.updateOrder(order);
    yield* this.note(order.id, record.orderExternalId, 'updated', ['REFUNDED']);
  }

  private *cancellation(record: CancellationRecord): Work<void> {
    const order = yield* this.session.order(this.channel.id, record.orderExternalId);
    if (!order) {
      // kept, and applied when the order arrives
      yield* this.session.keepCancellation(this.channel.id, record.orderExternalId, record.occurredAt, record.reason);
      return;
    }
    if (order.status === OrderStatus.CANCELLED) return yield* this.note(order.id, record.orderExternalId, 'duplicate', []);
    order.status = OrderStatus.CANCELLED;
    yield* this.session.updateOrder(order);
    yield* this.note(order.id, record.orderExternalId, 'updated', ['CANCELLED']);
  }
}

/**
 * What applying these records may read and change, known before they run: the orders, refunds
 * and channel identities by their channel ids, customers by normalized e-mail and phone. The
 * customer an assembled order brings is known only once it is assembled (read when needed).
 */
export function footprintOf(channel: WriterChannel, records: readonly ChannelRecord[], footprint: Footprint): Footprint {
  const identity = (c: CustomerIdentityRecord | null) => {
    if (!c) return;
    footprint.identities.push([channel.id, c.externalId]);
    const { email, phone } = matchKeys(c, channel);
    if (email) footprint.emails.push(email);
    if (phone) footprint.phones.push(phone);
  };
  for (const record of records) {
    switch (record.kind) {
      case 'order':
        footprint.orders.push([channel.id, record.externalId]);
        identity(record.customer);
        for (const refund of record.refunds ?? []) footprint.refunds.push([channel.id, refund.refundId]);
        break;
      case 'refund':
        footprint.orders.push([channel.id, record.orderExternalId]);
        footprint.refunds.push([channel.id, record.refundId]);
        break;
      case 'cancellation':
      case 'orderPart':
        footprint.orders.push([channel.id, record.orderExternalId]);
        break;
      case 'customer':
        identity(record.customer);
        break;
      case 'payment':
        break;
    }
  }
  return footprint;
}
