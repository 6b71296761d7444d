import { add, sum, type CustomerIdentityRecord, type Money, type OrderRecord, type PayloadReader } from '../../src/plugin-sdk';
import { currencyOf, optOrderMoney, orderMoney } from './money';
import { lineOf } from './order-lines';
import { statusOf, tenderedOf } from './status';

const FAILED_REFUND = new Set(['REJECTED', 'FAILED']);

/**
 * Whether the order's prices include tax: every tax of the order is INCLUSIVE. An order mixing
 * INCLUSIVE and ADDITIVE taxes cannot be stated with one `taxesIncluded` and is rejected.
 */
export function taxesIncludedOf(order: PayloadReader): boolean {
  const taxes = order.optItems('taxes');
  const inclusive = taxes.filter((t) => t.optString('type') === 'INCLUSIVE');
  if (inclusive.length > 0 && inclusive.length < taxes.length) {
    order.reject('the order mixes INCLUSIVE and ADDITIVE taxes, which salesgraph cannot state with one taxesIncluded', 'taxes');
  }
  return taxes.length > 0 && inclusive.length === taxes.length;
}

/**
 * The money the order's `refunds[]` returned (PENDING, APPROVED or COMPLETED; REJECTED and
 * FAILED returned nothing). Refunds in another currency are left out with a warning.
 */
export function refundedOf(order: PayloadReader, currency: string, warnings: string[]): Money {
  const returned: Money[] = [];
  for (const refund of order.optItems('refunds')) {
    if (FAILED_REFUND.has(refund.optString('status') ?? '')) continue;
    const money = refund.at('amount_money');
    const code = currencyOf(money);
    if (code !== currency) warnings.push(`${money.path} is in ${code}, not ${currency}: left out`);
    else returned.push(money.minorMoney('amount', currency));
  }
  return sum(returned, currency);
}

/**
 * What the merchant and buyer see: the order's `reference_id` when the seller's app set one,
 * else the receipt number Square prints (the first 4 characters of the first tender's payment
 * id, as a payment's `receipt_number`), else null.
 */
export function numberOf(order: PayloadReader): string | null {
  const reference = order.optString('reference_id');
  if (reference) return reference;
  const tender = order.optItems('tenders')[0];
  const paymentId = tender?.optId('payment_id') ?? tender?.optId('id') ?? null;
  return paymentId ? paymentId.slice(0, 4) : null;
}

/** Square orders carry only `customer_id`: the identity, without e-mail, phone or name. */
export function buyerOf(order: PayloadReader): CustomerIdentityRecord | null {
  const id = order.optId('customer_id');
  return id ? { externalId: id, email: null, emailMatchable: true, phone: null, name: null } : null;
}

/** A return order (the items taken back, recorded apart from the sale): no lines, only `returns`. */
export function isReturnOrder(order: PayloadReader): boolean {
  return order.optItems('line_items').length === 0 && order.optItems('returns').length > 0;
}

/** One Square Order (Orders API `Order` object) as an OrderRecord; README, "The order". */
export function orderOf(order: PayloadReader, warnings: string[]): OrderRecord {
  const externalId = order.id('id');
  const currency = currencyOf(order.at('total_money'));
  const taxesIncluded = taxesIncludedOf(order);
  const lines = order.optItems('line_items').map((item) => lineOf(item, currency, taxesIncluded));
  const total = orderMoney(order, 'total_money', currency);
  const refundedTotal = refundedOf(order, currency, warnings);
  const tendered = tenderedOf(order, currency, warnings);
  return {
    kind: 'order',
    externalId,
    number: numberOf(order),
    status: statusOf(order, total, refundedTotal, tendered, warnings),
    placedAt: order.date('created_at'),
    currency,
    subtotal: sum(
      lines.map((l) => ({ minor: l.unitPrice.minor * l.quantity, currency })),
      currency,
    ),
    discountTotal: optOrderMoney(order, 'total_discount_money', currency),
    taxTotal: optOrderMoney(order, 'total_tax_money', currency),
    shippingTotal: add(optOrderMoney(order, 'total_service_charge_money', currency), optOrderMoney(order, 'total_tip_money', currency)),
    total,
    refundedTotal,
    taxesIncluded,
    couponCodes: [],
    lines,
    customer: buyerOf(order),
    sourceUpdatedAt: order.optDate('updated_at'),
    sourceVersion: order.optInt('version'),
  };
}
