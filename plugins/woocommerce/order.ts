import {
  add,
  formatMinor,
  isCurrencyCode,
  multiply,
  sum,
  zero,
  type ChannelContext,
  type Money,
  type OrderLineRecord,
  type OrderRefundEntry,
  type OrderRecord,
  type PayloadReader,
} from '../../src/plugin-sdk';
import { orderCustomer } from './customer';
import { feeLine, optMoney, productLines } from './order-lines';
import { statusOf, WOO_STATUS } from './status';
import { quoted } from './text';
import { gmt, optGmt } from './times';

/** The order's `currency` (WooCommerce states it only on the order), else the channel's. */
function currencyOf(order: PayloadReader, channel: ChannelContext): string {
  const code = (order.optString('currency') ?? channel.currencyCode).toUpperCase();
  if (!isCurrencyCode(code)) order.reject(`expected an ISO-4217 currency code such as "USD", got ${quoted(code)}`, 'currency');
  return code;
}

/** `refunds[]` totals are negative ("-10.00"): the refunded amount is minus their sum. */
function refundedTotalOf(order: PayloadReader, currency: string): Money {
  const refunds = order.optItems('refunds').map((refund) => {
    const amount = refund.money('total', currency);
    if (amount.minor > 0) refund.reject('expected a refund total of zero or less (WooCommerce states it negative)', 'total');
    return amount;
  });
  return multiply(sum(refunds, currency), -1);
}

/**
 * The refunds the order lists, by id, so a refund resource pushed on its own for the same refund
 * is counted once. WooCommerce gives them no date here: the order's last change stands in.
 */
function listedRefundsOf(order: PayloadReader, currency: string, changedAt: Date): OrderRefundEntry[] {
  return order.optItems('refunds').flatMap((refund) => {
    const refundId = refund.optId('id');
    if (refundId === null) return [];
    return [{ refundId, amount: multiply(refund.money('total', currency), -1), occurredAt: changedAt }];
  });
}

function couponCodesOf(order: PayloadReader): string[] {
  return order
    .optItems('coupon_lines')
    .map((coupon) => coupon.optString('code'))
    .filter((code): code is string => code !== null);
}

/**
 * One WooCommerce order (the body of `order.created`, `order.updated`, `order.restored`, or an
 * element of a REST page). See README.md, "The order" and "Money", for every rule. The warnings
 * it finds are pushed onto `warnings`.
 */
export function orderOf(order: PayloadReader, channel: ChannelContext, warnings: string[]): OrderRecord {
  const externalId = order.id('id');
  const currency = currencyOf(order, channel);
  const taxesIncluded = order.optBool('prices_include_tax') ?? false;
  const gross = (amount: string, tax: string) => (taxesIncluded ? add(optMoney(order, amount, currency), optMoney(order, tax, currency)) : optMoney(order, amount, currency));

  const lines: OrderLineRecord[] = order.items('line_items').flatMap((item) => productLines(item, currency, taxesIncluded));
  let feeDiscounts = zero(currency);
  for (const fee of order.optItems('fee_lines')) {
    const { line, discount } = feeLine(fee, currency, taxesIncluded);
    if (line) lines.push(line);
    feeDiscounts = add(feeDiscounts, discount);
  }

  const total = order.money('total', currency);
  const refundedTotal = refundedTotalOf(order, currency);
  const discountTotal = add(gross('discount_total', 'discount_tax'), feeDiscounts);
  const lineDiscounts = add(sum(lines.map((line) => line.discount), currency), feeDiscounts);
  if (lineDiscounts.minor !== discountTotal.minor) {
    warnings.push(
      `order ${externalId}: discount_total says ${formatMinor(discountTotal.minor, currency)} ${currency}, its lines ${formatMinor(lineDiscounts.minor, currency)} ${currency}: discount_total kept`,
    );
  }

  const wooStatus = order.string('status').trim().toLowerCase();
  if (!WOO_STATUS.has(wooStatus)) warnings.push(`order ${externalId}: status ${quoted(wooStatus)} is not WooCommerce's own: read by date_paid`);
  const paid = optGmt(order, 'date_paid_gmt') !== null || order.optString('date_paid') !== null;

  return {
    kind: 'order',
    externalId,
    number: order.optId('number'),
    status: statusOf({ status: wooStatus, paid, total, refundedTotal }),
    placedAt: gmt(order, 'date_created_gmt'),
    currency,
    subtotal: sum(lines.map((line) => multiply(line.unitPrice, line.quantity)), currency),
    discountTotal,
    taxTotal: optMoney(order, 'total_tax', currency),
    shippingTotal: gross('shipping_total', 'shipping_tax'),
    total,
    refundedTotal,
    taxesIncluded,
    couponCodes: couponCodesOf(order),
    refunds: listedRefundsOf(order, currency, optGmt(order, 'date_modified_gmt') ?? gmt(order, 'date_created_gmt')),
    lines,
    customer: orderCustomer(order),
    sourceUpdatedAt: optGmt(order, 'date_modified_gmt'),
    sourceVersion: null,
  };
}

