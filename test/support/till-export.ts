/**
 * A pos-csv till export of sale receipts (1–5 rows each, EUR stores and a JPY one, some with a
 * returning customer's e-mail), with what each receipt must become: its order's external id
 * (`store:receipt`), currency, total (Σ unit price × quantity − discount + tax) and line count.
 */
import { Random } from '../../src/generator';
import { fromMinor } from './shopify';

export const TILL_HEADER =
  'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id';

const STORES = [
  { code: 'BER1', currency: 'EUR', exponent: 2, taxPercent: 19, offset: '+01:00', price: [199, 12_999] },
  { code: 'HAM1', currency: 'EUR', exponent: 2, taxPercent: 19, offset: '+01:00', price: [199, 12_999] },
  { code: 'MUC1', currency: 'EUR', exponent: 2, taxPercent: 19, offset: '+01:00', price: [199, 12_999] },
  { code: 'TYO1', currency: 'JPY', exponent: 0, taxPercent: 10, offset: '+09:00', price: [120, 18_000] },
] as const;

export interface TillReceipt {
  externalId: string;
  currencyCode: string;
  totalMinor: number;
  lines: number;
}

export interface TillExport {
  csv: string;
  /** Data rows (the header not counted). */
  rows: number;
  receipts: TillReceipt[];
}

export function tillExport(receiptCount: number, seed = 7): TillExport {
  const rng = new Random(seed);
  const out = [TILL_HEADER];
  const receipts: TillReceipt[] = [];
  let time = Date.parse('2026-10-01T08:00:00Z');
  for (let r = 0; r < receiptCount; r++) {
    const store = STORES[r % STORES.length];
    const receiptId = String(500_000 + r);
    time += rng.int(5, 90) * 1000;
    const local = new Date(time + (store.offset === '+09:00' ? 9 : 1) * 3_600_000).toISOString().slice(0, 19);
    const soldAt = `${local}${store.offset}`;
    const buyer = rng.chance(0.5) ? rng.int(1, 400) : null;
    const lineCount = rng.int(1, 5);
    let total = 0;
    for (let l = 0; l < lineCount; l++) {
      const quantity = rng.int(1, 3);
      const unit = rng.int(store.price[0], store.price[1]);
      const discount = rng.chance(0.2) ? Math.floor((unit * quantity) / 10) : 0;
      const tax = Math.round(((unit * quantity - discount) * store.taxPercent) / 100);
      total += unit * quantity - discount + tax;
      const money = (minor: number) => fromMinor(BigInt(minor), store.exponent);
      const customer = buyer !== null && l === 0 ? `buyer-${buyer}@example.com,,Buyer ${buyer}` : ',,';
      out.push(
        `${store.code},${receiptId},${soldAt},SKU-${rng.int(1, 300)},"Item ${l + 1}, size ${rng.int(1, 4)}",${quantity},` +
          `${money(unit)},${money(discount)},${money(tax)},${store.currency},${customer},`,
      );
    }
    receipts.push({ externalId: `${store.code}:${receiptId}`, currencyCode: store.currency, totalMinor: total, lines: lineCount });
  }
  return { csv: `${out.join('\n')}\n`, rows: out.length - 1, receipts };
}
