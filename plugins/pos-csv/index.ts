/**
 * The pos-csv channel plugin (OFFLINE_STORE): a till's CSV export, one row per sold line, taken
 * as a batch file at `/channels/{code}/imports` (no webhooks). README.md documents the format.
 *
 *   columns.ts   our column names, the `columns` setting, the header row
 *   csv.ts       the file as a stream of rows (csv-parse), with 1-based file lines
 *   line.ts      one row checked and read as a receipt line
 *   receipt.ts   one receipt → an order and/or refunds, or refused whole
 *   customer.ts  the buyer's identity
 */
import { defineChannelPlugin, invalid, type BatchUnit, type ChannelContext } from '../../src/plugin-sdk';
import { columnMapping } from './columns';
import { csvRows } from './csv';
import { receiptUnit, type RawRow } from './receipt';

/** Every line refused with one message (the settings or the header row make the file unreadable). */
function refuseLine(line: number, message: string): BatchUnit {
  return { outcome: 'rejected', rejections: [{ line, code: 'INVALID_LINE', message }] };
}

interface Receipt {
  key: string;
  rows: RawRow[];
  /** Why the receipt is refused whatever its own lines say, if it is. */
  refusedBecause: string | null;
}

const maybeOurs = (line: number) => `line ${line} names no receipt or cannot be read, and may be part of this receipt: refused whole`;

/**
 * Reads the file as it streams in and yields one unit per receipt, in file order, holding one
 * receipt's rows at a time. A row that names no receipt (blank receipt_id) cannot be attributed:
 * it joins the receipt it follows, and the receipt right after it is refused too unless the
 * next row continues the same receipt (then the row was inside it). A file that cannot be read
 * further refuses the receipt it stops in.
 */
async function* read(input: AsyncIterable<Buffer>, channel: ChannelContext): AsyncIterable<BatchUnit> {
  const mapping = columnMapping(channel.settings.columns);
  let fileProblem: string | null = mapping.ok ? null : mapping.message;
  let current: Receipt | null = null;
  /** The last unattributable row, while it may still belong to the next receipt. */
  let loose: number | null = null;
  const flush = (receipt: Receipt) => receiptUnit(receipt.rows, channel.currencyCode, receipt.refusedBecause);
  for await (const item of csvRows(input, mapping.ok ? mapping.mapping : new Map())) {
    if (item.kind === 'header') {
      if (!item.check.ok && fileProblem === null) fileProblem = item.check.message;
      if (fileProblem !== null) yield refuseLine(1, fileProblem);
      continue;
    }
    if (item.kind === 'fatal') {
      if (current) yield receiptUnit(current.rows, channel.currencyCode, current.refusedBecause ?? maybeOurs(item.line));
      yield refuseLine(item.line, item.message);
      return;
    }
    if (fileProblem !== null) {
      yield refuseLine(item.line, `refused because the header row cannot be used (line 1): ${fileProblem}`);
      continue;
    }
    const row: RawRow = { line: item.line, fields: item.fields, error: item.error };
    const receipt = item.fields.receipt_id ?? '';
    const key = `${item.fields.store_code ?? ''}\u0000${receipt}`;
    if (current !== null && receipt === '') {
      current.rows.push(row);
      loose = row.line;
      continue;
    }
    if (current !== null && key === current.key) {
      current.rows.push(row);
      loose = null;
      continue;
    }
    if (current) yield flush(current);
    current = { key, rows: [row], refusedBecause: loose === null ? null : maybeOurs(loose) };
    loose = receipt === '' ? row.line : null;
  }
  if (current) yield flush(current);
}

export default defineChannelPlugin({
  name: 'pos-csv',
  kind: 'OFFLINE_STORE',
  version: '0.1.0',
  sdk: '^1.0.0',
  description: "A till's CSV export (one row per sold line, rows of one receipt together), imported as batch files at /channels/{code}/imports",
  settings: {
    columns: {
      type: 'string',
      description: 'JSON object mapping our column names to the file\'s headers, e.g. {"receipt_id":"Beleg"}',
      example: '{"receipt_id":"Beleg","sold_at":"Datum"}',
    },
  },
  normalize() {
    return invalid('pos-csv takes files at /channels/{code}/imports');
  },
  batch: { contentTypes: ['text/csv'], read },
});
