/**
 * Amazon Orders API 2026-01-01: `searchOrders` and `getOrder` carry whole orders, items inline,
 * in lower camel case with `{amount, currencyCode}` money. README.md, "The 2026 order".
 */
import {
  add,
  formatMinor,
  multiply,
  subtract,
  sum,
  zero,
  type ChannelContext,
  type Money,
  type OrderLineRecord,
  type OrderRecord,
  type PayloadReader,
} from '../../src/plugin-sdk';
import { amountAt, currencyOf as currencyCodeOf, inOrderCurrency, optAmountAt, V2026_MONEY } from './amounts';
import { buyerIdentity } from './customer';
import { linesForCharge as linesOf } from '../../src/plugin-sdk';
import { statusOf, V2026_STATUS } from './status';

const show = (money: Money) => `${formatMinor(money.minor, money.currency)} ${money.currency}`;

/** `proceeds.grandTotal`'s currency; else the first item's unit price's; else the channel's. */
function currencyOf(order: PayloadReader, grandTotal: Money | null, channel: ChannelContext): string {
  if (grandTotal) return grandTotal.currency;
  for (const item of order.items('orderItems')) {
    const unitPrice = item.optAt('product')?.optAt('price')?.optAt('unitPrice');
    if (unitPrice) return currencyCodeOf(unitPrice, V2026_MONEY);
  }
  return channel.currencyCode;
}

/** What one 2026 item adds to the order besides its lines. */
interface ItemExtras {
  shipping: Money;
  shippingTax: Money;
  cancelled: boolean;
  promotionIds: string[];
}

/**
 * One element of `orderItems`: its product line (the ITEM breakdown of `proceeds`, else
 * `product.price.unitPrice` × `quantityOrdered`), with TAX as its tax and DISCOUNT/PROMOTION
 * breakdowns as its discount; SHIPPING and SHIPPING_TAX go to the order's shipping and tax;
 * any other breakdown (GIFT_WRAP, COD_FEE…) becomes a line of its own.
 */
function itemOf(item: PayloadReader, currency: string, orderId: string, lines: OrderLineRecord[], warnings: string[]): ItemExtras {
  const none = zero(currency);
  const take = (money: Money | null, where: string) => inOrderCurrency(money, currency, where, warnings);
  const quantity = item.int('quantityOrdered');
  if (quantity <= 0) item.reject(`expected a positive quantity, got ${quantity}`, 'quantityOrdered');
  const product = item.at('product');
  const itemId = item.id('orderItemId');
  const asin = product.optString('asin');
  const title = product.optString('title') ?? (asin !== null ? `ASIN ${asin}` : `item ${itemId}`);
  const sku = product.optString('sellerSku');
  const price = product.optAt('price');
  const unitPrice = price ? take(optAmountAt(price, 'unitPrice', V2026_MONEY), `${price.path}.unitPrice`) : null;

  let itemGross: Money | null = null;
  let discount = none;
  let tax = none;
  let shipping = none;
  let shippingTax = none;
  const charges: Array<{ type: string; amount: Money }> = [];
  const proceeds = item.optAt('proceeds');
  for (const breakdown of proceeds?.optItems('breakdowns') ?? []) {
    const type = breakdown.string('type').trim().toUpperCase();
    const amount = take(amountAt(breakdown, 'subtotal', V2026_MONEY), `${breakdown.path}.subtotal`);
    const magnitude = amount.minor < 0 ? multiply(amount, -1) : amount;
    if (type === 'ITEM') itemGross = add(itemGross ?? none, amount);
    else if (type.includes('SHIPPING') && type.includes('TAX')) shippingTax = add(shippingTax, amount);
    else if (type.includes('SHIPPING') && (type.includes('DISCOUNT') || type.includes('PROMOTION'))) shipping = subtract(shipping, magnitude);
    else if (type.includes('SHIPPING')) shipping = add(shipping, amount);
    else if (type.includes('TAX')) tax = add(tax, amount);
    else if (type.includes('DISCOUNT') || type.includes('PROMOTION')) discount = add(discount, magnitude);
    else if (amount.minor < 0) discount = add(discount, magnitude);
    else charges.push({ type, amount });
  }
  if (itemGross === null) {
    if (unitPrice === null) warnings.push(`order ${orderId} item ${itemId}: no unit price nor ITEM proceeds: a line at 0`);
    itemGross = unitPrice === null ? none : multiply(unitPrice, quantity);
  } else if (unitPrice !== null && multiply(unitPrice, quantity).minor !== itemGross.minor) {
    warnings.push(`order ${orderId} item ${itemId}: unitPrice ${show(unitPrice)} × ${quantity} is not the ITEM proceeds ${show(itemGross)}: the proceeds are kept`);
  }
  if (itemGross.minor < 0) item.reject('expected an item price of zero or more', 'proceeds');
  lines.push(...linesOf({ sku, title, quantity, gross: itemGross, discount, tax }, false));
  for (const charge of charges) lines.push(...linesOf({ sku: null, title: `${charge.type}: ${title}`, quantity: 1, gross: charge.amount, discount: none, tax: none }, false));

  const stated = proceeds ? optAmountAt(proceeds, 'proceedsTotal', V2026_MONEY) : null;
  if (stated !== null && stated.currency === currency) {
    const charged = sum([itemGross, ...charges.map((c) => c.amount), tax, shipping, shippingTax], currency).minor - discount.minor;
    if (charged !== stated.minor) warnings.push(`order ${orderId} item ${itemId}: its breakdowns come to ${formatMinor(charged, currency)} ${currency}, proceedsTotal says ${show(stated)}`);
  }
  const promotionIds = (item.optAt('promotion')?.optItems('breakdowns') ?? []).map((b) => b.optString('promotionId')).filter((id): id is string => id !== null);
  return { shipping, shippingTax, cancelled: !item.isMissing('cancellation'), promotionIds };
}

/** One 2026 order (an element of `searchOrders`' `orders`, or `getOrder`'s `order`). */
export function orderOf2026(order: PayloadReader, channel: ChannelContext, warnings: string[]): OrderRecord {
  const externalId = order.id('orderId');
  const proceeds = order.optAt('proceeds');
  const grandTotal = proceeds ? optAmountAt(proceeds, 'grandTotal', V2026_MONEY) : null;
  if (grandTotal !== null && grandTotal.minor < 0) order.at('proceeds').at('grandTotal').reject('expected a total of zero or more', 'amount');
  const currency = currencyOf(order, grandTotal, channel);
  const none = zero(currency);

  const lines: OrderLineRecord[] = [];
  const extras = order.items('orderItems').map((item) => itemOf(item, currency, externalId, lines, warnings));
  const subtotal = sum(lines.map((line) => multiply(line.unitPrice, line.quantity)), currency);
  const discountTotal = sum(lines.map((line) => line.discount), currency);
  const shippingTotal = sum(extras.map((e) => e.shipping), currency);
  const taxTotal = add(sum(lines.map((line) => line.tax), currency), sum(extras.map((e) => e.shippingTax), currency));
  if (grandTotal === null) {
    const owed = subtotal.minor - discountTotal.minor + shippingTotal.minor + taxTotal.minor;
    warnings.push(`order ${externalId} has no proceeds.grandTotal yet: total 0 until Amazon states it; its lines come to ${formatMinor(owed, currency)} ${currency}`);
  }

  const stated = order.at('fulfillment').string('fulfillmentStatus').trim().toUpperCase();
  const everyItemCancelled = extras.length > 0 && extras.every((e) => e.cancelled);
  const buyer = order.optAt('buyer');
  return {
    kind: 'order',
    externalId,
    number: externalId,
    status: statusOf(V2026_STATUS, stated, everyItemCancelled, `order ${externalId}: fulfillment.fulfillmentStatus`, warnings),
    placedAt: order.date('createdTime'),
    currency,
    subtotal,
    discountTotal,
    taxTotal,
    shippingTotal,
    total: grandTotal ?? none,
    refundedTotal: none,
    taxesIncluded: false,
    couponCodes: [...new Set(extras.flatMap((e) => e.promotionIds))],
    lines,
    customer: buyer ? buyerIdentity(buyer.optString('buyerEmail'), buyer.optString('buyerName')) : null,
    sourceUpdatedAt: order.optDate('lastUpdatedTime'),
    sourceVersion: null,
  };
}
