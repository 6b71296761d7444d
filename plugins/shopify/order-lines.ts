import { add, multiply, subtract, type Money, type OrderLineRecord, type PayloadReader } from '../../src/plugin-sdk';
import type { ShopMoney } from './shop-money';

/** Discounts, taxes and price of the order's shipping lines. */
export interface Shipping {
  price: Money;
  discount: Money;
  tax: Money;
}

/** Σ `discount_allocations[].amount` (shop money) of a line item or shipping line. */
function allocations(reader: PayloadReader, money: ShopMoney): Money {
  return money.total(reader.optItems('discount_allocations').map((a) => money.read(a, 'amount')));
}

/** Σ `tax_lines[].price` (shop money), channel-liable ones included: the buyer paid them. */
function taxes(reader: PayloadReader, money: ShopMoney): Money {
  return money.total(reader.optItems('tax_lines').map((t) => money.read(t, 'price')));
}

/** "Title - Variant", as Shopify's own line `name` reads; the title alone for a default variant. */
function titleOf(item: PayloadReader): string {
  const title = item.optString('title');
  const variant = item.optString('variant_title');
  if (!title) return item.optString('name') ?? '';
  return variant && variant !== 'Default Title' ? `${title} - ${variant}` : title;
}

/**
 * One order line from a `line_items[]` element, or null when its price is in another currency
 * than the order's (reported by `money`). The discount is the line's `discount_allocations`,
 * not `total_discount` (which Shopify can leave at "0.00" for code discounts).
 */
export function orderLine(item: PayloadReader, money: ShopMoney, taxesIncluded: boolean): OrderLineRecord | null {
  const quantity = item.int('quantity');
  if (quantity <= 0) item.reject(`expected a positive quantity, got ${quantity}`, 'quantity');
  const unitPrice = money.read(item, 'price');
  const discount = allocations(item, money);
  const tax = taxes(item, money);
  const sku = item.optString('sku');
  const title = titleOf(item);
  if (!unitPrice) return null;
  const net = subtract(multiply(unitPrice, quantity), discount);
  return { sku, title, quantity, unitPrice, discount, tax, total: taxesIncluded ? net : add(net, tax) };
}

/**
 * The order's shipping: Σ `shipping_lines[].price` before discounts, their discount allocations
 * and their taxes; without `shipping_lines`, `total_shipping_price_set` with no discount or tax
 * of its own (those are then inside the order's `total_discounts` / `total_tax`).
 */
export function shippingOf(order: PayloadReader, money: ShopMoney): Shipping {
  if (order.isMissing('shipping_lines')) {
    return { price: money.readOptional(order, 'total_shipping_price') ?? money.zero(), discount: money.zero(), tax: money.zero() };
  }
  const lines = order.items('shipping_lines');
  return {
    price: money.total(lines.map((s) => money.read(s, 'price'))),
    discount: money.total(lines.map((s) => allocations(s, money))),
    tax: money.total(lines.map((s) => taxes(s, money))),
  };
}
