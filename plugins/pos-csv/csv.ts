/**
 * The file as a stream of rows: UTF-8 checked, parsed by csv-parse (header row mapped onto our
 * column names), each row with its 1-based file line, in file order. Nothing is relaxed
 * silently: a row with the wrong number of fields comes with its error; what csv-parse cannot
 * read past (a stray quote) and bytes that are not UTF-8 end the file with a `fatal` item.
 *
 * The bytes go to the parser as they come (checked as UTF-8 in place, never decoded and
 * re-encoded); records are taken in its `on_record` callback, which keeps them in file order,
 * before any error. Each chunk's rows are handed on before the next chunk is read, so memory is
 * bounded by a chunk and the reader pulls the input at the pace its consumer takes the rows.
 */
import { isUtf8 } from 'node:buffer';

import { parse, type CsvError, type InfoRecord } from 'csv-parse';

import { mapHeader, type ColumnMapping, type HeaderCheck } from './columns';

export type CsvItem =
  /** The header row, mapped onto our names (or why it cannot be). */
  | { kind: 'header'; check: HeaderCheck }
  /** One data row by our column names; `error` when it cannot be read as a row. */
  | { kind: 'row'; line: number; fields: Readonly<Record<string, string>>; error: string | null }
  /** The file cannot be read past `line`. */
  | { kind: 'fatal'; line: number; message: string };

const LINE_BREAK = /\r\n|\n|\r/g;

/** Line breaks inside a record's values (quoted multi-line fields): its first line is its last less these. */
function breaksIn(record: readonly string[]): number {
  let breaks = 0;
  for (const value of record) {
    if (value.includes('\n') || value.includes('\r')) breaks += value.match(LINE_BREAK)?.length ?? 0;
  }
  return breaks;
}

/** The length of the bytes' prefix that ends on a whole UTF-8 character (the rest waits for the next chunk). */
function wholeCharacters(bytes: Buffer): number {
  let i = bytes.length - 1;
  let back = 0;
  while (i >= 0 && back < 3 && (bytes[i] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i];
  const size = (lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf8) === 0xf0 ? 4 : 1;
  return i + size > bytes.length ? i : bytes.length;
}

export async function* csvRows(input: AsyncIterable<Buffer>, mapping: ColumnMapping): AsyncIterable<CsvItem> {
  const queue: CsvItem[] = [];
  let lastLine = 1;
  let fatal: (Error & { lines?: number }) | null = null;
  /** Our name of each column, once the header row is read. */
  let names: string[] | null = null;
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true, // not silent: such a row carries context.error and is refused
    on_record: (record: string[], context: InfoRecord) => {
      lastLine = context.lines;
      if (names === null) {
        const check: HeaderCheck = mapHeader(record, mapping);
        names = check.ok ? check.names : record.map((name, i) => `unusable:${i}:${name}`);
        queue.push({ kind: 'header', check });
        return null;
      }
      const fields: Record<string, string> = {};
      const count = Math.min(record.length, names.length);
      for (let i = 0; i < count; i++) fields[names[i]] = record[i];
      const error = context.error ? (context.error as CsvError).message : null;
      queue.push({ kind: 'row', line: context.lines - breaksIn(record), fields, error });
      return null; // taken here; nothing is buffered on the readable side
    },
  });
  parser.on('error', (error) => (fatal = error));
  parser.resume();
  const write = (bytes: Buffer | null) =>
    new Promise<void>((resolve) => (bytes === null ? parser.end(() => resolve()) : parser.write(bytes, () => resolve())));
  /** The start of a character cut by the end of the previous chunk. */
  let carry: Buffer | null = null;
  try {
    for await (const chunk of input) {
      const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const whole = wholeCharacters(bytes);
      carry = whole < bytes.length ? Buffer.from(bytes.subarray(whole)) : null;
      const complete = bytes.subarray(0, whole);
      if (!isUtf8(complete)) {
        yield* queue.splice(0);
        yield { kind: 'fatal', line: lastLine + 1, message: 'the file cannot be read from here on: it is not valid UTF-8' };
        return;
      }
      if (complete.length) await write(complete);
      yield* queue.splice(0);
      if (fatal) break;
    }
    if (!fatal) {
      if (carry) {
        yield* queue.splice(0);
        yield { kind: 'fatal', line: lastLine + 1, message: 'the file cannot be read from here on: it ends inside a UTF-8 character' };
        return;
      }
      await write(null);
    }
    yield* queue.splice(0);
    const failed = fatal as (Error & { lines?: number }) | null;
    if (failed) {
      yield { kind: 'fatal', line: typeof failed.lines === 'number' ? failed.lines : lastLine + 1, message: `the file cannot be read from here on: ${failed.message}` };
      return;
    }
    if (names === null) yield { kind: 'fatal', line: 1, message: 'the file is empty: expected a header row' };
  } finally {
    parser.destroy();
  }
}
