/**
 * The file as a stream of rows: UTF-8 checked, parsed by csv-parse (header row mapped onto our
 * column names), each row with its 1-based file line, in file order. Nothing is relaxed
 * silently: a row with the wrong number of fields comes with its error; what csv-parse cannot
 * read past (a stray quote) and bytes that are not UTF-8 end the file with a `fatal` item.
 *
 * The parser's records are taken in its callbacks (columns, on_record), which keeps them in
 * file order, before any error; the input is written one chunk at a time and the rows of that chunk
 * handed on before the next is read, so memory stays bounded by a chunk.
 */
import { parse, type CsvError, type InfoRecord } from 'csv-parse';

import { mapHeader, type ColumnMapping, type HeaderCheck } from './columns';

export type CsvItem =
  /** The header row, mapped onto our names (or why it cannot be). */
  | { kind: 'header'; check: HeaderCheck }
  /** One data row by our column names; `error` when it cannot be read as a row. */
  | { kind: 'row'; line: number; fields: Readonly<Record<string, string>>; error: string | null }
  /** The file cannot be read past `line`. */
  | { kind: 'fatal'; line: number; message: string };

/** The first line of a record: its last line less the line breaks inside it. */
function firstLine(lines: number, raw: string | undefined): number {
  if (!raw) return lines;
  const body = raw.replace(/^(?:\r\n|\n|\r)+/, '').replace(/(?:\r\n|\n|\r)$/, '');
  return lines - (body.match(/\r\n|\n|\r/g)?.length ?? 0);
}

export async function* csvRows(input: AsyncIterable<Buffer>, mapping: ColumnMapping): AsyncIterable<CsvItem> {
  const queue: CsvItem[] = [];
  let lastLine = 1;
  let fatal: (Error & { lines?: number }) | null = null;
  let sawHeader = false;
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    relax_column_count: true, // not silent: such a row carries info.error and is refused
    columns: (names: string[]) => {
      sawHeader = true;
      const check = mapHeader(names, mapping);
      queue.push({ kind: 'header', check });
      return check.ok ? check.names : names.map((name, i) => `unusable:${i}:${name}`);
    },
    on_record: (item: unknown, context: InfoRecord) => {
      const { record, raw } = item as { record: Record<string, string>; raw?: string };
      lastLine = context.lines;
      const error = context.error ? (context.error as CsvError).message : null;
      queue.push({ kind: 'row', line: firstLine(context.lines, raw), fields: record, error });
      return null; // taken here; nothing is buffered on the readable side
    },
  });
  parser.on('error', (error) => (fatal = error));
  parser.resume();
  const write = (text: string | null) =>
    new Promise<void>((resolve) => (text === null ? parser.end(() => resolve()) : parser.write(text, () => resolve())));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of input) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        yield* queue.splice(0);
        yield { kind: 'fatal', line: lastLine + 1, message: 'the file cannot be read from here on: it is not valid UTF-8' };
        return;
      }
      if (text) await write(text);
      yield* queue.splice(0);
      if (fatal) break;
    }
    if (!fatal) {
      let rest = '';
      try {
        rest = decoder.decode();
      } catch {
        yield* queue.splice(0);
        yield { kind: 'fatal', line: lastLine + 1, message: 'the file cannot be read from here on: it ends inside a UTF-8 character' };
        return;
      }
      if (rest) await write(rest);
      if (!fatal) await write(null);
    }
    yield* queue.splice(0);
    const failed = fatal as (Error & { lines?: number }) | null;
    if (failed) {
      yield { kind: 'fatal', line: typeof failed.lines === 'number' ? failed.lines : lastLine + 1, message: `the file cannot be read from here on: ${failed.message}` };
      return;
    }
    if (!sawHeader) yield { kind: 'fatal', line: 1, message: 'the file is empty: expected a header row' };
  } finally {
    parser.destroy();
  }
}
