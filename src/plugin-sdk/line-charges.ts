import { add, fromMinor, subtract, type Money } from '../money';
import type { OrderLineRecord } from './records';

/** One product line as channels that state line totals give it (Amazon `ItemPrice`, WooCommerce `subtotal`). */
export interface LineCharge {
  sku: string | null;
  title: string;
  quantity: number;
  /** The price of all `quantity` units together, zero or more. */
  gross: Money;
  discount: Money;
  tax: Money;
}

/** `amount × part / whole`, rounded toward zero, exactly (products of minor units can pass 2^53). */
function share(amount: Money, part: number, whole: number): Money {
  if (whole === 0) return fromMinor(0, amount.currency);
  return fromMinor((BigInt(amount.minor) * BigInt(part)) / BigInt(whole), amount.currency);
}

/**
 * The order line(s) of a charge stated as a line total. The unit price is `gross / quantity`;
 * when that is not a whole number of minor units ("10.00" for 3), the line is cut into two lines
 * of the same product whose unit prices differ by one minor unit (1 × 3.34 and 2 × 3.33), so
 * every amount stays exact and the lines add up to the channel's total. The discount and the
 * tax are shared between the two in proportion to their gross, the last line taking what is left.
 *
 * @example linesForCharge({ sku: 'TEA', title: 'Tea', quantity: 3, gross: parseMoney('10.00', 'USD'), discount: zero('USD'), tax: zero('USD') }, false)
 * // two lines: 1 × 3.34 and 2 × 3.33
 */
export function linesForCharge(charge: LineCharge, taxesIncluded: boolean): OrderLineRecord[] {
  const { quantity, gross } = charge;
  const base = Number(BigInt(gross.minor) / BigInt(quantity));
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
