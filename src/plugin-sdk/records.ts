import type { Money } from '../money/money';

/** The unified order statuses (see the README's precedence rule). */
export type OrderStatusName = 'PENDING' | 'PAID' | 'FULFILLED' | 'CANCELLED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';

export type ChannelKindName = 'STOREFRONT' | 'MARKETPLACE' | 'OFFLINE_STORE';

/**
 * Who bought, as one channel knows them.
 *
 * @example
 * { externalId: '207119551', email: 'bob.norman@mail.example.com', emailMatchable: true, phone: '+16136120707', name: 'Bob Norman' }
 */
export interface CustomerIdentityRecord {
  /** The channel's own id for the customer (a Shopify customer id, a loyalty card number). */
  externalId: string;
  email: string | null;
  /**
   * Whether `email` may link this customer to the same person on other channels. False for a
   * marketplace's relay alias (Amazon's `…@marketplace.amazon.com`), which is not the buyer's address.
   */
  emailMatchable: boolean;
  /** As the channel sent it; the gateway normalizes it to E.164 where it can. */
  phone: string | null;
  name: string | null;
}

/**
 * One order line, in the order's currency: `total = unitPrice × quantity − discount + tax`, or,
 * when the order's prices include tax (`taxesIncluded`), `total = unitPrice × quantity − discount`
 * with `tax` the part of it that is tax.
 */
export interface OrderLineRecord {
  sku: string | null;
  title: string;
  quantity: number;
  unitPrice: Money;
  discount: Money;
  tax: Money;
  total: Money;
}

/**
 * A whole order as the channel states it now:
 * `total = subtotal − discountTotal + shippingTotal (+ taxTotal unless taxesIncluded)`, where
 * `subtotal = Σ unitPrice × quantity`. Every Money is in `currency`, the currency of the
 * channel's order total; amounts the payload gives in other currencies are left out and reported
 * in the result's `warnings`.
 */
export interface OrderRecord {
  kind: 'order';
  /** The channel's own order id (Shopify `id` as a decimal string, Amazon `AmazonOrderId`…). */
  externalId: string;
  /** What the merchant and the buyer see ("#1001"). */
  number: string | null;
  status: OrderStatusName;
  placedAt: Date;
  currency: string;
  subtotal: Money;
  discountTotal: Money;
  taxTotal: Money;
  shippingTotal: Money;
  total: Money;
  refundedTotal: Money;
  /** True when the channel's prices already include tax (Shopify `taxes_included`, Square INCLUSIVE). */
  taxesIncluded: boolean;
  couponCodes: string[];
  lines: OrderLineRecord[];
  /**
   * The refunds the order itself lists, each with the channel's refund id, so that a refund also
   * announced on its own (a refund webhook) is counted once. Optional: `refundedTotal` alone is
   * enough for channels whose refunds have no ids.
   */
  refunds?: OrderRefundEntry[];
  customer: CustomerIdentityRecord | null;
  /** The channel's updated time of this version, to drop deliveries older than what is stored. */
  sourceUpdatedAt: Date | null;
  /** The channel's version number of this order, where it has one (Square `version`). */
  sourceVersion: number | null;
}

/** One refund an order lists, in the order's currency. */
export interface OrderRefundEntry {
  refundId: string;
  amount: Money;
  occurredAt: Date;
}

/** A customer created or updated on the channel (no order attached). */
export interface CustomerRecord {
  kind: 'customer';
  customer: CustomerIdentityRecord;
  sourceUpdatedAt: Date | null;
}

/** Money returned on an order, announced on its own (a refund webhook). */
export interface RefundRecord {
  kind: 'refund';
  orderExternalId: string;
  /** The channel's id of the refund, so a repeated delivery is counted once. */
  refundId: string;
  amount: Money;
  occurredAt: Date;
}

/** The channel cancelled an order (an Amazon ORDER_CHANGE notification, say). */
export interface CancellationRecord {
  kind: 'cancellation';
  orderExternalId: string;
  occurredAt: Date;
  reason: string | null;
}

/** A payment on an order: recorded in the archive, changes no order by itself. */
export interface PaymentRecord {
  kind: 'payment';
  orderExternalId: string | null;
  paymentId: string;
  status: string;
  amount: Money;
}

/**
 * One piece of an order that arrives on its own and is joined by the gateway (Amazon's v0
 * `getOrder` and `getOrderItems` answers, in any order). The gateway keeps the latest `data` of
 * each `part` per order and calls the plugin's `assemble` with all parts received so far.
 */
export interface OrderPartRecord {
  kind: 'orderPart';
  orderExternalId: string;
  /** Which piece: `order`, `items`, `buyer`, `address`… (the plugin's own names). */
  part: string;
  /** The piece as JSON-serializable data (it is stored and given back to `assemble`). */
  data: unknown;
}

export type ChannelRecord = OrderRecord | CustomerRecord | RefundRecord | CancellationRecord | PaymentRecord | OrderPartRecord;
