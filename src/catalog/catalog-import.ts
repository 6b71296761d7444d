import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import { readCatalogCsv } from './catalog-csv.reader';
import { checkCatalogItem, type CatalogItemField, type CheckedCatalogItem } from './catalog-item-check';
import type { CatalogService } from './catalog.service';

/** Most data lines (the header aside) one catalog file may have. */
export const MAX_IMPORT_LINES = 100_000;

/** A line of the file that was not stored, and why. */
export interface CatalogLineRejection {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  /** INVALID_SKU, INVALID_TITLE, INVALID_COST, INVALID_CURRENCY, DUPLICATE_SKU, INVALID_LINE or UNREADABLE. */
  code: string;
  message: string;
}

/** What an import did: the lines stored, and the lines refused. */
export interface CatalogImportReport {
  accepted: number;
  rejected: CatalogLineRejection[];
}

/** The answer of an import: its report, or why the file is refused whole. */
export type CatalogImportResult =
  | { ok: true; report: CatalogImportReport }
  /** The file as a whole is refused and nothing is stored: a bad header (400), too many lines (413). */
  | { ok: false; status: 400 | 413; code: 'INVALID_HEADER' | 'TOO_MANY_LINES'; message: string };

/** The file's name for each input field. */
const COLUMN_OF: Record<CatalogItemField, string> = { sku: 'sku', title: 'title', cost: 'cost', currencyCode: 'currency' };

/**
 * Imports a catalog CSV (`sku,title[,cost,currency]`): every line is checked as the file streams
 * in; the good lines are then stored, each whole (upserted by SKU, replacing what was there),
 * the bad ones reported with their line. Nothing is stored until the file has been read to its
 * end (or to where it stops being readable), so a file over MAX_IMPORT_LINES, a bad header or an
 * upload cut short stores nothing; what is held meanwhile is the checked items, bounded by the
 * line limit. A SKU given on two lines is kept from the first and refused on the second.
 */
export async function importCatalogCsv(
  em: EntityManager,
  catalog: CatalogService,
  input: AsyncIterable<Buffer>,
  log?: Logger,
): Promise<CatalogImportResult> {
  const rejected: CatalogLineRejection[] = [];
  const good: CheckedCatalogItem[] = [];
  const lineOf = new Map<string, number>();
  let lines = 0;
  for await (const item of readCatalogCsv(input)) {
    if (item.kind === 'header') {
      if (!item.check.ok) return { ok: false, status: 400, code: 'INVALID_HEADER', message: item.check.message };
      continue;
    }
    if (item.kind === 'fatal') {
      rejected.push({ line: item.line, code: 'UNREADABLE', message: item.message });
      break;
    }
    if (++lines > MAX_IMPORT_LINES) {
      const message = `the file has more than ${MAX_IMPORT_LINES.toLocaleString('en')} data lines; split it (each part may be imported on its own)`;
      return { ok: false, status: 413, code: 'TOO_MANY_LINES', message };
    }
    if (item.error) {
      rejected.push({ line: item.line, code: 'INVALID_LINE', message: item.error });
      continue;
    }
    const check = checkCatalogItem(item.draft);
    if (!check.ok) {
      rejected.push({ line: item.line, code: check.code, message: `${COLUMN_OF[check.field]}: ${check.message}` });
      continue;
    }
    const first = lineOf.get(check.item.sku);
    if (first !== undefined) {
      rejected.push({ line: item.line, code: 'DUPLICATE_SKU', message: `sku "${check.item.sku}" is already on line ${first}; give each SKU once per file` });
      continue;
    }
    lineOf.set(check.item.sku, item.line);
    good.push(check.item);
  }
  // each statement of store() is atomic on its own: every line is stored whole or not at all
  await catalog.store(em, good);
  log?.info({ lines, accepted: good.length, rejected: rejected.length }, 'catalog import finished');
  return { ok: true, report: { accepted: good.length, rejected } };
}
