import type { Row } from '../../db/sql-reader';
import { EVENT_LOG_LOCK } from '../../events/event-log';
import { statement, type Decoder, type Work } from '../../db/sql-writer';
import type { OrderStatus } from '../../orders/order-status';
import type { ArchiveRow, CustomerRow, EventType, Footprint, IdentityRow, LineRow, OrderRow, WriteSession } from './session';

export const ORDER_SELECT =
  'select id, channel_id, external_id, number, status, placed_at, customer_id, currency_code, subtotal_minor, discount_total_minor, ' +
  'tax_total_minor, shipping_total_minor, total_minor, refunded_total_minor, taxes_included, coupon_codes, source_updated_at, ' +
  'source_version, content_hash from "order"';

const ORDER_INSERT =
  'insert into "order" (channel_id, external_id, number, status, placed_at, customer_id, currency_code, subtotal_minor, discount_total_minor, ' +
  'tax_total_minor, shipping_total_minor, total_minor, refunded_total_minor, taxes_included, coupon_codes, source_updated_at, source_version, ' +
  'content_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id';

const ORDER_UPDATE =
  'update "order" set number = ?, status = ?, placed_at = ?, customer_id = ?, currency_code = ?, subtotal_minor = ?, discount_total_minor = ?, ' +
  'tax_total_minor = ?, shipping_total_minor = ?, total_minor = ?, refunded_total_minor = ?, taxes_included = ?, coupon_codes = ?, ' +
  'source_updated_at = ?, source_version = ?, content_hash = ?, updated_at = ? where id = ?';

const LINE_COLUMNS = '(order_id, position, sku, title, quantity, currency_code, unit_price_minor, discount_minor, tax_minor, total_minor)';
const LINE_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Lines per insert statement: few distinct statements to prepare, well under every bind limit. */
const LINES_PER_INSERT = 50;

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

/** The order's stored values from `number` to `content_hash`, in the order ORDER_INSERT and ORDER_UPDATE list them. */
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
  return { id: num(row.id), email: (row.email as string | null) ?? null, phone: (row.phone as string | null) ?? null, name: (row.name as string | null) ?? null };
}

/**
 * A session that runs every operation as its own statement at once: the right thing where a
 * statement costs microseconds (SQLite, in process).
 */
export class ImmediateSession implements WriteSession {
  private eventLogLocked = false;

  constructor(
    private readonly db: Decoder,
    private readonly now: Date,
  ) {}

  *prefetch(_footprints: readonly Footprint[]): Work<void> {}

  *flush(): Work<void> {}

  *order(channelId: number, externalId: string): Work<OrderRow | null> {
    const lock = this.db.dialect === 'postgresql' ? ' for update' : '';
    const [row] = yield statement(`${ORDER_SELECT} where channel_id = ? and external_id = ?${lock}`, channelId, externalId);
    return row ? orderFromRow(this.db, row) : null;
  }

  *insertOrder(row: Omit<OrderRow, 'id'>, lines: readonly LineRow[]): Work<number> {
    const [inserted] = yield statement(ORDER_INSERT, row.channelId, row.externalId, ...orderValues(row), this.now, this.now);
    const id = num(inserted.id);
    yield* this.insertLines(id, row.currencyCode, lines);
    return id;
  }

  *updateOrder(row: OrderRow, lines?: readonly LineRow[]): Work<void> {
    yield statement(ORDER_UPDATE, ...orderValues(row), this.now, row.id);
    if (!lines) return;
    yield statement('delete from order_line where order_id = ?', row.id);
    yield* this.insertLines(row.id, row.currencyCode, lines);
  }

  private *insertLines(orderId: number, currency: string, lines: readonly LineRow[]): Work<void> {
    for (let start = 0; start < lines.length; start += LINES_PER_INSERT) {
      const chunk = lines.slice(start, start + LINES_PER_INSERT);
      const params: unknown[] = [];
      chunk.forEach((line, i) =>
        params.push(orderId, start + i, line.sku, line.title, line.quantity, currency, line.unitPriceMinor, line.discountMinor, line.taxMinor, line.totalMinor),
      );
      yield statement(`insert into order_line ${LINE_COLUMNS} values ${Array(chunk.length).fill(LINE_VALUES).join(', ')}`, ...params);
    }
  }

  *identity(channelId: number, externalId: string): Work<IdentityRow | null> {
    const [row] = yield statement(
      'select i.id as identity_id, i.email as identity_email, c.id, c.email, c.phone, c.name ' +
        'from channel_identity i join customer c on c.id = i.customer_id where i.channel_id = ? and i.external_id = ?',
      channelId,
      externalId,
    );
    return row ? { id: num(row.identity_id), email: (row.identity_email as string | null) ?? null, customer: customerFromRow(row) } : null;
  }

  *insertIdentity(channelId: number, externalId: string, customer: CustomerRow, email: string | null, emailMatchable: boolean): Work<void> {
    yield statement(
      'insert into channel_identity (customer_id, channel_id, external_id, email, email_matchable, created_at) values (?, ?, ?, ?, ?, ?)',
      customer.id,
      channelId,
      externalId,
      email,
      emailMatchable,
      this.now,
    );
  }

  *updateIdentityEmail(identity: IdentityRow, email: string): Work<void> {
    identity.email = email;
    yield statement('update channel_identity set email = ? where id = ?', email, identity.id);
  }

  *customerByEmail(email: string): Work<CustomerRow | null> {
    const [row] = yield statement('select id, email, phone, name from customer where email = ? order by id limit 1', email);
    return row ? customerFromRow(row) : null;
  }

  *customerByPhone(phone: string): Work<CustomerRow | null> {
    const [row] = yield statement('select id, email, phone, name from customer where phone = ? order by id limit 1', phone);
    return row ? customerFromRow(row) : null;
  }

  *insertCustomer(email: string | null, phone: string | null, name: string | null): Work<CustomerRow> {
    const [row] = yield statement(
      'insert into customer (email, phone, name, created_at, updated_at) values (?, ?, ?, ?, ?) returning id',
      email,
      phone,
      name,
      this.now,
      this.now,
    );
    return { id: num(row.id), email, phone, name };
  }

  *updateCustomer(customer: CustomerRow): Work<void> {
    yield statement('update customer set email = ?, phone = ?, name = ?, updated_at = ? where id = ?', customer.email, customer.phone, customer.name, this.now, customer.id);
  }

  *refundExists(channelId: number, refundId: string): Work<boolean> {
    const rows = yield statement('select id from order_refund where channel_id = ? and external_id = ?', channelId, refundId);
    return rows.length > 0;
  }

  *insertRefund(channelId: number, orderExternalId: string, refundId: string, amountMinor: number, currency: string, occurredAt: Date): Work<void> {
    yield statement(
      'insert into order_refund (channel_id, order_external_id, external_id, amount_minor, currency_code, occurred_at, created_at) values (?, ?, ?, ?, ?, ?, ?)',
      channelId,
      orderExternalId,
      refundId,
      amountMinor,
      currency,
      occurredAt,
      this.now,
    );
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

  *keepCancellation(channelId: number, orderExternalId: string, occurredAt: Date, reason: string | null): Work<boolean> {
    if ((yield* this.keptCancellation(channelId, orderExternalId)) !== null) return false;
    yield statement(
      'insert into order_cancellation (channel_id, order_external_id, occurred_at, reason, created_at) values (?, ?, ?, ?, ?)',
      channelId,
      orderExternalId,
      occurredAt,
      reason,
      this.now,
    );
    return true;
  }

  *event(type: EventType, orderId: number, channelId: number): Work<void> {
    // numbered in commit order: held from here to the commit (see EVENT_LOG_LOCK)
    if (this.db.dialect === 'postgresql' && !this.eventLogLocked) {
      yield statement(EVENT_LOG_LOCK);
      this.eventLogLocked = true;
    }
    yield statement('insert into order_event (type, order_id, channel_id, occurred_at) values (?, ?, ?, ?)', type, orderId, channelId, this.now);
  }

  *archivedResult(channelId: number, deliveryId: string): Work<unknown> {
    const [row] = yield statement('select result from payload_archive where channel_id = ? and delivery_id = ?', channelId, deliveryId);
    return row ? this.db.json(row.result) : null;
  }

  *archive(row: ArchiveRow): Work<void> {
    yield statement(
      'insert into payload_archive (channel_id, delivery_id, topic, body, fetched, result, warnings, received_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      row.channelId,
      row.deliveryId,
      row.topic,
      row.body,
      row.fetched,
      JSON.stringify(row.result),
      JSON.stringify(row.warnings),
      this.now,
    );
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
