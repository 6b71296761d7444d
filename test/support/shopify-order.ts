/**
 * A Shopify order webhook body built from a short description, in Shopify's format: money in
 * shop money with its `_set`, line discounts as discount allocations, the order's discount codes,
 * times with the shop's UTC offset. No taxes, no shipping: total = Σ price × quantity − discounts.
 */
import { currencyExponent } from '../../src/money/currency';
import { fromMinor, toMinor, type Json } from './shopify';

export interface ShopifyBuyer {
  id: number;
  email: string;
  first: string;
  last: string;
}

/** An instant written with a shop's UTC offset, as Shopify writes times ("2026-11-02T05:00:00-05:00"). */
export function shopTime(utc: string, offsetMinutes = 0): string {
  const local = new Date(Date.parse(utc) + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export interface ShopifyOrderSpec {
  id: number;
  /** Shopify's `name` (default "#id"). */
  name?: string;
  /** The shop's UTC offset in minutes, which its times are written with (default 0). */
  offsetMinutes?: number;
  placedAt: string;
  currency: string;
  lines: Array<{ sku: string; price: string; quantity: number; discount?: string }>;
  buyer?: ShopifyBuyer | null;
  /** The codes the order used (Shopify `discount_codes`); the first carries the whole discount. */
  discountCodes?: string[];
  cancelledAt?: string;
  /** Minutes after placedAt that this version was written (a later version: a larger number). */
  version?: number;
}

export function shopifyOrderBody(spec: ShopifyOrderSpec): Json {
  const exponent = currencyExponent(spec.currency);
  const money = (minor: bigint) => fromMinor(minor, exponent);
  const set = (minor: bigint) => ({
    shop_money: { amount: money(minor), currency_code: spec.currency },
    presentment_money: { amount: money(minor), currency_code: spec.currency },
  });
  let subtotal = 0n;
  let discounts = 0n;
  const lineItems = spec.lines.map((line, i) => {
    const price = toMinor(line.price, exponent);
    const discount = toMinor(line.discount ?? '0', exponent);
    subtotal += price * BigInt(line.quantity);
    discounts += discount;
    return {
      id: spec.id * 10 + i,
      sku: line.sku,
      title: `Product ${line.sku}`,
      name: `Product ${line.sku}`,
      quantity: line.quantity,
      price: money(price),
      price_set: set(price),
      total_discount: money(0n),
      tax_lines: [],
      discount_allocations: discount > 0n ? [{ amount: money(discount), amount_set: set(discount), discount_application_index: 0 }] : [],
    };
  });
  const total = subtotal - discounts;
  const at = (iso: string) => shopTime(iso, spec.offsetMinutes ?? 0);
  const codes = spec.discountCodes ?? [];
  return {
    id: spec.id,
    name: spec.name ?? `#${spec.id}`,
    email: spec.buyer?.email ?? '',
    created_at: at(spec.placedAt),
    processed_at: at(spec.placedAt),
    updated_at: at(new Date(Date.parse(spec.placedAt) + (spec.version ?? 0) * 60_000).toISOString()),
    cancelled_at: spec.cancelledAt ? at(spec.cancelledAt) : null,
    cancel_reason: spec.cancelledAt ? 'customer' : null,
    currency: spec.currency,
    presentment_currency: spec.currency,
    financial_status: spec.cancelledAt ? 'voided' : 'paid',
    fulfillment_status: null,
    taxes_included: false,
    subtotal_price: money(subtotal - discounts),
    total_line_items_price: money(subtotal),
    total_line_items_price_set: set(subtotal),
    total_discounts: money(discounts),
    total_discounts_set: set(discounts),
    total_tax: money(0n),
    total_price: money(total),
    total_price_set: set(total),
    discount_codes: codes.map((code, i) => ({ code, amount: money(i === 0 ? discounts : 0n), type: 'fixed_amount' })),
    line_items: lineItems,
    shipping_lines: [],
    refunds: [],
    customer: spec.buyer ? { id: spec.buyer.id, email: spec.buyer.email, first_name: spec.buyer.first, last_name: spec.buyer.last, phone: null } : null,
  };
}
