/**
 * One receipt (the contiguous rows of one store_code + receipt_id) as a batch unit: a sale is an
 * order, returned lines are refunds on their original receipts' orders; a bad line refuses the
 * receipt whole.
 */
import { multiply, sum, type BatchLineRejection, type BatchUnit, type ChannelRecord, type OrderRecord, type RefundRecord } from '../../src/plugin-sdk';
import { customerOf } from './customer';
import { lineOf, type ReceiptLine } from './line';

/** A row as read from the file, before its values are checked. */
export interface RawRow {
  line: number;
  fields: Readonly<Record<string, string>>;
  /** Set when the row cannot be read at all (wrong field count, an unusable header). */
  error: string | null;
}

export const externalIdOf = (storeCode: string, receiptId: string): string => `${storeCode}:${receiptId}`;

/** Refuses the receipt: the bad lines with their messages, the others as RECEIPT_REJECTED. */
function rejected(rows: readonly RawRow[], bad: ReadonlyMap<number, string>): BatchUnit {
  const first = [...bad.keys()][0];
  const rejections: BatchLineRejection[] = rows.map(({ line }) =>
    bad.has(line)
      ? { line, code: 'INVALID_LINE', message: bad.get(line)! }
      : { line, code: 'RECEIPT_REJECTED', message: `the receipt is refused whole because of line ${first}` },
  );
  return { outcome: 'rejected', rejections };
}

/** Differences between lines of one receipt that make it unreadable as one order. */
function receiptProblems(lines: readonly ReceiptLine[]): Map<number, string> {
  const bad = new Map<number, string>();
  const head = lines[0];
  for (const l of lines.slice(1)) {
    if (l.currency !== head.currency) bad.set(l.line, `currency: ${l.currency} differs from the receipt's ${head.currency} (line ${head.line}); a receipt has one currency`);
    for (const [key, field] of [['customer_email', 'email'], ['customer_phone', 'phone'], ['customer_name', 'name']] as const) {
      if (!bad.has(l.line) && l[field] !== null && head[field] !== null && l[field] !== head[field]) {
        bad.set(l.line, `${key}: "${l[field]}" differs from "${head[field]}" on the receipt's line ${head.line}`);
      }
    }
  }
  return bad;
}

function orderOf(lines: readonly ReceiptLine[], all: readonly ReceiptLine[]): OrderRecord {
  const head = all[0];
  const currency = head.currency;
  const subtotal = sum(lines.map((l) => multiply(l.unitPrice, l.quantity)), currency);
  const discountTotal = sum(lines.map((l) => l.discount), currency);
  const taxTotal = sum(lines.map((l) => l.tax), currency);
  const total = sum(lines.map((l) => l.total), currency);
  const firstOf = (field: 'email' | 'phone' | 'name') => all.find((l) => l[field] !== null)?.[field] ?? null;
  return {
    kind: 'order',
    externalId: externalIdOf(head.storeCode, head.receiptId),
    number: head.receiptId,
    status: 'PAID',
    placedAt: head.soldAt,
    currency,
    subtotal,
    discountTotal,
    taxTotal,
    shippingTotal: { minor: 0, currency },
    total,
    refundedTotal: { minor: 0, currency },
    taxesIncluded: false,
    couponCodes: [],
    lines: lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, tax: l.tax, total: l.total })),
    customer: customerOf(firstOf('email'), firstOf('phone'), firstOf('name')),
    sourceUpdatedAt: null,
    sourceVersion: null,
  };
}

/** The returned lines, one refund per original receipt (see README for the refund ids). */
function refundsOf(returns: readonly ReceiptLine[]): RefundRecord[] {
  const byOriginal = new Map<string, ReceiptLine[]>();
  for (const l of returns) byOriginal.set(l.originalReceiptId!, [...(byOriginal.get(l.originalReceiptId!) ?? []), l]);
  const head = returns[0];
  const refundId = externalIdOf(head.storeCode, head.receiptId);
  return [...byOriginal].map(([original, lines]) => {
    const returned = sum(lines.map((l) => l.total), head.currency);
    return {
      kind: 'refund',
      orderExternalId: externalIdOf(head.storeCode, original),
      refundId: byOriginal.size === 1 ? refundId : `${refundId}:${original}`,
      amount: { minor: -returned.minor, currency: returned.currency },
      occurredAt: lines[0].soldAt,
    };
  });
}

/**
 * One receipt's unit. `refusedBecause`, when the receipt's lines are good, refuses it whatever its lines say: a neighbouring line
 * that may belong to it could not be read (see README, "Lines that cannot be attributed").
 */
export function receiptUnit(rows: readonly RawRow[], defaultCurrency: string, refusedBecause: string | null = null): BatchUnit {
  const unit = readReceipt(rows, defaultCurrency);
  if (refusedBecause === null || unit.outcome === 'rejected') return unit;
  return { outcome: 'rejected', rejections: rows.map(({ line }) => ({ line, code: 'RECEIPT_REJECTED', message: refusedBecause })) };
}

function readReceipt(rows: readonly RawRow[], defaultCurrency: string): BatchUnit {
  const bad = new Map<number, string>();
  const lines: ReceiptLine[] = [];
  for (const row of rows) {
    if (row.error !== null) {
      bad.set(row.line, row.error);
      continue;
    }
    const read = lineOf(row.fields, row.line, defaultCurrency);
    if (read.ok) lines.push(read.value);
    else bad.set(read.line, read.message);
  }
  if (lines.length) for (const [line, message] of receiptProblems(lines)) if (!bad.has(line)) bad.set(line, message);
  if (bad.size > 0) return rejected(rows, new Map([...bad].sort(([a], [b]) => a - b)));
  const sold = lines.filter((l) => l.quantity > 0);
  const returned = lines.filter((l) => l.quantity < 0);
  const warnings: string[] = [];
  if (lines.every((l) => l.email === null && l.phone === null) && lines.some((l) => l.name !== null)) {
    warnings.push(`receipt ${externalIdOf(lines[0].storeCode, lines[0].receiptId)} names a customer without e-mail or phone: no customer identity`);
  }
  const records: ChannelRecord[] = [];
  if (sold.length) records.push(orderOf(sold, lines));
  if (returned.length) {
    const refunds = refundsOf(returned);
    const zero = refunds.find((r) => r.amount.minor <= 0);
    if (zero) {
      const line = returned.find((l) => externalIdOf(l.storeCode, l.originalReceiptId!) === zero.orderExternalId)!.line;
      return rejected(rows, new Map([[line, `the returned lines against receipt ${zero.orderExternalId} refund nothing (total ${zero.amount.minor} minor units)`]]));
    }
    records.push(...refunds);
  }
  return { outcome: 'record', records, lines: rows.map((r) => r.line), warnings };
}
