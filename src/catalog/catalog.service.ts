import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

import { badUserInput } from '../common/errors';
import { pageSize, slicePage } from '../common/pagination';
import { mapRows } from '../db/row-mapper';
import { placeholders } from '../db/sql-reader';
import { CatalogItemConnection } from './catalog-connection.type';
import { CatalogItem } from './catalog-item.entity';
import { checkCatalogItem, type CatalogItemDraft, type CheckedCatalogItem } from './catalog-item-check';
import { MAX_ITEMS_PER_CALL } from './catalog.inputs';
import { decodeSkuCursor, encodeSkuCursor } from './sku-cursor';

/** What `CatalogService.list` takes: a page (`first` default 20, at most 500) after a cursor, optionally of some SKUs. */
export interface CatalogListArgs {
  /** Only these SKUs (exact); null or empty: every SKU. */
  skus?: readonly string[] | null;
  first?: number | null;
  after?: string | null;
}

/** Rows written by one statement: 5 parameters each, well under both dialects' limits. */
const WRITE_CHUNK = 500;

/** SKU order is byte (code point) order on both dialects: PostgreSQL's default collation follows the locale. */
function bySku(em: EntityManager, column: string): string {
  return em.getPlatform() instanceof PostgreSqlPlatform ? `${column} collate "C"` : column;
}

/**
 * The SKU catalog: each SKU's title and what a unit costs the company, in integer minor units
 * of its currency. Set through `setCatalogItems` or imported as CSV; a SKU set again is replaced.
 */
export class CatalogService {
  /**
   * Checks every item, then stores them all (upserting by SKU) or, when any is bad, none:
   * BAD_USER_INPUT names the field at fault (`items[3].cost`). Answers the stored items in the
   * order given.
   */
  async setItems(em: EntityManager, items: readonly CatalogItemDraft[]): Promise<CatalogItem[]> {
    if (items.length === 0) throw badUserInput('items must hold at least one item', 'items');
    if (items.length > MAX_ITEMS_PER_CALL) {
      throw badUserInput(`items holds ${items.length} items; at most ${MAX_ITEMS_PER_CALL} per call`, 'items');
    }
    const checked: CheckedCatalogItem[] = [];
    const indexBySku = new Map<string, number>();
    items.forEach((draft, i) => {
      const check = checkCatalogItem(draft);
      if (!check.ok) throw badUserInput(`items[${i}].${check.field} ${check.message}`, `items[${i}].${check.field}`);
      const first = indexBySku.get(check.item.sku);
      if (first !== undefined) {
        throw badUserInput(`items[${i}].sku "${check.item.sku}" is also items[${first}].sku: give each SKU once per call`, `items[${i}].sku`);
      }
      indexBySku.set(check.item.sku, i);
      checked.push(check.item);
    });
    await em.transactional((tx) => this.store(tx as EntityManager, checked));
    const stored = new Map((await em.find(CatalogItem, { sku: { $in: [...indexBySku.keys()] } })).map((item) => [item.sku, item]));
    return checked.map((item) => stored.get(item.sku)!);
  }

  /**
   * Stores checked items with distinct SKUs, upserting by SKU: each replaces the SKU's title and
   * cost, and its updatedAt becomes now. One statement per 500 items (each atomic on its own);
   * the caller chooses the transaction.
   */
  async store(em: EntityManager, items: readonly CheckedCatalogItem[]): Promise<void> {
    const now = em.getPlatform().processDateProperty(new Date());
    for (let start = 0; start < items.length; start += WRITE_CHUNK) {
      const chunk = items.slice(start, start + WRITE_CHUNK);
      await em.execute(
        `insert into catalog_item (sku, title, cost_minor, currency_code, updated_at) values ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')} ` +
          'on conflict (sku) do update set title = excluded.title, cost_minor = excluded.cost_minor, ' +
          'currency_code = excluded.currency_code, updated_at = excluded.updated_at',
        chunk.flatMap((item) => [item.sku, item.title, item.costMinor, item.currencyCode, now]),
        'run',
      );
    }
  }

  /** A page of items ordered by SKU (code point order), after an opaque cursor. */
  async list(em: EntityManager, args: CatalogListArgs): Promise<CatalogItemConnection> {
    const limit = pageSize(args.first);
    const after = decodeSkuCursor(args.after);
    const skus = [...new Set((args.skus ?? []).map((sku) => sku.trim()))];
    if (skus.length > MAX_ITEMS_PER_CALL) throw badUserInput(`skus names ${skus.length} SKUs; at most ${MAX_ITEMS_PER_CALL}`, 'skus');
    const where = skus.length ? `c.sku in (${placeholders(skus.length)})` : '1 = 1';
    let rows: CatalogItem[] = [];
    if (limit > 0) {
      const sql =
        `select c.* from catalog_item c where ${where}${after === null ? '' : ` and ${bySku(em, 'c.sku')} > ?`}` +
        ` order by ${bySku(em, 'c.sku')} limit ?`;
      rows = mapRows(em, CatalogItem, await em.execute(sql, [...skus, ...(after === null ? [] : [after]), limit + 1]));
    }
    const { edges, pageInfo } = slicePage(rows, limit, after, (item) => encodeSkuCursor(item.sku));
    return new CatalogItemConnection(edges, pageInfo, async () => {
      const [row] = await em.execute(`select count(*) as n from catalog_item c where ${where}`, skus);
      return Number(row.n);
    });
  }
}
