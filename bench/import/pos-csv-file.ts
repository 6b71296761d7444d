/**
 * A seeded pos-csv till export of exactly N data lines (plus the header), written as it is
 * generated so that a 1,000,000-line file never sits in memory. Receipts of 1–5 rows from several
 * stores in EUR, sold at rising times over 90 days; about 60% name a customer (e-mail and/or
 * phone, from a pool of people who come back); about 2% are returns of a line of a recent receipt
 * of the same store (`original_receipt_id`). Titles come from the generator's catalog, some with
 * commas (quoted). The format is the contract's (plugins/pos-csv/README.md).
 */
import fs from 'node:fs';

import { Random } from '../../src/generator';
import { lineTitle, pickVariants, unitPriceMinor } from '../../src/generator/catalog';
import { PersonFactory, type Person } from '../../src/generator/people';

export const POS_CSV_HEADER =
  'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id';

const STORES = ['BER1', 'BER2', 'HAM1', 'MUC1', 'KOL1', 'FRA1', 'STU1', 'DUS1'];
const CURRENCY = 'EUR';
const TAX_PERCENT = 19;

export interface PosCsvFileOptions {
  lines: number;
  seed: number;
  /** The last receipt's time; receipts spread over the 90 days before it. */
  now: Date;
  /** People in the customer pool (default 20,000). */
  customers?: number;
}

export interface PosCsvFileStats {
  file: string;
  lines: number;
  receipts: number;
  saleReceipts: number;
  returnReceipts: number;
  receiptsWithCustomer: number;
  stores: number;
  customerPool: number;
  bytes: number;
  seconds: number;
}

interface SoldLine {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  tax: number;
}

/** A CSV field: quoted when it holds a comma, quote or line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Minor units of EUR as the till writes them: "12.50", "-3.00". */
function decimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** ISO-8601 in Central European Time (fixed +01:00), as a German till writes it. */
function soldAt(ms: number): string {
  return `${new Date(ms + 3_600_000).toISOString().slice(0, 19)}+01:00`;
}

function saleLines(rng: Random, count: number): SoldLine[] {
  return pickVariants(rng, count).map((variant) => {
    const quantity = rng.chance(0.8) ? 1 : rng.int(2, 3);
    const unitPrice = unitPriceMinor(variant.product, CURRENCY);
    const gross = unitPrice * quantity;
    const discount = rng.chance(0.15) ? Math.round(gross / 10) : 0;
    const tax = Math.round(((gross - discount) * TAX_PERCENT) / 100);
    return { sku: variant.sku, title: lineTitle(variant, rng.chance(0.8) ? 'de' : 'en'), quantity, unitPrice, discount, tax };
  });
}

/** Writes the file and says what is in it. */
export function writePosCsvFile(file: string, options: PosCsvFileOptions): PosCsvFileStats {
  const started = process.hrtime.bigint();
  const rng = new Random(options.seed);
  const factory = new PersonFactory(rng.fork('people'));
  const people: Person[] = [];
  const poolSize = options.customers ?? 20_000;
  for (let i = 0; i < poolSize; i++) people.push(factory.person(rng.chance(0.8) ? 'de' : 'en_US', { emailShare: 0.85, phoneShare: 0.5 }));
  const nextReceipt = new Map(STORES.map((s, i) => [s, 100_000 + i * 7]));
  /** Recent sale receipts per store that may still be returned (each returned at most once). */
  const recent = new Map<string, { id: string; lines: SoldLine[] }[]>(STORES.map((s) => [s, []]));
  const endMs = options.now.getTime();
  const stepMs = (90 * 86_400_000) / Math.max(1, options.lines / 3);
  let timeMs = endMs - 90 * 86_400_000;

  const fd = fs.openSync(file, 'w');
  let buffer = `${POS_CSV_HEADER}\n`;
  let bytes = 0;
  const flush = () => {
    bytes += fs.writeSync(fd, buffer);
    buffer = '';
  };
  const stats = { receipts: 0, saleReceipts: 0, returnReceipts: 0, receiptsWithCustomer: 0 };
  try {
    let written = 0;
    while (written < options.lines) {
      const store = rng.pick(STORES);
      const id = String(nextReceipt.get(store)!);
      nextReceipt.set(store, nextReceipt.get(store)! + 1);
      timeMs = Math.min(endMs, timeMs + rng.exponential(stepMs));
      const when = soldAt(timeMs);
      const left = options.lines - written;
      const candidates = recent.get(store)!;
      if (candidates.length > 20 && rng.chance(0.02)) {
        // a return: one line of a recent receipt, negated whole
        const original = candidates.splice(rng.int(0, candidates.length - 1), 1)[0];
        const l = rng.pick(original.lines);
        buffer +=
          `${store},${id},${when},${l.sku},${field(l.title)},${-l.quantity},${decimal(l.unitPrice)},${decimal(-l.discount)},${decimal(-l.tax)},` +
          `${CURRENCY},,,,${original.id}\n`;
        written += 1;
        stats.returnReceipts++;
      } else {
        const lines = saleLines(rng, Math.min(left, rng.int(1, 5)));
        const buyer = rng.chance(0.6) ? rng.pick(people) : null;
        if (buyer) stats.receiptsWithCustomer++;
        lines.forEach((l, i) => {
          const customer = buyer && i === 0 ? `${buyer.email ?? ''},${buyer.phone ?? ''},${field(buyer.name)}` : ',,';
          buffer +=
            `${store},${id},${when},${l.sku},${field(l.title)},${l.quantity},${decimal(l.unitPrice)},${decimal(l.discount)},${decimal(l.tax)},` +
            `${CURRENCY},${customer},\n`;
        });
        written += lines.length;
        stats.saleReceipts++;
        candidates.push({ id, lines });
        if (candidates.length > 200) candidates.shift();
      }
      stats.receipts++;
      if (buffer.length >= 1 << 20) flush();
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return {
    file,
    lines: options.lines,
    ...stats,
    stores: STORES.length,
    customerPool: poolSize,
    bytes,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
