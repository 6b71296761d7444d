import DataLoader from 'dataloader';

import { placeholders, type SqlReader } from '../db/sql-reader';

/** The catalog's title of each SKU (null where the catalog does not have it), one statement per batch. */
export const createCatalogTitleBySkuLoader = (reader: SqlReader) =>
  new DataLoader<string, string | null>(async (skus) => {
    const rows = await reader.all(`select sku, title from catalog_item where sku in (${placeholders(skus.length)})`, skus);
    const titles = new Map(rows.map((row) => [String(row.sku), String(row.title)]));
    return skus.map((sku) => titles.get(sku) ?? null);
  });
