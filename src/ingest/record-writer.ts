import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import type { Channel } from '../channels/channel.entity';
import { OrderEvent } from '../events/order-event.entity';
import { OrderLine } from '../orders/order-line.entity';
import { OrderRefund } from '../orders/order-refund.entity';
import { OrderStatus } from '../orders/order-status';
import { Order } from '../orders/order.entity';
import { PayloadError, type CancellationRecord, type ChannelRecord, type NormalizeResult, type OrderPartRecord, type OrderRecord, type RefundRecord } from '../plugin-sdk';
import { OrderPart } from './order-part.entity';
import { checkRecordLimits } from './record-limits';
import { orderContentHash } from './content-hash';
import { resolveCustomer } from './customer-resolver';
import type { IngestAnswer, OrderOutcome } from './outcomes';

type EventType = OrderEvent['type'];

/** What applying one payload's records did. */
export interface WriteResult {
  outcomes: IngestAnswer['outcomes'];
  orderIds: number[];
  /** What the plugin noted while assembling orders from their parts. */
  warnings: string[];
}

/** Refunds announced on their own for an order, in its currency. */
async function separateRefunds(em: EntityManager, channel: Channel, orderExternalId: string, currency: string): Promise<number> {
  const refunds = await em.find(OrderRefund, { channel, orderExternalId, currencyCode: currency });
  return refunds.reduce((total, r) => total + r.amountMinor, 0);
}

/** The contract's precedence, once the refunded amount is known. */
function statusWithRefunds(status: OrderStatus, refundedMinor: number, totalMinor: number): OrderStatus {
  if (status === OrderStatus.CANCELLED || status === OrderStatus.REFUNDED || refundedMinor <= 0) return status;
  return totalMinor > 0 && refundedMinor >= totalMinor ? OrderStatus.REFUNDED : OrderStatus.PARTIALLY_REFUNDED;
}

function isStale(record: OrderRecord, stored: Order): boolean {
  if (record.sourceVersion !== null && stored.sourceVersion !== null) return record.sourceVersion < stored.sourceVersion;
  if (record.sourceUpdatedAt && stored.sourceUpdatedAt) return record.sourceUpdatedAt.getTime() < stored.sourceUpdatedAt.getTime();
  return false;
}

/**
 * Applies one payload's records inside the caller's transaction: upserts orders by
 * (channel, externalId), drops stale versions, tells duplicates from changes by content, counts
 * refunds once, and appends an event for every change. Nothing is committed here.
 */
export class RecordWriter {
  private readonly outcomes: IngestAnswer['outcomes'] = [];
  private readonly orders: Order[] = [];
  private readonly warnings: string[] = [];

  constructor(
    private readonly em: EntityManager,
    private readonly channel: Channel,
    /** The plugin's join of an order's parts (see OrderPartRecord); absent for plugins without parts. */
    private readonly assemble?: (parts: Record<string, unknown>, orderExternalId: string) => NormalizeResult | null,
  ) {}

  async apply(records: readonly ChannelRecord[]): Promise<WriteResult> {
    for (const record of records) {
      switch (record.kind) {
        case 'order':
          await this.order(record);
          break;
        case 'refund':
          await this.refund(record);
          break;
        case 'cancellation':
          await this.cancellation(record);
          break;
        case 'customer':
          await resolveCustomer(this.em, this.channel, record.customer);
          break;
        case 'payment':
          break;
        case 'orderPart':
          await this.orderPart(record);
          break;
      }
    }
    await this.em.flush();
    return { outcomes: this.outcomes, orderIds: this.orders.map((o) => o.id), warnings: this.warnings };
  }

  private note(order: Order, externalId: string, result: OrderOutcome, events: EventType[]): void {
    this.outcomes.push({ externalId, result });
    this.orders.push(order);
    for (const type of events) this.em.create(OrderEvent, { type, order, channel: this.channel });
  }

  private async order(record: OrderRecord): Promise<void> {
    const stored = await this.em.findOne(Order, { channel: this.channel, externalId: record.externalId });
    const hash = orderContentHash(record);
    if (stored && isStale(record, stored)) return this.note(stored, record.externalId, 'stale', []);
    if (stored && stored.contentHash === hash) {
      if (record.sourceUpdatedAt && (!stored.sourceUpdatedAt || record.sourceUpdatedAt > stored.sourceUpdatedAt)) {
        stored.sourceUpdatedAt = record.sourceUpdatedAt;
      }
      return this.note(stored, record.externalId, 'duplicate', []);
    }
    const customer = record.customer ? await resolveCustomer(this.em, this.channel, record.customer) : null;
    await this.keepListedRefunds(record);
    const refunded = Math.max(record.refundedTotal.minor, await separateRefunds(this.em, this.channel, record.externalId, record.currency));
    const status = statusWithRefunds(record.status as OrderStatus, refunded, record.total.minor);
    const order = stored ?? this.em.create(Order, { channel: this.channel, externalId: record.externalId, status, placedAt: record.placedAt, currencyCode: record.currency });
    const before = stored ? { status: stored.status, refunded: stored.refundedTotalMinor } : null;
    Object.assign(order, {
      number: record.number,
      status,
      placedAt: record.placedAt,
      customer: customer ?? order.customer ?? null,
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
    });
    if (stored) await this.em.nativeDelete(OrderLine, { order: stored });
    record.lines.forEach((line, position) =>
      this.em.create(OrderLine, {
        order,
        position,
        sku: line.sku,
        title: line.title,
        quantity: line.quantity,
        currencyCode: record.currency,
        unitPriceMinor: line.unitPrice.minor,
        discountMinor: line.discount.minor,
        taxMinor: line.tax.minor,
        totalMinor: line.total.minor,
      }),
    );
    if (!before) return this.note(order, record.externalId, 'created', ['CREATED']);
    const events: EventType[] = ['UPDATED'];
    if (status === OrderStatus.CANCELLED && before.status !== OrderStatus.CANCELLED) events.push('CANCELLED');
    if (refunded > before.refunded) events.push('REFUNDED');
    return this.note(order, record.externalId, 'updated', events);
  }

  /**
   * Keeps the newest copy of one part of an order, then asks the plugin to assemble the order
   * from every part received so far; the order is written once its parts are all there.
   */
  private async orderPart(record: OrderPartRecord): Promise<void> {
    if (!this.assemble) throw new PayloadError('', `the plugin sent an order part but cannot assemble orders`);
    const where = { channel: this.channel, orderExternalId: record.orderExternalId };
    const stored = await this.em.findOne(OrderPart, { ...where, part: record.part });
    if (stored) stored.data = record.data;
    else this.em.create(OrderPart, { ...where, part: record.part, data: record.data });
    await this.em.flush();
    const parts = Object.fromEntries((await this.em.find(OrderPart, where)).map((p) => [p.part, p.data]));
    const assembled = this.assemble(parts, record.orderExternalId);
    if (assembled === null || assembled.outcome === 'skip') return;
    if (assembled.outcome === 'invalid') throw new PayloadError(assembled.path, assembled.reason);
    checkRecordLimits(assembled.records);
    this.warnings.push(...assembled.warnings);
    for (const joined of assembled.records) {
      if (joined.kind === 'orderPart') throw new PayloadError('', 'assemble must not return order parts');
    }
    await this.apply(assembled.records);
  }

  /** Stores the refunds an order lists, so one also sent on its own is counted once. */
  private async keepListedRefunds(record: OrderRecord): Promise<void> {
    const listed = (record.refunds ?? []).filter((r) => r.amount.currency === record.currency);
    if (!listed.length) return;
    const known = new Set(
      (await this.em.find(OrderRefund, { channel: this.channel, externalId: { $in: listed.map((r) => r.refundId) } })).map((r) => r.externalId),
    );
    for (const refund of listed) {
      if (known.has(refund.refundId)) continue;
      known.add(refund.refundId);
      this.em.create(OrderRefund, {
        channel: this.channel,
        orderExternalId: record.externalId,
        externalId: refund.refundId,
        amountMinor: refund.amount.minor,
        currencyCode: refund.amount.currency,
        occurredAt: refund.occurredAt,
      });
    }
    await this.em.flush();
  }

  private async refund(record: RefundRecord): Promise<void> {
    const known = await this.em.findOne(OrderRefund, { channel: this.channel, externalId: record.refundId });
    const order = await this.em.findOne(Order, { channel: this.channel, externalId: record.orderExternalId });
    if (known) {
      if (order) this.note(order, record.orderExternalId, 'duplicate', []);
      return;
    }
    this.em.create(OrderRefund, {
      channel: this.channel,
      orderExternalId: record.orderExternalId,
      externalId: record.refundId,
      amountMinor: record.amount.minor,
      currencyCode: record.amount.currency,
      occurredAt: record.occurredAt,
    });
    if (!order) return; // kept; counted when the order arrives
    await this.em.flush();
    const refunded = Math.max(order.refundedTotalMinor, await separateRefunds(this.em, this.channel, order.externalId, order.currencyCode));
    if (refunded === order.refundedTotalMinor) return this.note(order, record.orderExternalId, 'duplicate', []);
    order.refundedTotalMinor = refunded;
    order.status = statusWithRefunds(order.status, refunded, order.totalMinor);
    this.note(order, record.orderExternalId, 'updated', ['REFUNDED']);
  }

  private async cancellation(record: CancellationRecord): Promise<void> {
    const order = await this.em.findOne(Order, { channel: this.channel, externalId: record.orderExternalId });
    if (!order) return;
    if (order.status === OrderStatus.CANCELLED) return this.note(order, record.orderExternalId, 'duplicate', []);
    order.status = OrderStatus.CANCELLED;
    this.note(order, record.orderExternalId, 'updated', ['CANCELLED']);
  }
}
