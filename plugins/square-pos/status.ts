import { sum, type Money, type OrderStatusName, type PayloadReader } from '../../src/plugin-sdk';
import { currencyOf } from './money';

/** Square's order `state` values. */
export const STATES = ['OPEN', 'COMPLETED', 'CANCELED', 'DRAFT'] as const;

const DEAD_CARD = new Set(['VOIDED', 'FAILED']);
const DEAD_FULFILLMENT = new Set(['CANCELED', 'FAILED']);

/** The money the order's tenders took, in the order's currency (a voided or failed card took nothing). */
export function tenderedOf(order: PayloadReader, currency: string, warnings: string[]): Money {
  const taken: Money[] = [];
  for (const tender of order.optItems('tenders')) {
    if (DEAD_CARD.has(tender.optAt('card_details')?.optString('status') ?? '')) continue;
    if (tender.isMissing('amount_money')) continue;
    const money = tender.at('amount_money');
    const code = currencyOf(money);
    if (code !== currency) warnings.push(`${money.path} is in ${code}, not ${currency}: left out`);
    else taken.push(money.minorMoney('amount', currency));
  }
  return sum(taken, currency);
}

/** Every fulfillment still in play (not canceled or failed) is COMPLETED, and there is one. */
function handedOver(order: PayloadReader): boolean {
  const live = order.optItems('fulfillments').filter((f) => !DEAD_FULFILLMENT.has(f.optString('state') ?? ''));
  return live.length > 0 && live.every((f) => f.optString('state') === 'COMPLETED');
}

/**
 * The unified status, by the contract's precedence (README, "Status"):
 * CANCELED → CANCELLED; refunds → REFUNDED / PARTIALLY_REFUNDED; COMPLETED or every fulfillment
 * completed → FULFILLED; tenders covering the total → PAID; else PENDING (DRAFT, unpaid OPEN).
 * An unknown state is read like OPEN, with a warning.
 */
export function statusOf(order: PayloadReader, total: Money, refunded: Money, tendered: Money, warnings: string[]): OrderStatusName {
  const state = order.string('state').trim().toUpperCase();
  if (!(STATES as readonly string[]).includes(state)) warnings.push(`unknown Square order state "${state}": read by its tenders and fulfillments`);
  if (state === 'CANCELED') return 'CANCELLED';
  if (refunded.minor > 0) return total.minor > 0 && refunded.minor >= total.minor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (state === 'DRAFT') return 'PENDING';
  if (state === 'COMPLETED' || handedOver(order)) return 'FULFILLED';
  return order.optItems('tenders').length > 0 && tendered.minor >= total.minor ? 'PAID' : 'PENDING';
}
