import type { Money, OrderStatusName, PayloadReader } from '../../src/plugin-sdk';

const FINANCIAL = ['pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided'];

/**
 * The unified status of a Shopify order, by the contract's precedence (see the README's table):
 * cancelled, then refunded (wholly, then partly), then fulfilled, then paid, else pending.
 * Refunds count by `financial_status` or by the money the refunds returned, whichever says more.
 */
export function orderStatus(order: PayloadReader, refunded: Money, total: Money, warnings: string[]): OrderStatusName {
  const financial = order.optString('financial_status');
  const fulfillment = order.optString('fulfillment_status');
  if (order.optDate('cancelled_at') !== null) return 'CANCELLED';
  if (financial === 'refunded' || (total.minor > 0 && refunded.minor >= total.minor)) return 'REFUNDED';
  if (financial === 'partially_refunded' || (refunded.minor > 0 && refunded.minor < total.minor)) return 'PARTIALLY_REFUNDED';
  if (fulfillment === 'fulfilled') return 'FULFILLED';
  if (financial === 'paid') return 'PAID';
  if (financial !== null && !FINANCIAL.includes(financial)) warnings.push(`financial_status "${financial}" is unknown: taken as PENDING`);
  return 'PENDING';
}
