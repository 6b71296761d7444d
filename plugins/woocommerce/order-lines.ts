import { add, fromMinor, linesForCharge, subtract, zero, type Money, type OrderLineRecord, type PayloadReader } from '../../src/plugin-sdk';
import { decodeEntities } from './text';

/** An optional amount: zero when absent, null or "". */
export function optMoney(reader: PayloadReader, key: string, currency: string): Money {
  if (reader.isMissing(key)) return zero(currency); // isMissing has checked that reader.value is an object
  return (reader.value as Record<string, unknown>)[key] === '' ? zero(currency) : reader.money(key, currency);
}

/**
 * `line_items[]`: amounts come from the decimal strings `subtotal`, `total`, `subtotal_tax` and
 * `total_tax`, never from the float `price` (which is WooCommerce's unrounded `total / quantity`,
 * after discounts). WooCommerce states line amounts before tax even when prices include tax;
 * then the line is taken with its tax in it, as the customer saw it.
 */
export function productLines(item: PayloadReader, currency: string, taxesIncluded: boolean): OrderLineRecord[] {
  const quantity = item.int('quantity');
  if (quantity <= 0) item.reject(`expected a positive quantity, got ${quantity}`, 'quantity');
  const subtotal = item.money('subtotal', currency);
  const net = item.money('total', currency);
  const tax = optMoney(item, 'total_tax', currency);
  const gross = taxesIncluded ? add(subtotal, optMoney(item, 'subtotal_tax', currency)) : subtotal;
  if (gross.minor < 0) item.reject('expected a line subtotal of zero or more', 'subtotal');
  const total = taxesIncluded ? add(net, tax) : net;
  const title = item.optString('name');
  return linesForCharge(
    {
      sku: item.optString('sku'),
      title: title === null ? `product ${item.optId('product_id') ?? '?'}` : decodeEntities(title),
      quantity,
      gross,
      discount: subtract(gross, total),
      tax,
    },
    taxesIncluded,
  );
}

/**
 * `fee_lines[]` of zero or more become a line of quantity 1 (no SKU). A negative fee is how
 * WooCommerce records an ad-hoc discount: it is returned as `discount` for the order's
 * discountTotal, and makes no line.
 */
export function feeLine(fee: PayloadReader, currency: string, taxesIncluded: boolean): { line: OrderLineRecord | null; discount: Money } {
  const amount = fee.money('total', currency);
  const tax = optMoney(fee, 'total_tax', currency);
  const gross = taxesIncluded ? add(amount, tax) : amount;
  if (gross.minor < 0) return { line: null, discount: fromMinor(-gross.minor, currency) };
  const name = fee.optString('name');
  return {
    line: {
      sku: null,
      title: name === null ? 'Fee' : decodeEntities(name),
      quantity: 1,
      unitPrice: gross,
      discount: zero(currency),
      tax,
      total: taxesIncluded ? gross : add(gross, tax),
    },
    discount: zero(currency),
  };
}
