import {
  normalizeCurrencyCode,
  record,
  sum,
  type ChannelContext,
  type Money,
  type NormalizeResult,
  type OrderRefundEntry,
  PayloadReader,
} from '../../src/plugin-sdk';
import { currencyAt } from './shop-money';

/** The refund transactions that returned money: kind `refund`, status `success`. */
function successfulRefunds(refund: PayloadReader): PayloadReader[] {
  return refund.optItems('transactions').filter((t) => t.optString('kind') === 'refund' && t.optString('status') === 'success');
}

/**
 * Σ of the successful refund transactions of `refunds` in `currency` (each transaction's
 * `currency`, the order's when absent); amounts in another currency are left out and reported.
 */
export function refundedIn(refunds: PayloadReader[], currency: string, warnings: string[]): Money {
  const amounts: Money[] = [];
  for (const t of refunds.flatMap(successfulRefunds)) {
    const code = t.isMissing('currency') ? currency : currencyAt(t, 'currency');
    if (code !== currency) warnings.push(`${t.path} refunds ${code}, not ${currency}: left out`);
    else amounts.push(t.money('amount', code));
  }
  return sum(amounts, currency);
}

/** The refunds an order lists, each with what its successful transactions returned in `currency`. */
export function listedRefunds(refunds: PayloadReader[], currency: string): OrderRefundEntry[] {
  const ignored: string[] = [];
  return refunds.flatMap((refund) => {
    const amount = refundedIn([refund], currency, ignored);
    if (amount.minor === 0) return [];
    return [{ refundId: refund.id('id'), amount, occurredAt: refund.optDate('processed_at') ?? refund.date('created_at') }];
  });
}

/** The refund's currency: its first successful transaction's, else its line items' shop money, else the channel's. */
function refundCurrency(refund: PayloadReader, channel: ChannelContext): string {
  const first = successfulRefunds(refund).find((t) => !t.isMissing('currency'));
  if (first) return currencyAt(first, 'currency');
  const shop = refund.optItems('refund_line_items')[0]?.optAt('subtotal_set')?.optAt('shop_money');
  if (shop && !shop.isMissing('currency_code')) return currencyAt(shop, 'currency_code');
  return normalizeCurrencyCode(channel.currencyCode);
}

/** A `refunds/create` webhook: the money its successful refund transactions returned. */
export function normalizeRefund(payload: unknown, channel: ChannelContext): NormalizeResult {
  const refund = PayloadReader.of(payload);
  const warnings: string[] = [];
  const refundId = refund.id('id');
  const orderExternalId = refund.id('order_id');
  const occurredAt = refund.optDate('processed_at') ?? refund.date('created_at');
  const amount = refundedIn([refund], refundCurrency(refund, channel), warnings);
  return record({ kind: 'refund', orderExternalId, refundId, amount, occurredAt }, warnings);
}
