import type { IdentityMatch } from '../../customers/identity-match';
import type { Work } from '../../db/sql-writer';
import type { OrderStatus } from '../../orders/order-status';

/** An order row with every column the write path reads or writes. */
export interface OrderRow {
  id: number;
  channelId: number;
  externalId: string;
  number: string | null;
  status: OrderStatus;
  placedAt: Date;
  customerId: number | null;
  currencyCode: string;
  subtotalMinor: number;
  discountTotalMinor: number;
  taxTotalMinor: number;
  shippingTotalMinor: number;
  totalMinor: number;
  refundedTotalMinor: number;
  taxesIncluded: boolean;
  couponCodes: string[];
  sourceUpdatedAt: Date | null;
  sourceVersion: number | null;
  contentHash: string | null;
}

export interface LineRow {
  sku: string | null;
  title: string;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface CustomerRow {
  id: number;
  email: string | null;
  phone: string | null;
  name: string | null;
  /** Erased (eraseCustomer): never given personal data again. */
  erased?: boolean;
}

/** A customer's id inside one channel, with the customer it belongs to. */
export interface IdentityRow {
  id: number;
  email: string | null;
  customer: CustomerRow;
}

export type EventType = 'CREATED' | 'UPDATED' | 'CANCELLED' | 'REFUNDED';

export interface ArchiveRow {
  channelId: number;
  deliveryId: string | null;
  topic: string | null;
  body: string;
  fetched: string | null;
  result: unknown;
  warnings: string[];
}

/**
 * The storage operations of the ingestion write path, inside one transaction. Each is a
 * {@link Work}: it may yield statements (a read the session does not hold yet, a write it
 * performs at once) or none at all (a read it prefetched, a write it defers to `flush`). Reads
 * always see the session's own earlier writes.
 */
export interface WriteSession {
  /** Reads what the works of a group will need, in a few statements (a no-op where reads are cheap). */
  prefetch(footprints: readonly Footprint[]): Work<void>;
  /** Writes what was deferred. Called once, after the last work. */
  flush(): Work<void>;

  order(channelId: number, externalId: string): Work<OrderRow | null>;
  insertOrder(row: Omit<OrderRow, 'id'>, lines: readonly LineRow[]): Work<number>;
  /** Stores the row's new values; `lines`, when given, replace the order's lines. */
  updateOrder(row: OrderRow, lines?: readonly LineRow[]): Work<void>;

  identity(channelId: number, externalId: string): Work<IdentityRow | null>;
  insertIdentity(channelId: number, externalId: string, customer: CustomerRow, email: string | null, emailMatchable: boolean, matchedBy: IdentityMatch): Work<void>;
  updateIdentityEmail(identity: IdentityRow, email: string): Work<void>;
  /** The oldest customer with this normalized e-mail. */
  customerByEmail(email: string): Work<CustomerRow | null>;
  /** The oldest customer with this normalized phone. */
  customerByPhone(phone: string): Work<CustomerRow | null>;
  insertCustomer(email: string | null, phone: string | null, name: string | null): Work<CustomerRow>;
  /** Stores the customer's new email, phone and name (only ever filled in, never cleared). */
  updateCustomer(customer: CustomerRow): Work<void>;

  refundExists(channelId: number, refundId: string): Work<boolean>;
  insertRefund(channelId: number, orderExternalId: string, refundId: string, amountMinor: number, currency: string, occurredAt: Date): Work<void>;
  /** The refunds announced on their own for an order, in one currency. */
  refundedSum(channelId: number, orderExternalId: string, currency: string): Work<number>;

  /** When a cancellation kept for an order not stored yet happened, or null. */
  keptCancellation(channelId: number, orderExternalId: string): Work<Date | null>;
  /** Keeps a cancellation for an order not stored yet; false when one was kept already. */
  keepCancellation(channelId: number, orderExternalId: string, occurredAt: Date, reason: string | null): Work<boolean>;

  event(type: EventType, orderId: number, channelId: number): Work<void>;

  /** The answer stored with an earlier delivery of this id. */
  archivedResult(channelId: number, deliveryId: string): Work<unknown>;
  archive(row: ArchiveRow): Work<void>;
  markReplayed(deadLetterId: number, result: unknown): Work<void>;

  /** Keeps the newest copy of one part of an order; returns every part stored for it. */
  saveOrderPart(channelId: number, orderExternalId: string, part: string, data: unknown): Work<Record<string, unknown>>;
}

/** What a work will read and write, known before it runs: what a group prefetches and locks. */
export interface Footprint {
  orders: Array<[channelId: number, externalId: string]>;
  identities: Array<[channelId: number, externalId: string]>;
  emails: string[];
  phones: string[];
  refunds: Array<[channelId: number, refundId: string]>;
  deliveries: Array<[channelId: number, deliveryId: string]>;
}

export function emptyFootprint(): Footprint {
  return { orders: [], identities: [], emails: [], phones: [], refunds: [], deliveries: [] };
}

/** Lock keys for a footprint: the same key for the same thing whichever work names it. */
export function lockKeys(footprint: Footprint): string[] {
  return [
    ...footprint.orders.map(([c, id]) => `order:${c}:${id}`),
    ...footprint.identities.map(([c, id]) => `identity:${c}:${id}`),
    ...footprint.emails.map((e) => `email:${e}`),
    ...footprint.phones.map((p) => `phone:${p}`),
    ...footprint.refunds.map(([c, id]) => `refund:${c}:${id}`),
    ...footprint.deliveries.map(([c, id]) => `delivery:${c}:${id}`),
  ];
}
