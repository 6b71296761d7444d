/**
 * One row of the file read as a receipt line: every value checked, amounts exact in the
 * line's currency. A bad value is an error message naming the column, never a throw.
 */
import { add, multiply, MoneyError, normalizeCurrencyCode, PayloadError, PayloadReader, subtract, type Money } from '../../src/plugin-sdk';

export interface ReceiptLine {
  line: number;
  storeCode: string;
  receiptId: string;
  soldAt: Date;
  sku: string | null;
  title: string;
  /** Negative on a return line. */
  quantity: number;
  unitPrice: Money;
  discount: Money;
  tax: Money;
  /** unit_price × quantity − discount + tax: negative on a return line. */
  total: Money;
  currency: string;
  originalReceiptId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
}

export type LineRead = { ok: true; value: ReceiptLine } | { ok: false; line: number; message: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An amount column; blank discount or tax is zero. */
function amount(row: PayloadReader, key: string, currency: string, blankIsZero: boolean): Money {
  const text = row.optString(key);
  if (text === null) {
    if (blankIsZero) return { minor: 0, currency };
    row.reject('is empty: expected a decimal amount', key);
  }
  return row.money(key, currency);
}

function readLine(fields: Readonly<Record<string, string>>, line: number, defaultCurrency: string): ReceiptLine {
  const row = PayloadReader.of(fields);
  const storeCode = row.optString('store_code') ?? row.reject('is empty: every line needs its store code', 'store_code');
  const receiptId = row.optString('receipt_id') ?? row.reject('is empty: every line needs its receipt id', 'receipt_id');
  const soldAt = row.date('sold_at');
  const code = row.optString('currency') ?? defaultCurrency;
  let currency: string;
  try {
    currency = normalizeCurrencyCode(code);
  } catch (error) {
    return row.reject(error instanceof MoneyError ? error.message : String(error), 'currency');
  }
  const sku = row.optString('sku');
  const title = row.optString('title') ?? sku ?? row.reject('is empty, and so is sku: a line needs a title', 'title');
  const quantity = row.int('quantity');
  if (quantity === 0) row.reject('is 0: a line sells (positive) or returns (negative) at least one item', 'quantity');
  const originalReceiptId = row.optString('original_receipt_id');
  if (quantity < 0 && originalReceiptId === null) {
    row.reject(`is ${quantity}: a negative quantity is a return and needs original_receipt_id (the receipt it returns from)`, 'quantity');
  }
  if (quantity > 0 && originalReceiptId !== null) {
    row.reject(`is set on a sold line (quantity ${quantity}): only returns (negative quantities) refer to an original receipt`, 'original_receipt_id');
  }
  const unitPrice = amount(row, 'unit_price', currency, false);
  const discount = amount(row, 'discount', currency, true);
  const tax = amount(row, 'tax', currency, true);
  if (unitPrice.minor < 0) row.reject('is negative: a returned item is a negative quantity at its positive price', 'unit_price');
  // A return line is its sale line negated: quantity, discount and tax all ≤ 0 (see README).
  const sign = quantity > 0 ? 1 : -1;
  const word = sign > 0 ? 'a sold line' : 'a return line';
  if (discount.minor * sign < 0) row.reject(`has the wrong sign for ${word} (${sign > 0 ? 'must be 0 or more' : 'must be 0 or less'})`, 'discount');
  if (tax.minor * sign < 0) row.reject(`has the wrong sign for ${word} (${sign > 0 ? 'must be 0 or more' : 'must be 0 or less'})`, 'tax');
  const gross = multiply(unitPrice, quantity);
  if (Math.abs(discount.minor) > Math.abs(gross.minor)) row.reject('is more than unit_price × quantity', 'discount');
  const total = add(subtract(gross, discount), tax);
  const email = row.optString('customer_email')?.toLowerCase() ?? null;
  if (email !== null && !EMAIL.test(email)) row.reject(`"${email}" is not an e-mail address`, 'customer_email');
  const phone = row.optString('customer_phone');
  if (phone !== null && !/^\+?[\d\s().\-/]{4,}$/.test(phone)) row.reject(`"${phone}" is not a phone number`, 'customer_phone');
  return {
    line, storeCode, receiptId, soldAt, sku, title, quantity, unitPrice, discount, tax, total, currency, originalReceiptId,
    email, phone, name: row.optString('customer_name'),
  };
}

/** Reads one row; a bad value gives its message ("unit_price: \"twelve\" is not a decimal amount"). */
export function lineOf(fields: Readonly<Record<string, string>>, line: number, defaultCurrency: string): LineRead {
  try {
    return { ok: true, value: readLine(fields, line, defaultCurrency) };
  } catch (error) {
    if (error instanceof PayloadError) return { ok: false, line, message: error.path ? `${error.path}: ${error.message}` : error.message };
    if (error instanceof MoneyError) return { ok: false, line, message: error.message };
    throw error;
  }
}
