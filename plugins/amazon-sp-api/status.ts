import type { OrderStatusName } from '../../src/plugin-sdk';

/** v0 `OrderStatus` → unified status (before the per-item buyer cancellation rule). */
export const V0_STATUS: ReadonlyMap<string, OrderStatusName> = new Map<string, OrderStatusName>([
  ['Pending', 'PENDING'], // placed, payment not yet authorized
  ['PendingAvailability', 'PENDING'], // a pre-order: not yet payable
  ['Unshipped', 'PAID'], // payment authorized, nothing shipped
  ['PartiallyShipped', 'PAID'], // some items shipped: not fully fulfilled
  ['Shipped', 'FULFILLED'],
  ['InvoiceUnconfirmed', 'FULFILLED'], // every item shipped; the seller has not confirmed the invoice
  ['Canceled', 'CANCELLED'],
  ['Unfulfillable', 'CANCELLED'], // Multi-Channel Fulfillment: Amazon will not fulfil it
]);

/** 2026-01-01 `fulfillment.fulfillmentStatus` → unified status. */
export const V2026_STATUS: ReadonlyMap<string, OrderStatusName> = new Map<string, OrderStatusName>([
  ['PENDING', 'PENDING'],
  ['PENDING_AVAILABILITY', 'PENDING'],
  ['UNSHIPPED', 'PAID'],
  ['PARTIALLY_SHIPPED', 'PAID'],
  ['SHIPPED', 'FULFILLED'],
  ['INVOICE_UNCONFIRMED', 'FULFILLED'],
  ['DELIVERED', 'FULFILLED'],
  ['CANCELLED', 'CANCELLED'],
  ['CANCELED', 'CANCELLED'],
  ['UNFULFILLABLE', 'CANCELLED'],
]);

/**
 * The unified status of an order: its stated status by the table; an unknown value is PENDING
 * with a warning (a new Amazon status must not dead-letter real orders); and an order whose
 * every item the buyer asked to cancel is CANCELLED, as an ORDER_CHANGE buyer cancellation is.
 */
export function statusOf(
  table: ReadonlyMap<string, OrderStatusName>,
  stated: string,
  everyItemCancelled: boolean,
  where: string,
  warnings: string[],
): OrderStatusName {
  const known = table.get(stated);
  if (known === undefined) warnings.push(`${where} "${stated.slice(0, 40)}" is not a known Amazon status: read as PENDING`);
  if (everyItemCancelled) return 'CANCELLED';
  return known ?? 'PENDING';
}
