import type { Row } from '../../db/sql-reader';
import { statement, type Decoder, type Work } from '../../db/sql-writer';
import type { OrderStatus } from '../../orders/order-status';
import type { CustomerRow, IdentityRow, OrderRow } from './session';

export const ORDER_SELECT =
  'select id, channel_id, external_id, number, status, placed_at, customer_id, currency_code, subtotal_minor, discount_total_minor, ' +
  'tax_total_minor, shipping_total_minor, total_minor, refunded_total_minor, taxes_included, coupon_codes, source_updated_at, ' +
  'source_version, content_hash from "order"';

export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function orderFromRow(db: Decoder, row: Row): OrderRow {
  return {
    id: num(row.id),
    channelId: num(row.channel_id),
    externalId: row.external_id as string,
    number: (row.number as string | null) ?? null,
    status: row.status as OrderStatus,
    placedAt: db.date(row.placed_at)!,
    customerId: row.customer_id === null ? null : num(row.customer_id),
    currencyCode: row.currency_code as string,
    subtotalMinor: num(row.subtotal_minor),
    discountTotalMinor: num(row.discount_total_minor),
    taxTotalMinor: num(row.tax_total_minor),
    shippingTotalMinor: num(row.shipping_total_minor),
    totalMinor: num(row.total_minor),
    refundedTotalMinor: num(row.refunded_total_minor),
    taxesIncluded: Boolean(row.taxes_included),
    couponCodes: db.json(row.coupon_codes) as string[],
    sourceUpdatedAt: db.date(row.source_updated_at),
    sourceVersion: row.source_version === null ? null : num(row.source_version),
    contentHash: (row.content_hash as string | null) ?? null,
  };
}

/** The order's stored values from `number` to `content_hash`, in the order the batch writes list them. */
export function orderValues(row: Omit<OrderRow, 'id'>): unknown[] {
  return [
    row.number,
    row.status,
    row.placedAt,
    row.customerId,
    row.currencyCode,
    row.subtotalMinor,
    row.discountTotalMinor,
    row.taxTotalMinor,
    row.shippingTotalMinor,
    row.totalMinor,
    row.refundedTotalMinor,
    row.taxesIncluded,
    JSON.stringify(row.couponCodes),
    row.sourceUpdatedAt,
    row.sourceVersion,
    row.contentHash,
  ];
}

export function customerFromRow(row: Row): CustomerRow {
  const customer: CustomerRow = { id: num(row.id), email: (row.email as string | null) ?? null, phone: (row.phone as string | null) ?? null, name: (row.name as string | null) ?? null };
  if (row.erased_at !== null && row.erased_at !== undefined) customer.erased = true;
  return customer;
}

/**
 * The statements a batched session runs at once, one at a time: the reads of what its group did
 * not prefetch, and the rare writes it does not keep for the flush (order parts, a replayed dead
 * letter).
 */
export class DirectStatements {
  constructor(
    private readonly db: Decoder,
    private readonly now: Date,
  ) {}

  *order(channelId: number, externalId: string): Work<OrderRow | null> {
    const lock = this.db.dialect === 'postgresql' ? ' for update' : '';
    const [row] = yield statement(`${ORDER_SELECT} where channel_id = ? and external_id = ?${lock}`, channelId, externalId);
    return row ? orderFromRow(this.db, row) : null;
  }

  *identity(channelId: number, externalId: string): Work<IdentityRow | null> {
    const [row] = yield statement(
      'select i.id as identity_id, i.email as identity_email, c.id, c.email, c.phone, c.name, c.erased_at ' +
        'from channel_identity i join customer c on c.id = i.customer_id where i.channel_id = ? and i.external_id = ?',
      channelId,
      externalId,
    );
    return row ? { id: num(row.identity_id), email: (row.identity_email as string | null) ?? null, customer: customerFromRow(row) } : null;
  }

  *refundExists(channelId: number, refundId: string): Work<boolean> {
    const rows = yield statement('select id from order_refund where channel_id = ? and external_id = ?', channelId, refundId);
    return rows.length > 0;
  }

  *refundedSum(channelId: number, orderExternalId: string, currency: string): Work<number> {
    const [row] = yield statement(
      'select coalesce(sum(amount_minor), 0) as total from order_refund where channel_id = ? and order_external_id = ? and currency_code = ?',
      channelId,
      orderExternalId,
      currency,
    );
    return num(row.total);
  }

  *keptCancellation(channelId: number, orderExternalId: string): Work<Date | null> {
    const [row] = yield statement('select occurred_at from order_cancellation where channel_id = ? and order_external_id = ?', channelId, orderExternalId);
    return row ? this.db.date(row.occurred_at) : null;
  }

  *archivedResult(channelId: number, deliveryId: string): Work<unknown> {
    const [row] = yield statement('select result from payload_archive where channel_id = ? and delivery_id = ?', channelId, deliveryId);
    return row ? this.db.json(row.result) : null;
  }

  *markReplayed(deadLetterId: number, result: unknown): Work<void> {
    yield statement('update dead_letter set replayed_at = ?, replay_result = ? where id = ?', this.now, JSON.stringify(result), deadLetterId);
  }

  *saveOrderPart(channelId: number, orderExternalId: string, part: string, data: unknown): Work<Record<string, unknown>> {
    const json = JSON.stringify(data);
    const [stored] = yield statement('select id from order_part where channel_id = ? and order_external_id = ? and part = ?', channelId, orderExternalId, part);
    if (stored) yield statement('update order_part set data = ?, updated_at = ? where id = ?', json, this.now, stored.id);
    else {
      yield statement(
        'insert into order_part (channel_id, order_external_id, part, data, updated_at) values (?, ?, ?, ?, ?)',
        channelId,
        orderExternalId,
        part,
        json,
        this.now,
      );
    }
    const rows = yield statement('select part, data from order_part where channel_id = ? and order_external_id = ?', channelId, orderExternalId);
    return Object.fromEntries(rows.map((p) => [p.part as string, this.db.json(p.data)]));
  }
}
