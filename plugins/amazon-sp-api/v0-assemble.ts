import {
  add,
  formatMinor,
  multiply,
  PayloadError,
  PayloadReader,
  record,
  subtract,
  sum,
  zero,
  type ChannelContext,
  type Money,
  type NormalizeResult,
  type OrderLineRecord,
  type OrderRecord,
} from '../../src/plugin-sdk';
import { inOrderCurrency } from './amounts';
import { buyerIdentity } from './customer';
import { linesForCharge as linesOf } from '../../src/plugin-sdk';
import { statusOf, V0_STATUS } from './status';
import { readV0Address, readV0Buyer, readV0Items, readV0Order, type V0Item, type V0Order } from './v0-parts';

/** Reads one kept part; a bad field is rejected at `parts.<name>.<field>`. */
function readPart<T>(parts: Readonly<Record<string, unknown>>, name: string, read: (reader: PayloadReader) => T): T {
  try {
    return read(PayloadReader.of(parts[name]));
  } catch (error) {
    if (error instanceof PayloadError) throw new PayloadError(error.path ? `parts.${name}.${error.path}` : `parts.${name}`, error.message);
    throw error;
  }
}

/** The order's currency: `OrderTotal`'s; without a total (Pending), the items' first amount's; else the channel's. */
function currencyOf(order: V0Order, items: V0Item[], channel: ChannelContext): string {
  if (order.orderTotal) return order.orderTotal.currency;
  for (const item of items) {
    const first = [item.itemPrice, item.itemTax, item.shippingPrice, item.promotionDiscount].find((m): m is Money => m !== null);
    if (first) return first.currency;
  }
  return channel.currencyCode;
}

const show = (minor: number, currency: string) => `${formatMinor(minor, currency)} ${currency}`;

/**
 * Joins the v0 parts of one order into an OrderRecord: `order` (getOrder / getOrders) and
 * `items` (getOrderItems) are needed, `buyer` (getOrderBuyerInfo) is used when present and
 * `address` (getOrderAddress) is validated only. Returns null while `order` or `items` is
 * missing. README.md, "The v0 order", documents every rule.
 */
export function assembleV0(parts: Readonly<Record<string, unknown>>, orderExternalId: string, channel: ChannelContext): NormalizeResult | null {
  if (parts.order === undefined || parts.items === undefined) return null;
  const order = readPart(parts, 'order', readV0Order);
  const items = readPart(parts, 'items', readV0Items);
  const buyer = parts.buyer === undefined ? null : readPart(parts, 'buyer', readV0Buyer);
  const address = parts.address === undefined ? null : readPart(parts, 'address', readV0Address);
  for (const [name, id] of [['order', order.amazonOrderId], ['items', items.amazonOrderId], ['buyer', buyer?.amazonOrderId], ['address', address?.amazonOrderId]]) {
    if (id !== undefined && id !== orderExternalId) throw new PayloadError(`parts.${name}.AmazonOrderId`, `expected order ${orderExternalId}, got ${id}`);
  }

  const warnings: string[] = [];
  const currency = currencyOf(order, items.items, channel);
  const taxesIncluded = channel.settings.pricesIncludeTax === true;
  const none = zero(currency);
  const lines: OrderLineRecord[] = [];
  let shippingPrice = none;
  let shippingDiscount = none;
  let shippingTax = none;
  for (const item of items.items) {
    const take = (money: Money | null, key: string) => inOrderCurrency(money, currency, `parts.items.${item.path}.${key}`, warnings);
    const at = `order ${orderExternalId} item ${item.orderItemId}`;
    if (item.quantity === 0) warnings.push(`${at}: QuantityOrdered 0 and no price: no line`);
    else {
      if (item.itemPrice === null && order.orderStatus !== 'Pending') warnings.push(`${at}: no ItemPrice: a line at 0`);
      const product = { sku: item.sku, title: item.title, quantity: item.quantity };
      lines.push(...linesOf({ ...product, gross: take(item.itemPrice, 'ItemPrice'), discount: take(item.promotionDiscount, 'PromotionDiscount'), tax: take(item.itemTax, 'ItemTax') }, taxesIncluded));
    }
    const giftWrap = take(item.giftWrapPrice, 'GiftWrapPrice');
    const giftWrapTax = take(item.giftWrapTax, 'GiftWrapTax');
    if (giftWrap.minor > 0 || giftWrapTax.minor > 0) {
      lines.push(...linesOf({ sku: null, title: `Gift wrap: ${item.title}`, quantity: 1, gross: giftWrap, discount: none, tax: giftWrapTax }, taxesIncluded));
    }
    const codFee = take(item.codFee, 'CODFee');
    const codFeeDiscount = take(item.codFeeDiscount, 'CODFeeDiscount');
    if (codFee.minor > 0 || codFeeDiscount.minor > 0) {
      lines.push(...linesOf({ sku: null, title: 'Cash on delivery fee', quantity: 1, gross: codFee, discount: codFeeDiscount, tax: none }, taxesIncluded));
    }
    shippingPrice = add(shippingPrice, take(item.shippingPrice, 'ShippingPrice'));
    shippingDiscount = add(shippingDiscount, take(item.shippingDiscount, 'ShippingDiscount'));
    shippingTax = add(shippingTax, take(item.shippingTax, 'ShippingTax'));
    for (const [key, money] of [['PromotionDiscountTax', item.promotionDiscountTax], ['ShippingDiscountTax', item.shippingDiscountTax]] as const) {
      if (money !== null && money.minor !== 0) warnings.push(`${at}: ${key} ${show(money.minor, money.currency)} is not taken into taxTotal`);
    }
    if (item.buyerRequestedCancel) warnings.push(`${at}: the buyer asked to cancel (${item.buyerCancelReason ?? 'no reason given'})`);
  }

  const subtotal = sum(lines.map((line) => multiply(line.unitPrice, line.quantity)), currency);
  const discountTotal = sum(lines.map((line) => line.discount), currency);
  const taxTotal = add(sum(lines.map((line) => line.tax), currency), shippingTax);
  const shippingTotal = subtract(shippingPrice, shippingDiscount);
  const total = order.orderTotal ?? none;
  if (order.orderTotal === null) {
    const owed = subtotal.minor - discountTotal.minor + shippingTotal.minor + (taxesIncluded ? 0 : taxTotal.minor);
    warnings.push(`order ${orderExternalId} (${order.orderStatus}) has no OrderTotal yet: total 0 until Amazon states it; its lines come to ${show(owed, currency)}`);
  }

  const everyItemCancelled = items.items.length > 0 && items.items.every((item) => item.buyerRequestedCancel);
  const result: OrderRecord = {
    kind: 'order',
    externalId: orderExternalId,
    number: orderExternalId,
    status: statusOf(V0_STATUS, order.orderStatus, everyItemCancelled, `order ${orderExternalId}: OrderStatus`, warnings),
    placedAt: order.purchaseDate,
    currency,
    subtotal,
    discountTotal,
    taxTotal,
    shippingTotal,
    total,
    refundedTotal: none,
    taxesIncluded,
    couponCodes: [...new Set(items.items.flatMap((item) => item.promotionIds))],
    lines,
    customer: buyer ? buyerIdentity(buyer.email, buyer.name) : null,
    sourceUpdatedAt: order.lastUpdateDate,
    sourceVersion: null,
  };
  return record(result, warnings);
}
