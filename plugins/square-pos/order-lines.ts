import { add, formatMinor, fromMinor, multiply, subtract, sum, type Money, type OrderLineRecord, type PayloadReader } from '../../src/plugin-sdk';
import { optOrderMoney, orderMoney } from './money';

/**
 * Square's `quantity` is a decimal string ("2", "2.000", "1.5" for a weighed item). salesgraph
 * counts whole units: a fractional or non-positive quantity is rejected at its path.
 */
export function quantityOf(item: PayloadReader): number {
  item.isMissing('quantity'); // rejects a line that is not an object, at the line's path
  const raw = (item.value as Record<string, unknown>).quantity;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) return raw;
  const text = typeof raw === 'string' ? raw.trim() : '';
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return item.reject(`expected a quantity such as "2", got ${JSON.stringify(raw ?? null)}`, 'quantity');
  if (match[2] !== undefined && /[1-9]/.test(match[2])) {
    return item.reject(`fractional quantity "${text}" (an item sold by weight or measure): salesgraph stores whole units only`, 'quantity');
  }
  const quantity = Number(match[1]);
  if (!Number.isSafeInteger(quantity) || quantity <= 0) return item.reject(`expected a positive quantity, got "${text}"`, 'quantity');
  return quantity;
}

/** Square's gross sales of a line: `gross_sales_money`, or, when absent, base price × quantity plus the modifiers. */
function grossOf(item: PayloadReader, currency: string, quantity: number): Money {
  if (!item.isMissing('gross_sales_money')) return orderMoney(item, 'gross_sales_money', currency);
  const base = multiply(orderMoney(item, 'base_price_money', currency), quantity);
  return add(base, sum(item.optItems('modifiers').map((m) => optOrderMoney(m, 'total_price_money', currency)), currency));
}

function titleOf(item: PayloadReader): string {
  const name = item.optString('name') ?? 'Custom amount';
  const variation = item.optString('variation_name');
  return variation && variation !== 'Regular' ? `${name} (${variation})` : name;
}

/**
 * One `line_items[]` entry. The unit price is the line's gross sales ÷ quantity: the variation's
 * `base_price_money` plus its modifiers per unit ("Well" on a steak), so that unit × quantity
 * is exactly what Square charged before discounts. The line total leaves out the service charges
 * Square apportions to the line: they are in the order's shippingTotal.
 */
export function lineOf(item: PayloadReader, currency: string, taxesIncluded: boolean): OrderLineRecord {
  const quantity = quantityOf(item);
  const gross = grossOf(item, currency, quantity);
  if (gross.minor % quantity !== 0) {
    item.reject(`gross sales ${formatMinor(gross.minor, currency)} ${currency} is not a whole number of minor units per unit for quantity ${quantity}`, 'gross_sales_money');
  }
  const discount = optOrderMoney(item, 'total_discount_money', currency);
  const tax = optOrderMoney(item, 'total_tax_money', currency);
  const total = subtract(orderMoney(item, 'total_money', currency), optOrderMoney(item, 'total_service_charge_money', currency));
  const expected = subtract(gross, discount).minor + (taxesIncluded ? 0 : tax.minor);
  if (total.minor !== expected) {
    const formula = taxesIncluded ? 'gross sales − discount' : 'gross sales − discount + tax';
    item.reject(
      `total_money (less service charges) is ${formatMinor(total.minor, currency)} ${currency}, but ${formula} is ${formatMinor(expected, currency)} ${currency}`,
      'total_money',
    );
  }
  return {
    sku: item.optId('catalog_object_id'),
    title: titleOf(item),
    quantity,
    unitPrice: fromMinor(gross.minor / quantity, currency),
    discount,
    tax,
    total,
  };
}
