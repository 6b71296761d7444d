import { record, type ChannelContext, type NormalizeResult, type OrderRecord, PayloadReader } from '../../src/plugin-sdk';
import { customerIdentity } from './customer';
import { orderMoney } from './order-totals';
import { listedRefunds, refundedIn } from './refund';
import { orderCurrency, ShopMoney } from './shop-money';
import { orderStatus } from './status';

/** The order's `discount_codes[].code`, in order, blanks left out (their `amount` is never money here). */
function couponCodes(order: PayloadReader): string[] {
  return order.optItems('discount_codes').flatMap((code) => code.optString('code') ?? []);
}

/**
 * An `orders/*` webhook: the bare order object as one OrderRecord, in the shop money of its total.
 * @see README.md for which field wins where Shopify states a figure twice.
 */
export function normalizeOrder(payload: unknown, channel: ChannelContext): NormalizeResult {
  const order = PayloadReader.of(payload);
  const externalId = order.id('id');
  const currency = orderCurrency(order, channel.currencyCode);
  const money = new ShopMoney(currency);
  const taxesIncluded = order.optBool('taxes_included') === true;
  const amounts = orderMoney(order, money, taxesIncluded);
  const refundedTotal = refundedIn(order.optItems('refunds'), currency, money.warnings);
  const customer = order.optAt('customer');
  const email = order.optString('email') ?? order.optString('contact_email');
  const result: OrderRecord = {
    kind: 'order',
    externalId,
    number: order.optString('name'),
    status: orderStatus(order, refundedTotal, amounts.total, money.warnings),
    placedAt: order.optDate('processed_at') ?? order.date('created_at'),
    currency,
    ...amounts,
    refundedTotal,
    taxesIncluded,
    couponCodes: couponCodes(order),
    refunds: listedRefunds(order.optItems('refunds'), currency),
    customer: customer ? customerIdentity(customer, email) : null,
    sourceUpdatedAt: order.optDate('updated_at'),
    sourceVersion: null,
  };
  return record(result, money.warnings);
}
