import { add, formatMinor, multiply, type Money, type OrderLineRecord, type PayloadReader } from '../../src/plugin-sdk';
import { orderLine, shippingOf } from './order-lines';
import type { ShopMoney } from './shop-money';

export interface OrderMoney {
  lines: OrderLineRecord[];
  subtotal: Money;
  discountTotal: Money;
  taxTotal: Money;
  shippingTotal: Money;
  total: Money;
}

/** Warns when an order-level figure Shopify states disagrees with the one built from the parts. */
function compare(order: PayloadReader, money: ShopMoney, key: string, built: Money, source: string): void {
  if (order.isMissing(key) && order.isMissing(`${key}_set`)) return;
  const stated = money.read(order, key);
  if (stated && stated.minor !== built.minor) {
    const [a, b] = [formatMinor(stated.minor, money.currency), formatMinor(built.minor, money.currency)];
    money.warnings.push(`${key} ${a} differs from ${source} ${b}; ${source} win`);
  }
}

/**
 * The money of an order with `line_items`: lines from their shop-money price, discount
 * allocations and tax lines; order discounts = line + shipping allocations (never
 * `discount_codes[].amount`, and `total_discounts` only to warn); taxes = line + shipping tax lines.
 */
function fromLines(order: PayloadReader, money: ShopMoney, taxesIncluded: boolean): OrderMoney {
  const items = order.items('line_items');
  const lines = items.map((item) => orderLine(item, money, taxesIncluded)).filter((l): l is OrderLineRecord => l !== null);
  const shipping = shippingOf(order, money);
  const discountTotal = add(money.total(lines.map((l) => l.discount)), shipping.discount);
  const taxTotal = add(money.total(lines.map((l) => l.tax)), shipping.tax);
  compare(order, money, 'total_discounts', discountTotal, 'the discount allocations');
  compare(order, money, 'total_tax', taxTotal, 'the tax lines');
  return {
    lines,
    subtotal: money.total(lines.map((l) => multiply(l.unitPrice, l.quantity))),
    discountTotal,
    taxTotal,
    shippingTotal: shipping.price,
    total: money.read(order, 'total_price') ?? money.zero(),
  };
}

/**
 * The money of a summary order without `line_items` (an orders list export): the order-level
 * `total_line_items_price`, `total_discounts`, `total_tax` and the shipping, and no lines.
 */
function fromSummary(order: PayloadReader, money: ShopMoney): OrderMoney {
  return {
    lines: [],
    subtotal: money.read(order, 'total_line_items_price') ?? money.zero(),
    discountTotal: money.readOptional(order, 'total_discounts') ?? money.zero(),
    taxTotal: money.readOptional(order, 'total_tax') ?? money.zero(),
    shippingTotal: shippingOf(order, money).price,
    total: money.read(order, 'total_price') ?? money.zero(),
  };
}

function hasLines(order: PayloadReader): boolean {
  if (order.isMissing('line_items')) return false;
  return order.items('line_items').length > 0;
}

export function orderMoney(order: PayloadReader, money: ShopMoney, taxesIncluded: boolean): OrderMoney {
  return hasLines(order) ? fromLines(order, money, taxesIncluded) : fromSummary(order, money);
}
