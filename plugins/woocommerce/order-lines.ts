import { add, fromMinor, subtract, zero, type Money, type OrderLineRecord, type PayloadReader } from '../../src/plugin-sdk';
import { decodeEntities } from './text';

/** An optional amount: zero when absent, null or "". */
export function optMoney(reader: PayloadReader, key: string, currency: string): Money {
  if (reader.isMissing(key)) return zero(currency); // isMissing has checked that reader.value is an object
  return (reader.value as Record<string, unknown>)[key] === '' ? zero(currency) : reader.money(key, currency);
}

/** What one WooCommerce line charges, before it is cut into order lines. */
interface LineCharge {
  sku: string | null;
  title: string;
  quantity: number;
  /** unitPrice × quantity as the channel states it: `subtotal` (+ `subtotal_tax` when prices include tax). */
  gross: Money;
  discount: Money;
  tax: Money;
}

/** `amount × part / whole`, rounded toward zero, exactly (BigInt: products of minor units can pass 2^53). */
function share(amount: Money, part: number, whole: number): Money {
  return fromMinor((BigInt(amount.minor) * BigInt(part)) / BigInt(whole), amount.currency);
}

/**
 * The order line(s) of one charge. The unit price is `gross / quantity`; when that is not a whole
 * number of minor units (3 for "10.00"), the line is cut in two lines of the same product whose
 * unit prices differ by one minor unit (1 × 3.34 and 2 × 3.33), so that every amount stays
 * exact. The discount and the tax are shared between the two in proportion to their gross.
 */
function linesOf(charge: LineCharge, taxesIncluded: boolean): OrderLineRecord[] {
  const { quantity, gross } = charge;
  const base = Number(BigInt(gross.minor) / BigInt(quantity)); // gross is zero or more
  const remainder = gross.minor - base * quantity;
  const parts =
    remainder === 0
      ? [{ quantity, unitPrice: fromMinor(base, gross.currency) }]
      : [
          { quantity: remainder, unitPrice: fromMinor(base + 1, gross.currency) },
          { quantity: quantity - remainder, unitPrice: fromMinor(base, gross.currency) },
        ];
  let discountLeft = charge.discount;
  let taxLeft = charge.tax;
  return parts.map((part, i) => {
    const partGross = fromMinor(part.unitPrice.minor * part.quantity, gross.currency);
    const last = i === parts.length - 1;
    const discount = last ? discountLeft : share(charge.discount, partGross.minor, gross.minor);
    const tax = last ? taxLeft : share(charge.tax, partGross.minor, gross.minor);
    discountLeft = subtract(discountLeft, discount);
    taxLeft = subtract(taxLeft, tax);
    const net = subtract(partGross, discount);
    return { sku: charge.sku, title: charge.title, quantity: part.quantity, unitPrice: part.unitPrice, discount, tax, total: taxesIncluded ? net : add(net, tax) };
  });
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
  return linesOf(
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
