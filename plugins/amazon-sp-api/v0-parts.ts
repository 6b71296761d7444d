/**
 * Amazon Orders API v0: the pieces of one order as their responses state them. Each reader
 * validates its piece (a bad field is rejected at its path), so a bad piece is refused when it
 * arrives, before it is kept; `assemble` reads the kept pieces again with the same readers.
 */
import type { Money, PayloadReader } from '../../src/plugin-sdk';
import { optAmountAt, optNonNegativeAt, V0_MONEY } from './amounts';

/** `getOrder` / an element of `getOrders`' `Orders`. */
export interface V0Order {
  amazonOrderId: string;
  orderStatus: string;
  purchaseDate: Date;
  lastUpdateDate: Date | null;
  /** Absent while the order is Pending (and on some cancelled orders). */
  orderTotal: Money | null;
}

export function readV0Order(order: PayloadReader): V0Order {
  const orderTotal = optAmountAt(order, 'OrderTotal', V0_MONEY);
  if (orderTotal !== null && orderTotal.minor < 0) order.at('OrderTotal').reject('expected an order total of zero or more', 'Amount');
  return {
    amazonOrderId: order.id('AmazonOrderId'),
    orderStatus: order.string('OrderStatus').trim(),
    purchaseDate: order.date('PurchaseDate'),
    lastUpdateDate: order.optDate('LastUpdateDate'),
    orderTotal,
  };
}

/** One element of `getOrderItems`' `OrderItems`. Every amount is optional (Pending items have none). */
export interface V0Item {
  path: string;
  orderItemId: string;
  sku: string | null;
  title: string;
  quantity: number;
  itemPrice: Money | null;
  itemTax: Money | null;
  promotionDiscount: Money | null;
  promotionDiscountTax: Money | null;
  shippingPrice: Money | null;
  shippingTax: Money | null;
  shippingDiscount: Money | null;
  shippingDiscountTax: Money | null;
  giftWrapPrice: Money | null;
  giftWrapTax: Money | null;
  codFee: Money | null;
  codFeeDiscount: Money | null;
  promotionIds: string[];
  /** `BuyerRequestedCancel.IsBuyerRequestedCancel` ("true"/"false", or a boolean). */
  buyerRequestedCancel: boolean;
  buyerCancelReason: string | null;
}

function readItem(item: PayloadReader): V0Item {
  const quantity = item.int('QuantityOrdered');
  if (quantity < 0) item.reject(`expected a quantity of zero or more, got ${quantity}`, 'QuantityOrdered');
  const amount = (key: string) => optNonNegativeAt(item, key, V0_MONEY);
  const cancel = item.optAt('BuyerRequestedCancel');
  const asin = item.optString('ASIN');
  const orderItemId = item.id('OrderItemId');
  const itemPrice = amount('ItemPrice');
  if (quantity === 0 && itemPrice !== null && itemPrice.minor > 0) item.reject('expected a positive quantity for an item with a price', 'QuantityOrdered');
  return {
    path: item.path,
    orderItemId,
    sku: item.optString('SellerSKU'),
    title: item.optString('Title') ?? (asin !== null ? `ASIN ${asin}` : `item ${orderItemId}`),
    quantity,
    itemPrice,
    itemTax: amount('ItemTax'),
    promotionDiscount: amount('PromotionDiscount'),
    promotionDiscountTax: amount('PromotionDiscountTax'),
    shippingPrice: amount('ShippingPrice'),
    shippingTax: amount('ShippingTax'),
    shippingDiscount: amount('ShippingDiscount'),
    shippingDiscountTax: amount('ShippingDiscountTax'),
    giftWrapPrice: amount('GiftWrapPrice'),
    giftWrapTax: amount('GiftWrapTax'),
    codFee: amount('CODFee'),
    codFeeDiscount: amount('CODFeeDiscount'),
    promotionIds: item.optItems('PromotionIds').map((id, i) => {
      if (typeof id.value !== 'string') item.reject(`expected a promotion id string`, `PromotionIds[${i}]`);
      return (id.value as string).trim();
    }).filter((id) => id !== ''),
    buyerRequestedCancel: cancel?.optBool('IsBuyerRequestedCancel') ?? false,
    buyerCancelReason: cancel?.optString('BuyerCancelReason') ?? null,
  };
}

/** `getOrderItems`. */
export interface V0Items {
  amazonOrderId: string;
  items: V0Item[];
  /** Set when Amazon has more pages of items for this order. */
  nextToken: string | null;
}

export function readV0Items(items: PayloadReader): V0Items {
  return {
    amazonOrderId: items.id('AmazonOrderId'),
    items: items.items('OrderItems').map(readItem),
    nextToken: items.optString('NextToken'),
  };
}

/** `getOrderBuyerInfo`: the relay e-mail and the buyer's name, when a restricted-data token allowed them. */
export interface V0Buyer {
  amazonOrderId: string;
  email: string | null;
  name: string | null;
}

export function readV0Buyer(buyer: PayloadReader): V0Buyer {
  return { amazonOrderId: buyer.id('AmazonOrderId'), email: buyer.optString('BuyerEmail'), name: buyer.optString('BuyerName') };
}

/** `getOrderAddress`: validated and kept, though an OrderRecord has no address (see README). */
export interface V0Address {
  amazonOrderId: string;
  countryCode: string | null;
}

export function readV0Address(address: PayloadReader): V0Address {
  const shipping = address.optAt('ShippingAddress');
  return { amazonOrderId: address.id('AmazonOrderId'), countryCode: shipping?.optString('CountryCode') ?? null };
}
