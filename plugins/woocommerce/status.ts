import type { Money, OrderStatusName } from '../../src/plugin-sdk';

/**
 * WooCommerce's own `status` values and what each says before refunds and `date_paid` are
 * looked at. `null` means "not paid by itself": PAID when `date_paid` is set, else PENDING.
 * Custom statuses added by other plugins are not listed: they are also read by `date_paid`.
 */
export const WOO_STATUS: ReadonlyMap<string, OrderStatusName | null> = new Map<string, OrderStatusName | null>([
  ['pending', null], // awaiting payment
  ['on-hold', null], // awaiting confirmation of payment (bank transfer, cheque)
  ['failed', null], // payment failed or was declined; the buyer may pay again
  ['checkout-draft', null], // the block checkout's order before it is placed
  ['processing', 'PAID'], // payment received, not yet shipped
  ['completed', 'FULFILLED'],
  ['cancelled', 'CANCELLED'],
  ['refunded', 'REFUNDED'],
]);

export interface StatusFacts {
  /** WooCommerce `status`, lower case. */
  status: string;
  /** Whether `date_paid_gmt` (or `date_paid`) is set. */
  paid: boolean;
  total: Money;
  refundedTotal: Money;
}

/**
 * One unified status by the contract's precedence: cancelled, then fully refunded, then partly
 * refunded, then fulfilled, then paid, else pending.
 */
export function statusOf({ status, paid, total, refundedTotal }: StatusFacts): OrderStatusName {
  const stated = WOO_STATUS.get(status) ?? null;
  if (stated === 'CANCELLED') return 'CANCELLED';
  if (stated === 'REFUNDED') return 'REFUNDED';
  if (refundedTotal.minor > 0) return refundedTotal.minor >= total.minor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (stated === 'FULFILLED') return 'FULFILLED';
  if (stated === 'PAID' || paid) return 'PAID';
  return 'PENDING';
}
