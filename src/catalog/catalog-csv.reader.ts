/**
 * A catalog CSV as a stream of rows: strict UTF-8 (a BOM allowed), parsed by csv-parse with the
 * options the till imports use (values trimmed, empty lines skipped, a row with the wrong number
 * of fields carried with its error rather than dropped), each row with its 1-based file line.
 * The header row names the columns: `sku`, `title`, and optionally `cost` and `currency`, in
 * any order and case. The input is pulled as the consumer takes rows, never held whole.
 */
import { CsvError, parse, type InfoRecord } from 'csv-parse';

import type { CatalogItemDraft } from './catalog-item-check';

/** The columns a catalog file may have, by their header name (case-insensitive). */
export const CATALOG_COLUMNS = ['sku', 'title', 'cost', 'currency'] as const;

export type CatalogColumn = (typeof CATALOG_COLUMNS)[number];

/** A header row read: the column of each field, in order, or why the file cannot be taken. */
export type CatalogHeaderCheck = { ok: true; columns: readonly CatalogColumn[] } | { ok: false; message: string };

/** What the reader yields, in file order. */
export type CatalogCsvItem =
  /** The header row mapped onto the columns, or why it cannot be. Always first; nothing follows a bad one. */
  | { kind: 'header'; check: CatalogHeaderCheck }
  /** One data row; `error` when it cannot be read as a row (the wrong number of fields). */
  | { kind: 'row'; line: number; draft: CatalogItemDraft; error: string | null }
  /** The file cannot be read past `line` (a stray quote, bytes that are not UTF-8): nothing follows. */
  | { kind: 'fatal'; line: number; message: string };

const EXAMPLE = 'sku,title,cost,currency';

/** Maps a header row onto the columns: each known once, sku and title required, cost and currency together. */
export function checkCatalogHeader(header: readonly string[]): CatalogHeaderCheck {
  const names = header.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(CATALOG_COLUMNS as readonly string[]).includes(name));
  if (unknown.length) {
    const list = unknown.map((name) => JSON.stringify(name)).join(', ');
    return { ok: false, message: `the header row has the column(s) ${list}, which the catalog does not take; its columns are ${CATALOG_COLUMNS.join(', ')} (e.g. ${EXAMPLE})` };
  }
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) return { ok: false, message: `the header row gives the column ${twice} twice` };
  const missing = (['sku', 'title'] as const).filter((name) => !names.includes(name));
  if (missing.length) return { ok: false, message: `the header row lacks the column(s) ${missing.join(', ')} (e.g. ${EXAMPLE})` };
  if (names.includes('cost') !== names.includes('currency')) {
    return { ok: false, message: 'the header row must have both cost and currency, or neither: a cost needs its currency' };
  }
  return { ok: true, columns: names as CatalogColumn[] };
}

const LINE_BREAK = /\r\n|\n|\r/g;

/** Line breaks inside a record's values (quoted multi-line fields): its first line is its last less these. */
function breaksIn(record: readonly string[]): number {
  return record.reduce((breaks, value) => breaks + (value.match(LINE_BREAK)?.length ?? 0), 0);
}

function draftOf(record: readonly string[], columns: readonly CatalogColumn[]): CatalogItemDraft {
  const value = (column: CatalogColumn) => {
    const i = columns.indexOf(column);
    return i < 0 ? null : (record[i] ?? null);
  };
  return { sku: value('sku') ?? '', title: value('title') ?? '', cost: value('cost'), currencyCode: value('currency') };
}

/**
 * Reads a catalog file: its header, then its rows in file order, or where it stops being readable.
 * Records are taken in csv-parse's `on_record` callback, which keeps them in file order before any
 * error; each chunk's rows are handed on before the next chunk is read.
 */
export async function* readCatalogCsv(input: AsyncIterable<Buffer>): AsyncIterable<CatalogCsvItem> {
  const queue: CatalogCsvItem[] = [];
  // set by the parser's callbacks
  const state: { header: CatalogHeaderCheck | null; lastLine: number; fatal: CsvError | null } = { header: null, lastLine: 1, fatal: null };
  const parser = parse({
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true, // not silent: such a row carries its error and is refused
    on_record: (record: string[], context: InfoRecord) => {
      state.lastLine = context.lines;
      if (state.header === null) {
        state.header = checkCatalogHeader(record);
        queue.push({ kind: 'header', check: state.header });
      } else if (state.header.ok) {
        const error = context.error ? context.error.message : null;
        queue.push({ kind: 'row', line: context.lines - breaksIn(record), draft: draftOf(record, state.header.columns), error });
      }
      return null; // taken here; nothing is buffered on the readable side
    },
  });
  parser.on('error', (error: CsvError) => (state.fatal = error));
  parser.resume();
  const write = (text: string | null) =>
    new Promise<void>((resolve) => (text === null ? parser.end(() => resolve()) : parser.write(text, () => resolve())));
  // fatal: a leading BOM is dropped; bytes that are not UTF-8 throw
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stopped = (): CatalogCsvItem | null => {
    const failed = state.fatal;
    if (!failed) return null;
    const line = typeof failed.lines === 'number' ? failed.lines : state.lastLine + 1;
    return { kind: 'fatal', line, message: `the file cannot be read from here on: ${failed.message}` };
  };
  try {
    for await (const chunk of input) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        yield* queue.splice(0);
        yield { kind: 'fatal', line: state.lastLine + 1, message: 'the file cannot be read from here on: it is not valid UTF-8' };
        return;
      }
      if (text) await write(text);
      yield* queue.splice(0);
      if (state.header?.ok === false) return;
      const end = stopped();
      if (end) return yield end;
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      yield* queue.splice(0);
      yield { kind: 'fatal', line: state.lastLine + 1, message: 'the file cannot be read from here on: it ends inside a UTF-8 character' };
      return;
    }
    if (rest) await write(rest);
    await write(null);
    yield* queue.splice(0);
    const end = stopped();
    if (end) return yield end;
    if (state.header === null) yield { kind: 'header', check: { ok: false, message: `the file is empty: expected a header row such as ${EXAMPLE}` } };
  } finally {
    parser.destroy();
  }
}
